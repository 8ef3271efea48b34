"""The store's tables (SQLAlchemy ORM) and the plain records the store hands out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Phase kinds, sides, outcomes, reasons and statuses are the enums in supple.kinds; the
# screening's results are the store's own (safety turns answers into one of these).
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
    type_annotation_map = {
        datetime: UTCDateTime(),
        date: Date(),
        float: Float(),
        dict[str, Any]: JSON(),
    }


class SessionRow(Base):
    """One time a person played a routine."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after BETWEEN 0 AND 10", name="pain_after"),
        Index(None, "started_at"),
        # Progress reads "real (not demo) sessions since a date" without touching phases.
        Index(None, "demo", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Made by the client that starts the session, so a retried start finds the first one.
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    routine_id: Mapped[str] = mapped_column(String(100))
    routine_title: Mapped[str] = mapped_column(String(200))
    client: Mapped[str] = mapped_column(String(40))
    speed: Mapped[float]
    # A sped-up try-out: kept in the history, left out of streaks and minutes.
    demo: Mapped[bool] = mapped_column(server_default=false())
    # What the person chose when starting (voice, sounds...), as the face sent it.
    options: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    planned_seconds: Mapped[int]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20))
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]
    # progress.tally over the phases, rewritten with every phase recorded, so that lists
    # and streaks read one row per session instead of every phase.
    stretches_done: Mapped[int] = mapped_column(server_default=text("0"))
    stretches_skipped: Mapped[int] = mapped_column(server_default=text("0"))
    stretches_stopped: Mapped[int] = mapped_column(server_default=text("0"))
    seconds: Mapped[float] = mapped_column(server_default=text("0"))

    # Ordered by id, the order they happened in: "back" can replay a phase index.
    phases: Mapped[list[PhaseRow]] = relationship(
        back_populates="session", order_by="PhaseRow.id", cascade="all, delete-orphan"
    )


class PhaseRow(Base):
    """One phase of a session that finished: done, skipped, stopped or ended."""

    __tablename__ = "phases"
    __table_args__ = (
        Index(None, "session_id", "phase_index"),
        # A player resends a phase it is not sure was stored; the key makes that a no-op.
        UniqueConstraint("session_id", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    phase_index: Mapped[int]
    # The routine step the phase belongs to (both sides of a stretch share one); None for
    # phases recorded before steps were.
    step_index: Mapped[int | None]
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
    __table_args__ = (Index(None, "session_id"), UniqueConstraint("session_id", "key"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
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


class WeeklyPainRow(Base):
    """The person's usual pain in one week (NPRS 0-10): the trend supple shows."""

    __tablename__ = "weekly_pain"
    __table_args__ = (CheckConstraint("pain BETWEEN 0 AND 10", name="pain"),)

    # The Monday of the week, in the person's local time: one score a week, the last given.
    week: Mapped[date] = mapped_column(primary_key=True)
    pain: Mapped[int]
    recorded_at: Mapped[datetime]


class PsfsRow(Base):
    """One Patient-Specific Functional Scale check (Stratford 1995): activities rated 0-10."""

    __tablename__ = "psfs_assessments"
    __table_args__ = (Index(None, "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taken_at: Mapped[datetime]

    ratings: Mapped[list[PsfsRatingRow]] = relationship(
        back_populates="assessment", order_by="PsfsRatingRow.position", cascade="all, delete-orphan"
    )


class PsfsRatingRow(Base):
    """One activity the person named, and how well they can do it: 0 unable, 10 as before."""

    __tablename__ = "psfs_ratings"
    __table_args__ = (
        CheckConstraint("score BETWEEN 0 AND 10", name="score"),
        UniqueConstraint("assessment_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("psfs_assessments.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    activity: Mapped[str] = mapped_column(String(120))
    score: Mapped[int]

    assessment: Mapped[PsfsRow] = relationship(back_populates="ratings")


# What a reminder was and what became of it: a daily time or a desk break, and whether the
# person started, postponed or skipped it, or let it pass (missed).
REMINDER_KINDS = ("daily", "break")
REMINDER_OUTCOMES = ("started", "postponed", "skipped", "missed")


class ReminderSettingsRow(Base):
    """The person's reminder schedule: one row, the document supple.reminders checks."""

    __tablename__ = "reminder_settings"
    __table_args__ = (CheckConstraint("id = 1", name="one"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class ReminderEventRow(Base):
    """One reminder shown and what the person did with it."""

    __tablename__ = "reminder_events"
    __table_args__ = (
        CheckConstraint(f"kind IN {REMINDER_KINDS}", name="kind"),
        CheckConstraint(f"outcome IN {REMINDER_OUTCOMES}", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    due_at: Mapped[datetime] = mapped_column(index=True)
    outcome: Mapped[str] = mapped_column(String(10))
    recorded_at: Mapped[datetime]


class MetaRow(Base):
    """Small facts about this person's use of supple (first_run_seen, last_routine...)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(2000))


@dataclass(frozen=True)
class SessionRef:
    """Which session start_session started or found (created is False for a retried start)."""

    id: int
    uuid: str
    created: bool


@dataclass(frozen=True)
class PhaseRecord:
    """A finished phase, as plain data."""

    key: str
    phase_index: int
    step_index: int | None
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
    uuid: str
    routine_id: str
    routine_title: str
    client: str
    speed: float
    demo: bool
    options: dict[str, Any] | None
    planned_seconds: int
    started_at: datetime
    ended_at: datetime | None
    status: str
    pain_before: int | None
    pain_after: int | None
    stretches_done: int
    stretches_skipped: int
    stretches_stopped: int
    seconds: float
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


@dataclass(frozen=True)
class SessionBrief:
    """A session without its phases: what progress and a clinician's export read."""

    id: int
    uuid: str
    routine_id: str
    routine_title: str
    client: str
    demo: bool
    started_at: datetime
    ended_at: datetime | None
    status: str
    pain_before: int | None
    pain_after: int | None
    stretches_done: int
    seconds: float


@dataclass(frozen=True)
class WeeklyPainRecord:
    """The usual pain of one week (its Monday, local time), and when it was given."""

    week: date
    pain: int
    recorded_at: datetime


@dataclass(frozen=True)
class PsfsRecord:
    """One PSFS check: (activity, score 0-10) in the order the person gave them."""

    id: int
    taken_at: datetime
    ratings: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ReminderEventRecord:
    """One reminder shown: daily or break, when it was due, and what became of it."""

    kind: str
    due_at: datetime
    outcome: str
    recorded_at: datetime


def session_record(row: SessionRow) -> SessionRecord:
    """The record of a session row and its phases."""
    return SessionRecord(
        id=row.id,
        uuid=row.uuid,
        routine_id=row.routine_id,
        routine_title=row.routine_title,
        client=row.client,
        speed=row.speed,
        demo=row.demo,
        options=None if row.options is None else dict(row.options),
        planned_seconds=row.planned_seconds,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=row.status,
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        stretches_done=row.stretches_done,
        stretches_skipped=row.stretches_skipped,
        stretches_stopped=row.stretches_stopped,
        seconds=row.seconds,
        phases=tuple(phase_record(p) for p in row.phases),
    )


def phase_record(row: PhaseRow) -> PhaseRecord:
    """The record of a phase row."""
    return PhaseRecord(
        key=row.key,
        phase_index=row.phase_index,
        step_index=row.step_index,
        kind=row.kind,
        stretch_id=row.stretch_id,
        side=row.side,
        planned_seconds=row.planned_seconds,
        actual_seconds=row.actual_seconds,
        outcome=row.outcome,
        ended_at=row.ended_at,
    )
