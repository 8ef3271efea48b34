"""The person's own routine files: atomic, exclusive, locked, checked, and damaged ones shown."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import default_library
from supple.library.exchange import STALE_SECONDS, OwnRoutines, RoutineExists
from supple.library.schema import Routine
from webapp import client, form, screened, server

LIB = default_library()


def routine(
    routine_id: str = "desk", title: str = "Desk", stretch: str = "wall-quad"
) -> dict[str, object]:
    return {
        "id": routine_id,
        "title": title,
        "source": None,
        "steps": [
            {"stretch": "cat-cow", "hold_seconds": 40, "per_side": False, "mode": "mobilize"},
            {"stretch": stretch, "hold_seconds": 30, "per_side": True},
        ],
    }


def folder(home: Path) -> Path:
    return home / "routines"


def temp_files(home: Path) -> list[str]:
    return sorted(p.name for p in folder(home).iterdir() if p.name.startswith(".tmp-"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- files -------------------------------------------------------------------------------


def test_a_stray_temp_file_is_never_read_and_old_ones_are_cleaned(
    runner: CliRunner, home: Path
) -> None:
    folder(home).mkdir(parents=True)
    old = time.time() - STALE_SECONDS - 60
    # A crash mid-write, by an older supple (".json") and by this one (".part").
    leftovers = [".tmp-abc123.json", ".tmp-def456.part"]
    for name in [*leftovers, ".tmp-writing.part"]:
        (folder(home) / name).write_text(json.dumps(routine("half-written")))
    for name in leftovers:
        os.utime(folder(home) / name, (old, old))
    result = runner.invoke(app, ["routines", "--json"])
    assert result.exit_code == 0, result.output
    assert "half-written" not in result.stdout and "damaged" not in result.stderr.lower()
    # Old leftovers are gone; a young temp file may be another process still writing.
    assert temp_files(home) == [".tmp-writing.part"]


def test_saves_are_private_whole_and_leave_no_temp_file(home: Path, tmp_path: Path) -> None:
    folder(home).mkdir(parents=True, mode=0o755)
    os.chmod(folder(home), 0o755)
    own = OwnRoutines(home, LIB)
    assert mode(folder(home)) == 0o700
    path = own.save(Routine.model_validate(routine()))
    assert mode(path) == 0o600
    assert temp_files(home) == [] and json.loads(path.read_text())["title"] == "Desk"
    try:
        own.save(Routine.model_validate(routine(title="Other")))
    except RoutineExists as err:
        assert str(err) == "you already have a routine 'desk'"
    else:
        raise AssertionError("an existing routine was overwritten")
    own.save(Routine.model_validate(routine(title="Other")), replace=True)
    assert json.loads(path.read_text())["title"] == "Other" and temp_files(home) == []


SAVE_FOREVER = """
import sys
from pathlib import Path
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines
from supple.library.schema import Routine
own = OwnRoutines(Path(sys.argv[1]), default_library())
base = Routine.model_validate_json(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    own.save(base.model_copy(update={"title": f"Edit {n}"}), replace=True)
"""


def test_killed_mid_write_leaves_the_routine_whole(home: Path) -> None:
    OwnRoutines(home, LIB).save(Routine.model_validate(routine(title="Edit 0")))
    for delay in (0.05, 0.2, 0.35):
        writer = subprocess.Popen(
            [sys.executable, "-c", SAVE_FOREVER, str(home), json.dumps(routine())],
            stdout=subprocess.PIPE,
        )
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout.close()
        found, bad = OwnRoutines(home, LIB).load()
        assert bad == [] and list(found) == ["desk"]
        assert found["desk"].title.startswith("Edit ")
        assert all(name.endswith(".part") for name in temp_files(home))  # never "*.json"


def test_the_api_creates_only_new_ids_unless_replace_is_asked(home: Path) -> None:
    with client(home) as c:
        assert c.post("/api/routines", json=routine()).status_code == 201
        again = c.post("/api/routines", json=routine(title="Second"))
        assert again.status_code == 409 and "replace=true" in again.json()["detail"]
        assert c.get("/api/routines/desk").json()["title"] == "Desk"
        forced = c.post("/api/routines", params={"replace": "true"}, json=routine(title="Second"))
        assert forced.status_code == 201
        assert c.get("/api/routines/desk").json()["title"] == "Second"
        assert c.put("/api/routines/nope", json=routine("nope")).status_code == 404
        assert not (folder(home) / "nope.json").exists()
        assert c.delete("/api/routines/desk").status_code == 204
        gone = c.delete("/api/routines/desk")
        assert gone.status_code == 404 and "desk" in gone.json()["detail"]
        for odd in ("a" * 300, "..", "Desk"):
            assert c.get(f"/api/routines/{odd}").status_code == 404
            assert c.delete(f"/api/routines/{odd}").status_code == 404


def test_a_folder_that_cannot_be_written_is_said_not_a_500(
    runner: CliRunner, home: Path, tmp_path: Path
) -> None:
    home.mkdir(parents=True)
    (home / "routines").write_text("not a folder")  # as unwritable as it gets for root
    with client(home) as c:
        assert len(c.get("/api/routines").json()) == len(LIB.routines)
        made = c.post("/api/routines", json=routine())
        assert made.status_code == 503 and "cannot be written" in made.json()["detail"]
        assert c.delete("/api/routines/desk").status_code == 404
    path = tmp_path / "r.json"
    path.write_text(json.dumps(routine()))
    result = runner.invoke(app, ["routine", "import", str(path)])
    assert result.exit_code == 1 and "routines cannot be written" in result.stderr
    assert (home / "routines").read_text() == "not a folder"


def test_every_save_checks_the_stretches(home: Path) -> None:
    with client(home) as c:
        bad = c.post("/api/routines", json=routine(stretch="wall-quads"))
        assert bad.status_code == 422
        assert "steps[1].stretch: unknown stretch 'wall-quads'" in bad.json()["detail"][0]
        assert c.post("/api/routines", json=routine()).status_code == 201
        bad = c.put("/api/routines/desk", json=routine(stretch="no-such"))
        assert bad.status_code == 422 and "unknown stretch 'no-such'" in bad.json()["detail"][0]
        assert c.get("/api/routines/desk").json()["steps"][1]["stretch"] == "wall-quad"


def test_plan_keep_with_an_unknown_stretch_is_a_422_and_saves_nothing(home: Path) -> None:
    planned = json.dumps(routine("kept", stretch="no-such-stretch"))
    with client(home) as c:
        kept = c.post("/plan/keep", data=form(c, routine=planned), follow_redirects=False)
        assert kept.status_code == 422
        assert "steps[1].stretch: unknown stretch 'no-such-stretch'" in kept.json()["detail"][0]
        assert not (folder(home) / "kept.json").exists()
        assert c.get("/routines/kept").status_code == 404
        bad_id = c.post("/plan/keep", data=form(c, routine=planned, id="My Plan"))
        assert bad_id.status_code == 422 and "routine.id" in bad_id.json()["detail"][0]


# -- damaged files -----------------------------------------------------------------------

DAMAGED = {
    "broken": ("{not json", "line 1: not valid JSON"),
    "untitled": (
        json.dumps({k: v for k, v in routine("untitled").items() if k != "title"}),
        "title: required field is missing",
    ),
    "ghost": (json.dumps(routine("ghost", stretch="ghost-pose")), "unknown stretch 'ghost-pose'"),
    "moved": (json.dumps(routine("elsewhere")), "'elsewhere' does not match the file name"),
    "wall-nine": (json.dumps(routine("wall-nine")), "is a built-in routine's"),
}


def damage(home: Path) -> None:
    folder(home).mkdir(parents=True, exist_ok=True)
    for name, (text, _) in DAMAGED.items():
        (folder(home) / f"{name}.json").write_text(text)
    (folder(home) / "fine.json").write_text(json.dumps(routine("fine", title="Fine one")))


def test_a_damaged_file_is_shown_as_damaged_in_the_terminal(runner: CliRunner, home: Path) -> None:
    damage(home)
    result = runner.invoke(app, ["routines"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Fine one" in out
    for name, (_, why) in DAMAGED.items():
        assert f"Damaged: {name}: " in out and why in out
    shown = runner.invoke(app, ["routine", "ghost"])
    assert shown.exit_code == 1
    said = " ".join(shown.stderr.split())
    assert "your routine 'ghost' is damaged: steps[1].stretch: unknown stretch 'ghost-pose'" in said
    assert runner.invoke(app, ["routine", "delete", "ghost"]).exit_code == 0
    missing = runner.invoke(app, ["routine", "delete", "ghost"])
    assert missing.exit_code == 1 and "unknown routine of yours 'ghost'" in missing.stderr


def test_a_damaged_file_is_a_clear_page_and_a_422_never_a_500(home: Path) -> None:
    damage(home)
    screened(home)
    with client(home) as c:
        page = c.get("/routines")
        assert page.status_code == 200 and "Fine one" in page.text
        for name in DAMAGED:
            assert f'Damaged: <a href="/routines/{name}">{name}</a>' in page.text
        for address in ("/routines/ghost", "/routines/ghost/edit", "/play/ghost"):
            one = c.get(address)
            assert one.status_code == 422, address
            assert "This routine is damaged" in one.text
            assert "unknown stretch &#39;ghost-pose&#39;" in one.text
        for address in ("/api/routines/ghost", "/api/routines/ghost/timeline"):
            got = c.get(address)
            assert got.status_code == 422 and "is damaged" in got.json()["detail"]
        listed = {r["id"] for r in c.get("/api/routines").json()}
        assert "fine" in listed and "ghost" not in listed
        started = c.post("/api/sessions", json={"routine_id": "ghost"})
        assert started.status_code == 404 and "damaged" in started.json()["detail"]
        assert c.delete("/api/routines/ghost").status_code == 204
        assert c.get("/routines/ghost").status_code == 404


# -- one id, many writers, a real server -------------------------------------------------


def call(base: str, method: str, path: str, body: object = None) -> tuple[int, object]:
    """One request on its own connection, sent as the app's own pages send it."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    headers = {"Origin": base, "Content-Type": "application/json"}
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        answer = conn.getresponse()
        text = answer.read().decode()
    finally:
        conn.close()
    return answer.status, json.loads(text) if text else None


def at_once(calls: list[Callable[[], tuple[int, object]]]) -> list[int]:
    """Start every call at the same moment; their statuses, in order."""
    gate = threading.Barrier(len(calls))

    def go(c: Callable[[], tuple[int, object]]) -> int:
        gate.wait()
        return c()[0]

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(go, calls))


