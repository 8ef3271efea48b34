"""Alembic migrations: a blank database reaches HEAD, and HEAD is what the models describe."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError

from supple.store import HEAD, checks
from supple.store.db import make_engine, migrate, open_store
from supple.store.engine import alembic_config, current_revision, migrating
from supple.store.models import Base

EXPECTED = {
    "sessions": {
        "id",
        "uuid",
        "routine_id",
        "routine_title",
        "client",
        "speed",
        "demo",
        "options",
        "planned_seconds",
        "started_at",
        "ended_at",
        "status",
        "pain_before",
        "pain_after",
        "stretches_done",
        "stretches_skipped",
        "stretches_stopped",
        "seconds",
    },
    "phases": {
        "id",
        "session_id",
        "key",
        "phase_index",
        "step_index",
        "kind",
        "stretch_id",
        "side",
        "planned_seconds",
        "actual_seconds",
        "outcome",
        "ended_at",
    },
    "hurts": {
        "id",
        "session_id",
        "key",
        "phase_index",
        "stretch_id",
        "side",
        "reason",
        "reported_at",
    },
    "flags": {"stretch_id", "count", "last_reason", "first_at", "last_at", "cleared_at"},
    "screenings": {"id", "taken_at", "answers", "result"},
    "meta": {"key", "value"},
    "weekly_pain": {"week", "pain", "recorded_at"},
    "psfs_assessments": {"id", "taken_at"},
    "psfs_ratings": {"id", "assessment_id", "position", "activity", "score"},
    "reminder_settings": {"id", "schedule", "updated_at"},
    "reminder_events": {"id", "kind", "due_at", "outcome", "recorded_at"},
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


def test_a_folder_with_a_percent_sign_is_migrated(tmp_path: Path) -> None:
    home = tmp_path / "100% mine"
    with open_store(home) as store:
        assert current_revision(store.engine) == HEAD
    assert (home / "supple.db").is_file()


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
        sid = store.start_session(
            "wall-nine",
            "Wall nine",
            planned_seconds=300,
            client="terminal",
            speed=1,
            demo=False,
            options=None,
        ).id
    # In a fresh process, so that nothing this test session imported can hide an import.
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from supple.store.db import open_store

        with open_store(Path({str(home)!r})) as store:
            print([s.id for s in store.sessions_page(10)], "alembic" in sys.modules)
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
        cfg = alembic_config(engine)
        with migrating(engine) as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        migrate(engine)
        assert current_revision(engine) == HEAD
    finally:
        engine.dispose()


# At 0001: one real session (a step per stretch; figure-4 stopped on its right side, wall-quad
# skipped then done on the way back), one demo at 4x with nothing recorded, a hurt, a flag.
AT_0001 = """
INSERT INTO sessions (id, routine_id, routine_title, client, speed, planned_seconds,
                      started_at, ended_at, status, pain_before, pain_after)
VALUES (1, 'wall-nine', 'Wall nine', 'terminal', 1.0, 600,
        '2024-05-06 18:30:00.000000', '2024-05-06 18:40:00.000000', 'completed', 6, 3),
       (2, 'wall-nine', 'Wall nine', 'browser', 4.0, 600,
        '2024-05-07 18:30:00.000000', NULL, 'in-progress', NULL, NULL);
INSERT INTO phases (id, session_id, phase_index, kind, stretch_id, side, planned_seconds,
                    actual_seconds, outcome, ended_at)
VALUES (1, 1, 0, 'get-ready', 'cat-cow', NULL, 5, 5, 'done', '2024-05-06 18:30:05.000000'),
       (2, 1, 1, 'hold', 'cat-cow', NULL, 30, 30, 'done', '2024-05-06 18:30:35.000000'),
       (3, 1, 2, 'hold', 'figure-4', 'left', 30, 30, 'done', '2024-05-06 18:31:05.000000'),
       (4, 1, 3, 'switch-sides', 'figure-4', NULL, 5, 5, 'done', '2024-05-06 18:31:10.000000'),
       (5, 1, 4, 'hold', 'figure-4', 'right', 30, 7.25, 'stopped', '2024-05-06 18:31:18.000000'),
       (6, 1, 5, 'mobilize', 'pelvic-tilt', NULL, 40, 2, 'skipped', '2024-05-06 18:31:20.000000'),
       (7, 1, 6, 'hold', 'wall-quad', NULL, 30, 1, 'skipped', '2024-05-06 18:31:21.000000'),
       (8, 1, 6, 'hold', 'wall-quad', NULL, 30, 30, 'done', '2024-05-06 18:31:51.000000');
