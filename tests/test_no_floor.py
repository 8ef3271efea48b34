""" "I can't get down to the floor" as a profile choice, end to end: the terminal, the API,
the profile form, plans, and the marks wherever a floor stretch appears."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import default_library
from supple.library.vocab import Position
from supple.planner.needs import Condition, Place, Profile
from supple.planner.rules import default_rules
from supple.services.person import Person, stretch_notes
from webapp import client, form

LIB = default_library()
RULES = default_rules()
UP = {Position.STANDING, Position.SEATED_CHAIR}


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def off_the_floor(steps: list[dict[str, Any]]) -> None:
    for step in steps:
        s = LIB.stretch(step["stretch"])
        assert set(s.positions) <= UP, s.id
        assert s.id not in ("wide-legged-forward-fold", "runners-lunge"), s.id


def test_the_no_floor_condition_leaves_out_what_the_no_floor_place_does() -> None:
    by_condition = {s.id for s in LIB.stretches.values() if RULES.unsafe(s, ["no-floor"])}
    by_place = {s.id for s in LIB.stretches.values() if RULES.place_problem(s, Place.NO_FLOOR)}
    assert by_condition == by_place
    assert {"wide-legged-forward-fold", "runners-lunge", "childs-pose"} <= by_condition


def test_the_terminal_profile_choice_plans_and_marks(home: Path) -> None:
    out = run("profile", "--no-floor")
    assert "Cannot get down to the floor (no-floor)" in out
    assert json.loads(run("profile", "--json")) == {"conditions": ["no-floor"], "age_band": "adult"}
    for seed in ("1", "2", "3"):
        data = json.loads(run("plan", "--json", "--minutes", "20", "--seed", seed))
        off_the_floor(data["steps"])
    data = json.loads(run("plan", "--json", "--focus", "hamstrings", "--minutes", "10"))
    off_the_floor(data["steps"])
    # Marked wherever it appears: the library, a stretch's card, a routine.
    by_id = {d["id"]: d for d in json.loads(run("stretches", "--json"))}
    assert by_id["childs-pose"]["unsafe_for"] == ["no-floor"]
    assert by_id["wide-legged-forward-fold"]["unsafe_for"] == ["no-floor"]
    assert by_id["wall-quad"]["unsafe_for"] == []
    card = run("stretch", "childs-pose")
    assert "Not advised for you" in card and "Cannot get down to the floor" in card
    assert "Seated cat-cow on a chair (seated-cat-cow-chair)" in card
    routine = run("routine", "paleohacks-nine")
    assert "Step 1, Child's pose, is not advised for you (no-floor)" in routine
    # --floor takes it away again, and leaves the other conditions alone.
    run("profile", "--condition", "knee", "--no-floor")
    assert json.loads(run("profile", "--json"))["conditions"] == ["knee", "no-floor"]
    run("profile", "--floor")
    assert json.loads(run("profile", "--json"))["conditions"] == ["knee"]


def test_the_condition_flag_works_too(home: Path) -> None:
    run("profile", "--condition", "no-floor", "--condition", "pregnancy")
    data = json.loads(run("plan", "--json", "--minutes", "15", "--seed", "4"))
    off_the_floor(data["steps"])


def test_the_web_profile_form_and_the_api(home: Path) -> None:
    with client(home) as c:
        page = c.get("/profile").text
        assert 'value="no-floor"' in page and "I can't get down to the floor" in page
        saved = c.post("/profile", data=form(c, condition=["no-floor"], age="adult"))
        assert saved.status_code == 200
        assert 'value="no-floor" checked' in saved.text
        assert c.get("/api/profile").json() == {"conditions": ["no-floor"], "age_band": "adult"}
        assert "Not advised for you (no-floor)" in c.get("/library").text
        assert "Not advised for you (no-floor)" in c.get("/routines/paleohacks-nine").text
        card = c.get("/stretches/happy-baby").text
        assert "(in your profile)" in card and "Cannot get down to the floor" in card
        warned = c.get("/api/profile/warnings").json()
        assert warned["childs-pose"]["level"] == "avoid"
        assert warned["childs-pose"]["conditions"] == ["no-floor"]
        planned = c.post("/api/plan", json={"minutes": 20, "seed": 2}).json()
        off_the_floor(planned["routine"]["steps"])
        assert planned["needs"]["conditions"] == ["no-floor"]
        c.put("/api/profile", json={"conditions": ["knee"], "age_band": "adult"})
        assert 'value="no-floor" checked' not in c.get("/profile").text
        c.put("/api/profile", json={"conditions": ["no-floor"], "age_band": "older"})
        again = c.post("/api/plan", json={"minutes": 12, "seed": 5}).json()
    off_the_floor(again["routine"]["steps"])


def test_the_notes_a_player_shows_mark_floor_stretches() -> None:
    person = Person(profile=Profile(conditions=[Condition.NO_FLOOR]))
    notes = stretch_notes(LIB, person)
    child = notes["childs-pose"]
    assert [n.level for n in child] == ["avoid"]
    assert "Cannot get down to the floor" in child[0].text and "Instead:" in child[0].text
    assert "wide-legged-forward-fold" in notes and "runners-lunge" in notes
    assert "wall-quad" not in notes and "seated-twist-chair" not in notes
