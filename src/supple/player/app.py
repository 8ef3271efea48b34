"""The terminal player (Textual): shows a Timeline as the Engine plays it, and records it.

It only renders: every word about a phase (its label, side, info lines, "next", the notes
for this person) comes with the timeline. Writes go to a Recorder, whose thread keeps the
database away from the countdown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from uuid import uuid4

from rich.text import Text
from textual import on
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from ..kinds import SessionStatus
from ..safety import HurtReason
from ..services.errors import NotAllowed
from ..services.person import Hurt, hurt_text
from ..services.sessions import REAL_TIME, SessionView
from ..timeline import Cue, CueKind, Note, Phase, Timeline
from ..words import clock
from .engine import Clock, Engine, PhaseResult, ScaledClock
from .recorder import Recorder
from .screens import (
    AdviceScreen,
    HurtScreen,
    NotStartedScreen,
    PainScreen,
    QuitScreen,
    SummaryScreen,
)
from .view import PlayerScreen, notes_text
from .voice import Speaker

if TYPE_CHECKING:
    from ..store.db import Store

# A timing event for the benchmark: its name and data (SUPPLE_TRACE).
Trace = Callable[[str, dict[str, object]], None]

# How often the countdown is redrawn; phase boundaries have their own exact timers.
FRAME_SECONDS = 0.1
# The summary waits this long for the last writes before saying they are still going.
SUMMARY_WAIT = 5.0
# Closing waits this long for the writes still queued (a database locked by another program).
CLOSE_WAIT = 20.0
REFUSED = "refused"  # the app's result when the safety screen stopped the session

# Cues the screen does not repeat: the heading already names the phase and side, the
# steps are on screen, and the big countdown counts the last seconds (all are spoken).
UNSHOWN_CUES = {CueKind.ANNOUNCE, CueKind.SETUP, CueKind.COUNTDOWN}
# Player keys that mean nothing while a question is on screen.
PLAYER_ACTIONS = {"toggle_pause", "next", "go_back", "more", "hurt", "quit_session"}


class Refused(Message):
    """The session service would not start the session (the safety screen changed)."""

    def __init__(self, error: NotAllowed) -> None:
        super().__init__()
        self.error = error


class WriteFailed(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class Saved(Message):
    """The session as the store now has it, read back after the writes before it."""

    def __init__(self, view: SessionView) -> None:
        super().__init__()
        self.view = view


class PlayerApp(App[str]):
    """A hands-free guided session. Returns "completed", "quit" or "refused"."""

    CSS_PATH = "player.tcss"
    TITLE = "supple"
    # Textual's command palette would offer a Quit that skips the quit flow: none here.
    ENABLE_COMMAND_PALETTE = False
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
        weekly_pain: date | None = None,
    ) -> None:
        super().__init__()
        self.timeline = timeline
        # The week (its Monday) whose usual pain to ask before the session; None: not asked.
        self.weekly_pain = weekly_pain
        self.clock = clock or ScaledClock()
        self.speaker = speaker or Speaker(enabled=False)
        self.trace = trace
        # The session's id is made here, so a write retried after a busy database finds it.
        self.session_uuid = str(uuid4())
        # A Store, or a way to open one: the recorder opens it after the first frame, so the
        # session appears before SQLAlchemy has finished loading.
        self.recorder = Recorder(
            store,
            timeline,
            uuid=self.session_uuid,
            client=client,
            speed=getattr(self.clock, "speed", 1.0),
            # Messages, not call_from_thread: posting never waits, so the writer cannot be
            # held up by a UI that is closing (and waiting for the writer).
            on_refused=lambda err: self.post_message(Refused(err)),
            on_error=lambda text: self.post_message(WriteFailed(text)),
            on_saved=lambda view: self.post_message(Saved(view)),
        )
        self.engine = Engine(
            timeline, self.clock, on_result=self._record, on_cue=self._cue, on_phase=self._phase
        )
        self.status: SessionStatus | None = None
        self.refused: NotAllowed | None = None
        self.hurts: list[str] = []  # "name: what happened", for the summary
        # A stretch that hurt in this session, should it come round again (through "back").
        self._hurt_now: dict[str, Note] = {}
        self._last_result: PhaseResult | None = None
        self._step_count = len({p.step_index for p in timeline.phases if p.step_index is not None})
        self._boundary: Timer | None = None
        self._summary: SummaryScreen | None = None
        self._late = False  # the summary has waited SUMMARY_WAIT for the writes
        self._cue_text = ""
        self._ending = False
        self._held = False  # the clock is paused because a question or dialog is open

    # -- layout -------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        demo = ""
        if self.recorder.speed > REAL_TIME:
            demo = f"demonstration at {self.recorder.speed:g}x: not counted"
        return PlayerScreen(self.timeline.title, self.timeline.total_seconds, demo)

    @property
    def view(self) -> PlayerScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, PlayerScreen)
        return screen

    def on_mount(self) -> None:
        if self.trace:
            self.call_after_refresh(self.trace, "first-frame", {})
        self.call_after_refresh(self.recorder.start)
        if missing := self.speaker.missing_message():
            self.notify(missing, title="No voice", severity="warning", timeout=12)
        ready = PainScreen(
            "before",
            self.timeline.about,
            self.timeline.start_notes,
            weekly=self.weekly_pain is not None,
            on_weekly=self._got_weekly_pain,
        )
        self.push_screen(ready, self._got_pain_before)

    async def on_unmount(self) -> None:
        # Closing (the end, q, Ctrl-C) waits for the queued writes, off the event loop.
        await asyncio.to_thread(self.recorder.close, CLOSE_WAIT)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in PLAYER_ACTIONS and len(self.screen_stack) > 1:
            return False
        return True

    def _got_weekly_pain(self, value: int | None) -> None:
        if self.weekly_pain is not None:
            self.recorder.weekly_pain(self.weekly_pain, value)

    def _got_pain_before(self, value: int | None) -> None:
        if self._ending:
            return
        if value is not None:
            self.recorder.pain(before=value)
        self.view.show_pain(value)
        self.engine.start()
        self.set_interval(FRAME_SECONDS, self.tick)
        self.tick()

    # -- the engine's reports -----------------------------------------------------------
    def _record(self, result: PhaseResult) -> None:
        self._last_result = result
        self.recorder.phase(result)

    def _phase(self, phase: Phase) -> None:
        self.bell()
        self._cue_text = ""
        if self.trace:
            self.trace("phase", {"index": phase.index, "ideal": phase.start})

    def _cue(self, phase: Phase, cue: Cue) -> None:
        if cue.kind not in UNSHOWN_CUES:
            self._cue_text = cue.text
        self.speaker.say(cue.text)

    # -- the recorder's reports ---------------------------------------------------------
    @on(Refused)
    def _refused(self, message: Refused) -> None:
        self.refused = message.error
        self._stop()
        self.engine.quit()
        err = message.error
        self.push_screen(NotStartedScreen(err.reason, err.care), lambda _: self.exit(REFUSED))

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        # An error's text may quote SQL ("[SQL: ...]"): not markup.
        self.notify(message.text, title="Not saved", severity="error", timeout=15, markup=False)
        self._show_summary()

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._show_summary()

    # -- the clock ----------------------------------------------------------------------
    def tick(self) -> None:
        """Let the engine catch up with the clock, then redraw."""
        if self._ending:
            return
        self.engine.tick()
        if self.engine.finished:
            if self.trace:
                self.trace("end", {"ideal": self.timeline.total_seconds})
            self._finish(SessionStatus.COMPLETED)
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

    @on(PlayerScreen.Covered)
    def _covered(self, message: PlayerScreen.Covered) -> None:
        """Hold the clock while a question or dialog is open; let it go when it closes."""
        e = self.engine
        if message.covered:
            if e.started and not e.finished and not e.paused and not self._ending:
                e.toggle_pause()
                self._held = True
                self.tick()
        elif self._held:
            self._held = False
            if e.paused and not self._ending:
                e.toggle_pause()
                self.tick()

    def _draw(self) -> None:
        e = self.engine
        p = e.phase
        step = (
            f"stretch {p.step_index + 1} of {self._step_count} · "
            if p.step_index is not None
            else ""
        )
        self.view.show(
            p,
            remaining=clock(e.remaining()),
            paused=e.paused,
            cue=self._cue_text,
            notes=self._notes_text(p),
            done=self.timeline.total_seconds - e.session_remaining(),
            left=f"{step}{clock(e.session_remaining())} left",
        )

    def _notes_text(self, p: Phase) -> Text:
        """What this person should know about the stretch: from the timeline, and today."""
        brief = self.timeline.stretches.get(p.stretch_id or "")
        notes = list(brief.notes) if brief else []
        if p.stretch_id in self._hurt_now:
            notes.append(self._hurt_now[p.stretch_id])
        return notes_text(notes)

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
        if not self.engine.started or self.engine.finished or self._ending:
            return
        self._last_result = None
        phase = self.engine.stop_for_pain()
        seq = self._last_result.seq if self._last_result else 0
        self._draw()
        stretch_id = self.engine.hurt_stretch_id()
        brief = self.timeline.stretches.get(stretch_id or "")
        name = brief.name if brief else phase.name

        def answered(reason: HurtReason | None) -> None:
            if reason is None:
                return
            if stretch_id:
                self.recorder.hurt(
                    key=f"hurt.{phase.index}.{seq}",
                    phase=phase,
                    stretch_id=stretch_id,
                    reason=reason.id,
                    stretch_name=name,
                )
                now = Hurt(reason.id.value, datetime.now(UTC))
                self._hurt_now[stretch_id] = Note(level="hurt", text=hurt_text(now))
            self.hurts.append(f"{name}: {reason.label.lower()}")
            easier = brief.easier if brief else []
            # Advice to stop: going on leaves the rest of this stretch out. Just too strong:
            # the session goes on from the stopped phase (the other side still comes).
            leave = reason.advises_stop

            def after_advice(go_on: bool | None) -> None:
                if go_on:
                    self.engine.continue_after_pain(leave_stretch=leave)
                    self.tick()
                else:
                    self.engine.quit()
                    self._finish(SessionStatus.QUIT)

            self.push_screen(AdviceScreen(reason, easier, phase.next), after_advice)

        self.push_screen(HurtScreen(name), answered)

    def action_quit_session(self) -> None:
        # The clock is held while the question is open (see _covered).
        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                self.engine.quit()  # the phase in progress is recorded, as far as it got
                self._finish(SessionStatus.QUIT)
            else:
                self.tick()

        self.push_screen(QuitScreen(), chosen)

    async def action_quit(self) -> None:
        """Ctrl+Q: the same quit flow as q while a session plays; else as Ctrl-C."""
        if self.engine.started and not self._ending:
            if len(self.screen_stack) == 1:
                self.action_quit_session()
            return  # a question is open: answer it first
        self.action_interrupt()

    def action_interrupt(self) -> None:
        """Ctrl-C: stop at once; closing the app saves what is still queued."""
        if not self._ending:
            self._stop()
            self.engine.quit()
            self.status = SessionStatus.QUIT
            self.recorder.end(self.status)
        self.exit(REFUSED if self.refused else self.status or SessionStatus.QUIT)

    # -- the end ------------------------------------------------------------------------
    def _stop(self) -> None:
        self._ending = True
        if self._boundary is not None:
            self._boundary.stop()

    def _finish(self, status: SessionStatus) -> None:
        if self._ending:
            return
        self._stop()
        self.status = status
        self.recorder.end(status)
        done = status is SessionStatus.COMPLETED
        self.speaker.say("Session complete. Well done." if done else "Stopped.")

        def got_pain_after(value: int | None) -> None:
            if value is not None:
                self.recorder.pain(after=value)
            self.recorder.read()  # after every write above: the session as the store counts it
            self._summary = SummaryScreen("Saving your session...", title="Saving...")
            self.push_screen(self._summary, lambda _: self.exit(status))
            self.call_after_refresh(self._show_summary)  # in case it was read back already
            self.set_timer(SUMMARY_WAIT, self._summary_late)

        self.push_screen(PainScreen("after"), got_pain_after)

    def _summary_late(self) -> None:
        self._late = True
        self._show_summary()

    def _show_summary(self) -> None:
        if self._summary is None or not self._summary.is_mounted:
            return
        if self.recorder.view is None and not self.recorder.errors:
            if not self._late:
                return  # still "Saving your session..."
            self._summary.show(
                "Still saving: another program is using the database. Your session will be "
                "saved when it lets go, or when you close this.",
                title="Saving...",
            )
            return
        saved = self.recorder.view is not None and not self.recorder.errors
        title = "Session saved" if saved else "Not everything was saved"
        self._summary.show("\n".join(self.summary_lines()), title=title)

    def summary_lines(self) -> list[str]:
        """The session as the store counts it, what hurt, and anything that was not saved."""
        view = self.recorder.view
        lines = view.lines() if view else []
        lines += [f"Flagged: {h}" for h in self.hurts]
        lines += self.recorder.errors
        lines.append("Your sessions: supple history. Your progress: supple progress")
        return lines
