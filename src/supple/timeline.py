"""Routine -> Timeline: the ordered phases of a session and their cues. Pure: no clock, no I/O.

The timeline is computed once, here; the terminal and browser players both play it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .kinds import PHASE_LABELS, STRETCH_KINDS, PhaseKind, Side
from .library.catalog import Library
from .library.schema import Mode, ModKind, Routine, Step, Stretch
from .library.vocab import POSITION_WORDS

TIMELINE_VERSION = 2
WARMUP_STRETCH = "march-in-place"
BETWEEN_STRETCHES = "Breathe easily and get ready for the next stretch."

__all__ = ["PhaseKind", "Side"]  # re-exported: the timeline's phases are spoken of in these


class CueKind(StrEnum):
    ANNOUNCE = "announce"  # name and side, at the start of a phase
    SETUP = "setup"  # how to get into position, during the lead-in
    MOVE = "move"  # a mobilizer's next position
    BREATHE = "breathe"
    HALFWAY = "halfway"
    COUNTDOWN = "countdown"  # 3, 2, 1
    RELEASE = "release"


class Options(BaseModel):
    """How a routine becomes a session: the parts the person can change."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    warmup: bool = True
    # "A minute or two of light movement" (Atlas Spine's first rule; ACSM: stretch warm muscle).
    warmup_seconds: int = Field(default=60, ge=30, le=300)
    lead_in_seconds: int = Field(default=5, ge=0, le=60)
    switch_seconds: int = Field(default=5, ge=0, le=60)
    rest_seconds: int = Field(default=0, ge=0, le=300)
    # Extra time to get up or down when the next stretch is in another position.
    move_seconds: int = Field(default=5, ge=0, le=60)


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
    mobilizer_positions: list[str] = []
    easier: list[str] = []
    notes: list[Note] = []  # for this person: from their conditions and what hurt before
    has_figure: bool = False  # a picture at /figures/ID.svg


class Timeline(Frozen):
    version: int = TIMELINE_VERSION
    routine_id: str
    title: str
    options: Options
    total_seconds: float
    phases: list[Phase]
    stretches: dict[str, StretchBrief]


def _brief(s: Stretch, notes: Sequence[Note]) -> StretchBrief:
    return StretchBrief(
        id=s.id,
        name=s.name,
        summary=s.summary,
        steps=list(s.steps),
        form_cues=list(s.form_cues),
        breathing=list(s.breathing),
        cautions=list(s.cautions),
        positions=[p.value for p in s.positions],
        mobilizer_positions=[p.name for p in s.mobilizer.positions] if s.mobilizer else [],
        easier=[m.text for m in s.modifications if m.kind is ModKind.EASIER],
        notes=list(notes),
        has_figure=s.figure is not None,
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


def _mobilize_cues(s: Stretch, duration: float, side: Side | None) -> list[Cue]:
    assert s.mobilizer is not None
    cues = [Cue(at=0, kind=CueKind.ANNOUNCE, text=f"Move: {s.name}{_side_words(side)}")]
    pace = s.mobilizer.seconds_per_position
    positions = s.mobilizer.positions
    n = 0
    while n * pace < duration - 1:
        pos = positions[n % len(positions)]
        cues.append(Cue(at=n * pace, kind=CueKind.MOVE, text=pos.name))
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


def _add_step(b: _Builder, i: int, step: Step, s: Stretch, opts: Options) -> None:
    """Lead-in, then each side (a switch between them), for every repetition."""
    sides: list[Side | None] = [Side.LEFT, Side.RIGHT] if step.per_side else [None]
    kind = PhaseKind.MOBILIZE if step.mode is Mode.MOBILIZE else PhaseKind.HOLD
    cue_maker = _mobilize_cues if kind is PhaseKind.MOBILIZE else _hold_cues
    common = {"step_index": i, "stretch_id": s.id, "name": s.name}
    for rep in range(1, step.repetitions + 1):
        if rep > 1:
            # Between repetitions: the rest time, or at least a switch-length breather.
            pause = opts.rest_seconds or opts.switch_seconds
            text = f"Rest, then repeat {rep} of {step.repetitions}"
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
            b.add(kind, step.hold_seconds, cues=cue_maker(s, step.hold_seconds, side), **each)


def _describe(p: Phase) -> str:
    """A phase in a few words, for the "next" line."""
    text = p.label if p.kind is PhaseKind.REST else f"{p.label}: {p.name}"
    return text + (f" ({p.side.value})" if p.side else "")


def _info(p: Phase, brief: StretchBrief | None) -> list[str]:
    """How to get into position while getting ready; what to keep in mind while in it."""
    if brief is None:
        return [BETWEEN_STRETCHES]
    if p.kind in (PhaseKind.READY, PhaseKind.CHANGE_POSITION, PhaseKind.WARMUP):
        return [f"{i}. {line}" for i, line in enumerate(brief.steps, 1)]
    lines = brief.form_cues + brief.breathing[:1]
    if brief.mobilizer_positions and p.kind in STRETCH_KINDS:
        lines = ["Move between: " + " → ".join(brief.mobilizer_positions), *lines]
    return lines


def build_timeline(
    routine: Routine,
    library: Library,
    options: Options | None = None,
    notes: Mapping[str, Sequence[Note]] | None = None,
) -> Timeline:
    """Every phase of a session of this routine, with its cues and words, on the ideal schedule.

    `notes` are what this person should know about a stretch (from their conditions and what
    hurt before); they travel with the stretch so that every player shows them.
    """
    opts = options or Options()
    notes = notes or {}
    b = _Builder()
    used: dict[str, StretchBrief] = {}
    if opts.warmup:
        warm = library.stretch(WARMUP_STRETCH)
        used[warm.id] = _brief(warm, notes.get(warm.id, ()))
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
        used[s.id] = _brief(s, notes.get(s.id, ()))
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
        _add_step(b, i, step, s, opts)
        last_position = position
    phases = b.phases
    phases = [
        p.model_copy(
            update={
                "info": _info(p, used.get(p.stretch_id or "")),
                "next": f"Next: {_describe(phases[k + 1])}" if k + 1 < len(phases) else "",
            }
        )
        for k, p in enumerate(phases)
    ]
    return Timeline(
        routine_id=routine.id,
        title=routine.title,
        options=opts,
        total_seconds=b.clock,
        phases=phases,
        stretches=used,
    )
