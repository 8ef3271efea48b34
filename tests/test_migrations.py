"""Alembic migrations: a blank database reaches HEAD, and HEAD is what the models describe."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from supple.store import HEAD, make_engine, migrate, open_store
from supple.store.db import alembic_config, current_revision
from supple.store.models import Base

EXPECTED = {
    "sessions": {
        "id",
        "routine_id",
        "routine_title",
        "client",
        "speed",
        "planned_seconds",
        "started_at",
        "ended_at",
        "status",
        "pain_before",
        "pain_after",
    },
    "phases": {
        "id",
        "session_id",
        "phase_index",
        "kind",
        "stretch_id",
        "side",
        "planned_seconds",
        "actual_seconds",
        "outcome",
        "ended_at",
    },
    "hurts": {"id", "session_id", "phase_index", "stretch_id", "side", "reason", "reported_at"},
    "flags": {"stretch_id", "count", "last_reason", "first_at", "last_at", "cleared_at"},
    "screenings": {"id", "taken_at", "answers", "result"},
    "meta": {"key", "value"},
    "alembic_version": {"version_num"},
}


def url(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'supple.db'}"


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))


def test_head_constant_is_the_alembic_scripts_head() -> None:
    assert script().get_heads() == [HEAD]


def test_a_blank_database_gets_every_table_and_column(home: Path) -> None:
    open_store(home).close()
    engine = make_engine(url(home))
    try:
        found = inspect(engine)
        assert set(found.get_table_names()) == set(EXPECTED)
        for table, columns in EXPECTED.items():
            assert {c["name"] for c in found.get_columns(table)} == columns, table
        assert [fk["referred_table"] for fk in found.get_foreign_keys("phases")] == ["sessions"]
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_the_migrated_schema_matches_the_models(home: Path) -> None:
    open_store(home).close()
    engine = make_engine(url(home))
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_a_second_open_keeps_the_data_and_skips_alembic(home: Path) -> None:
    with open_store(home) as store:
        sid = store.start_session("wall-nine", "Wall nine", planned_seconds=300)
    # In a fresh process, so that nothing this test session imported can hide an import.
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from supple.store import open_store

        with open_store(Path({str(home)!r})) as store:
            print([s.id for s in store.sessions()], "alembic" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [f"[{sid}]", "False"]


@pytest.mark.parametrize("revision", ["base", *[s.revision for s in script().walk_revisions()]])
def test_every_earlier_schema_reaches_head_on_open(tmp_path: Path, revision: str) -> None:
    engine = make_engine(url(tmp_path / revision))
    try:
        if revision != "base":
            migrate(engine, revision)
        open_store(url=str(engine.url)).close()
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(home: Path) -> None:
    from alembic import command

    engine = make_engine(url(home))
    try:
        migrate(engine)
        command.downgrade(alembic_config(engine), "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        migrate(engine)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()
