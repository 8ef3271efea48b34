"""The player engine on a clock the test controls: deadlines, pause, skip, back, +15 s, pain."""

from __future__ import annotations

from supple.library.catalog import default_library
from supple.player.engine import Engine, ManualClock, PhaseResult
from supple.timeline import Cue, Options, Phase, PhaseKind, build_timeline

LIB = default_library()


class Recorder:
    def __init__(self, routine: str = "verywell-lunge-twist", **opts: object) -> None:
        self.timeline = build_timeline(LIB.routines[routine], LIB, Options(**opts))  # type: ignore[arg-type]
        self.clock = ManualClock()
        self.results: list[PhaseResult] = []
        self.cues: list[tuple[int, float, str]] = []
        self.engine = Engine(
            self.timeline, self.clock, on_result=self.results.append, on_cue=self.cue
        )

    def cue(self, phase: Phase, cue: Cue) -> None:
        self.cues.append((phase.index, self.clock.now(), cue.text))

    def run(self, seconds: float, step: float = 0.25) -> None:
        end = self.clock.now() + seconds
        while self.clock.now() < end - 1e-9:
            self.clock.advance(min(step, end - self.clock.now()))
            self.engine.tick()

    def outcomes(self) -> list[tuple[str, str | None, str, float]]:
        return [
            (
                r.phase.kind.value,
                r.phase.side.value if r.phase.side else None,
                r.outcome,
                round(r.actual_seconds, 2),
            )
            for r in self.results
        ]


def test_a_whole_session_runs_phase_by_phase_on_time() -> None:
    rec = Recorder()
    rec.engine.start()
    rec.run(rec.timeline.total_seconds + 1)
    assert rec.engine.finished
    assert [r.outcome for r in rec.results] == ["done"] * len(rec.timeline.phases)
    assert [r.actual_seconds for r in rec.results] == [p.duration for p in rec.timeline.phases]
    # every cue is given exactly once, at its time (all fall on the 0.25 s ticks)
    expected = [(p.index, p.start + c.at, c.text) for p in rec.timeline.phases for c in p.cues]
    assert sorted(rec.cues) == sorted(expected)


def test_a_late_tick_closes_every_phase_at_its_deadline_without_drift() -> None:
    rec = Recorder("paleohacks-nine")
    rec.engine.start()
    rec.clock.advance(rec.timeline.total_seconds + 0.7)  # one very late look at the clock
    rec.engine.tick()
    assert rec.engine.finished
    assert sum(r.actual_seconds for r in rec.results) == rec.timeline.total_seconds


def test_pause_stops_the_clock_for_the_phase() -> None:
    rec = Recorder(warmup=False, move_seconds=0)
    rec.engine.start()
    rec.run(2)
    rec.engine.toggle_pause()
    rec.run(100)
    assert rec.engine.index == 0 and rec.engine.paused
    assert rec.engine.remaining() == 3  # 5 s lead-in, 2 s gone
    rec.engine.toggle_pause()
    rec.run(3)
    assert rec.engine.phase.kind is PhaseKind.HOLD
    assert rec.results[0].actual_seconds == 5


def test_plus_fifteen_lengthens_the_hold_and_moves_the_countdown() -> None:
    rec = Recorder(warmup=False, move_seconds=0)
    rec.engine.start()
    rec.run(5 + 10)  # lead-in, then 10 s into the left hold
    rec.engine.add_time()
    rec.run(34)
    assert rec.engine.phase.kind is PhaseKind.HOLD
    rec.run(1.5)
    assert rec.engine.phase.kind is PhaseKind.SWITCH
    assert rec.results[1].actual_seconds == 45
    countdown = [t for i, t, x in rec.cues if i == 1 and x in ("3", "2", "1")]
    assert countdown == [5 + 42, 5 + 43, 5 + 44]


def test_next_skips_and_records_it() -> None:
    rec = Recorder(warmup=False, move_seconds=0)
    rec.engine.start()
    rec.run(5 + 12)
    rec.engine.skip()
    assert rec.engine.phase.kind is PhaseKind.SWITCH
    assert rec.outcomes()[-1] == ("hold", "left", "skipped", 12)


def test_back_restarts_then_goes_to_the_phase_before() -> None:
    rec = Recorder(warmup=False, move_seconds=0)
    rec.engine.start()
    rec.run(5 + 10)
    rec.engine.back()  # 10 s in: restart the hold
    assert rec.engine.phase.kind is PhaseKind.HOLD and rec.engine.remaining() == 30
    rec.engine.back()  # just restarted: go back to the lead-in
    assert rec.engine.phase.kind is PhaseKind.READY and rec.engine.remaining() == 5


def test_that_hurts_stops_the_stretch_and_leaves_its_other_side_out() -> None:
    rec = Recorder("atlas-spine-ten", warmup=False, move_seconds=0)
    rec.engine.start()
    first_hold = next(p for p in rec.timeline.phases if p.kind is PhaseKind.HOLD)
    rec.run(first_hold.start + 8)
    phase = rec.engine.stop_for_pain()
    assert phase.stretch_id == "knee-to-chest" and phase.side is not None
    assert rec.engine.paused
    assert rec.outcomes()[-1] == ("hold", "left", "stopped", 8)
    rec.engine.continue_after_pain()
    assert rec.engine.phase.stretch_id == "double-knee-to-chest"
    assert not [r for r in rec.results if r.phase.side and r.phase.side.value == "right"]
