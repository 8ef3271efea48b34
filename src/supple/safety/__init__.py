"""Safety: the red-flag screen, the "that hurt" answers and the not-medical-advice notice."""

from .notice import NOT_MEDICAL_ADVICE
from .screen import (
    CLINICIAN_CHECKED,
    HURT_IDS,
    SCREEN_INTERVAL,
    FlagLevel,
    HurtReason,
    RedFlag,
    ScreenLevel,
    ScreenResult,
    clinician_check,
    evaluate,
    hurt_reason,
    hurt_reasons,
    is_due,
    outcome,
    questions,
)

__all__ = [
    "CLINICIAN_CHECKED",
    "HURT_IDS",
    "NOT_MEDICAL_ADVICE",
    "SCREEN_INTERVAL",
    "FlagLevel",
    "HurtReason",
    "RedFlag",
    "ScreenLevel",
    "ScreenResult",
    "clinician_check",
    "evaluate",
    "hurt_reason",
    "hurt_reasons",
    "is_due",
    "outcome",
    "questions",
]
