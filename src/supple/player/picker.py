"""Which routine? The terminal's routine picker: arrows and Enter, or the routine's number.

Every key is handled in one place, in the order typed, so a wrong number followed at once
by Enter cannot start the routine that happened to be highlighted: it asks again.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..library.schema import displayable


@dataclass(frozen=True)
class Choice:
    """One routine on the list: what to return, and what to show."""

    routine_id: str
    title: str  # the routine's own title: may be the person's text, shown as written
    detail: str  # its length, in words
    last: bool = False  # done last time


class RoutinePicker(App[str | None]):
    """Returns the chosen routine's id, or None when the person leaves without one."""

    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen {
        align: center middle;
    }
    #picker {
        width: 100%;
        max-width: 90;
        height: auto;
        max-height: 100%;
        padding: 1 2;
    }
    #picker-title {
        padding-bottom: 1;
    }
    #routines {
        height: auto;
        max-height: 1fr;
        border: none;
        padding: 0;
    }
    #picker-error {
        color: $error;
        height: auto;
    }
    #picker-keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    typed: reactive[str] = reactive("", init=False)  # a number being typed

    def __init__(self, choices: list[Choice], suggested: int = 0, note: str | None = None) -> None:
        super().__init__()
        self.choices = choices
        self.suggested = suggested
        self.note = note  # said first: the safety check's all-clear, answered just before

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            if self.note:
                yield Static(Text(self.note, style="green"), id="picker-note")
            yield Static(
                Text.assemble(("Which routine?", "bold"), ("  (time spent stretching)", "dim")),
                id="picker-title",
            )
            options = []
            titles = [displayable(c.title) for c in self.choices]
            width = min(max(map(len, titles), default=0), 50)
            for i, (c, title) in enumerate(zip(self.choices, titles, strict=True), 1):
                line = Text.assemble(
                    (f"{i:>2}. ", "bold"), title.ljust(width), (f"  {c.detail}", "dim")
                )
                if c.last:
                    line.append("  (last time)", style="green")
                options.append(Option(line, id=c.routine_id))
            routines = OptionList(*options, id="routines")
            routines.can_focus = False  # its keys are read here, in order (see on_key)
            yield routines
            yield Static("", id="picker-error")
            yield Static(
                Text.assemble(
                    ("↑ ↓", "bold"),
                    " or a ",
                    ("number", "bold"),
                    " to choose, ",
                    ("Enter", "bold"),
                    " to start, ",
                    ("Esc", "bold"),
                    " to leave",
                ),
                id="picker-keys",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self.suggested

    @property
    def _list(self) -> OptionList:
        return self.query_one("#routines", OptionList)

    def _say(self, text: str) -> None:
        self.query_one("#picker-error", Static).update(Text(text))

    def watch_typed(self, typed: str) -> None:
        if not typed:
            return
        count = len(self.choices)
        number = int(typed)
        if 1 <= number <= count:
            self._list.highlighted = number - 1
            self._say("")
        else:
            self._say(f"There is no {number} here: type a number from 1 to {count}.")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        key = event.character or ""
        count = len(self.choices)
        if event.key == "enter":
            if self.typed and not 1 <= int(self.typed) <= count:
                self._say(f"There is no {self.typed} here: type a number from 1 to {count}.")
                self.typed = ""
                return
            index = self._list.highlighted
            if index is not None:
                self.exit(self.choices[index].routine_id)
        elif event.key in ("escape", "q"):
            self.exit(None)
        elif event.key in ("up", "down"):
            self.typed = ""
            self._say("")
            if event.key == "up":
                self._list.action_cursor_up()
            else:
                self._list.action_cursor_down()
        elif event.key == "backspace":
            self.typed = self.typed[:-1]
        elif len(key) == 1 and key.isdigit():
            joined = self.typed + key
            # A second digit joins the first only where the list is that long (1 then 2: 12).
            self.typed = joined if self.typed and int(joined) <= count else key
        elif key.isprintable() and key and not key.isspace():
            self._say(f"Type the routine's number, 1 to {count}, or use the arrows.")

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.exit(self.choices[event.option_index].routine_id)
