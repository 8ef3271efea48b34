"""The planner: a person's time, place, body and focus -> the best routine for them.

needs.py is light (every command reads its types); import the search from planner.plan and
the condition rules from planner.rules where they are used.
"""

from __future__ import annotations

from .needs import DEFAULT_FOCUS, DOSE_SECONDS, AgeBand, Condition, Needs, Place, Profile

__all__ = [
    "DEFAULT_FOCUS",
    "DOSE_SECONDS",
    "AgeBand",
    "Condition",
    "Needs",
    "Place",
    "Profile",
]