INSERT INTO hurts (id, session_id, phase_index, stretch_id, side, reason, reported_at)
VALUES (1, 1, 4, 'figure-4', 'right', 'sharp', '2024-05-06 18:31:18.000000');
INSERT INTO flags (stretch_id, count, last_reason, first_at, last_at, cleared_at)
VALUES ('figure-4', 1, 'sharp', '2024-05-06 18:31:18.000000', '2024-05-06 18:31:18.000000', NULL);
"""


def at_0001(engine: Engine) -> None:
    migrate(engine, "0001")
    with engine.begin() as conn:
        for statement in AT_0001.split(";"):
            if statement.strip():
                conn.exec_driver_sql(statement)


def test_0002_fills_in_what_0001_data_lacks(home: Path) -> None:
    engine = make_engine(url(home))
    try:
        at_0001(engine)
    finally:
        engine.dispose()

    with open_store(home) as store:
        real, demo = store.session(1), store.session(2)
        with store.engine.connect() as conn:
            hurt_keys = conn.exec_driver_sql("SELECT key FROM hurts").scalars().all()
        flags = store.flags()
        assert all(checks.UUID.fullmatch(s.uuid) for s in (real, demo))
        assert real.uuid != demo.uuid
        assert (real.demo, demo.demo) == (False, True)
        assert (real.options, demo.options) == (None, None)
        # Rebuilding the tables kept every row (no cascade) and every older column.
        assert [p.key for p in real.phases] == [f"legacy-{i}" for i in range(1, 9)]
        assert {p.step_index for p in real.phases} == {None}
        assert (real.pain_before, real.pain_after, real.status) == (6, 3, "completed")
        assert (demo.status, demo.ended_at) == ("in-progress", None)
        assert hurt_keys == ["legacy-1"]
        assert flags["figure-4"].count == 1
        # Steps: cat-cow done, figure-4 stopped, pelvic-tilt skipped, wall-quad done.
        assert (real.stretches_done, real.stretches_skipped, real.stretches_stopped) == (2, 1, 1)
        assert real.seconds == 5 + 30 + 30 + 5 + 7.25 + 2 + 1 + 30
        assert (demo.stretches_done, demo.stretches_skipped, demo.seconds) == (0, 0, 0)
        assert store.streak_starts() == [real.started_at]

        # The migrated rows take part like new ones: a legacy key is taken, a uuid found.
        assert store.session_id(real.uuid) == 1
        retried: dict[str, Any] = {
            "key": "legacy-2",
            "phase_index": 1,
            "step_index": None,
            "kind": "hold",
            "stretch_id": "cat-cow",
            "side": None,
            "planned_seconds": 30,
            "actual_seconds": 30,
            "outcome": "done",
        }
        assert store.record_phase(1, **retried) is False
        assert store.session(1) == real


def test_0002_keeps_the_checks_and_the_cascade(home: Path) -> None:
    engine = make_engine(url(home))
    try:
        at_0001(engine)
        migrate(engine)
        with pytest.raises(IntegrityError, match="ck_sessions_pain_before"):
            with engine.begin() as conn:
                conn.exec_driver_sql("UPDATE sessions SET pain_before = 11")
        with engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM sessions WHERE id = 1")
            left = [
                conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                for table in ("sessions", "phases", "hurts")
            ]
        assert left == [1, 0, 0]
    finally:
        engine.dispose()


def test_the_alembic_command_line_migrates_without_losing_phases(home: Path) -> None:
    from alembic import command

    engine = make_engine(url(home))
    try:
        at_0001(engine)
        # The command line connects by itself: env.py turns foreign keys off around the
        # migration as migrate() does, so rebuilding `sessions` cascades to nothing.
        command.upgrade(alembic_config(engine), "head")
        assert current_revision(engine) == HEAD
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM phases").scalar() == 8
    finally:
        engine.dispose()
