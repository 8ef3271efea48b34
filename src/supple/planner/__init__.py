"""The planner: a person's time, place, body and focus -> the best routine for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .needs import DEFAULT_FOCUS, DOSE_SECONDS, AgeBand, Condition, Needs, Place, Profile

if TYPE_CHECKING:
    from .plan import NoPlan, Plan
    from .rules import Concern, Level, Rules, alternatives, cautions, default_rules, unsafe

# The search and the rules load on first use: every command imports the needs (Typer reads
# their types), but only planning pays for the rest, and `supple start` stays quick.
_LAZY = {
    # `plan` itself is imported from .plan: the submodule of that name would shadow it here.
    **dict.fromkeys(("NoPlan", "Plan"), ".plan"),
    **dict.fromkeys(
        ("Concern", "Level", "Rules", "alternatives", "cautions", "default_rules", "unsafe"),
        ".rules",
    ),
}

__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "DEFAULT_FOCUS",
    "DOSE_SECONDS",
    "AgeBand",
    "Concern",
    "Condition",
    "Level",
    "Needs",
    "NoPlan",
    "Place",
    "Plan",
    "Profile",
    "Rules",
    "alternatives",
    "cautions",
    "default_rules",
    "unsafe",
]
