"""The planner: a person's time, place, body and focus -> the best routine for them."""

from __future__ import annotations

from .needs import DEFAULT_FOCUS, DOSE_SECONDS, AgeBand, Condition, Needs, Place, Profile
from .plan import NoPlan, Plan, plan
from .rules import Concern, Level, Rules, alternatives, cautions, default_rules, unsafe

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
    "plan",
    "unsafe",
]
