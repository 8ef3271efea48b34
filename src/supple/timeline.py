"""Routine -> Timeline: the ordered phases of a session and their cues. Pure: no clock, no I/O.

The timeline is computed once, here; the terminal and browser players both play it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .dose import dose
from .kinds import PHASE_LABELS, STRETCH_KINDS, PhaseKind, Side
from .library.catalog import Library
from .library.schema import Mode, ModKind, Routine, Step, Stretch
from .library.vocab import POSITION_WORDS
from .options import Options, options_for
from .words import duration

# 3: rounds and the older adult's hold in the options; the start notes, what the person may
# choose, and the words for the whole session; positions left out for the person.
TIMELINE_VERSION = 3
WARMUP_STRETCH = "march-in-place"
BETWEEN_STRETCHES = "Breathe easily and get ready for the next stretch."
# A mobilizer with only one position left for this person moves into it and back out.
BACK_TO_START = "Back to the start"
ROUND_TIMES = {1: "once", 2: "twice"}

# Re-exported: the timeline's phases are spoken of in these, and built with these options.
__all__ = ["Options", "PhaseKind", "Side", "options_for"]


class CueKind(StrEnum):
    ANNOUNCE = "announce"  # name and side, at the start of a phase
    SETUP = "setup"  # how to get into position, during the lead-in
    MOVE = "move"  # a mobilizer's next position
    BREATHE = "breathe"
    HALFWAY = "halfway"
    COUNTDOWN = "countdown"  # 3, 2, 1
    RELEASE = "release"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cue(Frozen):
    """Something to say or show, `at` seconds into its phase."""

    at: float
    kind: CueKind
    text: str


class Phase(Frozen):
    index: int
    kind: PhaseKind
    label: str  # what kind of phase, in words ("Hold", "Switch sides")
    start: float  # seconds from the start of the session, on the ideal schedule
    duration: float
    step_index: int | None  # which routine step (None for the warm-up)
    stretch_id: str | None
    name: str
    side: Side | None
    side_note: str | None = None  # what this side means for this stretch
    repetition: int = 1
    repetitions: int = 1  # how many times its step is done (its repetitions x the rounds)
    cues: list[Cue]
    info: list[str] = []  # the lines shown under the countdown
    next: str = ""  # "Next: ..." (empty on the last phase)
    animate: bool = False  # the picture moves (a mobilizer, the warm-up)

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def is_stretch(self) -> bool:
        """A hold or a mobilize phase: time actually spent in a stretch."""
        return self.kind in (PhaseKind.HOLD, PhaseKind.MOBILIZE)


class Note(Frozen):
    """Something this person should know before a stretch: not advised, take care, it hurt."""

    level: Literal["avoid", "caution", "hurt"]
    text: str


class StretchBrief(Frozen):
    """What a player shows about a stretch, so the timeline JSON stands on its own."""

    id: str
    name: str
    summary: str
    steps: list[str]
    form_cues: list[str]
    breathing: list[str]
    cautions: list[str]
    positions: list[str]
    mobilizer_positions: list[str] = []  # those this person moves through
    # Positions left out for this person (a rounded spine, with osteoporosis).
    left_out_positions: list[str] = []
    easier: list[str] = []
    notes: list[Note] = []  # for this person: from their conditions and what hurt before
    has_figure: bool = False  # a picture at /figures/ID.svg
    # Show this pose only, still (/figures/ID.svg?pose=...): others are left out for them.
    figure_pose: str | None = None


class RoundChoice(Frozen):
    value: int
    label: str


class Choices(Frozen):
    """What the person may choose before a session, with the guideline behind each."""

    rounds: list[RoundChoice]
    rounds_advice: str
    # Offered to an older adult (their profile says so); None: not offered.
    older_hold_seconds: int | None = None
    older_hold_label: str = ""
    older_hold_advice: str = ""


class Timeline(Frozen):
    version: int = TIMELINE_VERSION
    routine_id: str
    title: str
    options: Options
    total_seconds: float
    about: str  # the whole session in a line: how long, the warm-up, rounds, holds
    # What this person should know before they begin (from the safety screen).
    start_notes: list[str] = []
    choices: Choices
    phases: list[Phase]
    stretches: dict[str, StretchBrief]


def _moves(s: Stretch, spine_flexion: bool) -> tuple[list[str], list[str]]:
    """The mobilizer positions this person moves through, and those left out for them."""
    if s.mobilizer is None:
        return [], []
    kept = [p.name for p in s.mobilizer.positions if spine_flexion or not p.flexes_spine]
    out = [p.name for p in s.mobilizer.positions if p.name not in kept]
    return kept, out


def _only_kept(s: Stretch, kept: list[str]) -> tuple[list[str], list[str]]:
    """Steps and breathing for a mobilizer done in its kept positions only.

    The stretch's own steps walk through every position (the rounding too), so they are
    rebuilt: getting into position (the first step), each kept position's cue, and back.
    The positions left out are the spine's rounding: only arching and neutral remain, and
    the breath goes in on the way into them.
    """
    assert s.mobilizer is not None
    cues = [f"{p.name}: {p.cue}" for p in s.mobilizer.positions if p.name in kept]
    steps = [
        s.steps[0],
        *cues,
        "Come back to the start, and keep moving slowly between the two for the whole time. "
        "Leave out rounding your back.",
    ]
    into = " and ".join(kept)
    return steps, [f"Breathe in as you move into {into}, and out as you come back."]


def _brief(s: Stretch, notes: Sequence[Note], spine_flexion: bool) -> StretchBrief:
    kept, out = _moves(s, spine_flexion)
    steps, breathing = list(s.steps), list(s.breathing)
    if out and kept:
        steps, breathing = _only_kept(s, kept)
    return StretchBrief(
        id=s.id,
        name=s.name,
        summary=s.summary,
        steps=steps,
        form_cues=list(s.form_cues),
        breathing=breathing,
        cautions=list(s.cautions),
        positions=[p.value for p in s.positions],
        mobilizer_positions=kept,
        left_out_positions=out,
        easier=[m.text for m in s.modifications if m.kind is ModKind.EASIER],
        notes=list(notes),
        has_figure=s.figure is not None,
        figure_pose=kept[0] if out and kept and s.figure is not None else None,
    )


def _countdown(duration: float) -> list[Cue]:
    return [
        Cue(at=duration - n, kind=CueKind.COUNTDOWN, text=str(n))
        for n in (3, 2, 1)
        if duration - n > 0
    ]


def _side_words(side: Side | None) -> str:
    return f", {side.value} side" if side else ""


def _hold_cues(s: Stretch, duration: float, side: Side | None) -> list[Cue]:
    cues = [Cue(at=0, kind=CueKind.ANNOUNCE, text=f"Hold: {s.name}{_side_words(side)}")]
    # A breathing reminder a quarter of the way in, and then every 20 s on long holds,
    # kept clear of the halfway call and the final countdown.
    t = max(5.0, duration / 4)
    while t < duration - 5:
        if abs(t - duration / 2) >= 3:
            cues.append(Cue(at=t, kind=CueKind.BREATHE, text="Keep breathing, slow and easy"))
        t += 20
    if duration >= 10:
        cues.append(Cue(at=duration / 2, kind=CueKind.HALFWAY, text="Halfway"))
    cues += _countdown(duration)
    cues.append(Cue(at=duration, kind=CueKind.RELEASE, text="And release"))
    return sorted(cues, key=lambda c: c.at)


def _calls(brief: StretchBrief) -> list[str]:
    """The positions called out in turn: with only one left, into it and back out."""
    kept = brief.mobilizer_positions
    return [kept[0], BACK_TO_START] if len(kept) == 1 and brief.left_out_positions else kept


def _mobilize_cues(
    s: Stretch, duration: float, side: Side | None, calls: Sequence[str]
) -> list[Cue]:
    assert s.mobilizer is not None
    cues = [Cue(at=0, kind=CueKind.ANNOUNCE, text=f"Move: {s.name}{_side_words(side)}")]
    pace = s.mobilizer.seconds_per_position
    n = 0
    while calls and n * pace < duration - 1:
        cues.append(Cue(at=n * pace, kind=CueKind.MOVE, text=calls[n % len(calls)]))
        n += 1
    if duration >= 20:
        cues.append(Cue(at=duration / 2, kind=CueKind.HALFWAY, text="Halfway"))
    cues.append(Cue(at=duration, kind=CueKind.RELEASE, text="And rest"))
    return sorted(cues, key=lambda c: c.at)


def _ready_cues(s: Stretch, duration: float, side: Side | None) -> list[Cue]:
    cues = [
        Cue(at=0, kind=CueKind.ANNOUNCE, text=f"Get ready: {s.name}{_side_words(side)}"),
        Cue(at=0, kind=CueKind.SETUP, text=s.steps[0]),
    ]
    return cues + _countdown(duration)


def _move_cues(s: Stretch) -> list[Cue]:
    where = POSITION_WORDS[s.positions[0]]
    return _announce(f"Next: {s.name}. Get into position, {where}")


def _warmup_cues(s: Stretch, duration: float) -> list[Cue]:
    cues = [
        Cue(at=0, kind=CueKind.ANNOUNCE, text=f"Warm-up: {s.name}"),
        Cue(at=0, kind=CueKind.SETUP, text=s.steps[0]),
        Cue(at=duration / 2, kind=CueKind.HALFWAY, text="Halfway"),
    ]
    return cues + _countdown(duration)


class _Builder:
    """Appends phases one after another on the ideal schedule."""

    def __init__(self) -> None:
        self.phases: list[Phase] = []
        self.clock = 0.0

    def add(self, kind: PhaseKind, duration: float, **fields: object) -> None:
        if duration <= 0:
            return
        phase = Phase(
            index=len(self.phases),
            kind=kind,
            label=PHASE_LABELS[kind],
            start=self.clock,
            duration=duration,
            animate=kind in (PhaseKind.MOBILIZE, PhaseKind.WARMUP),
            **fields,
        )
        self.phases.append(phase)
        self.clock += duration


def _announce(text: str) -> list[Cue]:
    return [Cue(at=0, kind=CueKind.ANNOUNCE, text=text)]


def side_note(s: Stretch, side: Side | None) -> str | None:
    """What this side means for this stretch ("left ankle over the right knee")."""
    if side is None or s.side_note is None:
        return None
    other = Side.RIGHT if side is Side.LEFT else Side.LEFT
    return s.side_note.format(side=side.value, other=other.value)


def hold_seconds(step: Step, opts: Options) -> int:
    """How long this step is held in a session: the older adult's hold, if chosen, at least."""
    if opts.older_holds and step.mode is Mode.HOLD:
        return max(step.hold_seconds, dose().older_hold.seconds)
    return step.hold_seconds


