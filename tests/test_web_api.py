"""The JSON API through the app factory, on a real SQLite file in a temporary home."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import yaml

from supple.store import open_store
from webapp import client, screened, server


def test_stretches_filter_and_search(home: Path) -> None:
    with client(home) as c:
        wall = c.get("/api/stretches", params={"equipment": "wall"}).json()
        assert len(wall) == 9 and all("wall" in s["equipment"] for s in wall)
        found = c.get("/api/stretches", params={"q": "couch"}).json()
        assert [s["id"] for s in found] == ["wall-runners-lunge"]  # an alias
        bad = c.get("/api/stretches", params={"area": "hipz"})
        assert bad.status_code == 422 and "did you mean: hips" in bad.json()["detail"]
        one = c.get("/api/stretches/cat-cow").json()
        assert one["mobilizer"]["positions"][0]["name"] == "Cat"
        assert "Atlas Spine" in one["source_credits"][0]
        missing = c.get("/api/stretches/cat-cowe")
        assert missing.status_code == 404 and "did you mean: cat-cow" in missing.json()["detail"]


def test_timeline_is_the_pythons(home: Path) -> None:
    from supple.library.catalog import default_library
    from supple.timeline import Options, build_timeline

    lib = default_library()
    with client(home) as c:
        got = c.get("/api/routines/wall-nine/timeline", params={"rest": 10}).json()
    want = build_timeline(lib.routines["wall-nine"], lib, Options(rest_seconds=10))
    assert got == json.loads(want.model_dump_json())
    with client(home) as c:
        assert c.get("/api/routines/wall-nine/timeline", params={"rest": -1}).status_code == 422
        assert (
            c.get("/api/routines/wall-nine/timeline", params={"lead_in": 10**9}).status_code == 422
        )


ROUTINE = {
    "id": "desk-break",
    "title": "Desk break",
    "source": None,
    "steps": [
        {"stretch": "wall-quad", "hold_seconds": 30, "per_side": True},
        {
            "stretch": "lateral-line-mobilizer",
            "hold_seconds": 40,
            "per_side": False,
            "mode": "mobilize",
        },
    ],
}


def test_create_edit_reorder_export_delete(home: Path) -> None:
    with client(home) as c:
        assert c.post("/api/routines", json=ROUTINE).status_code == 201
        assert c.post("/api/routines", json=ROUTINE).status_code == 409
        assert (home / "routines" / "desk-break.json").is_file()
        swapped = {**ROUTINE, "steps": ROUTINE["steps"][::-1]}
        assert c.put("/api/routines/desk-break", json=swapped).status_code == 200
        got = c.get("/api/routines/desk-break").json()
        assert [s["stretch"] for s in got["steps"]] == ["lateral-line-mobilizer", "wall-quad"]
        exported = c.get("/api/routines/desk-break/export", params={"format": "yaml"})
        assert exported.headers["content-disposition"].endswith('desk-break.yaml"')
        assert yaml.safe_load(exported.text)["steps"][1]["stretch"] == "wall-quad"
        assert (
            c.put("/api/routines/wall-nine", json={**ROUTINE, "id": "wall-nine"}).status_code == 409
        )
        assert c.delete("/api/routines/desk-break").status_code == 204
        assert c.get("/api/routines/desk-break").status_code == 404


def test_bad_routines_are_refused_with_reasons(home: Path) -> None:
    with client(home) as c:
        unknown = {
            **ROUTINE,
            "steps": [{"stretch": "wall-quads", "hold_seconds": 30, "per_side": True}],
        }
        r = c.post("/api/routines", json=unknown)
        assert r.status_code == 422
        assert "unknown stretch 'wall-quads'; did you mean: wall-quad" in r.json()["detail"][0]
        r = c.post(
            "/api/routines",
            json={
                **ROUTINE,
                "steps": [{"stretch": "cat-cow", "hold_seconds": -4, "per_side": "x"}],
            },
        )
        fields = {e["field"] for e in r.json()["detail"]}
        assert (
            r.status_code == 422
            and {"body.steps.0.hold_seconds", "body.steps.0.per_side"} <= fields
        )
        r = c.post(
            "/api/routines", content=b"{" * 100_000, headers={"content-type": "application/json"}
        )
        assert r.status_code == 413
        r = c.post(
            "/api/routines", content=b"not json", headers={"content-type": "application/json"}
        )
        assert r.status_code == 422


def test_a_browser_session_lands_in_the_same_store(home: Path) -> None:
    with client(home) as c:
        sid = c.post("/api/sessions", json={"routine_id": "verywell-lunge-twist"}).json()["id"]
        assert c.post(f"/api/sessions/{sid}/pain", json={"before": 5}).status_code == 204
        phase = {
            "phase_index": 0,
            "kind": "warm-up",
            "stretch_id": "march-in-place",
            "side": None,
            "planned_seconds": 60,
            "actual_seconds": 60,
            "outcome": "done",
        }
        assert c.post(f"/api/sessions/{sid}/phases", json=phase).status_code == 204
        hurt = {
            "phase_index": 3,
            "stretch_id": "kneeling-lunge-twist",
            "side": "left",
            "reason": "numbness",
        }
        assert c.post(f"/api/sessions/{sid}/hurt", json=hurt).status_code == 204
        assert c.post(f"/api/sessions/{sid}/end", json={"status": "quit"}).status_code == 204
        assert c.post("/api/sessions/999/end", json={"status": "quit"}).status_code == 404
        assert (
            c.post(f"/api/sessions/{sid}/phases", json={**phase, "outcome": "maybe"}).status_code
            == 422
        )
        assert c.post(f"/api/sessions/{sid}/pain", json={"before": 11}).status_code == 422
        history = c.get("/api/history").json()
    s = history["sessions"][0]
    assert (s["client"], s["status"], s["pain_before"]) == ("browser", "quit", 5)
    assert history["flags"][0]["stretch_id"] == "kneeling-lunge-twist"
    with open_store(home) as store:
        assert store.sessions()[0].phases[0].kind == "warm-up"
        assert store.get_meta("screen_due_reason")  # numbness brings the screen back


def test_the_screen_is_the_same_questions_and_rules(home: Path) -> None:
    with client(home) as c:
        page = c.get("/api/safety/screen").json()
        assert page["status"]["may_start"] is False
        answers = {q["id"]: False for q in page["questions"]}
        assert c.post("/api/safety/screen", json={"answers": answers}).json()["level"] == "clear"
        assert c.get("/api/safety/screen").json()["status"]["may_start"] is True
        flagged = c.post(
            "/api/safety/screen", json={"answers": {**answers, "saddle-numbness": True}}
        ).json()
        assert flagged["level"] == "emergency" and flagged["status"]["may_start"] is False
        r = c.post("/api/safety/screen", json={"answers": {"saddle-numbness": False}})
        assert r.status_code == 422  # every question must be answered


def test_a_real_server_process_on_a_free_port(home: Path) -> None:
    screened(home)
    with server(home) as base:
        with urllib.request.urlopen(base + "/api/routines") as res:
            ids = {r["id"] for r in json.load(res)}
        with urllib.request.urlopen(base + "/") as res:
            page = res.read().decode()
    assert "paleohacks-nine" in ids
    assert 'href="/play/' in page  # the screen is clear: today's Start is offered
