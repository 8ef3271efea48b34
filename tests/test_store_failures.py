"""A database that cannot be used: damaged, newer, read-only or on a full disk.

Each is one line naming the file and what to do (the CLI exits 1, the server answers a JSON
503 or 507), and the file is left exactly as it was. Real SQLite files throughout: damage
is garbage written over pages, a full disk is SQLite's own page limit, a read-only folder
is a real one, in a process that file modes bind (root's CAP_DAC_OVERRIDE dropped).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool
from typer.testing import CliRunner

from store_kit import phase, start
from supple.cli import app
from supple.store.db import check_store, open_store
from supple.store.errors import StoreUnavailable
from webapp import client, free_port, screened

PAGE = 4096


def filled(home: Path, sessions: int = 30) -> Path:
    """A home whose database holds sessions with phases, closed (its WAL folded in)."""
    with open_store(home) as store:
        for _ in range(sessions):
            sid = start(store, "wall-nine")
            for i in range(5):
                phase(store, sid, i)
    return home / "supple.db"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def garbage_over_pages(db: Path) -> None:
    """Every page but the first (the schema) overwritten: any table read meets garbage."""
    data = bytearray(db.read_bytes())
    data[PAGE:] = bytes((n * 37 + 11) % 256 for n in range(len(data) - PAGE))
    db.write_bytes(bytes(data))


def garbage_header(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[:100] = b"\xa5" * 100
    db.write_bytes(bytes(data))


def truncated(db: Path) -> None:
    os.truncate(db, db.stat().st_size // 2 + 100)


def newer(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()


DAMAGES = {"garbage-pages": garbage_over_pages, "garbage-header": garbage_header}
DAMAGES["truncated"] = truncated
EMPTY_EXPORT = (
    '{"format": "supple-data", "version": 1, "exported_at": "2024-05-06T18:30:00+00:00", '
    '"profile": null, "meta": {}, "sessions": [], "flags": [], "screenings": [], "routines": []}'
)


# -- at open ------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_file_is_refused_and_left_as_it_was(home: Path, damage: object) -> None:
    db = filled(home)
    damage(db)  # type: ignore[operator]
    before = digest(db)
    with pytest.raises(StoreUnavailable) as found:
        open_store(home)
    assert found.value.kind == "damaged"
    assert str(db) in str(found.value) and "\n" not in str(found.value)
    assert digest(db) == before


def test_a_newer_schema_is_refused_not_migrated(home: Path) -> None:
    db = filled(home)
    newer(db)
    before = digest(db)
    with pytest.raises(StoreUnavailable, match="newer supple") as found:
        check_store(home)
    assert found.value.kind == "newer"
    assert "ffff" in str(found.value)
    assert digest(db) == before


def test_another_programs_database_is_not_written_into(home: Path) -> None:
    home.mkdir(parents=True)
    with sqlite3.connect(home / "supple.db") as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    before = digest(home / "supple.db")
    with pytest.raises(StoreUnavailable, match="not a supple database"):
        open_store(home)
    assert digest(home / "supple.db") == before


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["flags"],
        ["flags", "clear", "cat-cow"],
        ["profile"],
        ["screen"],
        ["start", "wall-nine"],
        ["data", "export", "-"],
        ["data", "import", "-"],
    ],
    ids=lambda a: " ".join(a),
)
@pytest.mark.parametrize("broken", ["damaged", "newer"])
def test_every_command_that_opens_the_store_says_one_line(
    home: Path, runner: CliRunner, args: list[str], broken: str
) -> None:
    db = filled(home, sessions=3)
    (garbage_over_pages if broken == "damaged" else newer)(db)
    before = digest(db)
    doc = EMPTY_EXPORT if args[:2] == ["data", "import"] else None
    result = runner.invoke(app, args, input=doc)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ") and str(db) in lines[0]
    assert ("damaged" if broken == "damaged" else "newer supple") in lines[0]
    assert "Traceback" not in result.output
    assert digest(db) == before


# -- while running --------------------------------------------------------------------------


def test_a_file_damaged_while_open_takes_no_more_writes(home: Path) -> None:
    db = filled(home)
    with open_store(home) as store:
        garbage_over_pages(db)
        store.engine.dispose()  # the next connection reads the file as it now is
        with pytest.raises(StoreUnavailable) as found:
            store.sessions_page(10)
        assert found.value.kind == "damaged"
        before = digest(db)
        # A write that SQLite might even manage is refused: it could make things worse.
        with pytest.raises(StoreUnavailable, match="will not write"):
            store.set_meta("last_routine", "wall-nine")
        assert digest(db) == before


@contextmanager
def disk_full() -> Iterator[None]:
    """While inside, every new SQLite connection may not grow its file: a full disk.

    SQLite's max_page_count makes a write that needs a new page fail as a full disk does
    (SQLITE_FULL, "database or disk is full"); the WAL still takes the pages it has.
    """

    def cap(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    event.listen(Pool, "connect", cap)
    try:
        yield
    finally:
        event.remove(Pool, "connect", cap)


@pytest.fixture
def full_disk() -> Iterator[None]:
    with disk_full():
        yield


def test_a_full_disk_on_first_use_is_one_line(
    home: Path, runner: CliRunner, full_disk: None
) -> None:
    result = runner.invoke(app, ["history"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is full" in lines[0] and str(home / "supple.db") in lines[0]


def start_body() -> dict[str, object]:
    return {"routine_id": "wall-nine", "id": str(uuid.uuid4())}


def test_the_server_answers_507_when_the_disk_fills_and_keeps_reading(home: Path) -> None:
    screened(home)
    with client(home) as c:
        assert c.post("/api/sessions", json=start_body()).status_code == 201
        with disk_full():
            # The disk fills up while the server runs (new connections see the limit).
            c.app.state.open_store().engine.dispose()  # type: ignore[attr-defined]
            started = 1
            for _ in range(500):
                r = c.post("/api/sessions", json=start_body())
                if r.status_code != 201:
                    break
                started += 1
            assert r.status_code == 507, r.text
            assert r.json()["kind"] == "full"
            assert "is full" in r.json()["detail"] and str(home / "supple.db") in r.json()["detail"]
            history = c.get("/api/history", params={"limit": 1000})
            assert history.status_code == 200
            assert history.json()["total_sessions"] == started  # nothing half-written


def test_the_server_answers_503_once_the_file_is_damaged(home: Path) -> None:
    db = filled(home)
    screened(home)
    with client(home) as c:
        assert c.get("/api/history").status_code == 200
        garbage_over_pages(db)
        c.app.state.open_store().engine.dispose()  # type: ignore[attr-defined]
        r = c.get("/api/history")
        assert r.status_code == 503 and r.json()["kind"] == "damaged"
        assert str(db) in r.json()["detail"]
        before = digest(db)
        r = c.post("/api/sessions", json=start_body())
        assert r.status_code == 503 and "will not write" in r.json()["detail"]
        page = c.get("/history")
        assert page.status_code == 503 and "cannot be reached" in page.text
        assert digest(db) == before


# -- a read-only folder or file, in a process whose file modes bind -------------------------


def _mode_bound() -> list[str] | None:
    """A command prefix under which file modes bind this test's user; None if there is none."""
    if os.name != "posix":
        return None
    if os.geteuid() != 0:
        return []
    # Root ignores file modes through CAP_DAC_OVERRIDE: drop it (and its read twin).
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


