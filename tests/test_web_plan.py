"""The planner and profile in the web app: API, form pages, and marks on the pages."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from supple.library.catalog import default_library
from supple.planner import Condition
from supple.planner.rules import default_rules
from webapp import client


def test_profile_round_trip_and_warnings(home: Path) -> None:
    with client(home) as c:
        assert c.get("/api/profile").json() == {"conditions": [], "age_band": "adult"}
        assert c.get("/api/profile/warnings").json() == {}
        c.put("/api/profile", json={"conditions": ["knee"], "age_band": "older"})
        warn = c.get("/api/profile/warnings").json()
        bad = c.put("/api/profile", json={"conditions": ["bad-back"]})
    assert warn["childs-pose"]["level"] == "avoid" and warn["childs-pose"]["alternatives"]
    assert "Wylde" in warn["childs-pose"]["sources"][0]
    assert "standing-hip-flexor" not in warn
    assert bad.status_code == 422


def test_plan_follows_the_profile_and_never_plans_an_unsafe_stretch(home: Path) -> None:
    lib = default_library()
    rules = default_rules()
    with client(home) as c:
        c.put("/api/profile", json={"conditions": ["knee", "hip-replacement-posterior"]})
        got = c.post("/api/plan", json={"minutes": 12, "seed": 4}).json()
        wider = c.post("/api/plan", json={"minutes": 12, "seed": 4, "conditions": []}).json()
        bad = c.post("/api/plan", json={"minutes": 10, "focus": ["elbows"]})
        short = c.post("/api/plan", json={"minutes": 1})
    conds = [Condition.KNEE, Condition.HIP_POSTERIOR]
    assert got["needs"]["conditions"] == ["knee", "hip-replacement-posterior"]
    for step in got["routine"]["steps"]:
        assert not rules.unsafe(lib.stretch(step["stretch"]), conds), step["stretch"]
    assert got["total_seconds"] <= 12 * 60
    assert wider["needs"]["conditions"] == []  # said explicitly: the profile does not apply
    assert bad.status_code == 422 and "unknown focus area 'elbows'" in bad.json()["detail"][0]
    assert short.status_code == 422


def test_the_plan_form_then_start_keeps_and_plays_it(home: Path) -> None:
    with client(home) as c:
        page = c.post(
            "/plan",
            data={"minutes": "8", "focus": ["hip-flexors"], "place": "desk", "condition": ["knee"]},
        )
        assert page.status_code == 200 and "plan-result" in page.text
        routine = html.unescape(re.search(r'name="routine" value="([^"]*)"', page.text)[1])
        steps = json.loads(routine)["steps"]
        lib = default_library()
        for s in steps:  # a desk: standing or sitting on a chair, nothing else
            assert set(p.value for p in lib.stretch(s["stretch"]).positions) <= {
                "standing",
                "seated-chair",
            }
        kept = c.post(
            "/plan/keep",
            data={"routine": routine, "id": "desk-hips", "action": "start"},
            follow_redirects=False,
        )
        assert kept.status_code == 303 and kept.headers["location"] == "/play/desk-hips"
        assert c.get("/api/routines/desk-hips").json()["steps"] == steps
        again = c.post("/plan/keep", data={"routine": routine, "id": "desk-hips"})
        assert again.status_code == 409
        assert c.post("/plan", data={"minutes": "1"}).status_code == 422


def test_pages_mark_what_is_not_for_you(home: Path) -> None:
    with client(home) as c:
        assert "Not for you" not in c.get("/library").text
        c.post("/profile", data={"condition": ["knee"], "age": "adult"})
        assert c.get("/api/profile").json()["conditions"] == ["knee"]
        assert "Not for you (knee)" in c.get("/library").text
        card = c.get("/stretches/childs-pose").text
        assert "Not safe for you" in card and "Instead:" in card and "Wylde" in card
        assert "Not for you (knee)" in c.get("/routines/paleohacks-nine").text
        own = c.get("/stretches/standing-hip-flexor").text
        assert "supple's own stretch, not from the articles" in own
