"""Every row the store holds, read out whole, written back whole, or wiped: personal data.

Rows go out as plain dicts keyed by column (times aware, in UTC; JSON columns as values);
a session carries its phases and hurts in the order they happened. Writing back keeps
every value as given, session ids included, so an export imported into an empty home and
exported again is the same document.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, text

from .db import Store
from .models import (
    Base,
    FlagRow,
    HurtRow,
    MetaRow,
    PhaseRow,
    PsfsRatingRow,
    PsfsRow,
    ReminderEventRow,
    ReminderSettingsRow,
    ScreeningRow,
    SessionRow,
    WeeklyPainRow,
)

# Children first, for deleting; the order they are written in is the reverse.
TABLES: tuple[type[Base], ...] = (
    PhaseRow,
    HurtRow,
    SessionRow,
    FlagRow,
    ScreeningRow,
    MetaRow,
    WeeklyPainRow,
    PsfsRatingRow,
    PsfsRow,
    ReminderSettingsRow,
    ReminderEventRow,
)
# Numbered afresh on the way back in (their order is kept): nothing outside a row names them.
RENUMBERED = {
    "phases": "id",
    "hurts": "id",
    "screenings": "id",
    "psfs_ratings": "id",
    "reminder_events": "id",
}


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _rows(session: Any, model: type[Base], *order: Any) -> list[dict[str, Any]]:
    table = _table(model)
    drop = RENUMBERED.get(table.name)
    found = session.execute(select(table).order_by(*order)).mappings()
    return [{k: v for k, v in row.items() if k != drop} for row in found]


def read_all(store: Store) -> dict[str, Any]:
    """sessions (each with its phases and hurts), flags, screenings, meta, the weekly pain and
    the PSFS checks (each with its ratings in order), in one read."""
    with store._sessions() as session:  # one transaction: a consistent picture
        phases: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in _rows(session, PhaseRow, PhaseRow.id):
            phases[row.pop("session_id")].append(row)
        hurts: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in _rows(session, HurtRow, HurtRow.id):
            hurts[row.pop("session_id")].append(row)
        sessions = [
            {**row, "phases": phases[row["id"]], "hurts": hurts[row["id"]]}
            for row in _rows(session, SessionRow, SessionRow.id)
        ]
        return {
            "sessions": sessions,
            "flags": _rows(session, FlagRow, FlagRow.stretch_id),
            "screenings": _rows(session, ScreeningRow, ScreeningRow.id),
            "meta": {r["key"]: r["value"] for r in _rows(session, MetaRow, MetaRow.key)},
            "weekly_pain": _rows(session, WeeklyPainRow, WeeklyPainRow.week),
            "psfs": _psfs(session),
            "reminders": _reminders(session),
            "reminder_events": _rows(
                session, ReminderEventRow, ReminderEventRow.due_at, ReminderEventRow.id
            ),
        }


def _reminders(session: Any) -> dict[str, Any] | None:
    row = session.get(ReminderSettingsRow, 1)
    return None if row is None else {"schedule": row.schedule, "updated_at": row.updated_at}


def _psfs(session: Any) -> list[dict[str, Any]]:
    ratings: dict[int, list[dict[str, Any]]] = defaultdict(list)
    order = (PsfsRatingRow.assessment_id, PsfsRatingRow.position)
    for row in _rows(session, PsfsRatingRow, *order):
        ratings[row["assessment_id"]].append({"activity": row["activity"], "score": row["score"]})
    found = session.execute(select(_table(PsfsRow)).order_by(PsfsRow.taken_at, PsfsRow.id))
    # Numbered afresh on the way back in, like screenings: only their ratings name them.
    return [{"taken_at": r.taken_at, "ratings": ratings[r.id]} for r in found]


def counts(store: Store) -> dict[str, int]:
    """How many rows each table holds, by table name."""
    with store._sessions() as session:
        return {
            _table(m).name: session.scalar(select(func.count()).select_from(_table(m))) or 0
            for m in TABLES
        }


def write_all(store: Store, data: dict[str, Any]) -> None:
    """Write what read_all gave (or the same shape) in one transaction, ids as given."""
    sessions, phases, hurts = [], [], []
    for s in data["sessions"]:
        row = {k: v for k, v in s.items() if k not in ("phases", "hurts")}
        sessions.append(row)
        phases += [{**p, "session_id": row["id"]} for p in s["phases"]]
        hurts += [{**h, "session_id": row["id"]} for h in s["hurts"]]
    meta = [{"key": k, "value": v} for k, v in data["meta"].items()]
    checks, ratings = [], []
    for n, check in enumerate(data.get("psfs", []), 1):
        # The home is empty (import_into checks it): ids from 1 keep the order given.
        checks.append({"id": n, "taken_at": check["taken_at"]})
        ratings += [
            {"assessment_id": n, "position": p, "activity": r["activity"], "score": r["score"]}
            for p, r in enumerate(check["ratings"])
        ]
    batches = [
        (SessionRow, sessions),
        (PhaseRow, phases),
        (HurtRow, hurts),
        (FlagRow, data["flags"]),
        (ScreeningRow, data["screenings"]),
        (MetaRow, meta),
        (WeeklyPainRow, data.get("weekly_pain", [])),
        (PsfsRow, checks),
        (PsfsRatingRow, ratings),
        (ReminderEventRow, data.get("reminder_events", [])),
    ]
    if data.get("reminders"):
        batches.append((ReminderSettingsRow, [{"id": 1, **data["reminders"]}]))
    with store._write() as session:
        for model, rows in batches:
            if rows:
                # Run in the order given, so renumbered rows keep the order they had.
                session.execute(insert(_table(model)), rows)


def wipe(store: Store) -> None:
    """Delete every row, overwriting what they held, and shrink the file: nothing personal left.

    For a store in use (a running server): the file stays, now as a new one would be.
    """
    with store._write() as session:
        if session.get_bind().dialect.name == "sqlite":
            # Zeros over deleted content, in the file and the WAL, rather than free pages
            # that still hold it until reused.
            session.execute(text("PRAGMA secure_delete = ON"))
        for model in TABLES:
            session.execute(delete(_table(model)))
    if store.engine.dialect.name == "sqlite":
        _shrink(store)


def _shrink(store: Store) -> None:
    """VACUUM, then empty the WAL: the file keeps only the schema, no page of old rows."""
    import sqlite3

    with store.engine.connect() as conn:
        # On the driver's connection: VACUUM refuses to run inside a transaction, and the
        # engine begins one (BEGIN IMMEDIATE) for every statement it is given.
        raw = conn.connection.driver_connection
        assert raw is not None
        try:
            raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as err:
            raise store.health.unavailable(err) or err from err
