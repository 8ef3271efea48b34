"""`supple screen` and `supple start`: the red-flag questions, then a guided session."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.panel import Panel
from rich.text import Text

from .common import console, err_console, fail, library, own_routines, shown

# The command's own dependencies (the library, the services, Textual) load inside the
# functions that use them, when the command runs: `supple --help` does not pay for them.
if TYPE_CHECKING:
    from ..library.schema import Routine
    from ..player.app import Trace
    from ..safety import ScreenResult
    from ..safety.gate import Standing
    from ..store.db import Store
    from ..store.peek import StartState


def yes_or_no(question: str) -> bool:
    """Ask until the answer is y or n; end of input or Ctrl-C raises typer.Abort.

    The question is printed by Rich, which wraps it at word boundaries to the terminal's
    width; the prompt itself stays one short line.
    """
    console.print()
    console.print(Text(question))
    while True:
        answer = typer.prompt("[y/n]", default="", show_default=False).strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        console.print(Text("Please type y for yes or n for no, then press Enter."))


def ask_screen(store: Store) -> tuple[ScreenResult, Standing]:
    """Ask the red-flag questions (yes/no, no default), save the answers, show the result.

    A yes to an emergency question ends the questions there. After a see-a-doctor yes, one
    more: has a doctor or physiotherapist checked it since it began?
    """
    from ..safety import CLINICIAN_CHECKED, clinician_check, questions
    from ..services.safety import answer_screen

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
        asked = questions()
        for n, q in enumerate(asked, 1):
            answers[q.id] = yes_or_no(f"{n} of {len(asked)}. {q.question}")
            if answers[q.id] and q.level == "emergency":
                break  # nothing else matters now: where to get help comes straight away
        else:
            if any(answers[q.id] for q in questions() if q.level == "doctor"):
                answers[CLINICIAN_CHECKED] = yes_or_no(clinician_check().question)
    except typer.Abort:
        console.print()
        # No answer (end of input, Ctrl-C): nothing is saved, and no session starts.
        fail("The safety questions were not all answered; run `supple screen` to answer them.")
    result, standing = answer_screen(store, answers)
    style = (
        "bold red" if result.level == "emergency" else "green" if standing.may_start else "yellow"
    )
    body = result.message
    if result.flagged:
        body += "\n\nYou answered yes to:\n" + "\n".join(f"• {q.question}" for q in result.flagged)
    console.print(Panel(body, title=result.title, title_align="left", border_style=style))
    return result, standing


def screen() -> None:
    """Answer the red-flag questions (asked again every 30 days or after new symptoms)."""
    from ..store.db import open_store

    with open_store() as store:
        _first_run(store)
        ask_screen(store)


def _first_run(store: Store) -> None:
    from ..safety import NOT_MEDICAL_ADVICE
    from ..store.meta import FIRST_RUN_SEEN

    if store.get_meta(FIRST_RUN_SEEN) is None:
        console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/]")
        store.set_meta(FIRST_RUN_SEEN, datetime.now(UTC).isoformat())


def _refuse(reason: str | None, care: str | None) -> NoReturn:
    """No session today: why, and where to get care (what POST /api/sessions says too)."""
    err_console.print(f"[bold]{shown(reason or 'The safety questions come first.')}[/]")
    if care:
        err_console.print(shown(care))
    raise typer.Exit(1)


def _gate(store: Store) -> str | None:
    """Stop here unless a session may start: ask the questions when they are due.

    The all-clear's words when the questions were just answered (the picker says them
    first, as its full screen hides what was printed before); None when nothing was asked.
    """
    from ..services.safety import standing

    found = standing(store)
    if found.may_start:
        return None
    if found.level == "emergency" or not found.due:
        # The last answers said to get urgent help (that always stops a session, in the
        # same words), or to see a doctor, and nothing is due.
        _refuse(found.reason, found.care)
    if found.last_result is not None and found.reason:
        console.print(f"[yellow]{shown(found.reason)}[/]")
    result, found = ask_screen(store)
    if not found.may_start:
        raise typer.Exit(1)
    return f"{result.title}: {result.message}"


def _choose(routine_id: str | None, last: str | None, note: str | None = None) -> Routine:
    from ..library.catalog import FIRST_ROUTINE
    from ..library.exchange import all_routines
    from ..services import sessions
    from ..services.errors import NotFound
    from ..words import duration

    lib = library()
    own = own_routines()
    if routine_id is not None:
        try:
            return sessions.routine_of(lib, own, routine_id)
        except NotFound as err:
            fail(str(err))
    routines = list(all_routines(lib, own).values())
    default = next((r for r in routines if r.id == last), None) or lib.routines[FIRST_ROUTINE]
    if not sys.stdin.isatty():
        return default
    from ..player.picker import Choice, RoutinePicker  # Textual: it is loading anyway

    choices = [
        Choice(
            r.id,
            r.title,
            duration(sum(s.work_seconds for s in r.steps)),
            last=r.id == last,
        )
        for r in routines
    ]
    suggested = routines.index(default) if default in routines else 0
    picked = RoutinePicker(choices, suggested, note=note).run()
    if picked is None:
        fail("No routine was chosen; nothing was started.")
    try:
        return sessions.routine_of(lib, own, picked)
    except NotFound as err:
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


def _weekly_pain_week(state: StartState | None) -> date | None:
    """This week's Monday, if its usual pain is still to be asked (services/progress.py)."""
    from ..progress import week_start, weekly_pain_due
    from ..store.meta import WEEKLY_PAIN_SKIPPED

    this_week = week_start(date.today())
    if state is None:
        return this_week
    skipped = state.meta.get(WEEKLY_PAIN_SKIPPED)
    try:
        skipped_week = date.fromisoformat(skipped) if skipped else None
    except ValueError:
        skipped_week = None
    return this_week if weekly_pain_due(this_week, state.last_weekly_pain, skipped_week) else None


