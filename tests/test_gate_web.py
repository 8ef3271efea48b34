"""The gate on the web: the screen API's contract (clinician-checked in the same answers map),
the 409 a refused start gives, and the Safety page's form with and without an emergency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from supple.safety import CLINICIAN_CHECKED, clinician_check, outcome, questions
from supple.store.db import open_store
from webapp import client, form

NO = {q.id: False for q in questions()}
DOCTOR = {**NO, "night-rest-pain": True}
UUID = "7d444840-9dc0-11d1-b245-5ffdce74fad2"


def screen(c: TestClient, answers: dict[str, Any]) -> dict[str, Any]:
    r = c.post("/api/safety/screen", json={"answers": answers})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def start(c: TestClient, routine_id: str = "verywell-lunge-twist") -> Any:
    return c.post("/api/sessions", json={"routine_id": routine_id})


# The API contract.


def test_get_shows_the_clinician_question_and_the_standing(home: Path) -> None:
    with client(home) as c:
        page = c.get("/api/safety/screen").json()
        assert page["clinician_check"] == {
            "id": CLINICIAN_CHECKED,
            "question": clinician_check().question,
            "source": clinician_check().source,
        }
        assert page["status"]["clinician_checked"] is False
        assert page["status"]["may_start"] is False and page["status"]["level"] == "due"
        screen(c, {**DOCTOR, CLINICIAN_CHECKED: True})
        status = c.get("/api/safety/screen").json()["status"]
        timeline = c.get("/api/routines/wall-nine/timeline").json()
    assert timeline["start_notes"] == [clinician_check().note]  # the player says it first
    assert status["clinician_checked"] is True and status["may_start"] is True
    assert status["last_result"] == "doctor" and status["level"] is None
    assert status["notes"] == [clinician_check().note]


def test_doctor_level_answers_start_only_with_clinician_checked_true(home: Path) -> None:
    with client(home) as c:
        without = screen(c, DOCTOR)
        assert without["level"] == "doctor" and without["clinician_checked"] is False
        assert without["status"]["may_start"] is False
        assert without["status"]["level"] == "doctor"
        assert without["title"] == outcome("doctor").title
        refused = start(c)
        assert refused.status_code == 409
        assert refused.json()["level"] == "doctor"
        assert refused.json()["care"] == outcome("doctor").message

        said_no = screen(c, {**DOCTOR, CLINICIAN_CHECKED: False})
        assert said_no["status"]["may_start"] is False

        checked = screen(c, {**DOCTOR, CLINICIAN_CHECKED: True})
        assert checked["level"] == "doctor" and checked["clinician_checked"] is True
        assert checked["status"]["may_start"] is True
        assert checked["title"] == outcome("checked").title
        assert start(c).status_code == 201


def test_any_emergency_answer_refuses_whatever_else_is_said(home: Path) -> None:
    emergency = outcome("emergency")
    with client(home) as c:
        for answers in (
            {**NO, "saddle-numbness": True, CLINICIAN_CHECKED: True},
            {**DOCTOR, "serious-fall": True, CLINICIAN_CHECKED: True},
            {"bladder-bowel": True},  # the questions stopped there
            {"bladder-bowel": True, CLINICIAN_CHECKED: True, "not-a-question": False},
        ):
            said = screen(c, answers)
            assert said["level"] == "emergency" and said["title"] == emergency.title
            assert said["status"]["may_start"] is False
            assert said["status"]["level"] == "emergency"
            assert said["status"]["care"] == emergency.message
            # The later refusal repeats the emergency words.
            refused = start(c)
            assert refused.status_code == 409
            body = refused.json()
            assert body["level"] == "emergency" and body["care"] == emergency.message
            assert emergency.title in body["detail"] and body["screen"] == "/safety"
        # A sign reported since does not soften it.
        with open_store(home) as store:
            store.mark_screen_due("numbness or tingling during Cat-cow")
        body = start(c).json()
        assert body["level"] == "emergency" and body["care"] == emergency.message
        assert c.get("/api/history").json()["total_sessions"] == 0


def test_what_the_api_refuses(home: Path) -> None:
    with client(home) as c:
        for answers in (
            {"night-rest-pain": True, CLINICIAN_CHECKED: True},  # the rest unanswered
            {**DOCTOR, CLINICIAN_CHECKED: "sometimes"},
            {**DOCTOR, "clinician-check": True},
        ):
            r = c.post("/api/safety/screen", json={"answers": answers})
            assert r.status_code == 422, answers
            assert r.json()["detail"]
        assert c.get("/api/safety/screen").json()["status"]["last_result"] is None


def test_a_sharp_pain_brings_the_screen_back_before_the_next_session(home: Path) -> None:
    with client(home) as c:
        screen(c, {**DOCTOR, CLINICIAN_CHECKED: True})
        timeline = c.get("/api/routines/verywell-lunge-twist/timeline").json()
        sid = c.post("/api/sessions", json={"routine_id": "verywell-lunge-twist", "id": UUID})
        assert sid.status_code == 201
        hold = next(p for p in timeline["phases"] if p["stretch_id"])
        advice = c.post(
            f"/api/sessions/{UUID}/hurt",
            json={
                "key": "h-1",
                "phase_index": hold["index"],
                "stretch_id": hold["stretch_id"],
                "side": hold["side"],
                "reason": "sharp",
            },
        ).json()
        assert advice["rescreen"] is True and advice["advises_stop"] is True
        c.post(f"/api/sessions/{UUID}/end", json={"status": "quit"})
        status = c.get("/api/safety/screen").json()["status"]
        assert status["may_start"] is False and status["due"] is True
        assert status["level"] == "due" and "sharp" in status["due_reason"]
        refused = start(c)
        assert refused.status_code == 409 and refused.json()["level"] == "due"
        assert status["due_reason"] in refused.json()["detail"]
        screen(c, {**DOCTOR, CLINICIAN_CHECKED: True})
        assert start(c).status_code == 201


# The Safety page's form, as it posts without JavaScript.


def yes_no(answers: dict[str, bool]) -> dict[str, str]:
    return {k: "yes" if v else "no" for k, v in answers.items()}


def test_the_form_asks_the_clinician_question_and_loads_its_script(home: Path) -> None:
    with client(home) as c:
        page = c.get("/safety").text
    assert clinician_check().question in page
    assert f'name="{CLINICIAN_CHECKED}"' in page
    assert '<script type="module" src="/static/js/safety.js"></script>' in page
    assert 'id="urgent-check"' in page and "formnovalidate" in page
    with client(home) as c:
        js = c.get("/static/js/safety.js")
    assert js.status_code == 200 and "form.submit()" in js.text


def test_one_emergency_yes_posted_alone_gets_the_emergency_message(home: Path) -> None:
    with client(home) as c:
        r = c.post("/safety", data=form(c, **{"both-legs": "yes"}))
        page = c.get("/safety").text
    assert r.status_code == 200
    assert 'id="screen-result"' in r.text and 'class="result emergency"' in r.text
    assert outcome("emergency").message in r.text
    assert "Please answer every question" not in r.text
    assert "Go to today's session" not in r.text
    # Later, the page repeats the emergency words.
    assert outcome("emergency").message in page and 'class="error" id="standing"' in page
    with open_store(home) as store:
        last = store.last_screening()
    assert last is not None and (last.result, last.answers) == ("emergency", {"both-legs": True})


def test_an_emergency_yes_wins_over_a_clinician_yes_and_blanks(home: Path) -> None:
    with client(home) as c:
        fields = {"cancer-history": "yes", "serious-fall": "yes", CLINICIAN_CHECKED: "yes"}
        r = c.post("/safety", data=form(c, **fields))
        status = c.get("/api/safety/screen").json()["status"]
    assert outcome("emergency").title in r.text
    assert status["may_start"] is False and status["level"] == "emergency"


def test_a_doctor_yes_with_the_clinician_yes_goes_on(home: Path) -> None:
    with client(home) as c:
        r = c.post("/safety", data=form(c, **yes_no(DOCTOR), **{CLINICIAN_CHECKED: "yes"}))
        assert r.status_code == 200
        assert outcome("checked").title in r.text and 'class="result clear"' in r.text
        assert "Go to today's session" in r.text
        assert c.get("/api/safety/screen").json()["status"]["may_start"] is True
        page = c.get("/safety").text
        assert clinician_check().note in page


def test_a_doctor_yes_with_the_clinician_question_blank_is_not_checked(home: Path) -> None:
    with client(home) as c:
        r = c.post("/safety", data=form(c, **yes_no(DOCTOR)))
        assert outcome("doctor").title in r.text and 'class="result doctor"' in r.text
        assert c.get("/api/safety/screen").json()["status"]["may_start"] is False


def test_blanks_without_an_emergency_yes_are_asked_for(home: Path) -> None:
    with client(home) as c:
        r = c.post("/safety", data=form(c, **{"cancer-history": "yes"}))
        assert r.status_code == 422
        assert f"Please answer every question ({len(questions()) - 1} left)" in r.text
        assert 'name="cancer-history" value="yes" checked' in r.text  # kept
        assert c.get("/api/safety/screen").json()["status"]["last_result"] is None
