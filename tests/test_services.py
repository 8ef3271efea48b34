"""The application layer on a real SQLite file: sessions, the safety gate, flags and plans."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from supple.kinds import HurtReason, Outcome, SessionStatus
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines
from supple.paths import user_dir
from supple.safety import outcome, questions
from supple.services import history, planning, safety, sessions
from supple.services.errors import Invalid, NotAllowed, NotFound
from supple.services.person import person_of
from supple.store.db import Store, open_store
from supple.timeline import Options, Timeline, build_timeline

LIB = default_library()
NO = {q.id: False for q in questions()}
UUID = "3f2b8c1e-5a4d-4e6f-9a7b-1c2d3e4f5a6b"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with open_store(home) as opened:
        yield opened


@pytest.fixture
def clear(store: Store) -> Store:
    """The person answered no to every red-flag question."""
    safety.answer_screen(store, NO)
    return store


def timeline(
    store: Store, routine_id: str = "wall-nine", options: Options | None = None
) -> Timeline:
    """The timeline a player would play for this person (SUPPLE_HOME is the test's)."""
    return sessions.timeline_for(store, LIB, OwnRoutines(user_dir(), LIB), routine_id, options)


def report(
    tl: Timeline, index: int, result: Outcome = Outcome.DONE, key: str | None = None
) -> sessions.PhaseReport:
    """Phase index of tl as a player reports it when it ends."""
    p = tl.phases[index]
    seconds = p.duration if result is Outcome.DONE else 2.0
    return sessions.PhaseReport.of(p, result, seconds, key or f"phase-{index}")


def play(
    store: Store, started: sessions.Started, outcomes: dict[int, Outcome] | None = None
) -> None:
    """Play every phase of the started timeline: done, unless outcomes says otherwise."""
    for p in started.timeline.phases:
        result = (outcomes or {}).get(p.index, Outcome.DONE)
        sessions.record_phase(store, started.id, report(started.timeline, p.index, result))


def hold_indexes(tl: Timeline, step: int) -> Sequence[int]:
    return [p.index for p in tl.phases if p.step_index == step and p.is_stretch]


# The safety gate, decided once in the session service.


def test_never_screened_may_not_start(store: Store) -> None:
    found = safety.standing(store)
    assert found.may_start is False and found.last_result is None
    with pytest.raises(NotAllowed) as err:
        sessions.start(store, timeline(store), client="terminal")
    assert err.value.reason == "Please answer the safety questions before your first session."
    assert err.value.level == "due"
    assert store.count_sessions() == 0


@pytest.mark.parametrize(
    ("level", "yes"),
    [("emergency", "saddle-numbness"), ("doctor", "night-rest-pain")],
)
def test_a_screen_that_says_get_care_refuses_with_the_care(
    store: Store, level: str, yes: str
) -> None:
    result, found = safety.answer_screen(store, {**NO, yes: True})
    assert result.level == level and found.may_start is False
    with pytest.raises(NotAllowed) as err:
        sessions.start(store, timeline(store), client="browser")
    assert err.value.level == level
    assert err.value.care == outcome(level).message != ""
    assert err.value.reason == found.reason
    assert outcome(level).title.rstrip(".") in err.value.reason
    assert "Answer the questions again" in err.value.reason
    assert store.count_sessions() == 0
    # Checked by a clinician, answered again: clear, and a session may start.
    safety.answer_screen(store, NO)
    assert sessions.start(store, timeline(store), client="browser").created


def _never(store: Store, home: Path) -> None:
    pass


def _clear(store: Store, home: Path) -> None:
    safety.answer_screen(store, NO)


def _emergency(store: Store, home: Path) -> None:
    safety.answer_screen(store, {**NO, "both-legs": True})


def _doctor(store: Store, home: Path) -> None:
    safety.answer_screen(store, {**NO, "cancer-history": True})


def _numbness_reported(store: Store, home: Path) -> None:
    safety.answer_screen(store, NO)
    store.mark_screen_due("numbness or tingling during Cat-cow")


def _old(store: Store, home: Path) -> None:
    month_ago = datetime.now(UTC) - timedelta(days=31)
    with open_store(home, clock=lambda: month_ago) as past:
        past.save_screening(NO, "clear")


def _emergency_then_clear(store: Store, home: Path) -> None:
    _emergency(store, home)
    _clear(store, home)


@pytest.mark.parametrize(
    "state",
    [_never, _clear, _emergency, _doctor, _numbness_reported, _old, _emergency_then_clear],
)
def test_start_refuses_exactly_when_the_standing_says_not_to(
    store: Store, home: Path, state: Callable[[Store, Path], None]
) -> None:
    state(store, home)
    found = safety.standing(store)
    try:
        sessions.start(store, timeline(store), client="terminal")
    except NotAllowed as err:
        refused: NotAllowed | None = err
    else:
        refused = None
    assert (refused is not None) == (not found.may_start)
    assert store.count_sessions() == (0 if refused else 1)
    if refused is not None:
        assert refused.reason == found.reason and (refused.care or None) == found.care


# Starting: one open session at a time, a retried start finds the first.


def test_a_second_start_closes_the_open_session_as_interrupted(clear: Store) -> None:
    store = clear
    first = sessions.start(store, timeline(store), client="browser")
    sessions.record_phase(store, first.id, report(first.timeline, 0))
    second = sessions.start(store, timeline(store, "paleohacks-nine"), client="terminal")
    left = sessions.get(store, first.id)
    assert left.record.status == SessionStatus.INTERRUPTED
    assert left.record.ended_at == left.record.phases[-1].ended_at  # when it was last heard of
    assert left.headline() == "Interrupted: the session was left open."
    assert sessions.get(store, second.id).record.status == SessionStatus.IN_PROGRESS
    # The player that was away may still end it in its own words.
    assert sessions.end(store, first.id, SessionStatus.QUIT).record.status == "quit"


def test_the_same_uuid_twice_is_one_session(clear: Store) -> None:
    store = clear
    tl = timeline(store)
    first = sessions.start(store, tl, client="browser", uuid=UUID)
    again = sessions.start(store, tl, client="browser", uuid=UUID)
    assert (first.created, again.created) == (True, False)
    assert (again.id, again.uuid) == (first.id, UUID)
    assert store.count_sessions() == 1
    # The retry did not close the session it found.
    assert sessions.get(store, UUID).record.status == SessionStatus.IN_PROGRESS
    assert sessions.get(store, UUID).record.id == first.id


def test_a_session_is_found_by_id_and_by_uuid(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear), client="browser", uuid=UUID)
    assert sessions.get(clear, started.id) == sessions.get(clear, UUID)
    for missing in (started.id + 1, "00000000-0000-4000-8000-000000000000", "not-a-uuid"):
        with pytest.raises(NotFound):
            sessions.get(clear, missing)
    with pytest.raises(NotFound):
        sessions.record_phase(clear, started.id + 1, report(started.timeline, 0))


