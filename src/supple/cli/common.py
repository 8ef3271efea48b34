"""What every command shares: consoles, the library, the data folder, and clean failure."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..choices import Condition

# The library (pydantic, YAML) loads when a command first asks for it, not at start-up.
if TYPE_CHECKING:
    from ..library.catalog import Library
    from ..library.exchange import OwnRoutines

console = Console(highlight=False)
# The conditions an option takes, as its help lists them.
CONDITIONS = ", ".join(c.value for c in Condition)
err_console = Console(stderr=True, highlight=False)


def shown(text: str) -> str:
    """A person's text, or a message quoting it, to put in markup: shown as it is, never obeyed.

    Brackets are escaped (a title "[/dim]" is not a tag), and control and bidi characters,
    which data written before the schema refused them may still hold, are replaced.
    """
    from ..library.schema import displayable

    return escape(displayable(text))


def plain(text: str) -> Text:
    """A person's text as a Rich Text (a table cell, a title): no markup, no control codes."""
    from ..library.schema import displayable

    return Text(displayable(text))


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a clear one-line reason on stderr and stop; the message is never read as markup."""
    err_console.print(Text.assemble(("Error:", "bold red"), " ", plain(message)), soft_wrap=True)
    raise typer.Exit(code)


def library() -> Library:
    from ..library.catalog import default_library
    from ..library.errors import ContentError

    try:
        return default_library()
    except ContentError as err:
        fail(f"supple's own content is broken:\n{err}")


def own_routines() -> OwnRoutines:
    from ..library.exchange import OwnRoutines
    from ..paths import user_dir

    return OwnRoutines(user_dir(), library())


def print_json(data: Any) -> None:
    """Plain JSON on stdout, nothing else, so it can be piped."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def fmt_seconds(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"