BOUND = _mode_bound()
needs_modes = pytest.mark.skipif(
    BOUND is None, reason="file modes do not bind here (root, and setpriv cannot drop its rights)"
)


def supple(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    assert BOUND is not None
    return subprocess.run(
        [*BOUND, sys.executable, "-m", "supple", *args],
        env={**os.environ, "SUPPLE_HOME": str(home), "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def read_only_folder(home: Path) -> Iterator[Path]:
    filled(home, sessions=2)
    home.chmod(0o500)
    try:
        yield home
    finally:
        home.chmod(0o700)


@needs_modes
@pytest.mark.parametrize(
    "args", [["history"], ["flags", "clear", "cat-cow"], ["data", "export", "-"]]
)
def test_a_read_only_folder_is_one_line(read_only_folder: Path, args: list[str]) -> None:
    result = supple(read_only_folder, *args)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(read_only_folder / "supple.db") in lines[0] and "folder is read-only" in lines[0]


@needs_modes
def test_a_read_only_file_is_one_line(home: Path) -> None:
    db = filled(home, sessions=2)
    db.chmod(0o400)
    before = digest(db)
    result = supple(home, "history")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: supple cannot write to {db} (the file is read-only). Make it writable for "
        "your user, or set SUPPLE_HOME to a folder you can write to."
    ]
    assert digest(db) == before


@needs_modes
def test_serve_refuses_to_start_on_a_read_only_folder(read_only_folder: Path) -> None:
    result = supple(read_only_folder, "serve", "--port", str(free_port()), "--no-browser")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "folder is read-only" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_to_start_on_a_damaged_file(home: Path) -> None:
    garbage_over_pages(filled(home, sessions=2))
    result = subprocess.run(
        [sys.executable, "-m", "supple", "serve", "--port", str(free_port()), "--no-browser"],
        env={**os.environ, "SUPPLE_HOME": str(home), "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "is damaged" in result.stderr


# -- permissions ----------------------------------------------------------------------------

posix = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix
def test_the_data_folder_is_0700_and_its_files_0600(home: Path) -> None:
    with open_store(home) as store:
        start(store, "wall-nine")  # the WAL and its index exist while the store is open
        files = [home / n for n in ("supple.db", "supple.db-wal", "supple.db-shm")]
        assert all(f.exists() for f in files)
        assert mode(home) == 0o700
        assert [mode(f) for f in files] == [0o600] * 3


@posix
def test_looser_modes_are_tightened_on_open(home: Path) -> None:
    filled(home, sessions=1)
    home.chmod(0o755)
    (home / "supple.db").chmod(0o644)
    open_store(home).close()
    assert (mode(home), mode(home / "supple.db")) == (0o700, 0o600)


@posix
def test_a_shared_folder_as_home_is_not_changed(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # as /tmp is: SUPPLE_HOME pointed there must not lock others out
    monkeypatch.setenv("SUPPLE_HOME", str(shared))
    assert runner.invoke(app, ["history"]).exit_code == 0
    assert mode(shared) == 0o1777
    assert mode(shared / "supple.db") == 0o600
