"""What happened: sessions, phases, pain, hurts and flags, screenings; SQLite by default."""

from __future__ import annotations

from .db import HEAD, Store, make_engine, migrate, open_store
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
    "make_engine",
    "migrate",
    "open_store",
]