ROUNDS = 30


def test_three_posts_of_one_id_at_once_have_exactly_one_winner(home: Path) -> None:
    with server(home) as base:
        for n in range(ROUNDS):
            rid = f"race-{n}"
            bodies = [routine(rid, title=f"Writer {w}") for w in range(3)]
            got = at_once([lambda b=b: call(base, "POST", "/api/routines", b) for b in bodies])
            assert sorted(got) == [201, 409, 409], (n, got)
            winner = bodies[got.index(201)]["title"]
            assert json.loads((folder(home) / f"{rid}.json").read_text())["title"] == winner
        assert temp_files(home) == []


def replay(start: str | None, order: tuple[str, ...]) -> tuple[dict[str, int], str | None]:
    """What POST (title A), PUT (title B) and DELETE give, run one after another in this order."""
    state, statuses = start, {}
    for op in order:
        if op == "POST":
            statuses[op], state = (409, state) if state else (201, "A")
        elif op == "PUT":
            statuses[op], state = (200, "B") if state else (404, None)
        else:
            statuses[op], state = (204, None) if state else (404, None)
    return statuses, state


def test_post_put_and_delete_of_one_id_at_once_act_one_at_a_time(home: Path) -> None:
    ops = ("POST", "PUT", "DELETE")
    with server(home) as base:
        for n in range(ROUNDS):
            start = "S" if n % 2 else None
            if start:
                assert call(base, "POST", "/api/routines", routine(title="S"))[0] == 201
            got = at_once(
                [
                    lambda: call(base, "POST", "/api/routines", routine(title="A")),
                    lambda: call(base, "PUT", "/api/routines/desk", routine(title="B")),
                    lambda: call(base, "DELETE", "/api/routines/desk"),
                ]
            )
            assert 500 not in got, (n, got)
            status, answer = call(base, "GET", "/api/routines/desk")
            final = answer["title"] if status == 200 else None  # type: ignore[index]
            # Exactly what some one-at-a-time order gives: nothing lost, nothing overwritten.
            possible = [replay(start, order) for order in itertools.permutations(ops)]
            assert (dict(zip(ops, got, strict=True)), final) in possible, (n, start, got, final)
            if final:
                assert call(base, "DELETE", "/api/routines/desk")[0] == 204
        assert temp_files(home) == []
