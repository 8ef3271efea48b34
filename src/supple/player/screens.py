"""The player's questions: pain now, what happened, really quit; the summary; why not today."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

from ..library.schema import displayable
from ..safety import HurtReason, hurt_reasons
from .widgets import PainScale


class PainScreen(ModalScreen[int | None]):
    """Pain right now, 0-10, or skip: taken by the number keys, shown back, changeable.

    Keys, not a text box: a key pressed while the screen is still appearing is not lost,
    and nothing but 0-10 can be given. "1" then "0" is 10; another number replaces the one
    shown; Backspace clears it; Enter gives it (Enter on nothing, or Escape, skips).

    Before the session (`when` "before") it is the get-ready screen too: the session in a
    line (`about`) and what the person should know before they begin (`notes`, from the
    timeline). At the week's first session it also asks the usual pain this week
    (`weekly`): Enter after the pain now moves to it, and its answer (None: skipped) goes
    to `on_weekly`. Skipping the pain now skips both, and the weekly one is asked again at
    the next session.
    """

    typed: reactive[str] = reactive("", init=False)  # the digits typed: "1" may become 10

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
        self.when = when  # "before" or "after" (the session)
        self.about = about
        self.notes = notes or []
        self.weekly = weekly
        self.on_weekly = on_weekly
        self._now: int | None = None  # the pain now, once given (the weekly question is next)
        self._asking_weekly = False
        # Which questions it asks, in order: the pain now, then perhaps the week's.
        self.asks = ["pain", "weekly"] if weekly else ["pain"]

    def on_mount(self) -> None:
        self._refresh()

    def compose(self) -> ComposeResult:
        title = "Before you start" if self.when == "before" else "After the session"
        with Vertical(classes="dialog"):
            yield Static(Text(title, style="bold"), classes="title")
            if self.about:
                yield Static(Text(self.about), id="about", classes="muted")
            if self.notes:
                # The notes are built from the person's answers: shown as written, not markup.
                text = Text("\n".join(displayable(n) for n in self.notes))
                yield Static(text, id="start-notes", classes="start-notes")
            yield Static(
                "How much pain do you have right now? 0 is none, 10 the worst you can imagine.",
                id="pain-question",
            )
            yield PainScale(id="scale")
            yield Static("", id="pain-echo")
            yield Static("", id="pain-error", classes="error")
            yield Static(
                Text.assemble(
                    ("0-9", "bold"),
                    " or ",
                    ("10", "bold"),
                    " to answer, ",
                    ("Enter", "bold"),
                    " to go on, ",
                    ("Esc", "bold"),
                    " to skip",
                ),
                id="pain-keys",
                classes="muted",
            )

    @property
    def _label(self) -> str:
        if self._asking_weekly:
            return "Usual pain this week"
        return f"Pain {self.when}"

    @property
    def value(self) -> int | None:
        """The number typed, if it is one from 0 to 10."""
        return score(self.typed)

    def watch_typed(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        value = self.value
        self.query_one("#scale", PainScale).value = value
        if value is not None:
            echo = Text(f"{self._label}: {value}", style="bold")
        elif self.typed:
            echo = Text(f"{self.typed} is not on the scale: 0 to 10. Backspace to correct it.")
            echo.stylize("bold red")
        else:
            echo = Text(f"{self._label}: not given", style="bold")
        self.query_one("#pain-echo", Static).update(echo)

    def on_key(self, event: events.Key) -> None:
        # Every key is handled here, in the order typed: an action run through a binding
        # could land after the keys typed behind it, and lose them.
        event.stop()
        event.prevent_default()
        key = event.character or ""
        error = self.query_one("#pain-error", Static)
        error.update("")
        if event.key == "enter":
            self.action_give()
        elif event.key == "escape":
            self.action_skip()
        elif event.key in ("backspace", "delete"):
            self.typed = self.typed[:-1]
        elif len(key) == 1 and key.isdigit():
            # After a 1 the next digit joins it (10, or a mistake such as 12, shown as one);
            # after anything else a number replaces the one shown.
            self.typed = self.typed + key if self.typed == "1" else key
        elif key.isprintable() and key and not key.isspace():
            error.update(Text(f"{key!r} is not a number: type 0 to 10, or press Esc to skip."))

    def action_give(self) -> None:
        value = self.value
        if self.typed and value is None:
            return  # not on the scale: the message says so, and nothing is given
        if self.weekly and not self._asking_weekly:
            if value is None:
                self.dismiss(None)  # no pain now: no weekly question either
                return
            from ..services.progress import WEEKLY_QUESTION

            self._now = value
            given = Text(f"{self._label}: {value}", style="bold")
            self._asking_weekly = True
            self.query_one("#pain-question", Static).update(given.append(f"\n\n{WEEKLY_QUESTION}."))
            self.typed = ""
            self._refresh()
            return
        if self._asking_weekly:
            self.on_weekly(value)
            self.dismiss(self._now)
            return
        self.dismiss(value)

    def action_skip(self) -> None:
        if self._asking_weekly:
            # The pain now was given: Escape leaves the weekly question blank for this week.
            self.on_weekly(None)
            self.dismiss(self._now)
            return
        self.dismiss(None)


def score(typed: str) -> int | None:
    """0-10 from what was typed; None if it is not one."""
    return int(typed) if typed.isdigit() and 0 <= int(typed) <= 10 else None


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
                yield Static(
                    "\n[b]c[/b]  go on to what is next, more gently    [b]e[/b]  end the session"
                )

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
            yield Static("[b]End the session now?[/b]", classes="title", id="quit-title")
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