def _add_step(
    b: _Builder, i: int, step: Step, s: Stretch, opts: Options, brief: StretchBrief
) -> None:
    """Lead-in, then each side (a switch between them), for every repetition and round."""
    sides: list[Side | None] = [Side.LEFT, Side.RIGHT] if step.per_side else [None]
    mobilize = step.mode is Mode.MOBILIZE
    kind = PhaseKind.MOBILIZE if mobilize else PhaseKind.HOLD
    hold = hold_seconds(step, opts)
    reps = step.repetitions * opts.rounds
    common = {"step_index": i, "stretch_id": s.id, "name": s.name, "repetitions": reps}
    for rep in range(1, reps + 1):
        if rep > 1:
            # Between repetitions: the rest time, or at least a switch-length breather.
            pause = opts.rest_seconds or opts.switch_seconds
            text = f"Rest, then repeat {rep} of {reps}"
            b.add(PhaseKind.REST, pause, side=None, repetition=rep, cues=_announce(text), **common)
        for j, side in enumerate(sides):
            each = {"side": side, "side_note": side_note(s, side), "repetition": rep, **common}
            if j == 0:
                lead = opts.lead_in_seconds
                b.add(PhaseKind.READY, lead, cues=_ready_cues(s, lead, side), **each)
            else:
                sw = opts.switch_seconds
                cues = _announce(f"Switch sides: {side}") + _countdown(sw)
                b.add(PhaseKind.SWITCH, sw, cues=cues, **each)
            if mobilize:
                cues = _mobilize_cues(s, hold, side, _calls(brief))
            else:
                cues = _hold_cues(s, hold, side)
            b.add(kind, hold, cues=cues, **each)