def test_planned_seconds_are_the_played_timeline_s_and_the_options_are_kept(
    clear: Store,
) -> None:
    options = Options(warmup=False, rest_seconds=10)
    tl = timeline(clear, "wall-nine", options)
    default_total = build_timeline(LIB.routines["wall-nine"], LIB).total_seconds
    assert tl.total_seconds != default_total  # the options change the length
    started = sessions.start(clear, tl, client="browser")
    record = sessions.get(clear, started.id).record
    assert record.planned_seconds == round(tl.total_seconds)
    assert record.options is not None
    assert record.options["warmup"] is False and record.options["rest_seconds"] == 10
    assert record.options["speed"] == 1.0
    assert (record.demo, record.speed, record.client) == (False, 1.0, "browser")
    assert clear.get_meta("last_routine") == "wall-nine"


def test_a_fast_session_is_a_demonstration_left_out_of_streaks_and_minutes(clear: Store) -> None:
    store = clear
    demo = sessions.start(
        store, timeline(store, "verywell-lunge-twist"), client="terminal", speed=10
    )
    play(store, demo)
    view = sessions.end(store, demo.id, SessionStatus.COMPLETED)
    assert view.record.demo is True and view.record.speed == 10
    assert view.tally.done == 1  # counted as a session is, but not as progress
    assert view.lines()[-1] == (
        "A demonstration at 10x speed: not counted in your streak or minutes."
    )
    assert store.streak_starts() == []
    assert store.seconds_since(datetime.now(UTC) - timedelta(days=1)) == []
    today = date.today()
    shown = history.overview(store, LIB, today)
    assert (shown.streak_current, shown.streak_longest) == (0, 0)
    assert all(minutes == 0 for _, minutes in shown.weeks)
    assert [v.record.id for v in shown.sessions] == [demo.id]  # still listed

    real = sessions.start(store, timeline(store, "verywell-lunge-twist"), client="terminal")
    play(store, real)
    sessions.end(store, real.id, SessionStatus.COMPLETED)
    assert len(store.streak_starts()) == 1
    shown = history.overview(store, LIB, today)
    assert shown.streak_current == 1
    assert sum(minutes for _, minutes in shown.weeks) == pytest.approx(135 / 60)


