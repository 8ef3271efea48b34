"""Dose: rounds, the older adult's hold and the warm-up; the spine's rounding left out with
osteoporosis; the notes said before a session. In the timeline, the service and the API."""

from __future__ import annotations

from pathlib import Path

import pytest

from supple.dose import dose
from supple.kinds import PhaseKind, Side
from supple.library.catalog import default_library
from supple.library.schema import Basis, Mode
from supple.planner.needs import OLDER_HOLD_SECONDS, AgeBand, Condition, Profile
from supple.player.engine import Engine, ManualClock, PhaseResult
from supple.profile import save_profile
from supple.services import sessions
from supple.services.errors import Invalid
from supple.services.person import Person
from supple.timeline import (
    BACK_TO_START,
    CueKind,
    Options,
    Timeline,
    build_timeline,
    options_for,
)
from webapp import client, screened

LIB = default_library()
ARTICLE_ROUTINES = sorted(LIB.routines)
GUIDELINE = "ACSM Guidelines, 11th ed., table 5.6; Garber 2011"


def by_hand(routine_id: str, o: Options) -> float:
    """Every phase of a session, counted from the routine and the options."""
    r = LIB.routines[routine_id]
    total = o.warmup_seconds if o.warmup else 0
    last = "standing" if o.warmup else None
    for i, step in enumerate(r.steps):
        sides = 2 if step.per_side else 1
        hold = step.hold_seconds
        if o.older_holds and step.mode is Mode.HOLD:
            hold = max(hold, 45)
        reps = step.repetitions * o.rounds
        total += (o.lead_in_seconds + hold * sides + o.switch_seconds * (sides - 1)) * reps
        total += (o.rest_seconds or o.switch_seconds) * (reps - 1)  # between rounds
        total += o.rest_seconds if i > 0 else 0
        position = LIB.stretches[step.stretch].positions[0].value
        total += o.move_seconds if position != last else 0
        last = position
    return total


# -- the data -----------------------------------------------------------------------------
def test_each_dose_choice_is_a_default_with_its_guideline() -> None:
    d = dose()
    for part in (d.rounds, d.older_hold, d.warmup):
        assert part.basis is Basis.DEFAULT
    assert d.rounds.guideline == d.older_hold.guideline == GUIDELINE
    assert "Garber 2011" in d.warmup.guideline
    assert d.rounds.choices == [1, 2, 3] and d.rounds.default == 1
    assert d.older_hold.seconds == OLDER_HOLD_SECONDS == 45  # the planner's older hold too
    # Options accepts exactly the rounds the data offers.
    assert Options().rounds == d.rounds.default
    for n in (0, 4):
        with pytest.raises(ValueError, match="rounds"):
            Options(rounds=n)


def test_the_warm_up_is_the_one_the_article_asks_for() -> None:
    d = dose()
    # Atlas Spine's first rule asks for a few minutes of light movement: two, from the source.
    assert set(d.warmup.articles) == {"atlas-spine"}
    assert d.warmup.articles["atlas-spine"].basis is Basis.SOURCE
    assert set(d.warmup.articles) <= set(LIB.articles)
    atlas = LIB.routines["atlas-spine-ten"]
    assert atlas.source == "atlas-spine"
    t = build_timeline(atlas, LIB)
    assert (t.phases[0].kind, t.phases[0].duration) == (PhaseKind.WARMUP, 120)
    assert t.options.warmup_seconds == 120
    assert t.about == "10 min 50 s in all: a 2 min warm-up, each stretch once."
    # The other articles ask for none: the default minute (ACSM: stretch a warm muscle).
    for rid in ARTICLE_ROUTINES:
        if rid != "atlas-spine-ten":
            assert build_timeline(LIB.routines[rid], LIB).phases[0].duration == 60, rid
    # And it stays the person's to change.
    assert options_for(atlas, warmup_seconds=45).warmup_seconds == 45
    bare = build_timeline(atlas, LIB, options_for(atlas, warmup=False))
    assert bare.phases[0].kind is not PhaseKind.WARMUP and "no warm-up" in bare.about


