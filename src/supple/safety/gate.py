"""Whether a session may start, and if not, why and where to get care. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .screen import SCREEN_INTERVAL, is_due, outcome


@dataclass(frozen=True)
class Standing:
    """Where this person stands on safety before a session."""

    may_start: bool
    due: bool  # the questions should be asked (again) now
    due_reason: str | None  # what the person reported that brings them back
    last_result: str | None  # clear | doctor | emergency, or None if never screened
    last_taken_at: datetime | None
    reason: str | None  # why not, when may_start is False
    care: str | None  # where to get care, when the last screen said so


def standing_of(
    last_result: str | None, last_taken: datetime | None, due_reason: str | None, now: datetime
) -> Standing:
    """The one rule: a clear screening that is not due again lets a session start."""
    due = is_due(last_taken, due_reason, now)
    reason = care = None
    if last_result in ("doctor", "emergency") and not due_reason:
        assert last_taken is not None
        found = outcome("emergency" if last_result == "emergency" else "doctor")
        reason = (
            f"Your safety check on {last_taken:%d %b %Y} said: {found.title.rstrip('.')}. "
            "Answer the questions again (supple screen, or the Safety page) once you have "
            "been checked."
        )
        care = found.message
    elif due_reason:
        reason = f"You reported {due_reason}: please answer the safety questions again first."
    elif last_taken is None:
        reason = "Please answer the safety questions before your first session."
    elif due:
        days = SCREEN_INTERVAL.days
        reason = f"Your safety check is over {days} days old: please answer the questions again."
    return Standing(
        may_start=last_result == "clear" and not due,
        due=due,
        due_reason=due_reason,
        last_result=last_result,
        last_taken_at=last_taken,
        reason=reason,
        care=care,
    )
