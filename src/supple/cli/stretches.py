"""`supple stretches`, `supple stretch ID` and `supple advice`: browsing the library."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..library.vocab import (
    POSITION_WORDS,
    TARGET_LABELS,
    Equipment,
    Position,
    Target,
    area_names,
    expand_area,
)
from .common import console, fail, fmt_seconds, library, print_json, shown
from .profile import profile_or_fail

# The library's models and the planner's rules load when a command runs.
if TYPE_CHECKING:
    from ..library.present import ConditionNote
    from ..library.schema import Stretch
    from ..planner.needs import Condition

# From this width the list has a column for the position, and from the next the stretch's
# id beside its name rather than under it.
POSITION_FROM = 100
ID_BESIDE_FROM = 130


def _hold_text(s: Stretch) -> str:
    text = fmt_seconds(s.hold.seconds)
    if s.kind.value == "mobilizer":
        text += " moving"
    if s.per_side:
        text += " per side"
    return text


def stretches(
    area: Annotated[
        str | None, typer.Option(help="A target (e.g. hip-flexors) or an area: back, hips, thighs.")
    ] = None,
    position: Annotated[Position | None, typer.Option(help="Only stretches done in it.")] = None,
    equipment: Annotated[Equipment | None, typer.Option(help="Only stretches using it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List the stretch library, optionally filtered."""
    from ..library.errors import unknown
    from ..library.present import stretch_summary
    from .marks import mark, unsafe_for

    targets = None
    if area is not None:
        try:
            targets = expand_area(area)
        except ValueError:
            fail(f"--area: {unknown('area', area, area_names())}")
    found = library().find(targets, position, equipment)
    conditions = profile_or_fail().conditions
    if as_json:
        print_json([{**stretch_summary(s), "unsafe_for": unsafe_for(s, conditions)} for s in found])
        return
    if not found:
        console.print("No stretch matches those filters.")
        return
    width = console.width
    table = Table(
        title=f"{len(found)} stretches", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1)
    )
    # Never narrower than the longest id under a name: an id cut short cannot be typed.
    ids = max(len(s.id) for s in found)
    table.add_column("stretch", ratio=3, min_width=ids if width < ID_BESIDE_FROM else None)
    if width >= ID_BESIDE_FROM:
        table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("hold", no_wrap=True)
    if width >= POSITION_FROM:
        table.add_column("position", ratio=2)
    table.add_column("works on", ratio=3)
    # What the profile says of each stretch: its own column, or under the id when narrow.
    for_you_column = bool(conditions) and width >= ID_BESIDE_FROM
    if for_you_column:
        table.add_column("for you", ratio=2)
    for s in found:
        name = Text(s.name, style="bold")
        row: list[Any] = [name]
        if width >= ID_BESIDE_FROM:
            row.append(s.id)
        else:  # the id, to type in `supple stretch ID`, under the name
            name.append(f"\n{s.id}", style="not bold cyan")
        row.append(_hold_text(s))
        if width >= POSITION_FROM:
            row.append(", ".join(POSITION_WORDS[p] for p in s.positions))
        row.append(", ".join(t.value.replace("-", " ") for t in s.targets))
        said = mark(s, conditions) if conditions else ""
        if for_you_column:
            row.append(said)
        elif said:
            name.append("\n").append(Text.from_markup(said, style="not bold"))
        table.add_row(*row)
    console.print(table)
    console.print("Show one with [bold]supple stretch ID[/].")
    if conditions:
        console.print("[dim]'for you' follows your profile (supple profile).[/]")


def _bullets(lines: list[str]) -> Text:
    return Text("\n".join(f"• {line}" for line in lines))


def _condition_grid(notes: list[ConditionNote], for_you: bool = False) -> Table:
    """One bullet per condition: why, what instead, and the source, as conditions.yaml says."""
    from ..library.present import LEVEL_HEADINGS

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for n in notes:
        line = Text()
        if for_you:  # the panel holds both levels: each line says its own
            line.append(f"{LEVEL_HEADINGS[n.level]} ", style="bold")
        line.append(n.name, style="bold")
        if n.yours and not for_you:
            line.append(" (in your profile)", style="dim")
        line.append(f": {n.text}")
        if n.alternatives:
            word = "Instead" if n.level == "avoid" else "Or instead"
            names = ", ".join(f"{name} ({sid})" for sid, name in n.alternatives)
            line.append(f"\n{word}: {names}.")
        line.append(f"\nSource: {'; '.join(n.sources)}", style="dim")
        grid.add_row("•", line)
    return grid


def _condition_lines(notes: list[ConditionNote]) -> Group:
    """The card's condition section, as conditions.yaml says it: never in the card's words."""
    from ..library.present import LEVEL_HEADINGS

    parts: list[Any] = []
    for level in ("avoid", "caution"):
        found = [n for n in notes if n.level == level]
        if not found:
            continue
        if parts:
            parts.append(Text())
        head = Text(f"{LEVEL_HEADINGS[level]}: ", style="bold")
        parts.append(head.append(", ".join(n.name for n in found), style="not bold"))
        parts.append(_condition_grid(found))
    return Group(*parts)


def for_you_panel(notes: list[ConditionNote]) -> Panel | None:
    """The conditions of the person's profile that touch this stretch, above the card."""
    from ..profile import HEADINGS

    mine = [n for n in notes if n.yours]
    if not mine:
        return None
    avoid = any(n.level == "avoid" for n in mine)
    return Panel(
        _condition_grid(mine, for_you=True),
        title=HEADINGS["avoid" if avoid else "caution"],
        title_align="left",
        border_style="red" if avoid else "yellow",
    )


