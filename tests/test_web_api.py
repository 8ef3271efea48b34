"""The JSON API through the app factory, on a real SQLite file in a temporary home."""

from __future__ import annotations

import html
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from supple.cli import app
from supple.safety import outcome, questions
from supple.store.db import open_store
from webapp import client, form, screened, server


def test_stretches_filter_and_search(home: Path) -> None:
    with client(home) as c:
        wall = c.get("/api/stretches", params={"equipment": "wall"}).json()
        assert len(wall) == 9 and all("wall" in s["equipment"] for s in wall)
        found = c.get("/api/stretches", params={"q": "couch"}).json()
        assert [s["id"] for s in found] == ["wall-runners-lunge"]  # an alias
        bad = c.get("/api/stretches", params={"area": "hipz"})
        assert bad.status_code == 422 and "did you mean: hips" in bad.json()["detail"][0]["message"]
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


UUID = "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
NO = {q.id: False for q in questions()}


def phases_of(timeline: dict[str, Any]) -> list[dict[str, Any]]:
    """Each phase of a timeline as the browser reports it when the phase runs out."""
    return [
        {
            "key": f"{p['index']}-1",
            "phase_index": p["index"],
            "step_index": p["step_index"],
            "kind": p["kind"],
            "stretch_id": p["stretch_id"],
            "side": p["side"],
            "planned_seconds": p["duration"],
            "actual_seconds": p["duration"],
            "outcome": "done",
        }
        for p in timeline["phases"]
    ]


def test_a_browser_session_lands_in_the_same_store(home: Path) -> None:
    screened(home)
    with client(home) as c:
        timeline = c.get("/api/routines/verywell-lunge-twist/timeline").json()
        started = c.post("/api/sessions", json={"routine_id": "verywell-lunge-twist"})
        assert started.status_code == 201
        body = started.json()
        sid = body["id"]
        assert body["planned_seconds"] == timeline["total_seconds"] == 135
        assert body["demo"] is False
        assert c.post(f"/api/sessions/{sid}/pain", json={"before": 5}).status_code == 204
        for phase in phases_of(timeline):
            assert c.post(f"/api/sessions/{sid}/phases", json=phase).status_code == 204
        hurt = {
            "key": "hurt-1",
            "phase_index": 5,
            "stretch_id": "kneeling-lunge-twist",
            "side": "right",
            "reason": "numbness",
        }
        advice = c.post(f"/api/sessions/{sid}/hurt", json=hurt)
        assert advice.status_code == 200
        assert advice.json()["rescreen"] is True and advice.json()["label"]
        ended = c.post(f"/api/sessions/{sid}/end", json={"status": "quit"})
        assert ended.status_code == 200 and ended.json()["status"] == "quit"
        assert c.post("/api/sessions/999/end", json={"status": "quit"}).status_code == 404
        bad = {**phases_of(timeline)[0], "key": "other", "outcome": "maybe"}
        assert c.post(f"/api/sessions/{sid}/phases", json=bad).status_code == 422
        no_key = {k: v for k, v in phases_of(timeline)[0].items() if k != "key"}
        assert c.post(f"/api/sessions/{sid}/phases", json=no_key).status_code == 422
        assert c.post(f"/api/sessions/{sid}/pain", json={"before": 11}).status_code == 422
        assert c.post(f"/api/sessions/{sid}/end", json={"status": "interrupted"}).status_code == 422
        got = c.get(f"/api/sessions/{sid}").json()
        history = c.get("/api/history").json()
        standing = c.get("/api/safety/screen").json()["status"]
    # One stretch (both sides), not six phases.
    assert got["stretches"] == {"done": 1, "skipped": 0, "stopped": 0}
    assert got["summary"][:3] == [
        "Ended early.",
        "1 stretch done, 0 skipped, 0 stopped for pain.",
        "Time: 2:15",
    ]
    assert (got["client"], got["status"], got["pain_before"], got["pain_after"]) == (
        "browser",
        "quit",
        5,
        None,
    )
    assert got["planned_seconds"] == 135 and got["actual_seconds"] == 135
    assert [p["kind"] for p in got["phases"]] == [p["kind"] for p in timeline["phases"]]
    assert history["sessions"][0] == got
    assert history["flags"][0]["stretch_id"] == "kneeling-lunge-twist"
    # Numbness brings the screen back: no session until it is answered again.
    assert (
        standing["may_start"] is False and "Kneeling lunge with a twist" in standing["due_reason"]
    )
    with open_store(home) as store:
        [record] = store.sessions_page(10)
        assert record.phases[0].kind == "warm-up" and record.phases[0].key == "0-1"
        assert record.stretches_done == 1
        assert store.get_meta("screen_due_reason")


