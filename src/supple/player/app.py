"""The terminal player (Textual): shows a Timeline as the Engine plays it, and records it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Digits, Footer, ProgressBar, Static

from ..safety import HurtReason
from ..timeline import Cue, CueKind, Phase, PhaseKind, Timeline
from .engine import Clock, Engine, PhaseResult, ScaledClock
from .screens import AdviceScreen, HurtScreen, PainScreen, QuitScreen, SummaryScreen
from .voice import Speaker

if TYPE_CHECKING:
    from ..store import Store

PHASE_LABELS = {
    PhaseKind.WARMUP: "Warm-up",
    PhaseKind.CHANGE_POSITION: "Change position",
    PhaseKind.READY: "Get ready",
    PhaseKind.HOLD: "Hold",
    PhaseKind.SWITCH: "Switch sides",
    PhaseKind.MOBILIZE: "Move",
    PhaseKind.REST: "Rest",
}

# A timing event for the benchmark: its name and data (SUPPLE_TRACE).
Trace = Callable[[str, dict[str, object]], None]

# How often the countdown is redrawn; phase boundaries have their own exact timers.
FRAME_SECONDS = 0.1


@dataclass
class SessionTally:
    done: int = 0
    skipped: int = 0
    stopped: int = 0
    seconds: float = 0.0
    pain_before: int | None = None
    pain_after: int | None = None
    hurts: list[str] = field(default_factory=list)


def _not_advised(store: Store) -> dict[str, str]:
    """One line per stretch the person's profile advises against or asks care with."""
    from ..library.catalog import default_library
    from ..profile import PROFILE_KEY, ProfileError, parse_profile, warnings

    library = default_library()
    try:
        profile = parse_profile(store.get_meta(PROFILE_KEY))
    except ProfileError as err:
        return dict.fromkeys(library.stretches, f"Your profile cannot be read: {err}.")
    lines = {}
    for sid, w in warnings(library, profile).items():
        head = "Not advised for you" if w.level == "avoid" else "Take care"
        text = f"{head} ({', '.join(w.conditions)}): {w.text}"
        if w.alternatives:
            text += (
                " Instead: " + ", ".join(library.stretches[a].name for a in w.alternatives) + "."
            )
        lines[sid] = text
    return lines