# -- rounds and the older adult's hold -----------------------------------------------------
@pytest.mark.parametrize("routine_id", ARTICLE_ROUTINES)
@pytest.mark.parametrize("rounds", [1, 2, 3])
@pytest.mark.parametrize("older", [False, True])
def test_rounds_and_older_holds_add_up(routine_id: str, rounds: int, older: bool) -> None:
    r = LIB.routines[routine_id]
    o = options_for(r, rounds=rounds, older_holds=older, rest_seconds=0)
    t = build_timeline(r, LIB, o)
    assert t.total_seconds == by_hand(routine_id, o)
    assert t.total_seconds == sum(p.duration for p in t.phases)
    for a, b in zip(t.phases, t.phases[1:], strict=False):
        assert b.start == a.end
    for i, step in enumerate(r.steps):
        held = [p for p in t.phases if p.step_index == i and p.is_stretch]
        sides = 2 if step.per_side else 1
        assert len(held) == sides * rounds
        assert [p.repetition for p in held] == [
            n for n in range(1, rounds + 1) for _ in range(sides)
        ]
        want = max(step.hold_seconds, 45) if older and step.mode is Mode.HOLD else step.hold_seconds
        assert {p.duration for p in held} == {want}
    # The articles' own programs are untouched: the choice is made per session.
    assert [s.hold_seconds for s in LIB.routines[routine_id].steps] == [
        s.hold_seconds for s in r.steps
    ]


def test_rounds_rest_between_and_say_which_round() -> None:
    r = LIB.routines["verywell-lunge-twist"]
    t = build_timeline(r, LIB, options_for(r, warmup=False, rounds=3))
    kinds = [(p.kind.value, p.side.value if p.side else None) for p in t.phases]
    one = [("get-ready", "left"), ("hold", "left"), ("switch-sides", "right"), ("hold", "right")]
    rest = [("rest", None)]
    assert kinds == [("change-position", None), *one, *rest, *one, *rest, *one]
    rests = [p for p in t.phases if p.kind is PhaseKind.REST]
    assert [p.cues[0].text for p in rests] == [
        "Rest, then repeat 2 of 3",
        "Rest, then repeat 3 of 3",
    ]
    assert all(p.duration == 5 for p in rests)  # a switch's length, with no rest asked for
    last_hold = t.phases[-1]
    assert last_hold.info[0] == "Round 3 of 3" and last_hold.repetitions == 3
    assert t.total_seconds == 5 + 3 * (5 + 30 + 5 + 30) + 2 * 5
    assert t.about == "3 min 45 s in all: no warm-up, each stretch 3 times."
    # One round says nothing of rounds.
    once = build_timeline(r, LIB, options_for(r, warmup=False))
    assert not any(line.startswith("Round") for p in once.phases for line in p.info)


def test_older_holds_lengthen_holds_but_not_mobilizers() -> None:
    r = LIB.routines["atlas-spine-ten"]
    t = build_timeline(r, LIB, options_for(r, older_holds=True))
    holds = {p.duration for p in t.phases if p.kind is PhaseKind.HOLD}
    moves = {p.duration for p in t.phases if p.kind is PhaseKind.MOBILIZE}
    assert holds == {45} and moves == {30}
    hold = next(p for p in t.phases if p.kind is PhaseKind.HOLD)
    assert [c.text for c in hold.cues if c.kind is CueKind.HALFWAY] == ["Halfway"]
    assert next(c.at for c in hold.cues if c.kind is CueKind.HALFWAY) == 22.5
    assert "holds of at least 45 s" in t.about
    # The physiotherapist's minute-long mobilizers keep their minute.
    physio = LIB.routines["physio-mobilizers"]
    assert build_timeline(physio, LIB, options_for(physio, older_holds=True)).total_seconds == (
        build_timeline(physio, LIB).total_seconds
    )


