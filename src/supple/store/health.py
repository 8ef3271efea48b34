"""The store's health: checked when it opens, watched while it runs.

At open: the folder 0700 and the files 0600, that both can be written, SQLite's quick check,
and a schema this supple knows. While running: an error SQLite reports for a damaged file,
a full disk or a read-only file becomes StoreUnavailable, and a damaged file takes no more
writes. Nothing here ever rewrites, migrates or replaces a file it found wrong.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, event, inspect
from sqlalchemy.engine import ExceptionContext

from ..paths import FILE_MODE, private_folder, tighten, unwritable
from .engine import alembic_config, current_revision, migrate, use_wal
from .errors import Kind, StoreUnavailable
from .revision import HEAD

# SQLite's primary result codes (https://www.sqlite.org/rescode.html); an extended code
# carries its primary one in the low byte.
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
KINDS: dict[int, Kind] = {
    SQLITE_CORRUPT: "damaged",
    SQLITE_NOTADB: "damaged",
    SQLITE_FULL: "full",
    SQLITE_READONLY: "read_only",
    SQLITE_CANTOPEN: "read_only",
}
# The files SQLite keeps beside the database (WAL mode; a rollback journal before it).
SIDE_FILES = ("-wal", "-shm", "-journal")


def kind_of(error: BaseException) -> Kind | None:
    """What an error from sqlite3 means for the person, or None if it is none of these."""
    code = getattr(error, "sqlite_errorcode", None)
    return KINDS.get(code & 0xFF) if isinstance(code, int) else None


class Health:
    """Whether the store's file was found damaged: shared by the engine's error hook and Store."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.damage: str | None = None  # what SQLite said, once it said the file is damaged

    def refuse_writes(self) -> None:
        """Raise StoreUnavailable if the file was found damaged: writing could make it worse."""
        if self.damage is not None:
            raise StoreUnavailable("damaged", self.where, self.damage)

    def watch(self, engine: Engine) -> None:
        """Turn engine's errors meaning damaged, full or read-only into StoreUnavailable."""
        event.listen(engine, "handle_error", self._on_error)

    def _on_error(self, context: ExceptionContext) -> BaseException | None:
        # Returned, SQLAlchemy raises it in place of its own error, after cleaning up; None
        # (a locked database, a constraint, a bug) leaves SQLAlchemy's error as it was.
        return self.unavailable(context.original_exception)

    def unavailable(self, error: BaseException) -> StoreUnavailable | None:
        """The StoreUnavailable an error from sqlite3 means, or None; a damaged file is noted."""
        kind = kind_of(error)
        if kind is None:
            return None
        detail = "" if kind == "full" else str(error)
        if kind == "damaged":
            self.damage = detail
        return StoreUnavailable(kind, self.where, detail)


def prepare(path: Path) -> None:
    """The database's folder (0700) and file (0600) made or tightened; both must be writable.

    The file is made here, empty (an empty file is an empty SQLite database), so that SQLite
    opens it rather than making it 0644; it gives its -wal and -shm files the same mode.
    """
    folder = private_folder(path.parent)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        except FileExistsError:
            pass  # another process made it just now
        except OSError as err:
            raise unwritable(path, err) from None
    for file in (path, *(path.with_name(path.name + end) for end in SIDE_FILES)):
        tighten(file, FILE_MODE)
    # access(), not a trial open: closing any descriptor of a database file drops every
    # lock this process holds on it, which SQLite relies on.
    for where, what in ((path, "the file is read-only"), (folder, "its folder is read-only")):
        if not os.access(where, os.W_OK):
            raise StoreUnavailable("read_only", str(path), what)


def check(engine: Engine, where: str) -> None:
    """Quick-check the file and bring its schema to HEAD; StoreUnavailable if it should not be."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # quick_check reads every page but skips the index cross-checks: a few ms for a
            # year of sessions (benchmarks/store_open.py measures it).
            found = conn.exec_driver_sql("PRAGMA quick_check").scalars().all()
            if found != ["ok"]:
                raise StoreUnavailable("damaged", where, "SQLite's quick check found problems")
        tables = set(inspect(conn).get_table_names())
    revision = current_revision(engine) if "alembic_version" in tables else None
    if revision == HEAD:
        use_wal(engine)
        return
    if revision is None and tables - {"alembic_version"}:
        # Tables, but no version of supple's: another program's database. Migrating would
        # write supple's tables into it.
        raise StoreUnavailable("damaged", where, "it is not a supple database")
    if revision is not None and revision not in known_revisions(engine):
        raise StoreUnavailable("newer", where, f"schema {revision}; this supple knows up to {HEAD}")
    migrate(engine)
    use_wal(engine)


def known_revisions(engine: Engine) -> set[str]:
    """Every revision supple's migrations know (imports Alembic: only when not at HEAD)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    return {s.revision for s in script.walk_revisions()}


def where_of(engine: Engine) -> str:
    """How a message names the database: its file, or its URL without the password."""
    if engine.dialect.name == "sqlite" and engine.url.database:
        return engine.url.database
    return engine.url.render_as_string(hide_password=True)