def _fmt(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"


class PlayerApp(App[str]):
    """A hands-free guided session. Returns "completed" or "quit"."""

    CSS_PATH = "player.tcss"
    TITLE = "supple"
    BINDINGS = [
        Binding("space", "toggle_pause", "Pause/resume"),
        Binding("n,right", "next", "Next"),
        Binding("b,left", "go_back", "Back"),
        Binding("plus,equals_sign", "more", "+15 s"),
        Binding("p", "hurt", "That hurts"),
        Binding("q", "quit_session", "Quit"),
        Binding("ctrl+c", "interrupt", "Stop", show=False, priority=True),
    ]

    def __init__(
        self,
        timeline: Timeline,
        store: Store | Callable[[], Store],
        clock: Clock | None = None,
        speaker: Speaker | None = None,
        trace: Trace | None = None,
        client: str = "terminal",
    ) -> None:
        super().__init__()
        self.timeline = timeline
        # A Store, or a way to open one: opened after the first frame, so the session
        # appears before SQLAlchemy has finished loading.
        self._store_or_opener = store
        self._store: Store | None = None
        self.session_id = 0
        self.client = client
        self.clock = clock or ScaledClock()
        self.speaker = speaker or Speaker(enabled=False)
        self.flags: dict[str, str] = {}
        self.not_advised: dict[str, str] = {}  # from the profile's conditions
        self.trace = trace
        self.tally = SessionTally()
        self._step_count = len({p.step_index for p in timeline.phases if p.step_index is not None})
        self.engine = Engine(
            timeline, self.clock, on_result=self._record, on_cue=self._cue, on_phase=self._phase
        )
        self._boundary: Timer | None = None
        self._cue_text = ""
        self._ending = False

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield Static(self.timeline.title, id="title")
            with Horizontal(id="progress-row"):
                yield ProgressBar(total=self.timeline.total_seconds, show_eta=False, id="progress")
                yield Static("", id="left")
        with Vertical(id="main"):
            yield Static("", id="phase")
            yield Static("", id="name")
            yield Digits("0:00", id="countdown")
            yield Static("", id="cue")
            yield Static("", id="flag")
            yield Static("", id="info")
        yield Static("", id="next")
        yield Footer()

    @property
    def store(self) -> Store:
        if self._store is None:
            self._connect()
        assert self._store is not None
        return self._store

    def _connect(self) -> None:
        """Open the store, start the session record, and learn which stretches hurt before."""
        if self._store is not None:
            return
        opener = self._store_or_opener
        self._store = opener() if callable(opener) else opener
        self.session_id = self._store.start_session(
            self.timeline.routine_id,
            self.timeline.title,
            planned_seconds=int(self.timeline.total_seconds),
            client=self.client,
            speed=getattr(self.clock, "speed", 1.0),
        )
        self._store.set_meta("last_routine", self.timeline.routine_id)
        for sid, flag in self._store.flags().items():
            self.flags[sid] = f"it hurt last time ({flag.reason}, {flag.last_at:%d %b})"
        self.not_advised = _not_advised(self._store)

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def on_mount(self) -> None:
        if self.trace:
            self.call_after_refresh(self.trace, "first-frame", {})
        self.call_after_refresh(self._connect)
        self.push_screen(PainScreen("before you start"), self._got_pain_before)

    def _got_pain_before(self, value: int | None) -> None:
        if value is not None:
            self.tally.pain_before = value
            self.store.set_pain(self.session_id, before=value)
        self.engine.start()
        self.set_interval(FRAME_SECONDS, self.tick)
        self.tick()

    # -- the engine's reports -----------------------------------------------------------
    def _record(self, result: PhaseResult) -> None:
        p = result.phase
        self.store.record_phase(
            self.session_id,
            phase_index=p.index,
            kind=p.kind.value,
            stretch_id=p.stretch_id,
            side=p.side.value if p.side else None,
            planned_seconds=p.duration,
            actual_seconds=round(result.actual_seconds, 3),
            outcome=result.outcome,
        )
        setattr(self.tally, result.outcome, getattr(self.tally, result.outcome) + 1)
        self.tally.seconds += result.actual_seconds

    def _phase(self, phase: Phase) -> None:
        self.bell()
        self._cue_text = ""
        if self.trace:
            self.trace("phase", {"index": phase.index, "ideal": phase.start})

    def _cue(self, phase: Phase, cue: Cue) -> None:
        if cue.kind is not CueKind.SETUP:
            self._cue_text = cue.text
        self.speaker.say(cue.text)

    # -- the clock ----------------------------------------------------------------------
    def tick(self) -> None:
        """Let the engine catch up with the clock, then redraw."""
        if self._ending:
            return
        self.engine.tick()
        if self.engine.finished:
            if self.trace:
                self.trace("end", {"ideal": self.timeline.total_seconds})
            self._finish("completed")
            return
        self._schedule_boundary()
        self._draw()

    def _schedule_boundary(self) -> None:
        # An exact timer for the next deadline, so a boundary is not late by up to a frame.
        if self._boundary is not None:
            self._boundary.stop()
            self._boundary = None
        if isinstance(self.clock, ScaledClock) and not self.engine.paused:
            delay = self.clock.real_seconds(self.engine.deadline - self.clock.now())
            self._boundary = self.set_timer(max(0.0, delay), self.tick)

    def _draw(self) -> None:
        e = self.engine
        p = e.phase
        label = PHASE_LABELS[p.kind]
        if p.side:
            label += f" · {p.side.value.upper()} SIDE"
        if e.paused:
            label += "   [reverse] PAUSED [/reverse]"
        self.query_one("#phase", Static).update(label)
        self.query_one("#name", Static).update(p.name)
        self.query_one("#countdown", Digits).update(_fmt(e.remaining()))
        self.query_one("#cue", Static).update(self._cue_text)
        self.query_one("#flag", Static).update(self._flag_text(p))
        self.query_one("#info", Static).update(self._info_text(p))
        nxt = e.next_phase()
        self.query_one("#next", Static).update(f"Next: {self._describe(nxt)}" if nxt else "")
        done = self.timeline.total_seconds - e.session_remaining()
        self.query_one("#progress", ProgressBar).update(progress=done)
        stretch_phases = [q for q in self.timeline.phases if q.step_index is not None]
        steps = {q.step_index for q in stretch_phases}
        step_text = (
            f"stretch {p.step_index + 1} of {len(steps)}" if p.step_index is not None else ""
        )
        left = f"{step_text}   {_fmt(e.session_remaining())} left"
        self.query_one("#left", Static).update(left)

    def _describe(self, p: Phase) -> str:
        text = PHASE_LABELS[p.kind]
        if p.kind not in (PhaseKind.REST,):
            text += f": {p.name}"
        if p.side:
            text += f" ({p.side.value})"
        return text

    def _flag_text(self, p: Phase) -> str:
        lines = []
        if p.stretch_id and p.stretch_id in self.not_advised:
            lines.append(f"[b]{self.not_advised[p.stretch_id]}[/b] Press n to skip it.")
        if p.stretch_id and p.stretch_id in self.flags:
            lines.append(
                f"[b]Careful:[/b] {self.flags[p.stretch_id]}. Go gently, or press n to skip."
            )
        return "\n".join(lines)

    def _info_text(self, p: Phase) -> str:
        brief = self.timeline.stretches.get(p.stretch_id or "")
        if brief is None:
            return "Breathe easily and get ready for the next stretch."
        if p.kind in (PhaseKind.READY, PhaseKind.CHANGE_POSITION, PhaseKind.WARMUP):
            lines = [f"{i}. {s}" for i, s in enumerate(brief.steps, 1)]
        else:
            lines = [f"• {c}" for c in brief.form_cues + brief.breathing[:1]]
            if brief.mobilizer_positions:
                lines.insert(0, "Move between: " + " → ".join(brief.mobilizer_positions))
        return "\n".join(lines)

    # -- keys ---------------------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        self.engine.toggle_pause()
        self.tick()

    def action_next(self) -> None:
        self.engine.skip()
        self.tick()

    def action_go_back(self) -> None:
        self.engine.back()
        self.tick()

    def action_more(self) -> None:
        self.engine.add_time()
        self.tick()

    def action_hurt(self) -> None:
        if not self.engine.started or self.engine.finished:
            return
        phase = self.engine.stop_for_pain()
        self._draw()
        stretch_id = self.engine.hurt_stretch_id()
        brief = self.timeline.stretches.get(stretch_id or "")
        name = brief.name if brief else phase.name

        def answered(reason: HurtReason | None) -> None:
            if reason is None:
                return
            if stretch_id:
                self.store.record_hurt(
                    self.session_id,
                    phase_index=phase.index,
                    stretch_id=stretch_id,
                    side=phase.side.value if phase.side else None,
                    reason=reason.id,
                )
                self.flags[stretch_id] = f"it hurt last time ({reason.label.lower()})"
            if reason.rescreen:
                self.store.mark_screen_due(f"numbness or tingling during {name}")
            self.tally.hurts.append(f"{name}: {reason.label.lower()}")
            self.push_screen(AdviceScreen(reason), self._after_advice)

        self.push_screen(HurtScreen(name), answered)

    def _after_advice(self, go_on: bool | None) -> None:
        if go_on:
            self.engine.continue_after_pain()
            self.tick()
        else:
            self._finish("quit")

    def action_quit_session(self) -> None:
        was_paused = self.engine.paused
        if not was_paused:
            self.engine.toggle_pause()

        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                self._finish("quit")
            else:
                if not was_paused:
                    self.engine.toggle_pause()
                self.tick()

        self.push_screen(QuitScreen(), chosen)

    def action_interrupt(self) -> None:
        """Ctrl-C: stop at once; what was done is already saved."""
        self.store.end_session(self.session_id, "quit")
        self.exit("quit")

    # -- the end ------------------------------------------------------------------------
    def _finish(self, status: str) -> None:
        if self._ending:
            return
        self._ending = True
        if self._boundary is not None:
            self._boundary.stop()
        self.store.end_session(self.session_id, status)
        self.speaker.say("Session complete. Well done." if status == "completed" else "Stopped.")

        def got_pain_after(value: int | None) -> None:
            if value is not None:
                self.tally.pain_after = value
                self.store.set_pain(self.session_id, after=value)
            self.push_screen(SummaryScreen(self.summary(status)), lambda _: self.exit(status))

        self.push_screen(PainScreen("now, after the session"), got_pain_after)

    def summary(self, status: str) -> str:
        t = self.tally
        lines = [
            "Finished the whole routine." if status == "completed" else "Ended early.",
            f"{t.done} phases done, {t.skipped} skipped, {t.stopped} stopped for pain.",
            f"Time: {_fmt(t.seconds)}",
        ]
        if t.pain_before is not None or t.pain_after is not None:
            before = "-" if t.pain_before is None else t.pain_before
            after = "-" if t.pain_after is None else t.pain_after
            lines.append(f"Pain before {before}, after {after} (0-10).")
        lines += [f"Flagged: {h}" for h in t.hurts]
        lines.append("See your progress with: supple history")
        return "\n".join(lines)