def test_a_session_is_read_back_by_id_and_by_its_uuid(home: Path) -> None:
    screened(home)
    with client(home) as c:
        first = c.post("/api/sessions", json={"routine_id": "wall-nine", "id": UUID})
        again = c.post("/api/sessions", json={"routine_id": "wall-nine", "id": UUID})
        assert (first.status_code, again.status_code) == (201, 200)  # a retry finds the first
        assert first.json()["id"] == again.json()["id"] and again.json()["uuid"] == UUID
        sid = first.json()["id"]
        by_id = c.get(f"/api/sessions/{sid}")
        by_uuid = c.get(f"/api/sessions/{UUID}")
        assert by_id.status_code == by_uuid.status_code == 200
        assert by_id.json() == by_uuid.json()
        s = by_id.json()
        assert (s["id"], s["uuid"], s["status"], s["demo"]) == (sid, UUID, "in-progress", False)
        assert (s["planned_seconds"], s["actual_seconds"], s["phases"]) == (575, 0, [])
        assert (s["pain_before"], s["pain_after"], s["ended_at"]) == (None, None, None)
        # Phases may be sent to the uuid the player made, too.
        phase = phases_of(c.get("/api/routines/wall-nine/timeline").json())[0]
        assert c.post(f"/api/sessions/{UUID}/phases", json=phase).status_code == 204
        assert len(c.get(f"/api/sessions/{sid}").json()["phases"]) == 1
        missing = c.get("/api/sessions/00000000-0000-4000-8000-000000000000")
        assert missing.status_code == 404 and "no session" in missing.json()["detail"]
        assert c.get(f"/api/sessions/{sid + 1}").status_code == 404
        assert c.get("/api/sessions/not-a-session").status_code == 422
        upper = c.post("/api/sessions", json={"routine_id": "wall-nine", "id": UUID.upper()})
        assert upper.status_code == 422
        assert c.get("/api/history").json()["total_sessions"] == 1


def test_a_resent_phase_or_hurt_is_stored_once(home: Path) -> None:
    screened(home)
    with client(home) as c:
        timeline = c.get("/api/routines/verywell-lunge-twist/timeline").json()
        sid = c.post("/api/sessions", json={"routine_id": "verywell-lunge-twist"}).json()["id"]
        sent = phases_of(timeline)
        hold = next(p for p in sent if p["kind"] == "hold")
        for _ in range(3):  # the connection dropped; the browser sends again, same key
            assert c.post(f"/api/sessions/{sid}/phases", json=hold).status_code == 204
        # A resend that differs (a later clock) is still the same phase: the first stands.
        late = {**hold, "actual_seconds": hold["actual_seconds"] + 1}
        assert c.post(f"/api/sessions/{sid}/phases", json=late).status_code == 204
        got = c.get(f"/api/sessions/{sid}").json()
        assert [p["key"] for p in got["phases"]] == [hold["key"]]
        assert got["actual_seconds"] == hold["actual_seconds"]
        # "Back" replays the phase: a new key, a second row, still one stretch.
        replay = {**hold, "key": f"{hold['phase_index']}-2"}
        assert c.post(f"/api/sessions/{sid}/phases", json=replay).status_code == 204
        got = c.get(f"/api/sessions/{sid}").json()
        assert len(got["phases"]) == 2 and got["stretches"]["done"] == 1
        hurt = {
            "key": "h-1",
            "phase_index": hold["phase_index"],
            "stretch_id": "kneeling-lunge-twist",
            "side": "left",
            "reason": "sharp",
        }
        for _ in range(2):
            assert c.post(f"/api/sessions/{sid}/hurt", json=hurt).status_code == 200
        [flag] = c.get("/api/flags").json()
    assert (flag["stretch_id"], flag["count"]) == ("kneeling-lunge-twist", 1)


def test_no_session_starts_after_an_emergency_screen_in_either_face(
    home: Path, runner: CliRunner
) -> None:
    with client(home) as c:
        never = c.post("/api/sessions", json={"routine_id": "wall-nine"})
        assert never.status_code == 409
        assert (
            never.json()["detail"]
            == "Please answer the safety questions before your first session."
        )
        answers = {**NO, "saddle-numbness": True}
        assert (
            c.post("/api/safety/screen", json={"answers": answers}).json()["level"] == "emergency"
        )
        standing = c.get("/api/safety/screen").json()["status"]
        refused = c.post("/api/sessions", json={"routine_id": "wall-nine", "id": UUID})
        assert c.get("/api/history").json()["total_sessions"] == 0
    assert standing["may_start"] is False
    assert refused.status_code == 409
    body = refused.json()
    assert body["level"] == "emergency" and body["screen"] == "/safety"
    assert body["detail"] == standing["reason"] and "Get urgent help now" in body["detail"]
    assert body["care"] == standing["care"] == outcome("emergency").message

    # The terminal refuses in the same state, with the same words, and asks nothing.
    result = runner.invoke(app, ["start", "wall-nine"], input="")
    assert result.exit_code == 1, result.output
    said = " ".join(result.output.split())
    assert " ".join(body["detail"].split()) in said
    assert " ".join(body["care"].split()) in said
    with open_store(home) as store:
        assert store.count_sessions() == 0

    with client(home) as c:
        page = c.get("/").text
    shown = page[page.index('<p id="standing">') :]
    shown = html.unescape(shown[: shown.index("</p>")])
    assert body["detail"] in shown and body["care"] in shown
    assert 'id="start-today"' not in page

    # Checked by a clinician and answered again: both faces may start.
    with client(home) as c:
        assert c.post("/api/safety/screen", json={"answers": NO}).json()["level"] == "clear"
        assert c.post("/api/sessions", json={"routine_id": "wall-nine"}).status_code == 201


