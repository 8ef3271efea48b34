"""How the person's profile shows on stretches: a short mark, and the alternatives."""

from __future__ import annotations

from collections.abc import Sequence

from ..library.catalog import Library
from ..library.schema import Stretch
from ..planner.needs import Condition
from ..planner.rules import Concern, default_rules
from ..profile import HEADINGS


def concerns(stretch: Stretch, conditions: Sequence[Condition]) -> list[Concern]:
    return default_rules().concerns(stretch, conditions)


def mark(stretch: Stretch, conditions: Sequence[Condition]) -> str:
    """A table cell: not advised, with the conditions; take care; or nothing."""
    found = concerns(stretch, conditions)
    avoid = sorted({c.condition.value for c in found if c.level.value == "avoid"})
    if avoid:
        return f"[bold red]{HEADINGS['avoid']}[/] ({', '.join(avoid)})"
    care = sorted({c.condition.value for c in found})
    return f"[yellow]{HEADINGS['caution']}[/] ({', '.join(care)})" if care else ""


def unsafe_for(stretch: Stretch, conditions: Sequence[Condition]) -> list[str]:
    """The conditions (of those given) this stretch must not be done with."""
    return sorted({c.condition.value for c in default_rules().unsafe(stretch, conditions)})


def alternative_names(stretch: Stretch, conditions: Sequence[Condition], lib: Library) -> str:
    alts = default_rules().alternatives(stretch.id, conditions, lib)
    return ", ".join(f"{lib.stretches[a].name} ({a})" for a in alts) or "ask your clinician"
