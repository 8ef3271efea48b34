"""What happened: sessions, phases, pain, hurts and flags, screenings; SQLite by default."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes
from .revision import HEAD

if TYPE_CHECKING:
    from .db import Store, UnknownSession, make_engine, migrate, open_store
    from .models import (
        END_STATUSES,
        HURT_REASONS,
        OUTCOMES,
        PHASE_KINDS,
        SCREENING_RESULTS,
        SIDES,
        FlagRecord,
        PhaseRecord,
        ScreeningRecord,
        SessionRecord,
    )

# Loaded on first use: importing SQLAlchemy costs ~150 ms that `supple start` defers until
# after the player's first frame (see peek.py).
_LAZY = {
    **dict.fromkeys(("Store", "UnknownSession", "make_engine", "migrate", "open_store"), ".db"),
    **dict.fromkeys(
        (
            "END_STATUSES",
            "HURT_REASONS",
            "OUTCOMES",
            "PHASE_KINDS",
            "SCREENING_RESULTS",
            "SIDES",
            "FlagRecord",
            "PhaseRecord",
            "ScreeningRecord",
            "SessionRecord",
        ),
        ".models",
    ),
}

__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "END_STATUSES",
    "HEAD",
    "HURT_REASONS",
    "OUTCOMES",
    "PHASE_KINDS",
    "SCREENING_RESULTS",
    "SIDES",
    "FlagRecord",
    "PhaseRecord",
    "ScreeningRecord",
    "SessionRecord",
    "Store",
    "UnknownSession",
    "make_engine",
    "migrate",
    "open_store",
]