def test_the_session_keeps_the_options_of_the_timeline_it_plays(home: Path) -> None:
    screened(home)
    with client(home) as c:
        played = c.get("/api/routines/wall-nine/timeline", params={"warmup": "false"}).json()
        default = c.get("/api/routines/wall-nine/timeline").json()
        started = c.post(
            "/api/sessions", json={"routine_id": "wall-nine", "options": {"warmup": False}}
        ).json()
        got = c.get(f"/api/sessions/{started['id']}").json()
        rested = c.get("/api/routines/wall-nine/timeline", params={"rest": 10}).json()
        with_rest = c.post(
            "/api/sessions", json={"routine_id": "wall-nine", "options": {"rest_seconds": 10}}
        ).json()
        bad = c.post("/api/sessions", json={"routine_id": "wall-nine", "options": {"rest": 10}})
    assert played["total_seconds"] != default["total_seconds"]
    assert started["planned_seconds"] == got["planned_seconds"] == played["total_seconds"]
    assert got["options"]["warmup"] is False
    assert with_rest["planned_seconds"] == rested["total_seconds"]
    assert bad.status_code == 422


def test_a_fast_session_is_a_demonstration(home: Path) -> None:
    screened(home)
    with client(home) as c:
        timeline = c.get("/api/routines/verywell-lunge-twist/timeline").json()
        started = c.post(
            "/api/sessions", json={"routine_id": "verywell-lunge-twist", "speed": 10}
        ).json()
        assert started["demo"] is True
        sid = started["id"]
        for phase in phases_of(timeline):
            c.post(f"/api/sessions/{sid}/phases", json=phase)
        ended = c.post(f"/api/sessions/{sid}/end", json={"status": "completed"}).json()
        history = c.get("/api/history").json()
        page = c.get("/history").text
        home_page = c.get("/").text
    assert ended["demo"] is True and ended["speed"] == 10
    assert ended["stretches"]["done"] == 1
    assert "A demonstration at 10x speed" in ended["summary"][-1]
    assert history["streak"] == {"current": 0, "longest": 0}
    assert all(w["minutes"] == 0 for w in history["minutes_per_week"])
    assert "Demonstration." in page
    assert '<span id="streak">0 days</span>' in page
    last = home_page[home_page.index('id="last-session"') :]
    assert "1 stretch done, 0 skipped, 0 stopped for pain. · demonstration" in last
    assert '<p class="stat" id="streak">0 days</p>' in home_page


def test_a_flag_is_cleared_through_the_api(home: Path) -> None:
    screened(home)
    with client(home) as c:
        sid = c.post("/api/sessions", json={"routine_id": "paleohacks-nine"}).json()["id"]
        hurt = {"key": "h", "phase_index": 3, "stretch_id": "happy-baby", "reason": "too-strong"}
        c.post(f"/api/sessions/{sid}/hurt", json=hurt)
        [flag] = c.get("/api/flags").json()
        assert (flag["stretch_id"], flag["name"], flag["reason"]) == (
            "happy-baby",
            "Happy baby",
            "too-strong",
        )
        notes = c.get("/api/routines/paleohacks-nine/timeline").json()["stretches"]["happy-baby"]
        assert [n["level"] for n in notes["notes"]] == ["hurt"]
        assert c.delete("/api/flags/happy-baby").status_code == 204
        assert c.get("/api/flags").json() == []
        again = c.delete("/api/flags/happy-baby")
        assert again.status_code == 404 and "'happy-baby' is not flagged" in again.json()["detail"]
        notes = c.get("/api/routines/paleohacks-nine/timeline").json()["stretches"]["happy-baby"]
        assert notes["notes"] == []  # the player no longer warns before it


