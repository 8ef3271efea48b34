"""The engine factory, migrations on start, and the Store the player and commands call."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeGuard

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.orm import Session, selectinload, sessionmaker

from ..paths import user_dir
from .models import (
    END_STATUSES,
    HURT_REASONS,
    IN_PROGRESS,
    OUTCOMES,
    PHASE_KINDS,
    SCREENING_RESULTS,
    SIDES,
    FlagRecord,
    FlagRow,
    HurtRow,
    MetaRow,
    PhaseRecord,
    PhaseRow,
    ScreeningRecord,
    ScreeningRow,
    SessionRecord,
    SessionRow,
)
from .revision import HEAD

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

SCREEN_DUE_REASON = "screen_due_reason"

Clock = Callable[[], datetime]


class UnknownSession(ValueError):
    """No session has that id (a ValueError, so callers checking input catch it too)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """An engine for url; for SQLite, WAL, foreign keys and real transactions."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Take BEGIN away from the sqlite3 driver: left to itself it does not begin before
    # DDL or SELECT, so a migration would not be atomic and reads would not be isolated.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    # WAL lets `supple history` read while a player writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    # IMMEDIATE takes the write lock up front, so two processes (a player and a server)
    # wait on the busy timeout instead of failing when a read turns into a write.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def current_revision(engine: Engine) -> str | None:
    """The revision in alembic_version, or None for a blank database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if version is None else str(version)


def alembic_config(engine: Engine) -> Any:
    """An Alembic Config for supple's migrations, bound to engine's URL."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to revision (HEAD by default) with Alembic."""
    # Imported here: a database already at HEAD never pays for importing Alembic.
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def open_store(
    home: Path | None = None, url: str | None = None, *, clock: Clock | None = None
) -> Store:
    """Open (creating and migrating if needed) the store in home or at url."""
    if url is None:
        folder = home if home is not None else user_dir()
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / 'supple.db'}"
    engine = make_engine(url)
    try:
        if current_revision(engine) != HEAD:
            migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, clock=clock)


