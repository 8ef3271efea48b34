"""Routine -> Timeline: the ordered phases of a session and their cues. Pure: no clock, no I/O.

The timeline is computed once, here; the terminal and browser players both play it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .library.catalog import Library
from .library.schema import Mode, Routine, Step, Stretch
from .library.vocab import POSITION_WORDS

TIMELINE_VERSION = 1
WARMUP_STRETCH = "march-in-place"


class PhaseKind(StrEnum):
    WARMUP = "warm-up"
    READY = "get-ready"
    HOLD = "hold"
    SWITCH = "switch-sides"
    MOBILIZE = "mobilize"
    CHANGE_POSITION = "change-position"
    REST = "rest"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


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
    start: float  # seconds from the start of the session, on the ideal schedule
    duration: float
    step_index: int | None  # which routine step (None for the warm-up)
    stretch_id: str | None
    name: str
    side: Side | None
    repetition: int = 1
    cues: list[Cue]

    @property
    def end(self) -> float:
        return self.start + self.duration

    @property
    def is_stretch(self) -> bool:
        """A hold or a mobilize phase: time actually spent in a stretch."""
        return self.kind in (PhaseKind.HOLD, PhaseKind.MOBILIZE)


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
    has_figure: bool = False  # a picture at /figures/ID.svg


class Timeline(Frozen):
    version: int = TIMELINE_VERSION
    routine_id: str
    title: str
    options: Options
    total_seconds: float
    phases: list[Phase]
    stretches: dict[str, StretchBrief]


def _brief(s: Stretch) -> StretchBrief:
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
            index=len(self.phases), kind=kind, start=self.clock, duration=duration, **fields
        )
        self.phases.append(phase)
        self.clock += duration


def _announce(text: str) -> list[Cue]:
    return [Cue(at=0, kind=CueKind.ANNOUNCE, text=text)]


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
            if j == 0:
                lead = opts.lead_in_seconds
                cues = _ready_cues(s, lead, side)
                b.add(PhaseKind.READY, lead, side=side, repetition=rep, cues=cues, **common)
            else:
                sw = opts.switch_seconds
                cues = _announce(f"Switch sides: {side}") + _countdown(sw)
                b.add(PhaseKind.SWITCH, sw, side=side, repetition=rep, cues=cues, **common)
            cues = cue_maker(s, step.hold_seconds, side)
            b.add(kind, step.hold_seconds, side=side, repetition=rep, cues=cues, **common)


def build_timeline(routine: Routine, library: Library, options: Options | None = None) -> Timeline:
    """Every phase of a session of this routine, with its cues, on the ideal schedule."""
    opts = options or Options()
    b = _Builder()
    used: dict[str, StretchBrief] = {}
    if opts.warmup:
        warm = library.stretch(WARMUP_STRETCH)
        used[warm.id] = _brief(warm)
        b.add(
            PhaseKind.WARMUP,
            opts.warmup_seconds,
            step_index=None,
            stretch_id=warm.id,
            name="Warm-up: " + warm.name,
            side=None,
            cues=_warmup_cues(warm, opts.warmup_seconds),
        )
    last_position: str | None = "standing" if opts.warmup else None
    for i, step in enumerate(routine.steps):
        s = library.stretch(step.stretch)
        used[s.id] = _brief(s)
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
    return Timeline(
        routine_id=routine.id,
        title=routine.title,
        options=opts,
        total_seconds=b.clock,
        phases=b.phases,
        stretches=used,
    )
