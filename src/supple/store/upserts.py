"""Writes that must not run twice: INSERT .. ON CONFLICT, in SQLite's or PostgreSQL's words."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, case
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .models import Base, FlagRow


def insert(session: Session, model: type[Base]) -> Any:
    """An INSERT into model's table that can say ON CONFLICT (SQLite's or PostgreSQL's)."""
    table = cast(Table, model.__table__)
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return sqlite_insert(table)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    raise NotImplementedError(f"{dialect}: the store runs on SQLite or PostgreSQL")


def insert_new(
    session: Session, model: type[Base], values: dict[str, Any], unique: list[str]
) -> bool:
    """Insert a row unless one with the same unique columns exists; whether it did."""
    # INSERT .. ON CONFLICT DO NOTHING, not a look then an insert: two requests racing
    # with the same key (a retry overtaking the original) cannot both get in.
    query = insert(session, model).values(values).on_conflict_do_nothing(index_elements=unique)
    # Without preserve_rowcount an INSERT's rowcount is -1 on PostgreSQL (psycopg).
    result = session.execute(query.execution_options(preserve_rowcount=True))
    return cast(CursorResult[Any], result).rowcount == 1


def flag_hurt(session: Session, stretch_id: str, reason: str, now: datetime) -> None:
    """Flag a stretch, or count one more on its flag (a cleared flag starts again at 1)."""
    # One upsert rather than read-then-write: two first hurts of a stretch at once would
    # otherwise both insert its flag on PostgreSQL.
    query = insert(session, FlagRow).values(
        stretch_id=stretch_id, count=1, last_reason=reason, first_at=now, last_at=now
    )
    flags, new = FlagRow.__table__.c, query.excluded
    active = flags.cleared_at.is_(None)
    # A flag that was cleared and hurt again starts a fresh count: the person had decided
    # the stretch was fine.
    query = query.on_conflict_do_update(
        index_elements=["stretch_id"],
        set_={
            "count": case((active, flags.count + 1), else_=1),
            "first_at": case((active, flags.first_at), else_=new.first_at),
            "last_reason": new.last_reason,
            "last_at": new.last_at,
            "cleared_at": None,
        },
    )
    session.execute(query)
