"""`supple data`: everything supple keeps about you, exported, imported or erased."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from ..paths import FILE_MODE, user_dir
from .common import console, fail, own_routines

data_app = typer.Typer(
    help="Your data: export it all to a file, import it into a new home, or erase it all.",
    no_args_is_help=True,
)

STDIO = Path("-")
FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="A JSON file.")]


def _say(*parts: str | tuple[str, str]) -> None:
    # Paths and counts as plain text: a folder named "[dim]" is shown, never obeyed.
    console.print(Text.assemble(*parts), soft_wrap=True)


@data_app.command("export")
def export(
    file: FileArg,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Write everything supple keeps about you to FILE, as JSON.

    Sessions and their phases, pain, what hurt, screenings, profile, flags, settings and your
    own routines, as one versioned document. FILE - writes to stdout.
    """
    from ..services.data import export as export_data
    from ..services.data import summary
    from ..store.db import open_store

    with open_store(user_dir()) as store:
        doc = export_data(store, own_routines())
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if not write_out(file, text, force):
        return
    _say("Exported ", summary(doc).words(), " to ", (str(file), "bold"), ".")
    console.print("It holds health records: keep it somewhere only you can read.")
    for problem in doc["left_out"]:
        _say(("Left out", "yellow"), f" (cannot be read): {problem}")


def write_out(file: Path, text: str, force: bool) -> bool:
    """A health-record file written whole, 0600, never over one already there unless forced;
    - prints it instead. Whether a file was written (False: it went to stdout)."""
    if file == STDIO:
        typer.echo(text, nl=False)
        return False
    if file.exists() and not force:
        fail(f"{file} exists already; add --force to overwrite it")
    _write_private(file, text)
    return True


def _write_private(file: Path, text: str) -> None:
    """Write text to file, 0600 (it is health data), whole or not at all."""
    folder = file.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{file.name}.", suffix=".tmp")
    except OSError as err:
        fail(f"cannot write in {folder}: {err.strerror}")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:  # mkstemp makes it 0600
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, file)
        with contextlib.suppress(OSError):
            file.chmod(FILE_MODE)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        fail(f"cannot write {file}: {err.strerror}")


@data_app.command("import")
def import_(file: FileArg) -> None:
    """Restore an export into this home, which must be empty.

    For a new computer, or a new SUPPLE_HOME: supple must hold nothing there yet. FILE -
    reads stdin.
    """
    from ..services.data import import_into, read_document
    from ..services.errors import Conflict, Invalid
    from ..store.db import open_store

    data = _read(file)
    try:
        doc = read_document(data)
    except Invalid as err:
        fail(f"{file} cannot be imported: {_first(err.problems)}")
    with open_store(user_dir()) as store:
        try:
            done = import_into(store, own_routines(), doc)
        except Invalid as err:
            fail(f"{file} cannot be imported: {_first(err.problems)}")
        except Conflict as err:
            fail(str(err))
    _say("Imported ", done.words(), " from ", (str(file), "bold"), ".")


def _read(file: Path) -> Any:
    from ..services.data_doc import finite_json

    try:
        raw = sys.stdin.buffer.read() if file == STDIO else file.read_bytes()
    except OSError as err:
        fail(f"cannot read {file}: {err.strerror}")
    try:
        return finite_json(raw)
    except ValueError as err:  # json.JSONDecodeError is one, and so is a bad encoding
        fail(f"{file} is not JSON: {err}")


def _first(problems: list[str], shown: int = 5) -> str:
    more = len(problems) - shown
    return "; ".join(problems[:shown]) + (f"; and {more} more" if more > 0 else "")


@data_app.command("erase")
def erase(
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking first.")] = False,
) -> None:
    """Remove everything supple keeps about you (asks first).

    The database, your own routines and anything else supple wrote in its folder; files of
    yours there are left.
    """
    from ..services.data import erase as erase_home
    from ..services.data import server_running, supple_files

    home = user_dir()
    pid = server_running(home)
    if pid is not None:
        fail(
            f"supple serve is using this data (process {pid}): stop it first, or erase "
            "from its Data page"
        )
    present = supple_files(home)
    if not present:
        _say("Nothing to erase: ", (str(home), "bold"), " holds nothing of supple's.")
        return
    if not yes:
        if not sys.stdin.isatty():
            fail("erase asks first, and there is no terminal to ask in: add --yes to erase")
        _say("This removes, from ", (str(home), "bold"), ": ", ", ".join(present), ".")
        if not typer.confirm(
            "Erase everything supple keeps about you? This cannot be undone", default=False
        ):
            console.print("Nothing was erased.")
            raise typer.Exit(1)
    try:
        removed = erase_home(home)
    except OSError as err:
        fail(f"cannot remove {err.filename or home}: {err.strerror}")
    _say("Erased ", ", ".join(removed), " from ", (str(home), "bold"), ".")
