"""Whether a session may start, and if not, why and where to get care. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .screen import SCREEN_INTERVAL, Outcome, ScreenLevel, _aware, clinician_check, is_due, outcome

# Why a session may not start, in a word (POST /api/sessions says it with its 409).
RefusalLevel = Literal["emergency", "doctor", "due"]

# Where a refusal sends the person to answer again, in the terminal and on the web.
AGAIN = "Answer the questions again (supple screen, or the Safety page)"


@dataclass(frozen=True)
class Standing:
    """Where this person stands on safety before a session."""

    may_start: bool
    due: bool  # the questions should be asked (again) now
    due_reason: str | None  # what the person reported that brings them back
    last_result: str | None  # clear | doctor | emergency, or None if never screened
    last_taken_at: datetime | None
    clinician_checked: bool  # at the last screening: a clinician has checked it since it began
    level: RefusalLevel | None  # why not, in a word; None when may_start
    reason: str | None  # why not, when may_start is False
    care: str | None  # where to get care, when the last screening said so
    notes: tuple[str, ...] = ()  # said at the start of each session while this stands


def goes_ahead(level: str | None, clinician_checked: bool) -> bool:
    """The one rule on a screening's answers: clear, or see-a-doctor answers since checked.

    Red flags call for a clinician's judgement, not for no exercise: for chronic back pain the
    guidelines put exercise first (NICE NG59 2016; ACP, Qaseem 2017). So a doctor's or
    physiotherapist's go-ahead lets a see-a-doctor answer go on; nothing outweighs an
    emergency sign (NHS cauda equina guidance; IFOMPT framework, Finucane 2020).
    """
    return level == "clear" or (level == "doctor" and clinician_checked)


def told(level: ScreenLevel, clinician_checked: bool) -> Outcome:
    """What the person is told for their answers: the result's words, or the go-ahead's."""
    if level == "doctor" and goes_ahead(level, clinician_checked):
        return outcome("checked")
    return outcome(level)


def checked_at(last_taken: datetime | None, mark: str | None) -> bool:
    """Whether the clinician "yes" (kept as the time of the screening it was given at) is the
    last screening's: a later screening without it leaves the mark pointing elsewhere."""
    if last_taken is None or not mark:
        return False
    try:
        at = datetime.fromisoformat(mark)
    except ValueError:
        return False  # "no", or anything unreadable: not checked
    return _aware(at) == _aware(last_taken)


def standing_of(
    last_result: str | None,
    last_taken: datetime | None,
    due_reason: str | None,
    now: datetime,
    clinician_mark: str | None = None,
) -> Standing:
    """The one rule: a screening that goes ahead and is not due again lets a session start."""
    due = is_due(last_taken, due_reason, now)
    checked = checked_at(last_taken, clinician_mark)
    may_start = goes_ahead(last_result, checked) and not due
    level: RefusalLevel | None = None
    reason = care = None
    when = f"{last_taken:%d %b %Y}" if last_taken else ""
    if last_result == "emergency":
        # An emergency answer always blocks, and every refusal repeats where to get help now,
        # whatever has been reported or however long ago it was.
        found = outcome("emergency")
        level, care = "emergency", found.message
        reason = (
            f"Your safety check on {when} said: {found.title.rstrip('.')}. "
            f"{AGAIN} once a clinician has seen you."
        )
    elif last_result == "doctor" and not checked:
        found = outcome("doctor")
        level, care = "doctor", found.message
        if due_reason:
            reason = f"You reported {due_reason}: please answer the safety questions again first."
        else:
            reason = (
                f"Your safety check on {when} said: {found.title.rstrip('.')}. {AGAIN} once "
                "a doctor or physiotherapist has checked it and said exercise is fine."
            )
    elif due_reason:
        reason = f"You reported {due_reason}: please answer the safety questions again first."
    elif last_taken is None:
        reason = "Please answer the safety questions before your first session."
    elif due:
        days = SCREEN_INTERVAL.days
        reason = f"Your safety check is over {days} days old: please answer the questions again."
    if not may_start and level is None:
        level = "due"
    notes = (clinician_check().note,) if may_start and last_result == "doctor" else ()
    return Standing(
        may_start=may_start,
        due=due,
        due_reason=due_reason,
        last_result=last_result,
        last_taken_at=last_taken,
        clinician_checked=checked,
        level=level,
        reason=reason,
        care=care,
        notes=notes,
    )
