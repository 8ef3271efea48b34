"""Safety: the red-flag screen, the "that hurt" answers and the not-medical-advice notice."""

from .notice import NOT_MEDICAL_ADVICE
from .screen import (
    HURT_IDS,
    SCREEN_INTERVAL,
    FlagLevel,
    HurtReason,
    RedFlag,
    ScreenLevel,
    ScreenResult,
    evaluate,
    hurt_reason,
    hurt_reasons,
    is_due,
    may_start,
    outcome,
    questions,
)

__all__ = [
    "HURT_IDS",
    "NOT_MEDICAL_ADVICE",
    "SCREEN_INTERVAL",
    "FlagLevel",
    "HurtReason",
    "RedFlag",
    "ScreenLevel",
    "ScreenResult",
    "evaluate",
    "hurt_reason",
    "hurt_reasons",
    "is_due",
    "may_start",
    "outcome",
    "questions",
]
