"""The planner and profile in the web app: API, form pages, marks, and the same plan as the CLI."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import default_library
from supple.planner import Condition
from supple.planner.rules import default_rules
from supple.store.db import open_store
from webapp import client, form


def test_profile_round_trip_and_warnings(home: Path) -> None:
    with client(home) as c:
        assert c.get("/api/profile").json() == {"conditions": [], "age_band": "adult"}
        assert c.get("/api/profile/warnings").json() == {}
        c.put("/api/profile", json={"conditions": ["knee"], "age_band": "older"})
        warn = c.get("/api/profile/warnings").json()
        bad = c.put("/api/profile", json={"conditions": ["bad-back"]})
    # Kneeling with knee trouble: a caution, with padding and an alternative.
    assert warn["childs-pose"]["level"] == "caution" and warn["childs-pose"]["alternatives"]
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
    problem = bad.json()["detail"][0]
    assert bad.status_code == 422 and problem["field"] == "body.focus.0"
    assert "'hips'" in problem["message"]  # the choices are named
    assert short.status_code == 422


def keep_form(page: str) -> dict[str, str]:
    """The hidden fields and the suggested name of the plan page's keep form."""
    fields = {}
    for name in ("routine",):
        found = re.search(rf'name="{name}" value="([^"]*)"', page)
        assert found is not None, name
        fields[name] = html.unescape(found[1])
    name = re.search(r'name="id" value="([^"]*)"', page)
    assert name is not None
    fields["id"] = name[1]
    return fields


def test_the_plan_form_then_start_keeps_and_plays_it_as_timed(home: Path) -> None:
    with client(home) as c:
        page = c.post(
            "/plan",
            data=form(c, minutes="8", focus=["hip-flexors"], place="desk", condition=["knee"]),
        )
        assert page.status_code == 200 and "plan-result" in page.text
        fields = keep_form(page.text)
        steps = json.loads(fields["routine"])["steps"]
        lib = default_library()
        for s in steps:  # a desk: standing or sitting on a chair, nothing else
            assert set(p.value for p in lib.stretch(s["stretch"]).positions) <= {
                "standing",
                "seated-chair",
            }
        kept = c.post(
            "/plan/keep",
            data=form(c, **{**fields, "id": "desk-hips", "action": "start"}),
            follow_redirects=False,
        )
        # Played with the warm-up and lead-ins it was timed with: the routine keeps them.
        assert kept.status_code == 303
        assert kept.headers["location"] == "/play/desk-hips"
        saved = c.get("/api/routines/desk-hips").json()
        assert saved["steps"] == steps
        pacing = json.loads(fields["routine"])["pacing"]
        assert saved["pacing"] == pacing and pacing["warmup"] is True
        assert pacing["warmup_seconds"] == 60 and pacing["lead_in_seconds"] == 5
        # Start now again: the same plan is kept already, so it is simply played.
        again = c.post(
            "/plan/keep",
            data=form(c, **{**fields, "id": "desk-hips", "action": "start"}),
            follow_redirects=False,
        )
        assert again.status_code == 303
        # Saving it again under that name, or another plan under it, is refused.
        assert (
            c.post("/plan/keep", data=form(c, **{**fields, "id": "desk-hips"})).status_code == 409
        )
        assert c.post("/plan", data=form(c, minutes="1")).status_code == 422


def test_a_short_desk_break_plays_with_no_warm_up(home: Path) -> None:
    with client(home) as c:
        page = c.post("/plan", data=form(c, minutes="2", place="desk"))
        fields = keep_form(page.text)
        pacing = json.loads(fields["routine"])["pacing"]
        assert pacing["warmup"] is False and pacing["lead_in_seconds"] == 3
        kept = c.post("/plan/keep", data=form(c, **fields, action="start"), follow_redirects=False)
        where = kept.headers["location"]
        assert where == f"/play/{fields['id']}"
        # The timeline the player asks for, then or any day later, is the plan's, to the second.
        timeline = c.get(f"/api/routines/{fields['id']}/timeline").json()
        planned = c.post("/api/plan", json={"minutes": 2, "place": "desk"}).json()
        assert timeline["total_seconds"] == planned["total_seconds"]
        assert 108 <= timeline["total_seconds"] <= 120
        assert timeline["phases"][0]["kind"] != "warmup"
        # What the person chooses still wins over the plan's own pacing.
        longer = c.get(f"/api/routines/{fields['id']}/timeline?lead_in=10").json()
        assert longer["total_seconds"] > timeline["total_seconds"]


def test_the_plan_page_shows_the_plan_first_then_the_form_and_no_internal_id(home: Path) -> None:
    with client(home) as c:
        page = c.post("/plan", data=form(c, minutes="10", focus=["hips"])).text
        assert page.index('id="plan-result"') < page.index('id="plan-form"')
        assert "Change the plan" in page
        title = re.search(r"<h1>([^<]*)</h1>", page)
        assert title is not None and html.unescape(title[1]) == "10-minute plan: hips"
        assert "plan-20" not in page
        fields = keep_form(page)
        assert re.fullmatch(r"hips-10min-[a-z]{3}\d{1,2}", fields["id"])
        summary = re.search(r'<p id="plan-summary">([^<]*)</p>', page)
        assert summary is not None and "rounds" in summary[1] and "warm-up" in summary[1]
        # The suggested name is one no routine has: a second plan gets another.
        c.post("/plan/keep", data=form(c, **fields, action="save"))
        other = keep_form(c.post("/plan", data=form(c, minutes="10", focus=["hips"])).text)
        assert other["id"] == fields["id"] + "-2"
        # The form to change it keeps what was asked.
        assert 'value="10" required' in page
        # No inline script or style (the CSP is default-src 'self').
        assert "<script>" not in page and "style=" not in page


