"""`supple profile`: the conditions and age band that planning and warnings follow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..choices import AgeBand, Condition
from ..words import plural
from .common import CONDITIONS, console, fail, library, print_json

# The planner's types (pydantic) load when the command runs: `supple --help` skips them.
if TYPE_CHECKING:
    from ..planner.needs import Profile


def profile_or_fail() -> Profile:
    from ..profile import ProfileError, load_profile

    try:
        return load_profile()
    except ProfileError as err:
        fail(str(err))


def profile_lines(p: Profile) -> list[str]:
    """What the profile says, and what it changes, in plain words."""
    from ..planner.needs import OLDER_HOLD_SECONDS
    from ..planner.rules import default_rules

    rules = default_rules()
    lib = library()
    lines = []
    if not p.conditions:
        lines.append("Conditions: none recorded.")
    for cid in p.conditions:
        cond = rules.conditions[cid]
        avoided = [s for s in lib.stretches.values() if rules.unsafe(s, [cid])]
        care = [s for s in lib.stretches.values() if rules.cautions(s, [cid])]
        care = [s for s in care if s not in avoided]
        lines.append(f"{cond.name} ({cid.value}): {cond.summary}")
        marks = []
        if avoided:
            marks.append(f"{plural(len(avoided), 'stretch')} left out of your plans and marked")
        if care:
            marks.append(f"{plural(len(care), 'stretch')} marked 'take care'")
        lines.append(f"  {'; '.join(marks) or 'No stretch is marked'}.")
    if p.age_band is AgeBand.OLDER:
        lines.append(f"Age: older adult; holds of {OLDER_HOLD_SECONDS} s (ACSM: 30-60 s).")
    else:
        lines.append("Age: adult; each stretch's own hold time.")
    return lines


def profile(
    condition: Annotated[
        list[Condition] | None,
        typer.Option(
            "--condition",
            metavar="CONDITION",
            help=f"A condition to plan around (repeat for more): {CONDITIONS}; replaces the list.",
        ),
    ] = None,
    age: Annotated[AgeBand | None, typer.Option("--age", help="adult or older.")] = None,
    floor: Annotated[
        bool | None,
        typer.Option(
            "--floor/--no-floor",
            help="--no-floor: you cannot get down to the floor (the no-floor condition).",
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Forget every condition and age.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Show or set your conditions and age band; plans and warnings follow them everywhere."""
    from rich.panel import Panel

    from ..planner.needs import Profile
    from ..profile import save_profile
    from ..safety import NOT_MEDICAL_ADVICE

    current = Profile() if clear else profile_or_fail()
    changed = clear or condition is not None or age is not None or floor is not None
    if changed:
        conditions = list(condition if condition is not None else current.conditions)
        if floor is not None:
            # The floor is a condition like the others, so every face follows it.
            conditions = [c for c in conditions if c is not Condition.NO_FLOOR]
            conditions += [] if floor else [Condition.NO_FLOOR]
        current = Profile(
            conditions=conditions,
            age_band=age if age is not None else current.age_band,
        )
        save_profile(current)
    if as_json:
        print_json(current.model_dump(mode="json"))
        return
    title = "Your profile (saved)" if changed else "Your profile"
    console.print(Panel("\n".join(profile_lines(current)), title=title, title_align="left"))
    console.print(f"[dim]{NOT_MEDICAL_ADVICE}[/]")
    if not changed:
        console.print(
            "Set it with [bold]supple profile --condition knee --age older[/]; conditions: "
            + ", ".join(c.value for c in Condition)
            + ". If you cannot get down to the floor: [bold]supple profile --no-floor[/]."
        )