def _psfs_due(state: StartState) -> bool:
    from ..progress import local_date, psfs_due

    last = state.last_psfs_at
    return psfs_due(local_date(last) if last else None, date.today())


def start(
    routine_id: Annotated[str | None, typer.Argument(metavar="[ROUTINE_ID]")] = None,
    speed: Annotated[
        float,
        typer.Option(
            min=0.1,
            max=100,
            help="Run the clock N times faster (above 1: a demonstration, not counted).",
        ),
    ] = 1.0,
    warmup: Annotated[
        bool | None,
        typer.Option(
            help="Begin with marching on the spot (default: the routine's own; 2 minutes "
            "where its article asks for a warm-up, else 1).",
            show_default=False,
        ),
    ] = None,
    warmup_seconds: Annotated[
        int | None,
        typer.Option(min=30, max=300, help="Seconds of warm-up (default: the routine's own)."),
    ] = None,
    lead_in: Annotated[
        int | None,
        typer.Option(min=0, max=60, help="Seconds to get ready (default: the routine's, or 5)."),
    ] = None,
    rest: Annotated[
        int | None,
        typer.Option(
            min=0, max=300, help="Seconds of rest between stretches (default: the routine's, or 0)."
        ),
    ] = None,
    rounds: Annotated[
        int,
        typer.Option(
            min=1,
            max=3,
            help="Do each stretch 1, 2 or 3 times, with a short rest between "
            "(ACSM: 2-4 rounds, about 60 s per muscle).",
        ),
    ] = 1,
    older_holds: Annotated[
        bool,
        typer.Option(
            "--older-holds",
            help="Hold each stretch at least 45 s (ACSM, for older adults: 30-60 s).",
        ),
    ] = False,
    voice: Annotated[bool, typer.Option(help="Speak the cues (needs espeak-ng).")] = False,
) -> None:
    """Start a guided session: supple talks you through a routine, hands-free."""
    from ..paths import user_dir
    from ..player.app import PlayerApp  # Textual loads only for a session
    from ..player.engine import ScaledClock
    from ..player.voice import Speaker
    from ..services import sessions
    from ..services.errors import Invalid
    from ..services.person import person_of_state, standing_of_state
    from ..store.meta import FIRST_RUN_SEEN, LAST_ROUTINE, SCREEN_DUE_REASON
    from ..store.peek import peek

    home = user_dir()
    # The quick look (sqlite3 only): a person who may start sees the player without
    # waiting for SQLAlchemy, which the player loads after its first frame.
    state = peek(home)
    if state is None or FIRST_RUN_SEEN not in state.meta or not standing_of_state(state).may_start:
        # First run, the questions due, or the last answers said not to: the full store.
        from ..store.db import open_store

        with open_store(home) as store:
            _first_run(store)
            cleared = _gate(store)
        state = peek(home)
    else:
        cleared = None
    routine = _choose(routine_id, state.meta.get(LAST_ROUTINE) if state else None, cleared)
    try:
        options = sessions.chosen_options(
            routine,
            warmup=warmup,
            warmup_seconds=warmup_seconds,
            lead_in=lead_in,
            rest=rest,
            rounds=rounds,
            older_holds=older_holds,
        )
    except Invalid as err:
        fail(str(err))
    timeline = sessions.prepare(library(), routine, options, person_of_state(state))
    if speed > sessions.REAL_TIME:
        console.print(
            f"[yellow]At {speed:g}x speed this is a demonstration: not counted in your "
            "streak or minutes.[/]"
        )
    speaker = Speaker(enabled=voice)  # the player says if espeak-ng is missing

    def open_store_now() -> Store:
        from ..store.db import open_store

        return open_store(home)

    app = PlayerApp(
        timeline,
        open_store_now,
        clock=ScaledClock(speed),
        speaker=speaker,
        trace=_tracer(os.environ.get("SUPPLE_TRACE")),
        # A demonstration is a try-out: it does not ask about the person's week.
        weekly_pain=_weekly_pain_week(state) if speed <= sessions.REAL_TIME else None,
    )
    status = app.run()
    if app.refused is not None:
        _refuse(app.refused.reason, app.refused.care)
    if status is not None:
        console.print(shown("\n".join(app.summary_lines())))
    after = peek(home)
    due = after.meta.get(SCREEN_DUE_REASON) if after and status else None
    if due:
        console.print(
            f"[yellow]You reported {shown(due)}. Please answer the safety questions again "
            "now: supple screen[/]"
        )
    if status and after is not None and _psfs_due(after):
        console.print(
            "Time to rate your activities (the Patient-Specific Functional Scale, every two "
            "weeks): [bold]supple progress psfs[/]"
        )
    if app.recorder.errors:
        raise typer.Exit(1)
