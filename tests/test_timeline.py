"""The timeline of each source routine: its phases, their times and cues, and its JSON."""

from __future__ import annotations

import json

import pytest

from supple.library.catalog import default_library
from supple.timeline import Note, Options, PhaseKind, Side, Timeline, build_timeline

LIB = default_library()
ROUTINES = sorted(LIB.routines)


def expected_total(routine_id: str, o: Options) -> float:
    """Holds + lead-ins + switches + warm-up + position changes + rests, counted by hand."""
    r = LIB.routines[routine_id]
    total = o.warmup_seconds if o.warmup else 0
    last = "standing" if o.warmup else None
    for i, step in enumerate(r.steps):
        sides = 2 if step.per_side else 1
        total += step.hold_seconds * sides * step.repetitions
        total += o.lead_in_seconds * step.repetitions
        total += o.switch_seconds * (sides - 1) * step.repetitions
        total += (o.rest_seconds or o.switch_seconds) * (step.repetitions - 1)
        if i > 0:
            total += o.rest_seconds
        position = LIB.stretches[step.stretch].positions[0].value
        if position != last:
            total += o.move_seconds
        last = position
    return total


OPTION_SETS = [
    Options(),
    Options(warmup=False, lead_in_seconds=0, switch_seconds=0, move_seconds=0),
    Options(warmup_seconds=120, lead_in_seconds=8, switch_seconds=3, rest_seconds=10),
]


@pytest.mark.parametrize("routine_id", ROUTINES)
@pytest.mark.parametrize("opts", OPTION_SETS, ids=["default", "bare", "custom"])
def test_total_time_adds_up(routine_id: str, opts: Options) -> None:
    t = build_timeline(LIB.routines[routine_id], LIB, opts)
    assert t.total_seconds == expected_total(routine_id, opts)
    assert t.total_seconds == sum(p.duration for p in t.phases)


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_phases_follow_each_other_without_gaps(routine_id: str) -> None:
    t = build_timeline(LIB.routines[routine_id], LIB)
    assert [p.index for p in t.phases] == list(range(len(t.phases)))
    assert t.phases[0].start == 0
    for a, b in zip(t.phases, t.phases[1:], strict=False):
        assert b.start == a.end
    assert t.phases[-1].end == t.total_seconds


@pytest.mark.parametrize("routine_id", ROUTINES)
def test_every_per_side_stretch_has_a_left_and_a_right(routine_id: str) -> None:
    r = LIB.routines[routine_id]
    t = build_timeline(r, LIB)
    for i, step in enumerate(r.steps):
        work = [p for p in t.phases if p.step_index == i and p.is_stretch]
        sides = [p.side.value if p.side else None for p in work]
        if step.per_side:
            assert sides == ["left", "right"] * step.repetitions
            switch = [p for p in t.phases if p.step_index == i and p.kind is PhaseKind.SWITCH]
            assert len(switch) == step.repetitions
        else:
            assert sides == [None] * step.repetitions
        assert all(p.duration == step.hold_seconds for p in work)


def test_warm_up_comes_first_and_can_be_left_out() -> None:
    r = LIB.routines["wall-nine"]
    t = build_timeline(r, LIB)
    assert t.phases[0].kind is PhaseKind.WARMUP and t.phases[0].duration == 60
    assert "Marching" in t.phases[0].name
    bare = build_timeline(r, LIB, Options(warmup=False))
    assert PhaseKind.WARMUP not in {p.kind for p in bare.phases}


def test_rest_between_stretches_only_when_asked() -> None:
    r = LIB.routines["paleohacks-nine"]
    assert not [p for p in build_timeline(r, LIB).phases if p.kind is PhaseKind.REST]
    rests = [
        p
        for p in build_timeline(r, LIB, Options(rest_seconds=10)).phases
        if p.kind is PhaseKind.REST
    ]
    assert len(rests) == len(r.steps) - 1 and all(p.duration == 10 for p in rests)


def test_position_changes_get_time_to_move() -> None:
    t = build_timeline(LIB.routines["wall-nine"], LIB)
    moves = [p for p in t.phases if p.kind is PhaseKind.CHANGE_POSITION]
    # standing warm-up -> kneeling lunge -> lying (figure 4 ...) -> standing (IT band)
    # -> lying (twist) -> kneeling (child's pose)
    assert [p.stretch_id for p in moves] == [
        "wall-runners-lunge",
        "wall-figure-4",
        "wall-it-band",
        "wall-supine-twist",
        "wall-childs-pose",
    ]
    assert "lying on your back" in moves[1].cues[0].text