def _describe(p: Phase) -> str:
    """A phase in a few words, for the "next" line."""
    text = p.label if p.kind is PhaseKind.REST else f"{p.label} · {p.name}"
    return text + (f" ({p.side.value})" if p.side else "")


def _moving(brief: StretchBrief) -> str:
    """The positions to move between, and any left out for this person."""
    line = "Move between: " + " → ".join(_calls(brief)).replace(BACK_TO_START, "back to the start")
    if brief.left_out_positions:
        line += f" ({' and '.join(brief.left_out_positions)} left out for you)"
    return line


def _info(p: Phase, brief: StretchBrief | None) -> list[str]:
    """How to get into position while getting ready; what to keep in mind while in it."""
    if brief is None:
        return [BETWEEN_STRETCHES]
    round_line = [f"Round {p.repetition} of {p.repetitions}"] if p.repetitions > 1 else []
    if p.kind is PhaseKind.REST:
        return round_line + [BETWEEN_STRETCHES]
    if p.kind in (PhaseKind.READY, PhaseKind.CHANGE_POSITION, PhaseKind.WARMUP):
        steps = [f"{i}. {line}" for i, line in enumerate(brief.steps, 1)]
        return (round_line if p.kind is PhaseKind.READY else []) + steps
    lines = brief.form_cues + brief.breathing[:1]
    if brief.mobilizer_positions and p.kind in STRETCH_KINDS:
        lines = [_moving(brief), *lines]
    return round_line + lines


