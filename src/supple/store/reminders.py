"""The reminder schedule and what became of each reminder: the store's side of reminders.

The schedule is kept as the JSON document supple.reminders.schedule checks; the store only
makes sure it is a JSON object. Events are what History counts: followed or skipped, by week.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from . import checks, upserts
from .db import Store
from .models import (
    REMINDER_KINDS,
    REMINDER_OUTCOMES,
    ReminderEventRecord,
    ReminderEventRow,
    ReminderSettingsRow,
)


def schedule(store: Store) -> dict[str, Any] | None:
    """The saved schedule, or None if the person never set one (or cleared it)."""
    with store._sessions() as session:
        row = session.get(ReminderSettingsRow, 1)
        return None if row is None else dict(row.schedule)


def save_schedule(store: Store, document: dict[str, Any]) -> None:
    """Keep this schedule in place of the one before, in one write."""
    checks.options("schedule", document)
    now = store._now()
    with store._write() as session:
        query = upserts.insert(session, ReminderSettingsRow).values(
            id=1, schedule=document, updated_at=now
        )
        query = query.on_conflict_do_update(
            index_elements=["id"],
            set_={"schedule": query.excluded.schedule, "updated_at": query.excluded.updated_at},
        )
        session.execute(query)


def clear_schedule(store: Store) -> bool:
    """Remove the schedule; whether there was one. The events stay: they are history."""
    with store._write() as session:
        result = cast(CursorResult[Any], session.execute(delete(ReminderSettingsRow)))
        return result.rowcount > 0


def add_event(store: Store, kind: str, due_at: datetime, outcome: str) -> None:
    """Record one reminder shown (daily or break, when it was due) and what the person did."""
    checks.choice("kind", kind, REMINDER_KINDS)
    checks.choice("outcome", outcome, REMINDER_OUTCOMES)
    checks.aware("due_at", due_at)
    now = store._now()
    with store._write() as session:
        session.add(ReminderEventRow(kind=kind, due_at=due_at, outcome=outcome, recorded_at=now))


def events(store: Store, since: datetime | None = None) -> list[ReminderEventRecord]:
    """Every reminder shown (since a time, if given), oldest first."""
    query = select(ReminderEventRow).order_by(ReminderEventRow.due_at, ReminderEventRow.id)
    if since is not None:
        checks.aware("since", since)
        query = query.where(ReminderEventRow.due_at >= since)
    with store._sessions() as session:
        return [
            ReminderEventRecord(r.kind, r.due_at, r.outcome, r.recorded_at)
            for r in session.scalars(query)
        ]
