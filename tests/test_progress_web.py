"""Progress on the web: /api/progress, the Progress page and its forms, the line on Home, and
the weekly pain question in the browser player (Debian's chromium, at a phone's 360 px)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from typer.testing import CliRunner

from browser import CHROMIUM, launch
from supple.cli import app
from supple.progress import week_start
from supple.store.db import open_store
from webapp import client, form, screened, server

THIS_WEEK = week_start(date.today())
SHOTS = Path(os.environ.get("SUPPLE_SHOTS", "/tmp/supple-shots"))


def last_week(home: Path, pain: int) -> None:
    with open_store(home) as store:
        store.set_weekly_pain(THIS_WEEK - timedelta(weeks=1), pain)


# -- the API ----------------------------------------------------------------------------------


def test_records_written_through_the_api_show_in_the_cli(home: Path, runner: CliRunner) -> None:
    last_week(home, 6)
    with client(home) as c:
        status = c.get("/api/progress/weekly-pain").json()
        assert (status["due"], status["pain"], status["week_start"]) == (
            True,
            None,
            THIS_WEEK.isoformat(),
        )
        assert status["question"].startswith("Your usual pain this week")
        r = c.post("/api/progress/weekly-pain", json={"pain": 4})
        assert r.status_code == 200 and (r.json()["due"], r.json()["pain"]) == (False, 4)
        check = {
            "ratings": [
                {"activity": "Putting on socks", "score": 3},
                {"activity": "Sitting through a film", "score": 5},
                {"activity": "Lifting a child", "score": 2},
            ]
        }
        r = c.post("/api/progress/psfs", json=check)
        assert r.status_code == 201 and r.json()["score"] == 3.33
        assert c.put("/api/progress/goal", json={"goal": "three-times-a-week"}).status_code == 200
        got = c.get("/api/progress")
        assert got.headers["cache-control"] == "no-store"
        data = got.json()
    assert data["home_line"] == "Pain this week 4, down from 6: a meaningful change"
    cli = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert cli == data  # one service, one answer
    assert cli["function"]["checks"][0]["ratings"] == check["ratings"]
    assert cli["adherence"]["goal_words"] == "three times a week"


def test_the_api_refuses_what_is_not_right_naming_the_field(home: Path) -> None:
    with client(home) as c:
        for body in ({"pain": 11}, {"pain": "4"}, {}, {"pain": 3, "mood": "ok"}):
            r = c.post("/api/progress/weekly-pain", json=body)
            assert r.status_code == 422 and r.json()["detail"][0]["field"].startswith("body")
        r = c.put("/api/progress/goal", json={"goal": "hourly"})
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "body.goal"
        two = {"ratings": [{"activity": "Socks", "score": 3}, {"activity": "Film", "score": 4}]}
        r = c.post("/api/progress/psfs", json=two)
        assert r.status_code == 422 and r.json()["detail"][0]["field"] == "body.ratings"
        bidi = {
            "ratings": [
                {"activity": "Socks", "score": 3},
                {"activity": "Film\u202e", "score": 4},
                {"activity": "Child", "score": 2},
            ]
        }
        r = c.post("/api/progress/psfs", json=bidi)
        assert r.status_code == 422 and "U+202E" in r.json()["detail"][0]["message"]
        # Left blank: skipped for this week.
        r = c.post("/api/progress/weekly-pain", json={"pain": None})
        assert (r.json()["due"], r.json()["pain"]) == (False, None)
        assert c.get("/api/progress").json()["pain"]["weeks"] == []


def test_a_script_without_the_launch_token_changes_nothing(home: Path) -> None:
    with client(home) as c:
        r = c.post(
            "/api/progress/weekly-pain", json={"pain": 3}, headers={"Origin": "https://evil.test"}
        )
        assert r.status_code == 403
        assert c.get("/api/progress/weekly-pain").json()["pain"] is None


# -- the page ---------------------------------------------------------------------------------


def test_the_page_and_its_forms(home: Path) -> None:
    screened(home)
    last_week(home, 6)
    with client(home) as c:
        page = c.get("/progress").text
        # Every form carries this launch's token.
        assert page.count('<form method="post"') == page.count('type="hidden"') == 3
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)
        assert not re.search(r"\sstyle=|\son[a-z]+=", page)
        assert "Ostelo 2008" in page and "Stratford" in page and "Abbott and Schmitt 2014" in page

        r = c.post("/progress/weekly-pain", data=form(c, pain="4"), follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (303, "/progress?saved=pain#pain")
        bad = c.post("/progress/weekly-pain", data=form(c, pain="12"))
        assert bad.status_code == 422 and "12" in bad.text and "0 to 10" in bad.text
        rows = {
            "activity_1": "Putting on socks",
            "score_1": "3",
            "activity_2": "<b>Film</b>",
            "score_2": "5",
            "activity_3": "Lifting a child",
            "score_3": "",
        }
        bad = c.post("/progress/psfs", data=form(c, **rows))
        assert bad.status_code == 422
        assert "Activity 3: give a score" in bad.text
        assert 'value="Putting on socks"' in bad.text  # what was typed is kept
        r = c.post(
            "/progress/psfs", data=form(c, **{**rows, "score_3": "2"}), follow_redirects=False
        )
        assert r.status_code == 303
        assert c.post("/progress/goal", data=form(c, goal="most-days")).status_code == 200
        assert c.post("/progress/goal", data=form(c, goal="often")).status_code == 422
        refused = c.post("/progress/goal", data={"goal": "twice-a-day"})
        assert refused.status_code == 403  # no token: nothing changes

        page = c.get("/progress?saved=psfs").text
        assert "Saved your activities." in page
        assert "Pain this week 4, down from 6: a meaningful change." in page
        assert "&lt;b&gt;Film&lt;/b&gt;" in page and "<b>Film</b>" not in page
        assert 'role="img"' in page and "Usual pain each week, 0 to 10:" in page
        assert '<option value="most-days" selected>' in page
        home_page = c.get("/").text
        assert "Pain this week 4, down from 6: a meaningful change" in home_page
        assert "time to rate them again" not in home_page  # rated just now
        assert 'href="/progress"' in home_page
    with open_store(home) as store:
        [check] = store.psfs()
        assert check.ratings[1] == ("<b>Film</b>", 5)


def test_home_reminds_of_the_psfs_when_it_is_due(home: Path) -> None:
    screened(home)
    with client(home) as c:
        page = c.get("/").text
        assert 'id="psfs-reminder"' in page and "Rate a few everyday activities" in page
        assert "No weekly pain score yet" in page


# -- in the browser ---------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("needs Debian's chromium")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    # No service worker: its filling of the offline cache would outlive the server this test
    # stops, and its refused requests are not this page's errors (test_browser_offline).
    context = browser.new_context(viewport={"width": 360, "height": 740}, service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


@needs_chromium
def test_the_progress_page_reads_on_a_phone(phone: Page, home: Path) -> None:
    screened(home)
    with open_store(home) as store:
        for k, pain in enumerate([7, 6, 6, 5, 4]):
            store.set_weekly_pain(THIS_WEEK - timedelta(weeks=4 - k), pain)
        store.add_psfs([("Putting on socks", 3), ("Sitting through a film", 4), ("Gardening", 2)])
    with server(home) as base:
        phone.goto(base + "/progress")
        expect(phone.locator("#pain-line")).to_have_text(
            "Pain this week 4, down from 7: a meaningful change."
        )
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        chart = phone.locator("svg.chart").first
        box = chart.bounding_box()
        assert box is not None and 300 <= box["width"] <= 360
        label = chart.get_attribute("aria-label") or ""
        assert "week of" in label and "a meaningful change" in label
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SHOTS / "progress-360.png"), full_page=True)
        # The goal, changed on the page.
        phone.select_option("#goal-choice", "twice-a-day")
        phone.click("#goal-form button")
        expect(phone.locator("#saved")).to_have_text("Saved your goal.")
        expect(phone.locator("#goal-line")).to_contain_text("your goal: twice a day")
        # The activities, rated again on the page: last time's names are filled in.
        expect(phone.locator("#activity-1")).to_have_value("Putting on socks")
        for n, score in ((1, "6"), (2, "5"), (3, "4")):
            phone.fill(f"#score-{n}", score)
        phone.click("#psfs-form button[type=submit]")
        expect(phone.locator("#psfs-line")).to_have_text(
            "Activities 5 of 10, up from 3: a meaningful change."
        )


@needs_chromium
def test_the_browser_player_asks_the_weekly_pain_once_a_week(phone: Page, home: Path) -> None:
    screened(home)
    with server(home) as base:
        phone.on("dialog", lambda d: d.accept())
        # A demonstration does not ask it.
        phone.goto(base + "/play/wall-nine?speed=10")
        expect(phone.locator("#pain-ok")).to_be_visible()
        expect(phone.locator("#player")).to_have_attribute("data-state", "ready")
        assert phone.locator("#weekly-input").count() == 0

        phone.goto(base + "/play/wall-nine?warmup=false")
        weekly = phone.locator("#weekly-input")
        expect(weekly).to_be_visible()
        expect(phone.locator("label[for=weekly-input]")).to_contain_text(
            "Your usual pain this week"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SHOTS / "player-weekly-360.png"))
        phone.check("input[name=pain][value='5']")
        weekly.fill("14")
        phone.keyboard.press("Enter")
        expect(phone.locator("#stage")).to_be_hidden()  # refused: not a score
        weekly.fill("6")
        phone.keyboard.press("Enter")
        expect(phone.locator("#stage")).to_be_visible()
        phone.keyboard.press("q")  # the keys work at once: no focus left in a hidden field
        expect(phone.locator("#pain-ok")).to_have_text("Save", timeout=20_000)
        assert not weekly.is_visible()  # after the session: the pain now only
        phone.keyboard.press("Enter")
        expect(phone.locator("#player")).to_have_attribute("data-summary", "server")
        status = phone.request.get(base + "/api/progress/weekly-pain").json()
        assert (status["due"], status["pain"]) == (False, 6)

        # The week's next session does not ask again.
        phone.goto(base + "/play/wall-nine?warmup=false")
        expect(phone.locator("#player")).to_have_attribute("data-state", "ready")
        assert phone.locator("#weekly-input").count() == 0
    with open_store(home) as store:
        assert [(w.week, w.pain) for w in store.weekly_pain()] == [(THIS_WEEK, 6)]
        [first] = [s for s in store.session_briefs() if not s.demo]
        assert first.pain_before == 5