def test_a_session_with_no_stretch_done_does_not_make_a_streak_day(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="browser")
    play(clear, started, {i: Outcome.SKIPPED for i in hold_indexes(started.timeline, 0)})
    sessions.end(clear, started.id, SessionStatus.COMPLETED)
    assert clear.streak_starts() == []
    assert history.overview(clear, LIB, date.today()).streak_current == 0
    assert len(clear.seconds_since(datetime.now(UTC) - timedelta(days=1))) == 1  # time still counts


def test_a_session_quit_after_some_stretches_counts_for_the_streak(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "physio-mobilizers"), client="terminal")
    tl = started.timeline
    upto = hold_indexes(tl, 0)[-1]  # the first stretch, both sides
    for p in tl.phases[: upto + 1]:
        sessions.record_phase(clear, started.id, report(tl, p.index))
    sessions.record_phase(clear, started.id, report(tl, upto + 1, Outcome.ENDED))
    view = sessions.end(clear, started.id, SessionStatus.QUIT)
    assert (view.tally.done, view.tally.skipped, view.tally.stopped) == (1, 0, 0)
    assert view.headline() == "Ended early."
    assert history.overview(clear, LIB, date.today()).streak_current == 1


# Recording: each phase and hurt once, whatever the retries.


def test_the_same_phase_key_twice_is_stored_once(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="browser")
    hold = hold_indexes(started.timeline, 0)[0]
    phase = report(started.timeline, hold, key="hold-left")
    assert sessions.record_phase(clear, started.id, phase) is True
    assert sessions.record_phase(clear, started.uuid, phase) is False  # by uuid: the same session
    record = sessions.get(clear, started.id).record
    assert [p.key for p in record.phases] == ["hold-left"]
    assert record.stretches_done == 1 and record.seconds == 30.0


def test_bad_phase_values_are_invalid_not_stored(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="browser")
    bad = replace(report(started.timeline, 3), key="has space")
    with pytest.raises(Invalid) as err:
        sessions.record_phase(clear, started.id, bad)
    assert "key" in err.value.problems[0]
    assert sessions.get(clear, started.id).record.phases == ()


def test_numbness_brings_the_screen_back_and_flags_the_stretch(clear: Store) -> None:
    store = clear
    started = sessions.start(store, timeline(store, "verywell-lunge-twist"), client="terminal")
    words = sessions.record_hurt(
        store,
        started.id,
        key="hurt-1",
        phase_index=3,
        stretch_id="kneeling-lunge-twist",
        side=None,
        reason=HurtReason.NUMBNESS,
        stretch_name="Kneeling lunge twist",
    )
    assert words.rescreen is True
    found = safety.standing(store)
    assert found.due_reason is not None and "Kneeling lunge twist" in found.due_reason
    assert found.may_start is False and found.due is True
    assert found.reason is not None and found.due_reason in found.reason
    [flag] = history.flags(store, LIB)
    assert (flag.stretch_id, flag.reason, flag.count) == ("kneeling-lunge-twist", "numbness", 1)
    # The same report resent: still one.
    sessions.record_hurt(
        store,
        started.id,
        key="hurt-1",
        phase_index=3,
        stretch_id="kneeling-lunge-twist",
        side=None,
        reason=HurtReason.NUMBNESS,
    )
    assert [f.count for f in history.flags(store, LIB)] == [1]
    # The next timeline warns before that stretch.
    notes = timeline(store, "verywell-lunge-twist").stretches["kneeling-lunge-twist"].notes
    assert [n.level for n in notes] == ["hurt"]
    with pytest.raises(NotAllowed):
        sessions.start(store, timeline(store), client="terminal")
    safety.answer_screen(store, NO)  # answered again: the screen is no longer due
    assert safety.standing(store).due_reason is None


def test_a_sharp_pain_flags_and_brings_the_screen_back(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="browser")
    words = sessions.record_hurt(
        clear,
        started.id,
        key="h",
        phase_index=3,
        stretch_id="kneeling-lunge-twist",
        side=None,
        reason=HurtReason.SHARP,
    )
    # Shooting or spreading pain can be a nerve sign: the red-flag questions come first.
    assert words.rescreen is True
    assert safety.standing(clear).may_start is False
    assert [f.stretch_id for f in history.flags(clear, LIB)] == ["kneeling-lunge-twist"]


# Planning: a flag leaves a stretch out until it is cleared.