class Store:
    """What happened: sessions, their phases, pain, hurts and flags, screenings, meta."""

    def __init__(self, engine: Engine, *, clock: Clock | None = None) -> None:
        self.engine = engine
        self.clock: Clock = clock or utc_now
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
        # a call keeps what it wrote.
        with self._sessions() as session, session.begin():
            yield session

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError(f"clock: gave a naive datetime {now.isoformat()}")
        return now.astimezone(UTC)

    @staticmethod
    def _session_row(session: Session, session_id: int) -> SessionRow:
        row = session.get(SessionRow, session_id) if isinstance(session_id, int) else None
        if row is None:
            raise UnknownSession(f"session_id: no session {session_id!r}")
        return row

    def start_session(
        self,
        routine_id: str,
        routine_title: str,
        *,
        planned_seconds: int,
        client: str = "terminal",
        speed: float = 1.0,
    ) -> int:
        """Record the start of a session and return its id."""
        _text("routine_id", routine_id)
        _text("routine_title", routine_title)
        _text("client", client)
        _count("planned_seconds", planned_seconds)
        if not _finite(speed) or speed <= 0:
            raise ValueError(f"speed: must be a number above 0, got {speed!r}")
        with self._write() as session:
            row = SessionRow(
                routine_id=routine_id,
                routine_title=routine_title,
                client=client,
                speed=float(speed),
                planned_seconds=planned_seconds,
                started_at=self._now(),
                status=IN_PROGRESS,
            )
            session.add(row)
            session.flush()
            return row.id

    def record_phase(
        self,
        session_id: int,
        *,
        phase_index: int,
        kind: str,
        stretch_id: str | None,
        side: str | None,
        planned_seconds: float,
        actual_seconds: float,
        outcome: str,
    ) -> None:
        """Record a finished phase; committed before this returns."""
        _count("phase_index", phase_index)
        _choice("kind", kind, PHASE_KINDS)
        if stretch_id is not None:
            _text("stretch_id", stretch_id)
        if side is not None:
            _choice("side", side, SIDES)
        _seconds("planned_seconds", planned_seconds)
        _seconds("actual_seconds", actual_seconds)
        _choice("outcome", outcome, OUTCOMES)
        with self._write() as session:
            self._session_row(session, session_id)
            session.add(
                PhaseRow(
                    session_id=session_id,
                    phase_index=phase_index,
                    kind=str(kind),
                    stretch_id=stretch_id,
                    side=None if side is None else str(side),
                    planned_seconds=float(planned_seconds),
                    actual_seconds=float(actual_seconds),
                    outcome=str(outcome),
                    ended_at=self._now(),
                )
            )

    def record_hurt(
        self, session_id: int, *, phase_index: int, stretch_id: str, side: str | None, reason: str
    ) -> None:
        """Record a "that hurt" report and flag the stretch (or count one more on its flag)."""
        _count("phase_index", phase_index)
        _text("stretch_id", stretch_id)
        if side is not None:
            _choice("side", side, SIDES)
        _choice("reason", reason, HURT_REASONS)
        now = self._now()
        with self._write() as session:
            self._session_row(session, session_id)
            session.add(
                HurtRow(
                    session_id=session_id,
                    phase_index=phase_index,
                    stretch_id=stretch_id,
                    side=None if side is None else str(side),
                    reason=str(reason),
                    reported_at=now,
                )
            )
            flag = session.get(FlagRow, stretch_id)
            if flag is None:
                flag = FlagRow(stretch_id=stretch_id, count=0, first_at=now)
                session.add(flag)
            elif flag.cleared_at is not None:
                # A flag that was cleared and hurt again starts a fresh count.
                flag.count, flag.first_at, flag.cleared_at = 0, now, None
            flag.count += 1
            flag.last_reason = str(reason)
            flag.last_at = now

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
        """Mark a session completed or quit; once ended, later calls change nothing."""
        _choice("status", status, END_STATUSES)
        with self._write() as session:
            row = self._session_row(session, session_id)
            # A player may end twice (finished, then Ctrl-C on its summary): the first stands.
            if row.status == IN_PROGRESS:
                row.status = str(status)
                row.ended_at = self._now()

    def sessions(self, limit: int | None = None) -> list[SessionRecord]:
        """Sessions newest first, each with its phases."""
        if limit is not None:
            _count("limit", limit)
        query = (
            select(SessionRow)
            .options(selectinload(SessionRow.phases))
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .limit(limit)
        )
        with self._sessions() as session:
            return [_session_record(row) for row in session.scalars(query)]

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

    def clear_flag(self, stretch_id: str) -> None:
        """Clear a stretch's flag; clearing one that is not flagged does nothing."""
        with self._write() as session:
            flag = session.get(FlagRow, stretch_id)
            if flag is not None and flag.cleared_at is None:
                flag.cleared_at = self._now()

    def save_screening(self, answers: dict[str, bool], result: str) -> None:
        """Record a red-flag screening; a screening done is no longer due."""
        if not isinstance(answers, dict):
            raise ValueError(f"answers: must be a dict of question id to yes/no, got {answers!r}")
        for key, value in answers.items():
            if not isinstance(key, str) or not isinstance(value, bool):
                raise ValueError(f"answers: {key!r} must map to True or False, got {value!r}")
        _choice("result", result, SCREENING_RESULTS)
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
        _text("reason", reason)
        self.set_meta(SCREEN_DUE_REASON, reason)

    def get_meta(self, key: str) -> str | None:
        """A meta value, or None if it was never set."""
        with self._sessions() as session:
            row = session.get(MetaRow, key)
            return None if row is None else row.value

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value, replacing any earlier one."""
        _text("key", key)
        if not isinstance(value, str):
            raise ValueError(f"value: must be a string, got {value!r}")
        with self._write() as session:
            row = session.get(MetaRow, key)
            if row is None:
                session.add(MetaRow(key=key, value=value))
            else:
                row.value = value

    def close(self) -> None:
        """Close every connection the store holds."""
        self.engine.dispose()


def _session_record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        routine_id=row.routine_id,
        routine_title=row.routine_title,
        client=row.client,
        speed=row.speed,
        planned_seconds=row.planned_seconds,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=row.status,
        pain_before=row.pain_before,
        pain_after=row.pain_after,
        phases=tuple(
            PhaseRecord(
                phase_index=p.phase_index,
                kind=p.kind,
                stretch_id=p.stretch_id,
                side=p.side,
                planned_seconds=p.planned_seconds,
                actual_seconds=p.actual_seconds,
                outcome=p.outcome,
                ended_at=p.ended_at,
            )
            for p in row.phases
        ),
    )


def _choice(field: str, value: object, allowed: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{field}: must be one of {', '.join(allowed)}; got {value!r}")


def _text(field: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field}: must be a non-empty string, got {value!r}")


def _count(field: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{field}: must be a whole number 0 or more, got {value!r}")


def _finite(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _seconds(field: str, value: object) -> None:
    if not _finite(value) or value < 0:
        raise ValueError(f"{field}: must be a number of seconds 0 or more, got {value!r}")
