"""The engine factory and migrations: SQLite set up for a player and a server at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for url; for SQLite, foreign keys and real transactions (WAL: use_wal)."""
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
    # Foreign keys are off by default. WAL is switched on by use_wal, once the file is known
    # to be supple's: the switch writes to the file, and a file found wrong is never written.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def use_wal(engine: Engine) -> None:
    """Put a SQLite database in WAL mode (it stays so): `supple history` reads while a player
    writes. A no-op when it is already."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        _pragma(conn, "PRAGMA journal_mode=WAL")


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
    # The config is an .ini parser: a bare % (an escaped URL, a folder named "100%") would
    # start an interpolation.
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for Alembic; on SQLite, foreign keys off inside it."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        # A migration that rebuilds a table (SQLite's batch mode) drops the old one, and
        # with foreign keys on that drop cascades to every row pointing at it. The pragma
        # is a no-op inside a transaction, so it is set on the raw connection first: the
        # procedure in https://www.sqlite.org/lang_altertable.html#otheralter.
        if sqlite:
            _pragma(conn, "PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("migration left rows that point at no row")
        finally:
            if sqlite:
                _pragma(conn, "PRAGMA foreign_keys=ON")


def _pragma(conn: Connection, statement: str) -> None:
    cursor = conn.connection.cursor()
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database to revision (HEAD by default) with Alembic."""
    # Imported here: a database already at HEAD never pays for importing Alembic.
    from alembic import command

    cfg = alembic_config(engine)
    with migrating(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
