"""The player's questions: pain now, what happened, really quit; the summary; why not today."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..library.schema import displayable
from ..safety import HurtReason, hurt_reasons


class PainScreen(ModalScreen[int | None]):
    """Pain right now, 0-10, or skip.

    Before the session it is the get-ready screen too: the session in a line (`about`) and
    what the person should know before they begin (`notes`, from the timeline). At the
    week's first session it also asks the usual pain this week (`weekly`): Enter after the
    pain now moves to it, and its answer (None: left empty) goes to `on_weekly`. Skipping
    the pain now (Enter on nothing, Escape) skips both, and the weekly one is asked again
    at the next session.
    """

    BINDINGS = [Binding("escape", "skip", "Skip")]

    def __init__(
        self,
        when: str,
        about: str = "",
        notes: list[str] | None = None,
        *,
        weekly: bool = False,
        on_weekly: Callable[[int | None], object] = lambda pain: None,
    ) -> None:
        super().__init__()
        self.when = when
        self.about = about
        self.notes = notes or []
        self.weekly = weekly
        self.on_weekly = on_weekly
        self._now: int | None = None  # the pain now, once given (the weekly question is next)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]Pain {self.when}[/b]", classes="title")
            if self.about:
                yield Static(Text(self.about), id="about", classes="muted")
            if self.notes:
                # The notes are built from the person's answers: shown as written, not markup.
                text = Text("\n".join(displayable(n) for n in self.notes))
                yield Static(text, id="start-notes", classes="start-notes")
            yield Static(
                "How much pain do you have right now, from 0 (none) to 10 (the worst you can "
                "imagine)? Type a number and press Enter, or press Enter or Escape to skip."
            )
            yield Input(placeholder="0-10", type="integer", max_length=2, id="pain")
            if self.weekly:
                from ..services.progress import WEEKLY_HINT, WEEKLY_QUESTION

                yield Static(f"\n{WEEKLY_QUESTION}. {WEEKLY_HINT}", id="weekly-question")
                yield Input(placeholder="0-10", type="integer", max_length=2, id="weekly")
            yield Static("", id="pain-error", classes="error")

    def _score(self, text: str, what: str) -> int | None:
        """0-10 from text; None (and the reason shown) if it is not one."""
        try:
            value = int(text)
        except ValueError:
            value = -1
        if not 0 <= value <= 10:
            self.query_one("#pain-error", Static).update(
                Text(f"{what}: {text} is not a whole number from 0 to 10.")
            )
            return None
        return value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if event.input.id == "weekly":
            weekly = None if not text else self._score(text, "Usual pain this week")
            if text and weekly is None:
                return
            now = self.query_one("#pain", Input).value.strip()
            if self._now is None and now:  # typed, then moved on with Tab
                self._now = self._score(now, "Pain now")
                if self._now is None:
                    return
            self.on_weekly(weekly)
            self.dismiss(self._now)
            return
        if not text:
            self.dismiss(None)
            return
        value = self._score(text, "Pain now")
        if value is None:
            return
        if self.weekly:
            self._now = value
            self.query_one("#pain-error", Static).update("")
            self.query_one("#weekly", Input).focus()
            return
        self.dismiss(value)

    def action_skip(self) -> None:
        if self.weekly and self._now is not None:
            # The pain now was given: Escape leaves the weekly question blank for this week.
            self.on_weekly(None)
            self.dismiss(self._now)
            return
        self.dismiss(None)


class HurtScreen(ModalScreen[HurtReason]):
    """What happened? Asked the moment a stretch is stopped for pain."""

    def __init__(self, stretch_name: str) -> None:
        super().__init__()
        self.stretch_name = stretch_name
        self.reasons = hurt_reasons()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog warn"):
            stopped = Text(f"Stopped: {displayable(self.stretch_name)}", style="bold")
            yield Static(stopped, classes="title")
            yield Static("What happened? Press a number.")
            for i, reason in enumerate(self.reasons, 1):
                yield Static(Text.assemble("  ", (str(i), "bold"), f"  {reason.label}"))

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key.isdigit() and 1 <= int(key) <= len(self.reasons):
            self.dismiss(self.reasons[int(key) - 1])


class AdviceScreen(ModalScreen[bool]):
    """The advice for what happened; True to go on with the next stretch, False to end."""

    BINDINGS = [
        Binding("c", "choose(True)", "Continue"),
        Binding("e", "choose(False)", "End session"),
    ]

    def __init__(
        self, reason: HurtReason, easier: list[str] | None = None, next_line: str = ""
    ) -> None:
        super().__init__()
        self.reason = reason
        self.easier = easier or []  # the stretch's easier version, for when it was too strong
        # What comes next if the person carries on after "too strong" (its other side, say).
        self.next_line = next_line

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog warn"):
            yield Static(Text(self.reason.label, style="bold"), classes="title")
            yield Static(self.reason.advice, markup=False)
            if self.easier and not self.reason.advises_stop:
                easier = Text("Easier: ", style="bold").append(displayable(" ".join(self.easier)))
                yield Static(easier, id="advice-easier")
            yield Static("This stretch is flagged for you and will be pointed out next time.")
            if self.reason.advises_stop:
                yield Static("\n[b]e[/b]  end the session (advised)    [b]c[/b]  go on to the next")
            else:
                if self.next_line:
                    yield Static(Text(displayable(self.next_line)), id="advice-next")
                yield Static("\n[b]c[/b]  carry on, more gently    [b]e[/b]  end the session")

    def action_choose(self, go_on: bool) -> None:
        self.dismiss(go_on)


class QuitScreen(ModalScreen[bool]):
    """Really end the session? What was done is already saved."""

    BINDINGS = [
        Binding("y", "choose(True)", "Yes, end it"),
        Binding("n,escape,q", "choose(False)", "No, carry on"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("[b]End the session now?[/b]", classes="title")
            yield Static("Everything you have done so far is saved.")
            yield Static("\n[b]y[/b]  yes, end it      [b]n[/b]  no, carry on")

    def action_choose(self, quit_now: bool) -> None:
        self.dismiss(quit_now)


class SummaryScreen(ModalScreen[None]):
    """How the session went, as the store counts it; any key closes."""

    def __init__(self, text: str, title: str = "Session saved") -> None:
        super().__init__()
        self.text = text
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{self.title_text}[/b]", classes="title", id="summary-title")
            yield Static(displayable(self.text), id="summary", markup=False)
            yield Static("\nPress any key to close.")

    def show(self, text: str, title: str = "Session saved") -> None:
        self.text = text
        self.title_text = title
        self.query_one("#summary-title", Static).update(f"[b]{title}[/b]")
        self.query_one("#summary", Static).update(displayable(text))

    def on_key(self) -> None:
        self.dismiss(None)


class NotStartedScreen(ModalScreen[None]):
    """The safety screen says not to go on: why, and where to get care; any key closes."""

    def __init__(self, reason: str, care: str) -> None:
        super().__init__()
        self.reason = reason
        self.care = care

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog warn"):
            yield Static("[b]Not today[/b]", classes="title")
            yield Static(displayable(self.reason), markup=False)
            if self.care:
                yield Static(f"\n{displayable(self.care)}", markup=False)
            yield Static("\nNothing was recorded. Press any key to close.")

    def on_key(self) -> None:
        self.dismiss(None)
