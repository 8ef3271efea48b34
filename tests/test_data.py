"""The person's data: exported whole, imported exactly into an empty home, erased whole.

Through the real command line and the real web app, on real SQLite files.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ptyrun import TerminalRun
from store_kit import START, Clock, hurt, phase, start
from supple.cli import app
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines, to_exchange
from supple.library.schema import Routine
from supple.planner.needs import AgeBand, Condition, Profile
from supple.profile import store_profile
from supple.safety import questions
from supple.services import reminders
from supple.store.db import open_store
from supple.store.meta import BREAKS_TURNED_ON, FIRST_RUN_SEEN, LAST_ROUTINE
from webapp import client

SW = Path(__file__).resolve().parents[1] / "src/supple/web/static/sw.js"
TITLE = "Zebra-stripe evening routine"  # a title to look for in the files after an erase


def lived_in(home: Path) -> None:
    """A home with something in every table, and a routine of the person's own."""
    clock = Clock(START)
    with open_store(home, clock=clock) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")
        real = store.start_session(
            "wall-nine",
            TITLE,
            planned_seconds=600,
            client="terminal",
            speed=1.0,
            demo=False,
            options={"voice": True},
        ).id
        store.set_pain(real, before=6)
        for i, outcome in enumerate(["done", "skipped", "done"]):
            clock.tick(30.25)
            phase(store, real, i, side="left" if i == 2 else None, outcome=outcome)
        hurt(store, real, "figure-4", side="right", reason="numbness")
        store.mark_screen_due("you reported numbness")
        store.set_pain(real, after=3)
        store.end_session(real, "completed")
        clock.tick(3600)
        hurt(store, start(store, "cat-cow", demo=True, speed=4.0), "cat-cow")
        store.clear_flag("cat-cow")
        store.set_weekly_pain(date(2024, 4, 29), 6)
        store.set_weekly_pain(date(2024, 5, 6), 4)
        store.add_psfs([("Putting on socks", 3), ("Sitting through a film", 5), ("=cmd", 2)])
        store.set_meta(LAST_ROUTINE, "wall-nine")
        store.set_meta(FIRST_RUN_SEEN, "yes")
        store_profile(store, Profile(conditions=[Condition.KNEE], age_band=AgeBand.OLDER))
        library = default_library()
        own = OwnRoutines(home, library)
        reminders.set_daily(store, library, own, ["07:30"], days="mon-fri", routine="wall-nine")
        reminders.set_breaks(store, enabled=True, every=50)
        due = datetime(2024, 5, 6, 9, 50, tzinfo=UTC)
        reminders.record(store, "break", due, "postponed")
        reminders.record(store, "break", due + timedelta(minutes=5), "started")
    mine = {**to_exchange(library.routines["wall-nine"]), "id": "my-wall", "title": TITLE}
    OwnRoutines(home, library).save(Routine.model_validate(mine))


def exported(runner: CliRunner) -> dict[str, Any]:
    result = runner.invoke(app, ["data", "export", "-"])
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return {**a, "exported_at": None} == {**b, "exported_at": None}


def use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    monkeypatch.setenv("SUPPLE_HOME", str(home))
    return home


# -- the command line -----------------------------------------------------------------------


