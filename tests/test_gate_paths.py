"""Each path through the safety gate, on a real store: clear; see a doctor; see a doctor and
checked by a clinician since; an emergency (checked or not); the screen back after shooting
pain; the clinician question again at the 30-day screen. The one rule is gate.standing_of."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from supple.kinds import HurtReason, SessionStatus
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines
from supple.paths import user_dir
from supple.safety import CLINICIAN_CHECKED, clinician_check, evaluate, outcome, questions
from supple.safety.gate import goes_ahead, standing_of
from supple.services import safety, sessions
from supple.services.errors import Invalid, NotAllowed
from supple.services.person import person_of, person_of_state
from supple.store.db import Store, open_store
from supple.store.meta import SCREEN_CLINICIAN_CHECKED
from supple.store.peek import peek
from supple.timeline import Timeline

LIB = default_library()
NO = {q.id: False for q in questions()}
DOCTOR = {**NO, "cancer-history": True}  # an answer that never changes
EMERGENCY = {**NO, "both-legs": True}
CHECKED = {CLINICIAN_CHECKED: True}
NOTE = clinician_check().note


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    """A store whose clock stands still: every screening is saved at the same moment."""
    now = datetime.now(UTC)
    with open_store(home, clock=lambda: now) as opened:
        yield opened


def timeline(store: Store, routine_id: str = "verywell-lunge-twist") -> Timeline:
    return sessions.timeline_for(store, LIB, OwnRoutines(user_dir(), LIB), routine_id, None)


def start(store: Store) -> sessions.Started:
    return sessions.start(store, timeline(store), client="terminal")


def refused(store: Store) -> NotAllowed:
    with pytest.raises(NotAllowed) as err:
        start(store)
    assert store.count_sessions() == 0
    return err.value


# The rule itself.


@pytest.mark.parametrize(
    ("level", "checked", "goes"),
    [
        ("clear", False, True),
        ("clear", True, True),
        ("doctor", False, False),
        ("doctor", True, True),
        ("emergency", False, False),
        ("emergency", True, False),
        (None, True, False),
    ],
)
def test_the_one_rule(level: str | None, checked: bool, goes: bool) -> None:
    assert goes_ahead(level, checked) is goes


def test_a_clinician_yes_counts_only_for_the_screening_it_was_given_at() -> None:
    now = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    taken = now - timedelta(days=3)
    naive = taken.replace(tzinfo=None)  # as SQLite hands it back
    assert standing_of("doctor", naive, None, now, taken.isoformat()).may_start
    for mark in (None, "", "no", "garbage", (taken - timedelta(days=1)).isoformat()):
        found = standing_of("doctor", taken, None, now, mark)
        assert not found.may_start and not found.clinician_checked and found.level == "doctor"


def test_an_emergency_refusal_keeps_its_words_whatever_came_after() -> None:
    now = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    emergency = outcome("emergency")
    for taken, due_reason in [
        (now - timedelta(days=1), None),
        (now - timedelta(days=45), None),  # due again: still the emergency words
        (now - timedelta(days=1), "numbness or tingling during Cat-cow"),
    ]:
        found = standing_of("emergency", taken, due_reason, now, taken.isoformat())
        assert not found.may_start and found.level == "emergency"
        assert found.care == emergency.message
        assert found.reason is not None and emergency.title in found.reason
        assert "advised" not in found.reason and found.notes == ()


# Clear.


def test_clear_starts_with_no_note(store: Store) -> None:
    result, found = safety.answer_screen(store, NO)
    assert result.level == "clear" and found.may_start and found.level is None
    assert found.notes == () and person_of(store).start_notes == []
    assert start(store).created


# See a doctor: answers that never change must not lock a person out for good.


def test_doctor_without_a_clinician_check_is_refused_with_where_to_get_care(
    store: Store,
) -> None:
    result, found = safety.answer_screen(store, DOCTOR)
    assert (result.level, result.title, result.clinician_checked) == (
        "doctor",
        outcome("doctor").title,
        False,
    )
    assert not found.may_start and found.level == "doctor" and not found.clinician_checked
    err = refused(store)
    assert (err.level, err.care) == ("doctor", outcome("doctor").message)
    assert "once a doctor or physiotherapist has checked it" in err.reason
    assert "say so" in outcome("doctor").message  # how to go on is said with the result


def test_a_clinician_no_is_the_same_as_not_saying(store: Store) -> None:
    _, found = safety.answer_screen(store, {**DOCTOR, CLINICIAN_CHECKED: False})
    assert not found.may_start and found.level == "doctor"
    assert store.last_screening().answers[CLINICIAN_CHECKED] is False  # type: ignore[union-attr]


def test_doctor_and_checked_goes_on_with_a_note_at_each_start(store: Store, home: Path) -> None:
    result, found = safety.answer_screen(store, {**DOCTOR, **CHECKED})
    assert result.level == "doctor" and result.clinician_checked
    assert (result.title, result.message) == (outcome("checked").title, outcome("checked").message)
    assert found.may_start and found.clinician_checked and found.level is None
    assert found.notes == (NOTE,)
    assert "doctor or physiotherapist" in NOTE and "stop" in NOTE
    # The note reaches the session, from the full store and from the terminal's quick look.
    assert person_of(store).start_notes == [NOTE]
    assert person_of_state(peek(home)).start_notes == [NOTE]
    assert timeline(store).start_notes == [NOTE]  # what both players show before a session
    assert start(store).created
    # What was said is kept with the answers.
    last = store.last_screening()
    assert last is not None and last.result == "doctor" and last.answers[CLINICIAN_CHECKED]


def test_answered_again_without_the_check_it_no_longer_counts(store: Store, home: Path) -> None:
    safety.answer_screen(store, {**DOCTOR, **CHECKED})
    assert safety.standing(store).may_start
    # Same moment on this clock: only the clearing of the mark tells the two apart.
    safety.answer_screen(store, DOCTOR)
    assert not safety.standing(store).may_start
    assert person_of(store).start_notes == [] == person_of_state(peek(home)).start_notes
    assert refused(store).level == "doctor"


def test_a_clinician_yes_means_nothing_after_a_clear_screen(store: Store) -> None:
    _, found = safety.answer_screen(store, {**NO, **CHECKED})
    assert found.may_start and found.notes == ()  # clear: nothing to note


# Emergency: always blocks, and ends the questions at once.


def test_emergency_and_checked_is_refused_in_the_emergency_words(store: Store) -> None:
    result, found = safety.answer_screen(store, {**EMERGENCY, "cancer-history": True, **CHECKED})
    assert result.level == "emergency" and result.title == outcome("emergency").title
    assert not found.may_start and found.level == "emergency" and found.notes == ()
    err = refused(store)
    assert err.level == "emergency"
    assert err.care == outcome("emergency").message
    assert outcome("emergency").title in err.reason


def test_one_emergency_yes_is_enough_whatever_is_left_out(store: Store) -> None:
    # The questions stop at the first emergency yes: nothing after it was asked.
    first = questions()[0]
    assert first.level == "emergency"
    for answers in (
        {first.id: True},
        {first.id: True, "no-such-question": True, "cancer-history": "maybe"},
    ):
        result, found = safety.answer_screen(store, answers)
        assert result.level == "emergency" and not found.may_start
        kept = store.last_screening()
        assert kept is not None and kept.answers == {first.id: True}  # only real answers kept
    # Without an emergency yes, every question still needs an answer.
    with pytest.raises(Invalid, match="unanswered"):
        safety.answer_screen(store, {"cancer-history": True, **CHECKED})
    with pytest.raises(Invalid, match="did you mean: clinician-checked"):
        safety.answer_screen(store, {**DOCTOR, "clinician-check": True})
    with pytest.raises(Invalid, match="true or false: clinician-checked"):
        safety.answer_screen(store, {**DOCTOR, CLINICIAN_CHECKED: "yes"})


def test_evaluate_takes_the_clinician_answer_in_the_same_map() -> None:
    assert evaluate({**DOCTOR, **CHECKED}).clinician_checked
    assert not evaluate(DOCTOR).clinician_checked
    assert evaluate({**EMERGENCY, **CHECKED}).title == outcome("emergency").title


# Shooting or spreading pain brings the questions back before the next session.


def test_a_sharp_pain_in_a_session_refuses_the_next_start_until_screened_again(
    store: Store,
) -> None:
    safety.answer_screen(store, {**DOCTOR, **CHECKED})
    first = start(store)
    stretch = next(p for p in first.timeline.phases if p.is_stretch)
    assert stretch.stretch_id is not None
    words = sessions.record_hurt(
        store,
        first.id,
        key="hurt-1",
        phase_index=stretch.index,
        stretch_id=stretch.stretch_id,
        side=stretch.side,
        reason=HurtReason.SHARP,
        stretch_name="Kneeling lunge with a twist",
    )
    assert words.rescreen and words.advises_stop
    sessions.end(store, first.id, SessionStatus.QUIT)
    found = safety.standing(store)
    assert not found.may_start and found.due and found.level == "due"
    assert (
        found.due_reason == "sharp, shooting or spreading pain during Kneeling lunge with a twist"
    )
    assert found.notes == () and person_of(store).start_notes == []
    with pytest.raises(NotAllowed) as err:
        start(store)
    assert err.value.level == "due" and found.due_reason in err.value.reason
    assert store.count_sessions() == 1
    # Answered again (and the clinician question with it): the next session may start.
    safety.answer_screen(store, {**DOCTOR, **CHECKED})
    assert safety.standing(store).due_reason is None
    assert start(store).created


# The 30-day screen asks the clinician question again.


def test_a_clinician_yes_lasts_until_the_30_day_screen(home: Path) -> None:
    month_ago = datetime.now(UTC) - timedelta(days=30, minutes=1)
    with open_store(home, clock=lambda: month_ago) as past:
        safety.answer_screen(past, {**DOCTOR, **CHECKED})
        assert safety.standing(past, now=month_ago + timedelta(days=29)).may_start
    with open_store(home) as store:
        found = safety.standing(store)
        assert found.due and not found.may_start and found.level == "due"
        assert found.clinician_checked  # still said, but the screen is due
        assert found.notes == () and person_of(store).start_notes == []
        assert "30 days" in (found.reason or "")
        # Answered again: the clinician question is part of it; a "no" now refuses.
        safety.answer_screen(store, DOCTOR)
        assert safety.standing(store).level == "doctor"
        safety.answer_screen(store, {**DOCTOR, **CHECKED})
        assert safety.standing(store).may_start


def test_the_mark_is_a_meta_value_peek_can_read(store: Store, home: Path) -> None:
    safety.answer_screen(store, {**DOCTOR, **CHECKED})
    state = peek(home)
    assert state is not None and state.meta[SCREEN_CLINICIAN_CHECKED]
    last = store.last_screening()
    assert last is not None
    assert datetime.fromisoformat(state.meta[SCREEN_CLINICIAN_CHECKED]) == last.taken_at