def test_hold_cues_name_side_halfway_countdown_and_release() -> None:
    t = build_timeline(LIB.routines["verywell-lunge-twist"], LIB)
    left = next(p for p in t.phases if p.kind is PhaseKind.HOLD)
    texts = [(c.at, c.text) for c in left.cues]
    assert texts[0] == (0, "Hold: Kneeling lunge with a twist, left side")
    assert (15, "Halfway") in texts
    assert texts[-4:] == [(27, "3"), (28, "2"), (29, "1"), (30, "And release")]
    assert any("breathing" in text for _, text in texts)
    switch = t.phases[left.index + 1]
    assert switch.kind is PhaseKind.SWITCH and switch.cues[0].text == "Switch sides: right"
    assert all(0 <= c.at <= p.duration for p in t.phases for c in p.cues)


def test_mobilizer_cues_walk_through_its_positions_at_its_pace() -> None:
    t = build_timeline(LIB.routines["atlas-spine-ten"], LIB)
    catcow = next(p for p in t.phases if p.stretch_id == "cat-cow" and p.is_stretch)
    assert catcow.kind is PhaseKind.MOBILIZE
    moves = [(c.at, c.text) for c in catcow.cues if c.kind.value == "move"]
    assert moves[:4] == [(0, "Cat"), (4, "Cow"), (8, "Cat"), (12, "Cow")]


def test_json_is_stable_and_round_trips() -> None:
    t = build_timeline(LIB.routines["physio-mobilizers"], LIB)
    data = json.loads(t.model_dump_json())
    assert set(data) == {
        "version",
        "routine_id",
        "title",
        "options",
        "total_seconds",
        "about",
        "start_notes",
        "choices",
        "phases",
        "stretches",
    }
    assert set(data["phases"][0]) == {
        "index",
        "kind",
        "start",
        "duration",
        "step_index",
        "stretch_id",
        "name",
        "side",
        "side_note",
        "repetition",
        "repetitions",
        "cues",
        "label",
        "info",
        "next",
        "animate",
    }
    assert data["version"] == 3
    assert Timeline.model_validate_json(t.model_dump_json()) == t
    assert set(data["stretches"]) == {
        "march-in-place",
        "kneeling-hip-flexor",
        "seated-hip-rotations",
        "lateral-line-mobilizer",
    }
    assert build_timeline(LIB.routines["physio-mobilizers"], LIB).model_dump_json() == (
        t.model_dump_json()
    )


def test_phases_carry_the_words_a_player_shows() -> None:
    t = build_timeline(LIB.routines["paleohacks-nine"], LIB, Options(rest_seconds=5))
    warm = t.phases[0]
    assert (warm.label, warm.name, warm.animate) == ("Warm-up", "Marching in place", True)
    lunge = next(p for p in t.phases if p.stretch_id == "runners-lunge" and p.is_stretch)
    assert lunge.label == "Hold" and lunge.side is Side.LEFT
    assert lunge.side_note == "left leg back, right foot forward"
    assert lunge.info == LIB.stretches["runners-lunge"].form_cues + [
        LIB.stretches["runners-lunge"].breathing[0]
    ]
    after = t.phases[lunge.index + 1]
    assert lunge.next == f"Next: {after.label} · Runner's lunge (right)"
    rest = next(p for p in t.phases if p.kind is PhaseKind.REST)
    assert rest.info == ["Breathe easily and get ready for the next stretch."]
    assert t.phases[-1].next == ""
    assert t.stretches["runners-lunge"].easier  # the easier version travels with it


def test_notes_for_the_person_travel_with_their_stretch() -> None:
    note = Note(level="avoid", text="Not advised for you (knee): kneeling.")
    t = build_timeline(LIB.routines["paleohacks-nine"], LIB, notes={"childs-pose": [note]})
    assert t.stretches["childs-pose"].notes == [note]
    assert all(not b.notes for sid, b in t.stretches.items() if sid != "childs-pose")


def test_the_line_about_a_session_says_how_many_times_each_stretch_is_done() -> None:
    wall = LIB.routines["wall-nine"]
    assert "each stretch once" in build_timeline(wall, LIB).about
    assert "each stretch twice" in build_timeline(wall, LIB, Options(rounds=2)).about
    # A routine that does a stretch twice in a row (a plan's x2) is not "once".
    twice = wall.model_copy(
        update={"steps": [wall.steps[0].model_copy(update={"repetitions": 2}), *wall.steps[1:]]}
    )
    about = build_timeline(twice, LIB).about
    assert "once" not in about and "as many times as the routine says" in about
