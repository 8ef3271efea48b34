"""`supple screen` and `supple start`: the red-flag questions, then a guided session."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.panel import Panel

from ..library.catalog import FIRST_ROUTINE
from ..library.exchange import all_routines, find_routine
from ..library.schema import Routine
from ..paths import user_dir
from ..safety import NOT_MEDICAL_ADVICE, ScreenResult, evaluate, is_due, may_start, questions
from ..store.peek import StartState, peek
from .common import console, fail, fmt_seconds, library, own_routines

if TYPE_CHECKING:
    from ..player.app import Trace
    from ..store import Store


def ask_screen(store: Store) -> ScreenResult:
    """Ask every red-flag question (yes/no, no default), save the answers, show the result."""
    console.print(
        Panel(
            "Before stretching on your own, a few questions about warning signs that need a "
            "clinician rather than stretching. Answer y or n.",
            title="Safety check",
            title_align="left",
        )
    )
    answers: dict[str, bool] = {}
    try:
        for q in questions():
            answers[q.id] = typer.confirm(q.question, default=None)
    except typer.Abort:
        console.print()
        # No answer (end of input, Ctrl-C): nothing is saved, and no session starts.
        fail("The safety questions were not all answered; run `supple screen` to answer them.")
    result = evaluate(answers)
    store.save_screening(answers, result.level)
    style = {"clear": "green", "doctor": "yellow", "emergency": "bold red"}[result.level]
    body = result.message
    if result.flagged:
        body += "\n\nYou answered yes to:\n" + "\n".join(f"• {q.question}" for q in result.flagged)
    console.print(Panel(body, title=result.title, title_align="left", border_style=style))
    return result


def screen() -> None:
    """Answer the red-flag questions (asked again every 30 days or after new symptoms)."""
    from ..store import open_store

    store = open_store()
    try:
        _first_run(store)
        ask_screen(store)
    finally:
        store.close()


def _first_run(store: Store) -> None:
    if store.get_meta("first_run_seen") is None:
        console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/]")
        store.set_meta("first_run_seen", datetime.now(UTC).isoformat())


def _screen_gate(store: Store) -> None:
    """Stop here unless the red-flag screen is up to date and clear."""
    last = store.last_screening()
    due_reason = store.get_meta("screen_due_reason")
    if last is not None and not is_due(last.taken_at, due_reason, datetime.now(UTC)):
        if last.result == "clear":
            return
        fail(
            f"Your last safety check ({last.taken_at:%d %b %Y}) advised care before stretching "
            "on your own. When you have been checked, run `supple screen` again."
        )
    if due_reason:
        console.print(f"[yellow]You reported {due_reason}: the safety questions come first.[/]")
    result = ask_screen(store)
    if not result.clear:
        raise typer.Exit(1)


def _ready(state: StartState | None) -> bool:
    """Seen the first-run note, and a clear screening that is not yet due again."""
    return (
        state is not None
        and "first_run_seen" in state.meta
        and may_start(
            state.last_screening_result,
            state.last_screening_at,
            state.meta.get("screen_due_reason"),
            datetime.now(UTC),
        )
    )


def _choose(routine_id: str | None, last: str | None) -> Routine:
    lib = library()
    own = own_routines()
    if routine_id is not None:
        try:
            return find_routine(lib, own, routine_id)
        except LookupError as err:
            fail(str(err))
    routines = list(all_routines(lib, own).values())
    default = next((r for r in routines if r.id == last), None) or lib.routines[FIRST_ROUTINE]
    if not sys.stdin.isatty():
        return default
    console.print("[bold]Which routine?[/]")
    for i, r in enumerate(routines, 1):
        total = fmt_seconds(sum(s.work_seconds for s in r.steps))
        mark = "  [green](last time)[/]" if r.id == last else ""
        console.print(f"  {i}. {r.title} [dim]({r.id}, {total} of stretching)[/]{mark}")
    pick = typer.prompt("Number, or Enter for the first suggestion", default=default.id)
    if pick.isdigit() and 1 <= int(pick) <= len(routines):
        return routines[int(pick) - 1]
    try:
        return find_routine(lib, own, pick)
    except LookupError as err:
        fail(str(err))


def _tracer(path: str | None) -> Trace | None:
    """SUPPLE_TRACE=file: timing events as JSON lines, for the benchmark."""
    if not path:
        return None
    out = Path(path).open("a", encoding="utf-8")  # kept open for the whole session

    def trace(event: str, data: dict[str, object]) -> None:
        out.write(json.dumps({"event": event, "t": time.monotonic(), **data}) + "\n")
        out.flush()

    return trace


def start(
    routine_id: Annotated[str | None, typer.Argument(metavar="[ROUTINE_ID]")] = None,
    speed: Annotated[
        float, typer.Option(min=0.1, max=100, help="Run the clock N times faster.")
    ] = 1.0,
    warmup: Annotated[
        bool, typer.Option(help="Begin with a minute of marching on the spot.")
    ] = True,
    lead_in: Annotated[int, typer.Option(min=0, max=60, help="Seconds to get ready.")] = 5,
    rest: Annotated[
        int, typer.Option(min=0, max=300, help="Seconds of rest between stretches.")
    ] = 0,
    voice: Annotated[bool, typer.Option(help="Speak the cues (needs espeak-ng).")] = False,
) -> None:
    """Start a guided session: supple talks you through a routine, hands-free."""
    from ..player.app import PlayerApp  # Textual loads only for a session
    from ..player.engine import ScaledClock
    from ..player.voice import Speaker
    from ..timeline import Options, build_timeline

    home = user_dir()
    state = peek(home)
    if not _ready(state):
        # First run, or the safety questions are due: the full store, and questions.
        from ..store import open_store

        with open_store(home) as store:
            _first_run(store)
            _screen_gate(store)
        state = peek(home)
    routine = _choose(routine_id, state.meta.get("last_routine") if state else None)
    options = Options(warmup=warmup, lead_in_seconds=lead_in, rest_seconds=rest)
    timeline = build_timeline(routine, library(), options)
    speaker = Speaker(enabled=voice)
    if msg := speaker.missing_message():
        console.print(f"[yellow]{msg}[/]")

    def open_store_now() -> Store:
        from ..store import open_store

        return open_store(home)

    app = PlayerApp(
        timeline,
        open_store_now,
        clock=ScaledClock(speed),
        speaker=speaker,
        trace=_tracer(os.environ.get("SUPPLE_TRACE")),
    )
    try:
        status = app.run()
        due = app.store.get_meta("screen_due_reason") if status else None
    finally:
        app.close_store()
    if status is not None:
        console.print(app.summary(status))
    if due:
        console.print(
            f"[yellow]You reported {due}. Please answer the safety questions again now: "
            "supple screen[/]"
        )
