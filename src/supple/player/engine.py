"""Plays a Timeline against a clock: phase deadlines, cues, pause, skip, back, +15 s, "that hurts".

No UI and no I/O: the terminal app drives it and shows what it reports. Each phase ends at a
deadline on the clock, and the next phase starts at that deadline rather than "now", so a long
session never drifts by the time it takes to notice a boundary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..kinds import Outcome
from ..timeline import Cue, CueKind, Phase, Timeline

EXTRA_SECONDS = 15
# Pressing "back" within this many seconds of a phase's start goes to the phase before;
# later, it restarts the current one (as a music player's back button does).
BACK_RESTARTS_AFTER = 3.0


class Clock(Protocol):
    def now(self) -> float:
        """Session seconds on a monotonic clock."""
        ...


class ScaledClock:
    """The real monotonic clock, optionally running `speed` times faster."""

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be above 0, not {speed}")
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._origin) * self.speed

    def real_seconds(self, session_seconds: float) -> float:
        return session_seconds / self.speed


class ManualClock:
    """A clock that moves only when told to: for tests and demonstrations."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@dataclass(frozen=True)
class PhaseResult:
    phase: Phase
    outcome: Outcome
    actual_seconds: float
    seq: int  # 1, 2, 3... in the order phases ended: a replayed phase gets a new one

    @property
    def key(self) -> str:
        """What makes a resend of this result harmless: the store keeps one per key."""
        return f"{self.phase.index}.{self.seq}"


class Engine:
    """Where a session is, and what happens next."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock,
        on_result: Callable[[PhaseResult], None] = lambda r: None,
        on_cue: Callable[[Phase, Cue], None] = lambda p, c: None,
        on_phase: Callable[[Phase], None] = lambda p: None,
    ) -> None:
        self.timeline = timeline
        self.clock = clock
        self.on_result = on_result
        self.on_cue = on_cue
        self.on_phase = on_phase
        self.index = 0
        self.phase_start = 0.0
        self.extra = 0.0
        self.paused_at: float | None = None
        self.started = False
        self.finished = False
        self.ended = False  # quit: nothing more is recorded
        self._seq = 0
        self._open = False  # the current phase has not been recorded yet
        self._fired: set[int] = set()

    # -- where we are -------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self.timeline.phases[min(self.index, len(self.timeline.phases) - 1)]

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def _at(self) -> float:
        return self.paused_at if self.paused_at is not None else self.clock.now()

    @property
    def deadline(self) -> float:
        return self.phase_start + self.phase.duration + self.extra

    def elapsed(self) -> float:
        return max(0.0, self._at() - self.phase_start)

    def remaining(self) -> float:
        return max(0.0, self.deadline - self._at())

    def session_remaining(self) -> float:
        if self.finished:
            return 0.0
        later = sum(p.duration for p in self.timeline.phases[self.index + 1 :])
        return self.remaining() + later

    def next_phase(self) -> Phase | None:
        nxt = self.index + 1
        return self.timeline.phases[nxt] if nxt < len(self.timeline.phases) else None

    # -- moving through -----------------------------------------------------------------
    def start(self) -> None:
        self.started = True
        self._enter(0, self.clock.now())

    def _result(self, outcome: Outcome, seconds: float) -> None:
        if not self._open:
            return
        self._open = False
        self._seq += 1
        self.on_result(PhaseResult(self.phase, outcome, seconds, self._seq))

    def _enter(self, index: int, at: float) -> None:
        self.index = index
        self.phase_start = at
        self.extra = 0.0
        self._fired = set()
        if index >= len(self.timeline.phases):
            self.finished = True
            return
        self._open = True
        self.on_phase(self.phase)
        self._fire_due()

    def _cue_time(self, cue: Cue) -> float:
        # The countdown and the release belong to the end of the phase: +15 s moves them.
        if cue.kind in (CueKind.COUNTDOWN, CueKind.RELEASE):
            return cue.at + self.extra
        return cue.at

    def _fire_due(self, until: float | None = None) -> None:
        """Give every cue of this phase whose time has come (by `until`, default now)."""
        at = self._at() if until is None else until
        for i, cue in enumerate(self.phase.cues):
            if i not in self._fired and self.phase_start + self._cue_time(cue) <= at + 1e-9:
                self._fired.add(i)
                self.on_cue(self.phase, cue)

    def tick(self) -> None:
        """Advance to where the clock says we are: fire cues, close phases whose time is up."""
        if not self.started or self.finished or self.paused:
            return
        now = self.clock.now()
        while not self.finished and now >= self.deadline:
            self._fire_due(until=self.deadline)
            end = self.deadline
            self._result(Outcome.DONE, end - self.phase_start)
            self._enter(self.index + 1, end)
        if not self.finished:
            self._fire_due()

    def toggle_pause(self) -> None:
        if self.finished:
            return
        if self.paused_at is None:
            self.paused_at = self.clock.now()
        else:
            # The time spent paused moves the phase (and so its deadline) later.
            self.phase_start += self.clock.now() - self.paused_at
            self.paused_at = None

    def _restart_pause(self) -> None:
        if self.paused_at is not None:
            self.paused_at = self.clock.now()

    def skip(self) -> None:
        """Next: the current phase is recorded as skipped."""
        if self.finished:
            return
        self._result(Outcome.SKIPPED, self.elapsed())
        self._restart_pause()
        self._enter(self.index + 1, self._at())

    def back(self) -> None:
        """Restart this phase, or go to the one before if it has only just begun.

        The phase left is not recorded: it will be played (and recorded) again.
        """
        if self.finished:
            return
        target = self.index
        if self.elapsed() < BACK_RESTARTS_AFTER and self.index > 0:
            target = self.index - 1
        self._restart_pause()
        self._enter(target, self._at())

    def add_time(self, seconds: float = EXTRA_SECONDS) -> None:
        if not self.finished:
            self.extra += seconds

    def stop_for_pain(self) -> Phase:
        """That hurts: end this phase at once, pause, and report which phase it was."""
        phase = self.phase
        self._result(Outcome.STOPPED, self.elapsed())
        if self.paused_at is None:
            self.paused_at = self.clock.now()
        return phase

    def continue_after_pain(self, leave_stretch: bool = True) -> None:
        """Go on after "that hurts".

        `leave_stretch`: the rest of the stretch that hurt (its other side, its rounds) is
        left out, as after pain the advice is to stop. Otherwise (it was just too strong) only
        the stopped phase is: the other side still follows, to be done more gently.
        """
        # A rest phase belongs to no stretch: only it is left behind.
        step = self.phase.step_index if self.phase.stretch_id and leave_stretch else None
        nxt = self.index + 1
        phases = self.timeline.phases
        if step is not None:
            while nxt < len(phases) and phases[nxt].step_index == step:
                nxt += 1
        self.paused_at = None
        self._enter(nxt, self.clock.now())

    def quit(self) -> None:
        """End the session now: the phase in progress is recorded with the time spent in it."""
        if self.started and not self.finished:
            self._result(Outcome.ENDED, self.elapsed())
        self.finished = True

    def hurt_stretch_id(self) -> str | None:
        """The stretch a "that hurts" refers to: this phase's, or the last one done."""
        for phase in reversed(self.timeline.phases[: self.index + 1]):
            if phase.stretch_id:
                return phase.stretch_id
        return None