def test_only_an_older_adult_is_offered_the_older_hold() -> None:
    r = LIB.routines["wall-nine"]
    adult = sessions.prepare(LIB, r, None, Person())
    older = sessions.prepare(LIB, r, None, Person(profile=Profile(age_band=AgeBand.OLDER)))
    assert [c.label for c in adult.choices.rounds] == ["Once", "Twice", "3 times"]
    assert GUIDELINE in adult.choices.rounds_advice
    assert adult.choices.older_hold_seconds is None and adult.choices.older_hold_label == ""
    assert older.choices.older_hold_seconds == 45
    assert older.choices.older_hold_label == "Hold each stretch at least 45 s"
    assert "30 to 60 seconds" in older.choices.older_hold_advice
    assert GUIDELINE in older.choices.older_hold_advice
    # Offered, not imposed: the article's holds until the person chooses.
    assert {p.duration for p in older.phases if p.kind is PhaseKind.HOLD} == {30}


def test_session_options_name_what_is_wrong() -> None:
    r = LIB.routines["atlas-spine-ten"]
    assert sessions.session_options(r, rounds=2).warmup_seconds == 120
    with pytest.raises(Invalid) as err:
        sessions.session_options(r, rounds=4, lead_in_seconds=-1)
    assert err.value.problems == [
        "lead_in_seconds: Input should be greater than or equal to 0",
        "rounds: Input should be less than or equal to 3",
    ]


# -- osteoporosis: only the arching half -----------------------------------------------------
@pytest.mark.parametrize(
    ("routine", "stretch", "kept", "left_out"),
    [
        ("atlas-spine-ten", "cat-cow", "Cow", "Cat"),
        ("chair", "seated-cat-cow-chair", "Arch", "Round"),
    ],
)
def test_osteoporosis_leaves_the_rounding_out_of_cues_and_pictures(
    routine: str, stretch: str, kept: str, left_out: str
) -> None:
    from supple.library.schema import Routine, Step

    r = LIB.routines.get(routine) or Routine(
        id="chair",
        title="Chair",
        source=None,
        steps=[Step(stretch=stretch, hold_seconds=30, per_side=False, mode=Mode.MOBILIZE)],
    )
    bones = Person(profile=Profile(conditions=[Condition.OSTEOPOROSIS]))
    t = sessions.prepare(LIB, r, None, bones)
    moving = [p for p in t.phases if p.stretch_id == stretch and p.kind is PhaseKind.MOBILIZE]
    assert moving
    for p in moving:
        calls = [c.text for c in p.cues if c.kind is CueKind.MOVE]
        assert calls[:3] == [kept, BACK_TO_START, kept]
        assert left_out not in calls
        assert not p.animate  # a still picture: the moving one passes through the rounding
        assert (
            p.info[0] == f"Move between: {kept} → back to the start ({left_out} left out for you)"
        )
    brief = t.stretches[stretch]
    assert (brief.mobilizer_positions, brief.left_out_positions) == ([kept], [left_out])
    assert brief.figure_pose == kept
    # The steps shown while getting ready walk through the kept half only.
    words = " ".join(brief.steps + brief.breathing).lower()
    assert kept.lower() in words and f"({left_out.lower()})" not in words
    assert "round your back" not in words and "leave out rounding your back" in words
    # Anyone else moves through both halves, in a moving picture.
    t = sessions.prepare(LIB, r, None, Person())
    p = next(p for p in t.phases if p.stretch_id == stretch and p.kind is PhaseKind.MOBILIZE)
    calls = [c.text for c in p.cues if c.kind is CueKind.MOVE]
    assert calls[:2] == [left_out, kept] and p.animate
    assert t.stretches[stretch].figure_pose is None
    assert t.stretches[stretch].steps == LIB.stretches[stretch].steps


