"""open_store (migrating on start) and the Store every face calls, through the services."""

from __future__ import annotations

import uuid as uuids
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Engine, Update, func, select, update
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ..kinds import END_STATUSES, HurtReason, Outcome, PhaseKind, SessionStatus, Side
from ..paths import user_dir
from ..progress import tally
from . import checks, upserts
from .engine import make_engine, migrate
from .health import Health, check, prepare, where_of
from .measures import Measures
from .meta import SCREEN_DUE_REASON
from .models import (
    SCREENING_RESULTS,
    FlagRecord,
    FlagRow,
    HurtRow,
    MetaRow,
    PhaseRow,
    ScreeningRecord,
    ScreeningRow,
    SessionBrief,
    SessionRecord,
    SessionRef,
    SessionRow,
    session_record,
)

# make_engine and migrate live in engine.py; they are part of this module's interface too.
__all__ = ["Store", "UnknownSession", "check_store", "make_engine", "migrate", "open_store"]


Clock = Callable[[], datetime]


class UnknownSession(ValueError):
    """No session has that id (a ValueError, so callers checking input catch it too)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def open_store(
    home: Path | None = None, url: str | None = None, *, clock: Clock | None = None
) -> Store:
    """Open (creating and migrating if needed) the store in home or at url.

    StoreUnavailable if the file is damaged, from a newer supple, read-only or on a full
    disk: it is then left exactly as it was.
    """
    if url is None:
        path = (home if home is not None else user_dir()) / "supple.db"
        prepare(path)
        url = f"sqlite:///{path}"
    engine = make_engine(url)
    health = Health(where_of(engine))
    health.watch(engine)
    try:
        check(engine, health.where)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, clock=clock, health=health)


def check_store(home: Path) -> None:
    """Open and close the store in home: StoreUnavailable, naming what to do, if it cannot be."""
    open_store(home).close()


class Store(Measures):
    """What happened: sessions, their phases, pain, hurts and flags, screenings, meta, and
    (from Measures) the weekly usual pain and the PSFS."""

    def __init__(
        self, engine: Engine, *, clock: Clock | None = None, health: Health | None = None
    ) -> None:
        self.engine = engine
        self.clock: Clock = clock or utc_now
        self.health = health or Health(where_of(engine))
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        # One transaction per call, committed before returning: a kill -9 just after
        # a call keeps what it wrote. Refused on a file found damaged: a write could spread it.
        self.health.refuse_writes()
        with self._sessions() as session, session.begin():
            yield session

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError(f"clock: gave a naive datetime {now.isoformat()}")
        return now.astimezone(UTC)

    @staticmethod
    def _session_row(session: Session, session_id: int, lock: bool = False) -> SessionRow:
        row = None
        if isinstance(session_id, int) and not isinstance(session_id, bool):
            # FOR UPDATE (PostgreSQL; SQLite's BEGIN IMMEDIATE already locks) makes two
            # phases of one session wait for each other, so neither counts totals
            # without the other's phase.
            row = session.get(SessionRow, session_id, with_for_update=lock)
        if row is None:
            raise UnknownSession(f"session_id: no session {session_id!r}")
        return row

    # Writing: what a player sends while a session runs.

    def start_session(
        self,
        routine_id: str,
        routine_title: str,
        *,
        planned_seconds: int,
        client: str,
        speed: float,
        demo: bool,
        options: dict[str, Any] | None,
        uuid: str | None = None,
        close_open: bool = False,
    ) -> SessionRef:
        """Record the start of a session; a start retried with the same uuid finds the first.

        With close_open, sessions left in progress are closed as interrupted in the same
        transaction, and only when this start is new (a retry closes nothing).
        """
        checks.text("routine_id", routine_id, 100)
        checks.text("routine_title", routine_title, 200)
        checks.text("client", client, 40)
        checks.count("planned_seconds", planned_seconds)
        if not checks.finite(speed) or speed <= 0:
            raise ValueError(f"speed: must be a number above 0, got {speed!r}")
        checks.flag("demo", demo)
        checks.options("options", options)
        if uuid is None:
            uuid = str(uuids.uuid4())
        checks.uuid("uuid", uuid)
        with self._write() as session:
            values = {
                "uuid": uuid,
                "routine_id": routine_id,
                "routine_title": routine_title,
                "client": client,
                "speed": float(speed),
                "demo": demo,
                "options": options,
                "planned_seconds": planned_seconds,
                "started_at": self._now(),
                "status": SessionStatus.IN_PROGRESS.value,
            }
            created = upserts.insert_new(session, SessionRow, values, ["uuid"])
            if created and close_open:
                session.execute(_close_open_query(SessionRow.uuid != uuid))
            found = session.scalar(select(SessionRow.id).where(SessionRow.uuid == uuid))
            assert found is not None  # inserted just now, or there before
            return SessionRef(id=found, uuid=uuid, created=created)

    def record_phase(
        self,
        session_id: int,
        *,
        key: str,
        phase_index: int,
        step_index: int | None,
        kind: str,
        stretch_id: str | None,
        side: str | None,
        planned_seconds: float,
        actual_seconds: float,
        outcome: str,
    ) -> bool:
        """Record a finished phase and update the session's totals; False if key was seen."""
        checks.key("key", key)
        checks.count("phase_index", phase_index)
        if step_index is not None:
            checks.count("step_index", step_index)
        checks.choice("kind", kind, PhaseKind)
        if stretch_id is not None:
            checks.text("stretch_id", stretch_id, 100)
        if side is not None:
            checks.choice("side", side, Side)
        checks.seconds("planned_seconds", planned_seconds)
        checks.seconds("actual_seconds", actual_seconds)
        checks.choice("outcome", outcome, Outcome)
        with self._write() as session:
            row = self._session_row(session, session_id, lock=True)
            values = {
                "session_id": session_id,
                "key": key,
                "phase_index": phase_index,
                "step_index": step_index,
                "kind": str(kind),
                "stretch_id": stretch_id,
                "side": None if side is None else str(side),
                "planned_seconds": float(planned_seconds),
                "actual_seconds": float(actual_seconds),
                "outcome": str(outcome),
                "ended_at": self._now(),
            }
            if not upserts.insert_new(session, PhaseRow, values, ["session_id", "key"]):
                return False
            # Counted again from every phase rather than adjusted: "back" replays a phase,
            # and the rule looks at all of a step's phases together.
            phases = session.scalars(select(PhaseRow).where(PhaseRow.session_id == session_id))
            totals = tally(phases)
            row.stretches_done = totals.done
            row.stretches_skipped = totals.skipped
            row.stretches_stopped = totals.stopped
            row.seconds = totals.seconds
            return True

    def record_hurt(
        self,
        session_id: int,
        *,
        key: str,
        phase_index: int,
        stretch_id: str,
        side: str | None,
        reason: str,
    ) -> bool:
        """Record a "that hurt" report and flag the stretch; False (no count) if key was seen."""
        checks.key("key", key)
        checks.count("phase_index", phase_index)
        checks.text("stretch_id", stretch_id, 100)
        if side is not None:
            checks.choice("side", side, Side)
        checks.choice("reason", reason, HurtReason)
        now = self._now()
        with self._write() as session:
            self._session_row(session, session_id)
            values = {
                "session_id": session_id,
                "key": key,
                "phase_index": phase_index,
                "stretch_id": stretch_id,
                "side": None if side is None else str(side),
                "reason": str(reason),
                "reported_at": now,
            }
            if not upserts.insert_new(session, HurtRow, values, ["session_id", "key"]):
                return False
            upserts.flag_hurt(session, stretch_id, str(reason), now)
            return True

    def set_pain(
        self, session_id: int, *, before: int | None = None, after: int | None = None
    ) -> None:
        """Record the 0-10 pain rating before and/or after a session."""
        for name, value in (("before", before), ("after", after)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10
            ):
                raise ValueError(f"{name}: pain must be a whole number from 0 to 10, got {value!r}")
        with self._write() as session:
            row = self._session_row(session, session_id)
            if before is not None:
                row.pain_before = before
            if after is not None:
                row.pain_after = after

    def end_session(self, session_id: int, status: str) -> None:
        """Mark a session completed or quit; once so ended, later calls change nothing."""
        checks.choice("status", status, END_STATUSES)
        with self._write() as session:
            row = self._session_row(session, session_id)
            # A player may end twice (finished, then Ctrl-C on its summary): the first
            # stands. "interrupted" was supple's guess while the player was away (a
            # browser offline), so the player's own word replaces it.
            if row.status in (SessionStatus.IN_PROGRESS, SessionStatus.INTERRUPTED):
                row.status = str(status)
                row.ended_at = self._now()

    def close_open_sessions(self) -> int:
        """Mark every in-progress session interrupted, ended at its last phase; how many."""
        with self._write() as session:
            return cast(CursorResult[Any], session.execute(_close_open_query())).rowcount

    # Reading: what the faces show.

    def session_id(self, ref: int | str) -> int:
        """The id of the session ref names (its id, or its uuid)."""
        query = None
        if isinstance(ref, str) and checks.UUID.fullmatch(ref):
            query = select(SessionRow.id).where(SessionRow.uuid == ref)
        elif isinstance(ref, int) and not isinstance(ref, bool):
            query = select(SessionRow.id).where(SessionRow.id == ref)
        found = None
        if query is not None:
            with self._sessions() as session:
                found = session.scalar(query)
        if found is None:
            raise UnknownSession(f"session_id: no session {ref!r}")
        return found

    def session(self, session_id: int) -> SessionRecord:
        """One session with its phases."""
        with self._sessions() as session:
            return session_record(self._session_row(session, session_id))

    def sessions_page(self, limit: int, offset: int = 0) -> list[SessionRecord]:
        """Up to limit sessions newest first, skipping offset, each with its phases."""
        checks.count("limit", limit)
        checks.count("offset", offset)
        # selectinload reads the phases of this page's sessions only, in one more query.
        query = (
            select(SessionRow)
            .options(selectinload(SessionRow.phases))
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._sessions() as session:
            return [session_record(row) for row in session.scalars(query)]

    def count_sessions(self) -> int:
        """How many sessions there are, demos included."""
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(SessionRow)) or 0

    def streak_starts(self) -> list[datetime]:
        """When each real (not demo) session with a stretch done started, oldest first."""
        query = (
            select(SessionRow.started_at)
            .where(SessionRow.demo.is_(False), SessionRow.stretches_done > 0)
            .order_by(SessionRow.started_at)
        )
        with self._sessions() as session:
            return list(session.scalars(query))

    def seconds_since(self, since: datetime) -> list[tuple[datetime, float]]:
        """(started_at, seconds spent) of real sessions started at or after since, oldest first."""
        checks.aware("since", since)
        query = (
            select(SessionRow.started_at, SessionRow.seconds)
            .where(SessionRow.demo.is_(False), SessionRow.started_at >= since)
            .order_by(SessionRow.started_at)
        )
        with self._sessions() as session:
            return [(started, seconds) for started, seconds in session.execute(query)]

    def stretches_done_since(self, since: datetime) -> dict[str, datetime]:
        """When each stretch was last done (a hold or mobilize phase), in real sessions since."""
        checks.aware("since", since)
        query = (
            select(PhaseRow.stretch_id, func.max(SessionRow.started_at))
            .join(SessionRow, PhaseRow.session_id == SessionRow.id)
            .where(
                SessionRow.demo.is_(False),
                SessionRow.started_at >= since,
                PhaseRow.stretch_id.is_not(None),
                PhaseRow.kind.in_([PhaseKind.HOLD.value, PhaseKind.MOBILIZE.value]),
                PhaseRow.outcome == Outcome.DONE.value,
            )
            .group_by(PhaseRow.stretch_id)
        )
        with self._sessions() as session:
            # max() keeps the column's type, so the times come back aware, in UTC.
            return {sid: last for sid, last in session.execute(query) if sid is not None}

    def flags(self) -> dict[str, FlagRecord]:
        """Active (not cleared) flags by stretch id."""
        query = select(FlagRow).where(FlagRow.cleared_at.is_(None)).order_by(FlagRow.stretch_id)
        with self._sessions() as session:
            return {
                row.stretch_id: FlagRecord(
                    stretch_id=row.stretch_id,
                    count=row.count,
                    reason=row.last_reason,
                    first_at=row.first_at,
                    last_at=row.last_at,
                )
                for row in session.scalars(query)
            }

    def clear_flag(self, stretch_id: str) -> bool:
        """Clear a stretch's flag; False if it had no active flag to clear."""
        with self._write() as session:
            flag = session.get(FlagRow, stretch_id)
            if flag is None or flag.cleared_at is not None:
                return False
            flag.cleared_at = self._now()
            return True

    def session_briefs(self) -> list[SessionBrief]:
        """Every session without its phases, oldest first: one row each, demos included."""
        columns = [getattr(SessionRow, f) for f in SessionBrief.__dataclass_fields__]
        query = select(*columns).order_by(SessionRow.started_at, SessionRow.id)
        with self._sessions() as session:
            return [SessionBrief(*row) for row in session.execute(query)]

    # Screenings and meta.

    def save_screening(self, answers: dict[str, bool], result: str) -> None:
        """Record a red-flag screening; a screening done is no longer due."""
        if not isinstance(answers, dict):
            raise ValueError(f"answers: must be a dict of question id to yes/no, got {answers!r}")
        for key, value in answers.items():
            if not isinstance(key, str) or not isinstance(value, bool):
                raise ValueError(f"answers: {key!r} must map to True or False, got {value!r}")
        checks.choice("result", result, SCREENING_RESULTS)
        with self._write() as session:
            session.add(ScreeningRow(taken_at=self._now(), answers=answers, result=str(result)))
            meta = session.get(MetaRow, SCREEN_DUE_REASON)
            if meta is not None:
                session.delete(meta)

    def last_screening(self) -> ScreeningRecord | None:
        """The newest screening, or None if there has been none."""
        query = select(ScreeningRow).order_by(ScreeningRow.taken_at.desc(), ScreeningRow.id.desc())
        with self._sessions() as session:
            row = session.scalars(query.limit(1)).first()
            if row is None:
                return None
            return ScreeningRecord(
                id=row.id, taken_at=row.taken_at, answers=dict(row.answers), result=row.result
            )

    def mark_screen_due(self, reason: str) -> None:
        """Ask for a screening before the next session, saying why."""
        checks.text("reason", reason, 2000)
        self.set_meta(SCREEN_DUE_REASON, reason)

    def get_meta(self, key: str) -> str | None:
        """A meta value, or None if it was never set."""
        with self._sessions() as session:
            row = session.get(MetaRow, key)
            return None if row is None else row.value

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value, replacing any earlier one."""
        checks.text("key", key, 100)
        if not isinstance(value, str):
            raise ValueError(f"value: must be a string, got {value!r}")
        if len(value) > 2000:
            raise ValueError(f"value: must be at most 2000 characters, got {len(value)}")
        with self._write() as session:
            row = session.get(MetaRow, key)
            if row is None:
                session.add(MetaRow(key=key, value=value))
            else:
                row.value = value

    def close(self) -> None:
        """Close every connection the store holds."""
        self.engine.dispose()


def _close_open_query(*where: ColumnElement[bool]) -> Update:
    """In-progress sessions (those matching where) become interrupted, ended at their last phase."""
    last_phase = (
        select(PhaseRow.ended_at)
        .where(PhaseRow.session_id == SessionRow.id)
        .order_by(PhaseRow.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        update(SessionRow)
        .where(SessionRow.status == SessionStatus.IN_PROGRESS.value, *where)
        .values(
            status=SessionStatus.INTERRUPTED.value,
            ended_at=func.coalesce(last_phase, SessionRow.started_at),
        )
        .execution_options(synchronize_session=False)
    )
