"""The player's main screen: where the session is, the big countdown, the cue, what is next.

It only shows what it is given: every word comes from the timeline (through the app).
Whenever another screen covers it (a question, a dialog), it says so, and the app holds
the clock until it is uncovered.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from ..library.schema import displayable
from ..timeline import Note, Phase
from .widgets import BigClock

NOTE_STYLES = {"avoid": "bold", "caution": "", "hurt": "bold"}


def notes_text(notes: list[Note]) -> Text:
    """What this person should know about the stretch, and how to leave it out."""
    text = Text()
    for note in notes:
        text.append(note.text, style=NOTE_STYLES[note.level])
        text.append("\n")
    if notes:
        text.rstrip()
        text.append(" Press n to skip it.")
    return text


class PlayerScreen(Screen[None]):
    """The session as it plays."""

    class Covered(Message):
        """Another screen went over this one (True) or came off it (False)."""

        def __init__(self, covered: bool) -> None:
            super().__init__()
            self.covered = covered

    def __init__(self, title: str, total_seconds: float, demo: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.total_seconds = total_seconds
        self.demo = demo
        self._words: tuple[object, ...] = ()  # what the words last drawn were drawn from
        self._left = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            with Horizontal(id="title-row"):
                # The routine's title is the person's own text: shown as written, never obeyed.
                yield Static(displayable(self.title_text), id="title", markup=False)
                if self.demo:
                    yield Static(self.demo, id="demo")
                yield Static("", id="pain-shown")
            with Horizontal(id="progress-row"):
                yield ProgressBar(total=self.total_seconds, show_eta=False, id="progress")
                yield Static("", id="left")
        with Vertical(id="main"):
            with Horizontal(id="head"):
                with Vertical(id="what"):
                    yield Static("", id="phase")
                    yield Static("", id="name")
                    yield Static("", id="cue")
                yield BigClock(id="countdown")
            with VerticalScroll(id="body"):
                yield Static("", id="flag")
                yield Static("", id="info")
        yield Static("", id="next")
        yield Footer()

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self.post_message(self.Covered(True))

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self.post_message(self.Covered(False))

    def show(
        self,
        phase: Phase,
        *,
        remaining: str,
        paused: bool,
        cue: str,
        notes: Text,
        done: float,
        left: str,
    ) -> None:
        """Draw this moment of the session: the words only when they change (each frame
        would otherwise lay the whole screen out again), the countdown every time."""
        found = self.query("#countdown").results(BigClock)
        clock = next(found, None)
        if clock is None:
            return  # the app is closing and its widgets are gone; a last tick may still come
        clock.value = remaining
        clock.paused = paused
        self.query_one("#progress", ProgressBar).update(progress=done)
        if left != self._left:
            self._left = left
            self.query_one("#left", Static).update(left)
        words = (phase.index, paused, cue, notes.plain)
        if words == self._words:
            return
        self._words = words
        label = Text(phase.label + (f" · {phase.side.value.upper()} SIDE" if phase.side else ""))
        if paused:
            label.append("   ").append(" PAUSED ", style="reverse")
        self.query_one("#phase", Static).update(label)
        name = Text(phase.name)
        if phase.side_note:
            name.append(f"\n{phase.side_note}", style="not bold italic")
        self.query_one("#name", Static).update(name)
        cue_widget = self.query_one("#cue", Static)
        cue_widget.update(Text(cue))
        cue_widget.display = bool(cue)
        flag = self.query_one("#flag", Static)
        flag.update(notes)
        flag.display = bool(notes)
        self.query_one("#info", Static).update(Text("\n".join(phase.info)))
        self.query_one("#next", Static).update(Text(phase.next))

    def show_pain(self, before: int | None) -> None:
        self.query_one("#pain-shown", Static).update(
            "" if before is None else f"Pain before: {before}"
        )