def test_export_import_export_is_exact(
    home: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    lived_in(home)
    file = tmp_path / "mine.json"
    result = runner.invoke(app, ["data", "export", str(file)])
    assert result.exit_code == 0, result.output
    said = "Exported 2 sessions, 2 weekly pain scores, 1 activity check, 2 reminders answered, "
    assert said + "1 screening, 2 flags, 1 routine of yours, 6 settings" in result.stdout
    assert stat.S_IMODE(file.stat().st_mode) == 0o600  # health records
    doc = json.loads(file.read_text())
    assert (doc["format"], doc["version"]) == ("supple-data", 3)
    schedule = doc["reminders"]["schedule"]
    assert [(d["at"], d["days"], d["routine"]) for d in schedule["daily"]] == [
        ("07:30", ["mon", "tue", "wed", "thu", "fri"], "wall-nine")
    ]
    assert schedule["breaks"]["enabled"] is True and schedule["breaks"]["every"] == 50
    assert [(e["kind"], e["outcome"], e["due_at"]) for e in doc["reminder_events"]] == [
        ("break", "postponed", "2024-05-06T09:50:00+00:00"),
        ("break", "started", "2024-05-06T09:55:00+00:00"),
    ]
    assert doc["profile"] == {"conditions": ["knee"], "age_band": "older"}
    assert doc["meta"][BREAKS_TURNED_ON]  # when desk breaks were turned on
    assert {k: v for k, v in doc["meta"].items() if k != BREAKS_TURNED_ON} == {
        "first_run_seen": "yes",
        "last_routine": "wall-nine",
        "screen_due_reason": "you reported numbness",
    }
    real, demo = doc["sessions"]
    assert (real["routine_title"], real["pain_before"], real["pain_after"]) == (TITLE, 6, 3)
    assert [p["outcome"] for p in real["phases"]] == ["done", "skipped", "done"]
    assert real["hurts"][0]["reason"] == "numbness" and demo["demo"] is True
    assert {f["stretch_id"]: f["cleared_at"] is None for f in doc["flags"]} == {
        "cat-cow": False,
        "figure-4": True,
    }
    assert [r["id"] for r in doc["routines"]] == ["my-wall"]
    assert [(w["week"], w["pain"]) for w in doc["weekly_pain"]] == [
        ("2024-04-29", 6),
        ("2024-05-06", 4),
    ]
    [check] = doc["psfs"]
    assert [(r["activity"], r["score"]) for r in check["ratings"]] == [
        ("Putting on socks", 3),
        ("Sitting through a film", 5),
        ("=cmd", 2),
    ]

    use_home(monkeypatch, tmp_path / "new-computer")
    result = runner.invoke(app, ["data", "import", str(file)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 sessions" in result.stdout
    again = exported(runner)
    assert same(again, doc)
    # The session keeps its id and uuid: addresses that named it still do.
    with open_store() as store:
        assert store.session(real["id"]).uuid == real["uuid"]


def test_a_version_1_file_without_progress_measures_still_imports(
    home: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    lived_in(home)
    doc = exported(runner)
    old = {
        k: v
        for k, v in doc.items()
        if k not in ("weekly_pain", "psfs", "reminders", "reminder_events")
    }
    file = tmp_path / "old.json"
    file.write_text(json.dumps({**old, "version": 1}))
    use_home(monkeypatch, tmp_path / "new-computer")
    result = runner.invoke(app, ["data", "import", str(file)])
    assert result.exit_code == 0, result.output
    again = exported(runner)
    assert (again["version"], again["weekly_pain"], again["psfs"]) == (3, [], [])
    assert (again["reminders"], again["reminder_events"]) == (None, [])
    assert again["sessions"] == doc["sessions"]


def test_import_refuses_a_home_that_holds_anything(
    home: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    lived_in(home)
    file = tmp_path / "mine.json"
    assert runner.invoke(app, ["data", "export", str(file)]).exit_code == 0
    before = exported(runner)
    result = runner.invoke(app, ["data", "import", str(file)])
    assert result.exit_code == 1
    assert "already holds 2 sessions" in result.stderr and "empty" in result.stderr
    assert same(exported(runner), before)


def _with(doc: dict[str, Any], change: str) -> dict[str, Any]:
    doc = json.loads(json.dumps(doc))
    s = doc["sessions"]
    if change == "kind":
        s[0]["phases"][1]["kind"] = "lying-down"
    elif change == "escape":
        s[0]["routine_title"] = "Wall \x1b[2J"
    elif change == "twice":
        s[1]["uuid"] = s[0]["uuid"]
    elif change == "pain":
        s[0]["pain_after"] = 11
    elif change == "extra":
        s[0]["mood"] = "fine"
    elif change == "newer":
        doc["version"] = 4
    elif change == "reminder":
        doc["reminders"]["schedule"]["daily"][0]["at"] = "25:00"
    elif change == "week":
        doc["weekly_pain"][0]["week"] = "2024-04-30"
    elif change == "activity":
        doc["psfs"][0]["ratings"][1]["activity"] = "Film\u202e"
    elif change == "format":
        doc["format"] = "something-else"
    elif change == "stretch":
        doc["routines"][0]["steps"][0]["stretch"] = "no-such-stretch"
    return doc


BAD = {
    "kind": "sessions[0].phases[1].kind",
    "escape": "sessions[0].routine_title: U+001B (escape)",
    "twice": "sessions[1].uuid",
    "pain": "sessions[0].pain_after",
    "extra": "sessions[0].mood: unknown field",
    "newer": "version: 4 was written by a newer supple",
    "reminder": "reminders.schedule.daily[0].at: '25:00' is not a time",
    "week": "weekly_pain[0].week: 2024-04-30 is not a Monday",
    "activity": "psfs[0].ratings[1].activity: U+202E",
    "format": "is not a supple data file",
    "stretch": "routines[0]",
}


@pytest.mark.parametrize("change", BAD)
def test_a_bad_file_is_refused_naming_the_field_and_nothing_is_written(
    home: Path,
    tmp_path: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    lived_in(home)
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(_with(exported(runner), change)))
    fresh = use_home(monkeypatch, tmp_path / "fresh")
    result = runner.invoke(app, ["data", "import", str(file)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and BAD[change] in lines[0], result.stderr
    assert exported(runner)["sessions"] == [] and not list(fresh.glob("routines/*"))


def test_a_file_that_is_not_json_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    file = tmp_path / "nan.json"
    file.write_text('{"format": "supple-data", "speed": NaN}')
    result = runner.invoke(app, ["data", "import", str(file)])
    assert result.exit_code == 1 and "is not JSON: NaN is not a JSON number" in result.stderr


def test_erase_removes_what_supple_wrote_and_nothing_else(home: Path, runner: CliRunner) -> None:
    lived_in(home)
    (home / "my-notes.txt").write_text("mine, not supple's")
    result = runner.invoke(app, ["data", "erase", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Erased supple.db, routines" in result.stdout
    assert sorted(p.name for p in home.iterdir()) == ["my-notes.txt"]


def test_erase_leaves_no_empty_folder_behind(home: Path, runner: CliRunner) -> None:
    lived_in(home)
    assert runner.invoke(app, ["data", "erase", "--yes"]).exit_code == 0
    assert not home.exists()


def test_erase_without_a_terminal_or_yes_refuses(home: Path, runner: CliRunner) -> None:
    lived_in(home)
    result = runner.invoke(app, ["data", "erase"])
    assert result.exit_code == 1 and "add --yes" in result.stderr
    assert (home / "supple.db").exists() and (home / "routines/my-wall.json").exists()


def test_erase_refuses_while_a_server_uses_the_data(home: Path, runner: CliRunner) -> None:
    lived_in(home)
    (home / "server.json").write_text(json.dumps({"pid": os.getpid()}))
    result = runner.invoke(app, ["data", "erase", "--yes"])
    assert result.exit_code == 1 and "stop it first" in result.stderr
    assert (home / "supple.db").exists()


@pytest.mark.parametrize("answer", ["n", "y"])
def test_erase_asks_first_in_a_terminal(home: Path, answer: str) -> None:
    lived_in(home)
    run = TerminalRun(["data", "erase"], {"SUPPLE_HOME": str(home)})
    try:
        deadline = time.monotonic() + 20
        while "cannot be undone" not in run.text():
            assert run.proc.poll() is None and time.monotonic() < deadline, run.text()
            time.sleep(0.02)
        run.send(f"{answer}\r")
        assert run.proc.wait(timeout=20) == (0 if answer == "y" else 1)
    finally:
        run.close()
    assert (home / "supple.db").exists() is (answer == "n")


# -- the web app ----------------------------------------------------------------------------


def test_the_web_api_exports_imports_and_exports_the_same(home: Path, tmp_path: Path) -> None:
    lived_in(home)
    with client(home) as c:
        r = c.get("/api/data/export")
        assert r.status_code == 200
        assert r.headers["content-disposition"].startswith('attachment; filename="supple-data-')
        assert r.headers["cache-control"] == "no-store"
        doc = r.json()
    with client(tmp_path / "other") as c:
        r = c.post("/api/data/import", json=doc)
        assert r.status_code == 200, r.text
        assert r.json()["sessions"] == 2 and r.json()["routines"] == 1
        assert same(c.get("/api/data/export").json(), doc)
        r = c.post("/api/data/import", json=doc)  # not empty any more
        assert r.status_code == 409 and "already holds" in r.json()["detail"]


def test_the_web_import_names_the_bad_field(home: Path, tmp_path: Path) -> None:
    lived_in(home)
    with client(home) as c:
        doc = _with(c.get("/api/data/export").json(), "kind")
    with client(tmp_path / "other") as c:
        r = c.post("/api/data/import", json=doc)
        assert r.status_code == 422
        fields = [p["field"] for p in r.json()["detail"]]
        assert "body.sessions.0.phases.1.kind" in fields
        assert c.get("/api/data/export").json()["sessions"] == []


def test_the_web_import_takes_a_file_larger_than_a_routine(home: Path, tmp_path: Path) -> None:
    with open_store(home) as store:
        for _ in range(150):
            sid = start(store, "wall-nine")
            for i in range(8):
                phase(store, sid, i)
    with client(home) as c:
        doc = c.get("/api/data/export").json()
    assert len(json.dumps(doc)) > 256 * 1024  # past the body limit for everything else
    with client(tmp_path / "other") as c:
        r = c.post("/api/data/import", json=doc)
        assert r.status_code == 200, r.text
        assert r.json()["sessions"] == 150


def test_the_web_erase_wants_the_word_then_leaves_nothing(home: Path) -> None:
    lived_in(home)
    with client(home) as c:
        assert c.post("/api/data/erase", json={"confirm": "yes"}).status_code == 422
        assert c.post("/api/data/erase", json={}).status_code == 422
        assert len(c.get("/api/data/export").json()["sessions"]) == 2
        r = c.post("/api/data/erase", json={"confirm": "erase"})
        assert r.status_code == 200
        assert r.json()["words"] == (
            "2 sessions, 2 weekly pain scores, 1 activity check, 2 reminders answered, "
            "1 screening, 2 flags, 1 routine of yours, 6 settings"
        )
        doc = c.get("/api/data/export").json()
        assert doc["reminders"] is None and doc["reminder_events"] == []
        kinds = ("profile", "meta", "sessions", "flags", "routines", "weekly_pain", "psfs")
        assert [doc[k] for k in kinds] == [None, {}, [], [], [], [], []]
        # The app still works on the emptied store.
        assert c.get("/history").status_code == 200
    # No page of the old rows is left in the files: the title is nowhere in them.
    for name in ("supple.db", "supple.db-wal"):
        if (home / name).exists():
            assert TITLE.encode() not in (home / name).read_bytes(), name
    assert not list((home / "routines").iterdir())


def test_the_data_page_runs_no_inline_script_or_style(home: Path) -> None:
    lived_in(home)
    with client(home) as c:
        page = c.get("/data").text
        assert str(home) in page and "2 sessions, 2 weekly pain scores" in page
        assert '<script type="module" src="/static/js/data.js"></script>' in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)
        assert not re.search(r"\sstyle=|\son[a-z]+=", page)
        assert 'href="/data"' in c.get("/").text  # every page's footer leads there
        assert c.get("/static/js/data.js").status_code == 200


def _patterns(source: str, name: str) -> list[re.Pattern[str]]:
    block = re.search(rf"const {name} = \[(.*?)\];", source, re.S)
    assert block is not None, name
    # A JavaScript regex literal: escapes and [...] classes may hold a "/".
    literal = r"/(\^(?:\\.|\[[^\]]*\]|[^/\\\[])*)/"
    return [re.compile(p) for p in re.findall(literal, block.group(1))]


def test_the_service_worker_keeps_personal_answers_apart_and_never_health_records() -> None:
    # Shared (kept for everyone, never erased): the app's files, pictures, stretches, advice.
    # Personal (pages and the player's reads, deleted when the person erases their data).
    # Never kept at all: the records themselves (history, sessions, flags, exports).
    source = SW.read_text()
    shared = _patterns(source, "STATIC") + _patterns(source, "SHARED_API")
    personal = _patterns(source, "PERSONAL_API")
    assert shared and personal
    for path in ["/static/css/app.css", "/figures/cat-cow.svg", "/api/stretches/cat-cow"]:
        assert any(p.search(path) for p in shared), path
    about_the_person = [
        "/api/history", "/api/profile", "/api/profile/warnings", "/api/safety/screen",
        "/api/sessions/1", "/api/flags", "/api/data/export", "/api/routines",
        "/api/routines/my-wall", "/api/routines/wall-nine/timeline", "/api/progress",
        "/api/progress/weekly-pain", "/api/progress/export.csv", "/api/progress/fhir",
        "/api/reminders", "/api/reminders/upcoming", "/calendar.ics",
    ]  # fmt: skip
    assert [path for path in about_the_person if any(p.search(path) for p in shared)] == []
    records = [
        "/api/history", "/api/sessions/1", "/api/flags", "/api/data/export", "/api/progress",
        "/api/progress/export.csv", "/api/progress/fhir", "/api/profile", "/calendar.ics",
        "/api/reminders/upcoming",
    ]  # fmt: skip
    assert [path for path in records if any(p.search(path) for p in personal)] == []
    # Erasing (data.js) deletes every cache but the shared one: the personal one goes.
    shared_name = re.search(r'const SHARED = "([^"]+)"', source)
    personal_name = re.search(r'const PERSONAL = "([^"]+)"', source)
    assert shared_name is not None and personal_name is not None
    erase = (SW.parent / "js" / "data.js").read_text()
    assert '!key.startsWith("supple-shared")' in erase
    assert shared_name[1].startswith("supple-shared")
    assert not personal_name[1].startswith("supple-shared")
