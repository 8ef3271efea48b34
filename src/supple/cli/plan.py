"""`supple plan`: a routine made for your time, place, body and focus."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from ..library.exchange import RoutineExists, to_exchange
from ..library.schema import Routine
from ..library.vocab import TARGET_LABELS, Target
from ..paths import user_dir
from ..planner.needs import DEFAULT_FOCUS, AgeBand, Condition, Needs, Place, today_seed
from ..safety import NOT_MEDICAL_ADVICE

if TYPE_CHECKING:
    from ..planner.plan import Plan

from .common import console, fail, fmt_seconds, library, own_routines, print_json
from .profile import profile_or_fail
from .routines import steps_table


def history_for_plan() -> tuple[dict[str, int], dict[str, str]]:
    """Days since each stretch was last done (this week), and stretches flagged as hurting."""
    home = user_dir()
    if not (home / "supple.db").exists():
        return {}, {}
    from ..planner.plan import RECENT_DAYS
    from ..store import open_store  # SQLAlchemy only when there is history to read

    today = date.today()
    recent: dict[str, int] = {}
    with open_store(home) as store:
        for session in store.sessions(limit=200):
            days = (today - session.started_at.astimezone().date()).days
            if days >= RECENT_DAYS:
                break  # newest first: the rest are older
            for phase in session.phases:
                if phase.stretch_id and phase.kind in ("hold", "mobilize"):
                    recent[phase.stretch_id] = min(days, recent.get(phase.stretch_id, days))
        flags = {sid: f.reason for sid, f in store.flags().items()}
    return recent, flags


def _needs_or_fail(**fields: object) -> Needs:
    try:
        return Needs.model_validate(fields)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        name = str(first["loc"][0]) if first["loc"] else "needs"
        fail(f"--{name}: {first['msg'].removeprefix('Value error, ')}")


def _changes(n: int) -> str:
    return "no change of position" if n == 0 else f"{n} change{'s' if n > 1 else ''} of position"


def _summary(result: Plan, needs: Needs) -> None:
    lib = library()
    used = fmt_seconds(int(result.total_seconds))
    console.print(
        f"[bold]Takes {used}[/] of your {needs.minutes} min, with the warm-up, lead-ins, "
        f"switches and {_changes(result.position_changes)}."
    )
    for target, seconds in result.coverage.items():
        label = TARGET_LABELS[Target(target)]
        if seconds >= result.dose_seconds:
            console.print(f"  [green]✓[/] {label}: {seconds} s (dose {result.dose_seconds} s)")
        elif target in result.unreachable:
            console.print(f"  [red]✗[/] {label}: nothing safe for it here")
        else:
            console.print(f"  [yellow]•[/] {label}: {seconds} s; more time would reach the dose")
    if result.total_seconds < result.budget_seconds - 60 and not result.short:
        console.print(
            "[dim]Every focus area has its full dose (ACSM: about 60 s in all per muscle); "
            "add areas with --focus for a longer routine.[/]"
        )
    for sid, found in result.cautions.items():
        for c in found:
            console.print(f"[yellow]Take care[/] with {lib.stretches[sid].name}: {c.reason}")


def plan(
    minutes: Annotated[int, typer.Option(min=2, max=60, help="How long you have, 2 to 60.")] = 10,
    focus: Annotated[
        str | None,
        typer.Option(help="Targets or areas, comma-separated (default: lower back and hips)."),
    ] = None,
    place: Annotated[
        Place, typer.Option(help="anywhere, no-floor (standing, chair, wall) or desk.")
    ] = Place.ANYWHERE,
    condition: Annotated[
        list[Condition] | None,
        typer.Option("--condition", help="Plan around it (repeat); default: your profile's."),
    ] = None,
    age: Annotated[
        AgeBand | None, typer.Option("--age", help="adult or older; default: your profile's.")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="Same seed, same routine (default: today's date).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the exchange format plus total_seconds.")
    ] = False,
    save: Annotated[
        str | None, typer.Option("--save", metavar="ID", help="Keep it as your routine ID.")
    ] = None,
    replace: Annotated[bool, typer.Option(help="With --save, overwrite your routine ID.")] = False,
    start: Annotated[bool, typer.Option("--start", help="Start a guided session of it.")] = False,
) -> None:
    """Plan a routine for your time, place and focus, safe for the conditions you have."""
    saved = profile_or_fail() if condition is None or age is None else None
    conditions = condition if condition is not None else (saved.conditions if saved else [])
    needs = _needs_or_fail(
        minutes=minutes,
        focus=[f for f in focus.split(",") if f.strip()] if focus else list(DEFAULT_FOCUS),
        place=place,
        conditions=conditions,
        age_band=age if age is not None else (saved.age_band if saved else AgeBand.ADULT),
        seed=seed if seed is not None else today_seed(),
        exclude=[],
    )
    recent, flags = history_for_plan()
    needs = needs.model_copy(update={"exclude": sorted(flags)})
    # The search loads only when a plan is asked for: the other commands start quicker.
    from ..planner.plan import NoPlan
    from ..planner.plan import plan as make_plan

    lib = library()
    try:
        result = make_plan(needs, lib, recent=recent)
    except NoPlan as err:
        fail(f"no plan: {err}")
    routine = result.routine
    if save is not None:
        routine = _renamed(routine, save)
    if save is not None or start:
        try:
            # A generated id names its content, so saving it again changes nothing.
            own_routines().save(routine, replace=replace or save is None)
        except RoutineExists as err:
            fail(str(err))
    if as_json:
        print_json({**to_exchange(routine), "total_seconds": result.total_seconds})
    else:
        console.print(steps_table(routine, lib, needs.conditions))
        _summary(result, needs)
        if flags:
            names = ", ".join(lib.stretches[s].name for s in flags if s in lib.stretches)
            console.print(f"[dim]Left out because they hurt before: {names}[/]")
        if saved and condition is not None and set(saved.conditions) - set(condition):
            console.print(
                "[yellow]Your profile lists other conditions too; only --condition was used.[/]"
            )
        if needs.conditions:
            console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/]")
        if save is not None or start:
            console.print(f"Kept as your routine [cyan]{routine.id}[/].")
        else:
            console.print("[dim]Keep it with --save ID, or play it now with --start.[/]")
    if start:
        from .session import start as start_session

        start_session(routine_id=routine.id)


def _renamed(routine: Routine, new_id: str) -> Routine:
    try:
        return Routine.model_validate({**to_exchange(routine), "id": new_id})
    except ValidationError:
        fail(f"--save: {new_id!r} is not an id: use lowercase words joined by hyphens")