def stretch_card(s: Stretch, conditions: list[Condition] | None = None) -> list[Any]:
    """The whole card of a stretch as Rich renderables; conditions: the person's profile."""
    from ..library.present import FEEL_HEADING, STOP_HEADING, card_notes, condition_notes
    from ..library.schema import Origin

    lib = library()
    notes = card_notes(s)
    head = Text()
    head.append(f"{s.summary}\n\n")
    if s.aliases:
        head.append("Also called: ", style="bold").append(", ".join(s.aliases) + "\n")
    head.append("Kind: ", style="bold").append(s.kind.value + "\n")
    head.append("Position: ", style="bold").append(
        ", ".join(POSITION_WORDS[p] for p in s.positions) + "\n"
    )
    head.append("Equipment: ", style="bold").append(
        ", ".join(e.value for e in s.equipment) or "none"
    )
    head.append("\nHold: ", style="bold").append(_hold_text(s))
    if s.hold.range:
        head.append(f" (the article gives {s.hold.range[0]}-{s.hold.range[1]} s)")
    if s.hold.basis.value == "default":
        head.append(f"\n  default, not from the article: {s.hold.guideline}", style="dim")
    head.append("\nTargets: ", style="bold").append(
        ", ".join(TARGET_LABELS[Target(t)] for t in s.targets)
    )
    if notes.article_note:
        head.append(f"\n  {notes.article_note}", style="dim")
    if notes.feel:
        head.append(f"\n{FEEL_HEADING}: ", style="bold").append(notes.feel)
    if notes.stop_if:
        head.append(f"\n{STOP_HEADING}: ", style="bold").append(notes.stop_if)
    parts: list[Any] = [Panel(head, title=f"[bold]{s.name}[/]  [dim]{s.id}[/]", title_align="left")]
    steps = Text("\n".join(f"{i}. {line}" for i, line in enumerate(s.steps, 1)))
    if notes.steps_note:
        steps.append(f"\n{notes.steps_note}", style="dim")
    parts.append(Panel(steps, title="How to do it", title_align="left"))
    if s.mobilizer:
        moves = Text(
            "\n".join(f"• {p.name}: {p.cue}" for p in s.mobilizer.positions)
            + f"\nAbout {s.mobilizer.seconds_per_position} s in each position."
        )
        parts.append(Panel(moves, title="Moving through", title_align="left"))
    parts.append(Panel(_bullets(s.breathing), title="Breathing", title_align="left"))
    parts.append(Panel(_bullets(s.form_cues), title="Form", title_align="left"))
    if s.cautions:
        parts.append(
            Panel(_bullets(s.cautions), title="Cautions", title_align="left", border_style="yellow")
        )
    found = condition_notes(s, lib, mine=conditions or [])
    if found:
        parts.append(
            Panel(_condition_lines(found), title="If you have a condition", title_align="left")
        )
    if s.modifications:
        mods = [f"{m.kind.value.capitalize()}: {m.text}" for m in s.modifications]
        parts.append(Panel(_bullets(mods), title="Make it easier or harder", title_align="left"))
    tail = Text()
    if s.variants:
        names = [f"{lib.stretches[v].name} ({v})" for v in s.variants]
        tail.append("Variants: ", style="bold").append(", ".join(names) + "\n")
    if s.origin is Origin.SUPPLE:
        tail.append("From: ", style="bold").append(f"supple's own. {s.basis}")
    else:
        credits = "; ".join(lib.articles[a].credit for a in s.sources)
        tail.append("From: ", style="bold").append(credits)
    parts.append(tail)
    return parts


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"


def stretch(
    stretch_id: Annotated[str, typer.Argument(metavar="ID", help="A stretch id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole entry as JSON.")] = False,
    figure: Annotated[
        Path | None, typer.Option("--figure", help="Write its picture to this SVG file.")
    ] = None,
    side: Annotated[Side, typer.Option(help="Which side the picture shows.")] = Side.LEFT,
) -> None:
    """Show one stretch's whole card: steps, cues, cautions, modifications, sources."""
    from ..library.present import card_notes, condition_notes
    from .marks import unsafe_for

    try:
        s = library().stretch(stretch_id)
    except LookupError as err:
        fail(str(err))
    if figure is not None:
        from ..figures.render import render

        try:
            figure.write_text(render(s, side.value, animate=True), encoding="utf-8")
        except (LookupError, OSError) as err:
            fail(f"--figure {figure}: {err}")
        console.print(f"Wrote the {side.value} side of {shown(s.name)} to {shown(str(figure))}")
        return
    conditions = profile_or_fail().conditions
    lib = library()
    if as_json:
        print_json(
            {
                **s.model_dump(mode="json"),
                "unsafe_for": unsafe_for(s, conditions),
                **card_notes(s).to_json(),
                "conditions": [n.to_json() for n in condition_notes(s, lib, mine=conditions)],
            }
        )
        return
    warning = for_you_panel(condition_notes(s, lib, mine=conditions))
    if warning is not None:
        console.print(warning)
    for part in stretch_card(s, conditions):
        console.print(part)


def advice(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """The articles' advice: safe-stretching rules, how often, safety, posture."""
    lib = library()
    if as_json:
        print_json([a.model_dump(mode="json") for a in lib.advice])
        return
    headings = {
        "rule": "Stretching safely",
        "frequency": "How often",
        "safety": "When to ask a clinician",
        "posture": "Sitting, posture and staying active",
    }
    for kind, heading in headings.items():
        console.print(f"\n[bold underline]{heading}[/]")
        for a in lib.advice:
            if a.kind == kind:
                credit = "; ".join(lib.articles[s].short_credit for s in a.sources)
                console.print(f"[bold]{a.title}.[/] {a.text} [dim]({credit})[/]")