def test_a_plan_that_cannot_fill_the_time_says_why_on_the_page(home: Path) -> None:
    with client(home) as c:
        page = c.post("/plan", data=form(c, minutes="60", place="desk")).text
        shortfall = re.search(r'<p class="caution" id="plan-shortfall"[^>]*>([^<]*)</p>', page)
        assert shortfall is not None
        assert "Not enough stretches" in html.unescape(shortfall[1])
        got = c.post("/api/plan", json={"minutes": 60, "place": "desk"}).json()
        assert got["shortfall"] and got["total_seconds"] < 0.9 * 3600
        assert not got["routine"]["title"].startswith("60-minute")


def test_the_api_plan_says_how_to_play_it(home: Path) -> None:
    with client(home) as c:
        got = c.post("/api/plan", json={"minutes": 4, "seed": 3}).json()
    assert got["options"]["warmup_seconds"] == 30 and got["options"]["lead_in_seconds"] == 3
    assert " in all: a 30 s warm-up, then " in got["summary"]
    assert got["shortfall"] is None
    assert 0.9 * 240 <= got["total_seconds"] <= 240


def test_pages_mark_what_is_not_for_you(home: Path) -> None:
    with client(home) as c:
        assert "Not advised for you" not in c.get("/library").text
        c.post("/profile", data=form(c, condition=["knee"], age="adult"))
        assert c.get("/api/profile").json()["conditions"] == ["knee"]
        assert "Take care (knee)" in c.get("/library").text
        card = c.get("/stretches/childs-pose").text
        assert "Take care" in card and "Instead:" in card and "Wylde" in card
        assert "Take care (knee)" in c.get("/routines/paleohacks-nine").text
        c.post("/profile", data=form(c, condition=["osteoporosis"], age="adult"))
        assert "Not advised for you (osteoporosis)" in c.get("/library").text
        own = c.get("/stretches/standing-hip-flexor").text
        assert "supple's own stretch, not from the articles" in own


def cli_steps(*args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["plan", "--json", *args])
    assert result.exit_code == 0, result.output
    steps: list[dict[str, Any]] = json.loads(result.stdout)["steps"]
    return steps


def web_steps(home: Path, body: dict[str, Any]) -> list[dict[str, Any]]:
    with client(home) as c:
        got = c.post("/api/plan", json=body)
    assert got.status_code == 200, got.text
    steps: list[dict[str, Any]] = got.json()["routine"]["steps"]
    return steps


def did_yesterday(home: Path, stretch_ids: list[str]) -> None:
    """A session yesterday in which each of these stretches was held to the end."""
    yesterday = datetime.combine(date.today() - timedelta(days=1), time(12)).astimezone()
    with open_store(home, clock=lambda: yesterday) as store:
        sid = store.start_session(
            "plan-yesterday",
            "Yesterday's plan",
            planned_seconds=600,
            client="terminal",
            speed=1.0,
            demo=False,
            options=None,
        ).id
        for step, stretch in enumerate(stretch_ids):
            store.record_phase(
                sid,
                key=f"hold-{step}",
                phase_index=step,
                step_index=step,
                kind="hold",
                stretch_id=stretch,
                side=None,
                planned_seconds=30,
                actual_seconds=30,
                outcome="done",
            )
        store.end_session(sid, "completed")


def flag(home: Path, stretch_id: str) -> None:
    with open_store(home) as store:
        sid = store.start_session(
            "paleohacks-nine",
            "PaleoHacks nine",
            planned_seconds=550,
            client="browser",
            speed=1.0,
            demo=False,
            options=None,
        ).id
        store.record_hurt(
            sid, key="h", phase_index=3, stretch_id=stretch_id, side="left", reason="sharp"
        )
        store.end_session(sid, "quit")


ASK = ("--seed", "7", "--minutes", "15")
BODY = {"seed": 7, "minutes": 15}


def test_the_cli_and_the_web_plan_the_same_routine(home: Path) -> None:
    fresh = cli_steps(*ASK)
    assert web_steps(home, BODY) == fresh  # no history (the web made an empty store)
    assert cli_steps(*ASK) == fresh

    # Recently done stretches are planned less, in both faces alike.
    did_yesterday(home, [s["stretch"] for s in fresh])
    after = cli_steps(*ASK)
    assert after != fresh
    assert web_steps(home, BODY) == after

    # A stretch that hurt is left out of both, until it is cleared.
    hurt = after[0]["stretch"]
    flag(home, hurt)
    flagged = cli_steps(*ASK)
    assert hurt not in [s["stretch"] for s in flagged]
    assert web_steps(home, BODY) == flagged
    with client(home) as c:
        assert c.post("/api/plan", json=BODY).json()["left_out"] == [hurt]
        assert c.delete(f"/api/flags/{hurt}").status_code == 204
    assert cli_steps(*ASK) == web_steps(home, BODY) == after


def test_the_same_ask_in_other_words_plans_the_same(home: Path) -> None:
    args = ("--seed", "11", "--minutes", "8", "--focus", "hip-flexors,glutes")
    args += ("--place", "no-floor", "--condition", "knee", "--age", "older")
    body = {
        "seed": 11,
        "minutes": 8,
        "focus": ["hip-flexors", "glutes"],
        "place": "no-floor",
        "conditions": ["knee"],
        "age_band": "older",
    }
    unflagged = cli_steps(*args)
    assert unflagged == web_steps(home, body)
    assert "standing-hip-flexor" in [s["stretch"] for s in unflagged]
    flag(home, "standing-hip-flexor")
    steps = cli_steps(*args)
    assert steps == web_steps(home, body)
    assert "standing-hip-flexor" not in [s["stretch"] for s in steps]
