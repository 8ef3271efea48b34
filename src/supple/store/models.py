"""The store's tables (SQLAlchemy ORM) and the plain records the store hands out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# The words the player and the store agree on; anything else is refused with a ValueError.
PHASE_KINDS = (
    "warm-up",
    "get-ready",
    "hold",
    "switch-sides",
    "mobilize",
    "rest",
    "change-position",
)
SIDES = ("left", "right")
OUTCOMES = ("done", "skipped", "stopped")
END_STATUSES = ("completed", "quit")
IN_PROGRESS = "in-progress"
HURT_REASONS = ("sharp", "numbness", "too-strong")
SCREENING_RESULTS = ("clear", "doctor", "emergency")


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, whatever the database keeps."""

    # SQLite has no time zone type and hands back naive datetimes; storing UTC and
    # re-attaching the zone on the way out keeps every datetime the store returns aware.
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: the store keeps UTC times")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base; constraint names are fixed so migrations can refer to them."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    # float spelled out: SQLAlchemy 2.0 maps it to Float and 2.1 to Double.
    type_annotation_map = {datetime: UTCDateTime(), float: Float(), dict[str, Any]: JSON()}


class SessionRow(Base):
    """One time a person played a routine."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after"),
        Index(None, "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    routine_id: Mapped[str] = mapped_column(String(100))
    routine_title: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(40))
    speed: Mapped[float]
    planned_seconds: Mapped[int]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]

    # Ordered by id, the order they happened in: "back" can replay a phase index.
    phases: Mapped[list[PhaseRow]] = relationship(
        back_populates="session", order_by="PhaseRow.id", cascade="all, delete-orphan"
    )


class PhaseRow(Base):
    """One phase of a session that finished: done, skipped or stopped."""

    __tablename__ = "phases"
    __table_args__ = (Index(None, "session_id", "phase_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    phase_index: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    stretch_id: Mapped[str | None] = mapped_column(String(100))
    side: Mapped[str | None] = mapped_column(String(10))
    planned_seconds: Mapped[float]
    actual_seconds: Mapped[float]
    outcome: Mapped[str] = mapped_column(String(20))
    ended_at: Mapped[datetime]

    session: Mapped[SessionRow] = relationship(back_populates="phases")


class HurtRow(Base):
    """A "that hurt" report: the stretch stopped and the person said why."""

    __tablename__ = "hurts"
    __table_args__ = (Index(None, "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    phase_index: Mapped[int]
    stretch_id: Mapped[str] = mapped_column(String(100))
    side: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(20))
    reported_at: Mapped[datetime]


class FlagRow(Base):
    """A stretch that hurt: shown with a warning until the person clears it."""

    __tablename__ = "flags"

    stretch_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int]
    last_reason: Mapped[str] = mapped_column(String(20))
    first_at: Mapped[datetime]
    last_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None]


class ScreeningRow(Base):
    """One red-flag screening: the answers given and where they pointed."""

    __tablename__ = "screenings"
    __table_args__ = (Index(None, "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime]
    answers: Mapped[dict[str, Any]]
    result: Mapped[str] = mapped_column(String(20))


class MetaRow(Base):
    """Small facts about this person's use of supple (first_run_seen, last_routine...)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000))


@dataclass(frozen=True)
class PhaseRecord:
    """A finished phase, as plain data."""

    phase_index: int
    kind: str
    stretch_id: str | None
    side: str | None
    planned_seconds: float
    actual_seconds: float
    outcome: str
    ended_at: datetime


@dataclass(frozen=True)
class SessionRecord:
    """A session and its phases in the order they happened, as plain data."""

    id: int
    routine_id: str
    routine_title: str
    client: str
    speed: float
    planned_seconds: int
    started_at: datetime
    ended_at: datetime | None
    status: str
    pain_before: int | None
    pain_after: int | None
    phases: tuple[PhaseRecord, ...]


@dataclass(frozen=True)
class FlagRecord:
    """A stretch flagged as having hurt since it was last cleared."""

    stretch_id: str
    count: int
    reason: str  # the reason given the last time it hurt
    first_at: datetime
    last_at: datetime


@dataclass(frozen=True)
class ScreeningRecord:
    """One red-flag screening."""

    id: int
    taken_at: datetime
    answers: dict[str, bool]
    result: str