# -- start notes --------------------------------------------------------------------------
def test_start_notes_come_from_the_person() -> None:
    note = "A doctor or physiotherapist has checked your back: exercise is fine."
    r = LIB.routines["wall-nine"]
    t = sessions.prepare(LIB, r, None, Person(start_notes=[note]))
    assert t.start_notes == [note]
    assert sessions.prepare(LIB, r, None, Person()).start_notes == []
    assert Timeline.model_validate_json(t.model_dump_json()) == t


# -- the engine: too strong on the left, then the right --------------------------------------
def test_too_strong_on_the_left_goes_on_to_the_right() -> None:
    r = LIB.routines["paleohacks-nine"]
    t = build_timeline(r, LIB, options_for(r, warmup=False, rounds=2))
    clock = ManualClock()
    results: list[PhaseResult] = []
    engine = Engine(t, clock, on_result=results.append)
    engine.start()
    left = next(p for p in t.phases if p.kind is PhaseKind.HOLD and p.side is Side.LEFT)
    while engine.index < left.index:
        engine.skip()
    clock.advance(10)
    engine.tick()
    assert engine.stop_for_pain() == left
    engine.continue_after_pain(leave_stretch=False)
    assert (engine.phase.kind, engine.phase.side) == (PhaseKind.SWITCH, Side.RIGHT)
    assert engine.phase.stretch_id == left.stretch_id
    clock.advance(5 + 30)
    engine.tick()
    assert results[-1].phase.side is Side.RIGHT and results[-1].outcome.value == "done"
    # The second round of the same stretch still follows.
    assert engine.phase.kind is PhaseKind.REST and engine.phase.stretch_id == left.stretch_id
    # After pain (the advice is to stop), the rest of the stretch is left out.
    engine.stop_for_pain()
    engine.continue_after_pain()
    assert engine.phase.step_index == left.step_index + 1


# -- the API and the stored session --------------------------------------------------------
def test_the_api_builds_and_stores_the_chosen_dose(home: Path) -> None:
    screened(home)
    save_profile(Profile(age_band=AgeBand.OLDER), home)
    with client(home) as c:
        url = "/api/routines/atlas-spine-ten/timeline"
        own = c.get(url).json()
        chosen = c.get(url, params={"rounds": 2, "older_holds": "true"}).json()
        assert c.get(url, params={"rounds": 4}).status_code == 422
        assert c.get(url, params={"warmup_seconds": 10}).status_code == 422
        shorter = c.get(url, params={"warmup_seconds": 60}).json()
        assert own["version"] == 3
        assert own["options"]["warmup_seconds"] == 120
        assert shorter["total_seconds"] == own["total_seconds"] - 60
        assert chosen["options"]["rounds"] == 2 and chosen["options"]["older_holds"] is True
        assert chosen["choices"]["older_hold_seconds"] == 45
        assert chosen["total_seconds"] > 2 * own["total_seconds"] - 120
        # The browser starts with the options its timeline has; the session keeps them.
        started = c.post(
            "/api/sessions", json={"routine_id": "atlas-spine-ten", "options": chosen["options"]}
        ).json()
        assert started["planned_seconds"] == round(chosen["total_seconds"])
        stored = c.get(f"/api/sessions/{started['id']}").json()
        assert stored["options"]["rounds"] == 2 and stored["options"]["older_holds"] is True
        assert stored["options"]["warmup_seconds"] == 120
        # Options left out are the routine's own, as in its timeline.
        part = c.post(
            "/api/sessions", json={"routine_id": "atlas-spine-ten", "options": {"rounds": 2}}
        ).json()
        same = c.get(url, params={"rounds": 2}).json()
        assert part["planned_seconds"] == round(same["total_seconds"])
        none = c.post("/api/sessions", json={"routine_id": "atlas-spine-ten"}).json()
        assert none["planned_seconds"] == round(own["total_seconds"])