def test_the_history_page_shows_a_flag_and_clears_it(home: Path) -> None:
    screened(home)
    with client(home) as c:
        sid = c.post("/api/sessions", json={"routine_id": "paleohacks-nine"}).json()["id"]
        hurt = {"key": "h", "phase_index": 3, "stretch_id": "cat-cow", "reason": "sharp"}
        c.post(f"/api/sessions/{sid}/hurt", json=hurt)
        page = c.get("/history").text
        assert "Stretches that hurt" in page
        assert '<li data-flag="cat-cow">Cat-cow: sharp, shooting or spreading pain (once' in page
        button = '<form method="post" action="/history/flags/cat-cow/clear"'
        assert button in page and "It is fine now</button>" in page
        cleared = c.post("/history/flags/cat-cow/clear", data=form(c), follow_redirects=False)
        assert cleared.status_code == 303 and cleared.headers["location"] == "/history#flags"
        page = c.get("/history").text
        assert 'data-flag="cat-cow"' not in page and button not in page
        assert "Stretches that hurt" not in page
        assert c.get("/api/flags").json() == []


def test_the_history_page_counts_stretches(home: Path) -> None:
    screened(home)
    with client(home) as c:
        timeline = c.get("/api/routines/verywell-lunge-twist/timeline").json()
        sid = c.post("/api/sessions", json={"routine_id": "verywell-lunge-twist"}).json()["id"]
        for phase in phases_of(timeline):
            c.post(f"/api/sessions/{sid}/phases", json=phase)
        c.post(f"/api/sessions/{sid}/end", json={"status": "completed"})
        # The next session starts: this one, never ended, is interrupted.
        left = c.post("/api/sessions", json={"routine_id": "wall-nine"}).json()["id"]
        c.post("/api/sessions", json={"routine_id": "paleohacks-nine"})
        page = c.get("/history").text
        api = c.get(f"/api/sessions/{left}").json()
    row = page[page.index(f'data-session="{sid}"') :]
    row = row[: row.index("</tr>")]
    done = '<td data-label="Done">1</td><td data-label="Skipped">0</td>'
    assert done + '<td data-label="Stopped">0</td>' in row  # done, skipped, stopped
    assert "Finished the whole routine." in row
    assert api["status"] == "interrupted"
    left_row = page[page.index(f'data-session="{left}"') :]
    assert "Interrupted: the session was left open." in left_row[: left_row.index("</tr>")]
    assert '<span id="streak">1 day</span>' in page


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


def call(base: str, method: str, path: str, body: object = None) -> tuple[int, Any]:
    """One JSON request to a real server; (status, parsed body or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path,
        data=data,
        method=method,
        headers={"content-type": "application/json", "origin": base},
    )
    try:
        with urllib.request.urlopen(request) as res:
            raw = res.read()
            return res.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def test_a_real_server_process_on_a_free_port(home: Path) -> None:
    screened(home)
    with server(home) as base:
        with urllib.request.urlopen(base + "/api/routines") as res:
            ids = {r["id"] for r in json.load(res)}
        with urllib.request.urlopen(base + "/") as res:
            page = res.read().decode()
        # A browser that lost its connection retries the start and the phase, same ids.
        start = {"routine_id": "verywell-lunge-twist", "id": UUID}
        assert call(base, "POST", "/api/sessions", start)[0] == 201
        status, started = call(base, "POST", "/api/sessions", start)
        assert status == 200 and started["uuid"] == UUID
        _, timeline = call(base, "GET", "/api/routines/verywell-lunge-twist/timeline")
        for phase in phases_of(timeline) * 2:
            assert call(base, "POST", f"/api/sessions/{UUID}/phases", phase)[0] == 204
        status, got = call(base, "GET", f"/api/sessions/{started['id']}")
    assert "paleohacks-nine" in ids
    assert 'href="/play/' in page  # the screen is clear: today's Start is offered
    assert status == 200 and len(got["phases"]) == len(timeline["phases"])
    assert got["stretches"] == {"done": 1, "skipped": 0, "stopped": 0}
    with open_store(home) as store:
        assert store.count_sessions() == 1


def test_the_safety_check_leads_back_to_the_session_it_was_asked_for(home: Path) -> None:
    answers = {q.id: "no" for q in questions()}
    with client(home) as c:
        page = c.get("/safety", params={"next": "/play/wall-nine"}).text
        assert '<input type="hidden" name="next" value="/play/wall-nine">' in page
        done = c.post("/safety", data=form(c, **answers, next="/play/wall-nine")).text
        assert 'href="/play/wall-nine" id="back-to"' in done
        # Only this app's own player: any other address leads to Home, as without one.
        for elsewhere in (
            "https://evil.example/",
            "//evil.example/play/x",
            "/data",
            "/play/../data",
        ):
            page = c.post("/safety", data=form(c, **answers, next=elsewhere)).text
            assert 'id="back-to"' not in page and "evil" not in page
            assert "Go to today&#39;s session" in page or "Go to today's session" in page