def _times(n: int) -> str:
    """'once', 'twice', '3 times'."""
    return ROUND_TIMES.get(n, f"{n} times")


def _cited(advice: str, guideline: str) -> str:
    return f"{advice.rstrip('.')} ({guideline})."


def _choices(older_adult: bool) -> Choices:
    d = dose()
    rounds = [RoundChoice(value=n, label=_times(n).capitalize()) for n in d.rounds.choices]
    advice = _cited(d.rounds.advice, d.rounds.guideline)
    if not older_adult:
        return Choices(rounds=rounds, rounds_advice=advice)
    hold = d.older_hold
    return Choices(
        rounds=rounds,
        rounds_advice=advice,
        older_hold_seconds=hold.seconds,
        older_hold_label=f"Hold each stretch at least {hold.seconds} s",
        older_hold_advice=_cited(hold.advice, hold.guideline),
    )


def _about(total: float, opts: Options, repeated: bool) -> str:
    """The whole session in a line: "12 min in all: a 2 min warm-up, each stretch twice."."""
    parts = [f"a {duration(opts.warmup_seconds)} warm-up" if opts.warmup else "no warm-up"]
    if opts.rounds == 1 and repeated:
        # A step done twice (a plan's x2) is not "once": the routine says how many times.
        parts.append("each stretch as many times as the routine says")
    else:
        parts.append(f"each stretch {_times(opts.rounds)}")
    if opts.older_holds:
        parts.append(f"holds of at least {dose().older_hold.seconds} s")
    return f"{duration(total)} in all: {', '.join(parts)}."


def build_timeline(
    routine: Routine,
    library: Library,
    options: Options | None = None,
    notes: Mapping[str, Sequence[Note]] | None = None,
    *,
    start_notes: Sequence[str] = (),
    no_flexion: frozenset[str] = frozenset(),
    older_adult: bool = False,
) -> Timeline:
    """Every phase of a session of this routine, with its cues and words, on the ideal schedule.

    For this person: `notes` are what they should know about a stretch (from their conditions
    and what hurt before), and travel with the stretch so that every player shows them;
    `start_notes` are shown before the session begins; for the stretches in `no_flexion`
    (osteoporosis: the rules say which) the mobilizer positions that round the spine are
    left out of the cues and the pictures;
    an `older_adult` is offered the older adult's hold. No options: the routine's own.
    """
    opts = options or options_for(routine)
    notes = notes or {}
    b = _Builder()
    used: dict[str, StretchBrief] = {}
    if opts.warmup:
        warm = library.stretch(WARMUP_STRETCH)
        used[warm.id] = _brief(warm, notes.get(warm.id, ()), warm.id not in no_flexion)
        b.add(
            PhaseKind.WARMUP,
            opts.warmup_seconds,
            step_index=None,
            stretch_id=warm.id,
            name=warm.name,
            side=None,
            cues=_warmup_cues(warm, opts.warmup_seconds),
        )
    last_position: str | None = "standing" if opts.warmup else None
    for i, step in enumerate(routine.steps):
        s = library.stretch(step.stretch)
        brief = used[s.id] = _brief(s, notes.get(s.id, ()), s.id not in no_flexion)
        if i > 0:
            b.add(
                PhaseKind.REST,
                opts.rest_seconds,
                step_index=i,
                stretch_id=None,
                name="Rest",
                side=None,
                cues=_announce("Rest"),
            )
        position = s.positions[0].value
        if position != last_position:
            b.add(
                PhaseKind.CHANGE_POSITION,
                opts.move_seconds,
                step_index=i,
                stretch_id=s.id,
                name=s.name,
                side=None,
                cues=_move_cues(s),
            )
        _add_step(b, i, step, s, opts, brief)
        last_position = position
    phases = b.phases
    phases = [
        p.model_copy(
            update={
                "info": _info(p, used.get(p.stretch_id or "")),
                "next": f"Next: {_describe(phases[k + 1])}" if k + 1 < len(phases) else "",
                # One pose shown still: the moving picture would pass through the others.
                "animate": p.animate and not _still(used.get(p.stretch_id or "")),
            }
        )
        for k, p in enumerate(phases)
    ]
    return Timeline(
        routine_id=routine.id,
        title=routine.title,
        options=opts,
        total_seconds=b.clock,
        about=_about(b.clock, opts, any(step.repetitions > 1 for step in routine.steps)),
        start_notes=list(start_notes),
        choices=_choices(older_adult),
        phases=phases,
        stretches=used,
    )


def _still(brief: StretchBrief | None) -> bool:
    return brief is not None and brief.figure_pose is not None