def test_clearing_a_flag_lets_plans_use_the_stretch_again(clear: Store) -> None:
    ask = planning.Ask(minutes=15, seed=7)
    before = planning.plan_for(clear, LIB, ask)
    chosen = [s.stretch for s in before.plan.routine.steps]
    flagged = chosen[0]
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="browser")
    sessions.record_hurt(
        clear,
        started.id,
        key="h",
        phase_index=3,
        stretch_id=flagged,
        side=None,
        reason=HurtReason.TOO_STRONG,
    )
    left_out = planning.plan_for(clear, LIB, ask)
    assert flagged not in [s.stretch for s in left_out.plan.routine.steps]
    assert left_out.left_out == [flagged]
    assert left_out.needs.exclude == [flagged]

    history.clear_flag(clear, flagged)
    assert history.flags(clear, LIB) == []
    again = planning.plan_for(clear, LIB, ask)
    assert [s.stretch for s in again.plan.routine.steps] == chosen
    assert again.left_out == []
    with pytest.raises(NotFound, match=flagged):
        history.clear_flag(clear, flagged)  # already cleared
    with pytest.raises(NotFound):
        history.clear_flag(clear, "no-such-stretch")


def test_stretches_done_this_week_are_planned_less(clear: Store) -> None:
    ask = planning.Ask(minutes=15, seed=7)
    fresh = [s.stretch for s in planning.plan_for(clear, LIB, ask).plan.routine.steps]
    routine = planning.plan_for(clear, LIB, ask).plan.routine
    tl = sessions.prepare(LIB, routine, None, person_of(clear))
    started = sessions.start(clear, tl, client="terminal")
    play(clear, started)
    sessions.end(clear, started.id, SessionStatus.COMPLETED)
    assert planning.recent_days(clear, date.today()) == {s: 0 for s in fresh}
    after = [s.stretch for s in planning.plan_for(clear, LIB, ask).plan.routine.steps]
    assert after != fresh


# What every face says about a session.


def _ended(
    store: Store, routine_id: str, outcomes: dict[int, Outcome], status: SessionStatus
) -> sessions.SessionView:
    started = sessions.start(store, timeline(store, routine_id), client="terminal")
    play(store, started, outcomes)
    return sessions.end(store, started.id, status)


def test_finished_the_whole_routine_only_when_nothing_was_skipped_or_stopped(
    clear: Store,
) -> None:
    whole = _ended(clear, "physio-mobilizers", {}, SessionStatus.COMPLETED)
    assert whole.lines()[:3] == [
        "Finished the whole routine.",
        "3 stretches done, 0 skipped, 0 stopped for pain.",
        "Time: 5:35",
    ]
    assert whole.whole

    tl = timeline(clear, "physio-mobilizers")
    skipped = _ended(
        clear,
        "physio-mobilizers",
        {i: Outcome.SKIPPED for i in hold_indexes(tl, 1)},
        SessionStatus.COMPLETED,
    )
    assert skipped.lines()[:2] == [
        "Finished the routine.",
        "2 stretches done, 1 skipped, 0 stopped for pain.",
    ]
    assert not skipped.whole

    # One side stopped for pain: that stretch is stopped, not done.
    stopped = _ended(
        clear,
        "physio-mobilizers",
        {hold_indexes(tl, 0)[1]: Outcome.STOPPED},
        SessionStatus.COMPLETED,
    )
    assert stopped.lines()[:2] == [
        "Finished the routine.",
        "2 stretches done, 0 skipped, 1 stopped for pain.",
    ]
    # A skipped get-ready is not a skipped stretch.
    lead_in = _ended(clear, "physio-mobilizers", {2: Outcome.SKIPPED}, SessionStatus.COMPLETED)
    assert lead_in.lines()[0] == "Finished the whole routine."


def test_one_stretch_done_is_singular_and_pain_and_quit_are_said(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="terminal")
    sessions.set_pain(clear, started.id, before=6)
    play(clear, started)
    sessions.set_pain(clear, started.uuid, after=3)
    view = sessions.end(clear, started.id, SessionStatus.COMPLETED)
    assert view.lines() == [
        "Finished the whole routine.",
        "1 stretch done, 0 skipped, 0 stopped for pain.",
        "Time: 2:15",
        "Pain before 6, after 3 (0-10).",
    ]
    # Ending again (Ctrl-C on the summary) changes nothing.
    assert sessions.end(clear, started.id, SessionStatus.QUIT).headline() == (
        "Finished the whole routine."
    )
    with pytest.raises(Invalid):
        sessions.set_pain(clear, started.id, after=11)


def test_only_a_player_s_ending_is_accepted(clear: Store) -> None:
    started = sessions.start(clear, timeline(clear, "verywell-lunge-twist"), client="browser")
    for status in (SessionStatus.INTERRUPTED, SessionStatus.IN_PROGRESS):
        with pytest.raises(Invalid, match="status"):
            sessions.end(clear, started.id, status)
    assert sessions.get(clear, started.id).headline() == "In progress."


def test_an_unknown_routine_is_not_found(clear: Store) -> None:
    with pytest.raises(NotFound, match="wall-nien"):
        timeline(clear, "wall-nien")
