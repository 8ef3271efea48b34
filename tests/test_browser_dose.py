"""The browser player before and during a session: rounds and holds chosen, start notes,
"too strong" on the left, osteoporosis. Debian's chromium at 360 px, a real server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from supple.planner.needs import AgeBand, Condition, Profile
from supple.profile import save_profile
from supple.safety import clinician_check, questions
from supple.services.safety import answer_screen
from supple.store.db import open_store
from webapp import screened, server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)

# Screenshots to look at, as tests/test_figures.py writes its gallery.
SHOTS = Path(__file__).parents[1] / "build"


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    assert errors == []
    context.close()


def stored(pg: Page, site: str) -> dict[str, Any]:
    uuid = pg.locator("#player").get_attribute("data-session")
    found: dict[str, Any] = pg.request.get(f"{site}/api/sessions/{uuid}").json()
    return found


def quit_and_end(pg: Page) -> None:
    pg.on("dialog", lambda d: d.accept())
    pg.keyboard.press("q")
    expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=20_000)
    expect(pg.locator("#setup")).to_be_hidden()  # the choices are for before, not after
    expect(pg.locator("#dose")).to_be_hidden()
    pg.click("#pain-ok")
    expect(pg.locator("#player")).to_have_attribute("data-summary", "server", timeout=20_000)


def fits(pg: Page) -> None:
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360


def test_rounds_are_chosen_before_the_session_and_kept_with_it(phone: Page, home: Path) -> None:
    screened(home)
    pg = phone
    with server(home) as site:
        api = f"{site}/api/routines/atlas-spine-ten/timeline"
        own = pg.request.get(api).json()
        twice = pg.request.get(api, params={"rounds": 2}).json()
        pg.goto(f"{site}/play/atlas-spine-ten")
        about = pg.locator("#about")
        expect(about).to_have_text(own["about"])
        expect(about).to_contain_text("a 2 min warm-up, each stretch once")
        expect(pg.locator("#rounds label")).to_have_text(["Once", "Twice", "3 times"])
        expect(pg.locator("#rounds input[value='1']")).to_be_checked()
        expect(pg.locator("#rounds-advice")).to_contain_text("Garber 2011")
        expect(pg.locator("#older")).to_be_hidden()  # not an older adult's profile
        expect(pg.locator("#start-notes")).to_be_empty()
        fits(pg)
        pg.check("#rounds input[value='2']")
        expect(about).to_have_text(twice["about"])
        total = f"{twice['total_seconds']:g}"
        expect(pg.locator("#player")).to_have_attribute("data-total", total)
        SHOTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(SHOTS / "player-before-360.png"), full_page=True)
        fits(pg)
        pg.click("#pain-ok")
        expect(pg.locator("#phase-label")).to_have_text("Warm-up")
        quit_and_end(pg)
        s = stored(pg, site)
        assert s["options"]["rounds"] == 2 and s["options"]["warmup_seconds"] == 120
        assert s["planned_seconds"] == round(twice["total_seconds"])


def test_an_older_adult_may_hold_45_s(phone: Page, home: Path) -> None:
    screened(home)
    save_profile(Profile(age_band=AgeBand.OLDER), home)
    pg = phone
    with server(home) as site:
        pg.goto(f"{site}/play/verywell-lunge-twist?warmup=false")
        expect(pg.locator("#older")).to_be_visible()
        expect(pg.locator("#older-label")).to_have_text("Hold each stretch at least 45 s")
        expect(pg.locator("#older-advice")).to_contain_text("30 to 60 seconds")
        expect(pg.locator("#older-holds")).not_to_be_checked()  # the article's holds first
        pg.check("#older-holds")
        expect(pg.locator("#about")).to_contain_text("holds of at least 45 s")
        fits(pg)
        SHOTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(SHOTS / "player-older-360.png"), full_page=True)
        pg.click("#pain-ok")
        label = pg.locator("#phase-label")
        expect(label).to_have_text("Get ready · left side", timeout=10_000)
        pg.keyboard.press(" ")
        pg.keyboard.press("n")
        expect(label).to_have_text("Hold · left side · paused")
        expect(pg.locator("#countdown")).to_have_text("0:45")
        quit_and_end(pg)
        s = stored(pg, site)
        assert s["options"]["older_holds"] is True
        assert s["planned_seconds"] == 5 + 5 + 45 + 5 + 45


def test_the_start_notes_are_shown_before_the_session(phone: Page, home: Path) -> None:
    # A see-a-doctor answer, and a clinician has checked it: sessions go on, with a note.
    doctor = next(q.id for q in questions() if q.level == "doctor")
    with open_store(home) as store:
        answers: dict[str, object] = {q.id: q.id == doctor for q in questions()}
        answer_screen(store, {**answers, "clinician-checked": True})
    note = clinician_check().note
    pg = phone
    with server(home) as site:
        pg.goto(f"{site}/play/wall-nine")
        notes = pg.locator("#start-notes p")
        expect(notes).to_have_text([note])
        expect(notes).to_have_class("caution")
        fits(pg)
        SHOTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(SHOTS / "player-start-notes-360.png"), full_page=True)
        pg.click("#pain-ok")
        expect(pg.locator("#stage")).to_be_visible()


def test_too_strong_on_the_left_offers_the_easier_version_then_the_right_side(
    phone: Page, home: Path
) -> None:
    screened(home)
    pg = phone
    with server(home) as site:
        pg.goto(f"{site}/play/verywell-lunge-twist?speed=8&warmup=false")
        pg.click("#pain-ok")
        label = pg.locator("#phase-label")
        expect(label).to_have_text("Hold · left side", timeout=10_000)
        pg.keyboard.press("p")
        pg.click("#hurt-reasons button[data-reason=too-strong]")
        expect(pg.locator("#advice-easier")).to_be_visible()
        expect(pg.locator("#advice-easier")).to_contain_text("Easier: ")
        expect(pg.locator("#advice-next")).to_have_text(
            "Next: Switch sides · Kneeling lunge with a twist (right)"
        )
        expect(pg.locator("#advice-continue")).to_have_text("Go on to what is next, more gently")
        pg.screenshot(path=str(SHOTS / "player-too-strong-360.png"), full_page=True)
        pg.click("#advice-continue")
        expect(label).to_have_text("Hold · right side", timeout=10_000)
        expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=20_000)
        pg.click("#pain-ok")
        expect(pg.locator("#player")).to_have_attribute("data-summary", "server", timeout=20_000)
        s = stored(pg, site)
        got = [(p["kind"], p["side"], p["outcome"]) for p in s["phases"]]
        assert got == [
            ("change-position", None, "done"),
            ("get-ready", "left", "done"),
            ("hold", "left", "stopped"),
            ("switch-sides", "right", "done"),
            ("hold", "right", "done"),
        ]


def test_sharp_pain_says_go_on_to_the_next_stretch(phone: Page, home: Path) -> None:
    screened(home)
    pg = phone
    with server(home) as site:
        pg.goto(f"{site}/play/verywell-lunge-twist?speed=8&warmup=false")
        pg.click("#pain-ok")
        expect(pg.locator("#phase-label")).to_have_text("Hold · left side", timeout=10_000)
        pg.keyboard.press("p")
        pg.click("#hurt-reasons button[data-reason=sharp]")
        expect(pg.locator("#advice-continue")).to_have_text("Go on to the next stretch")
        expect(pg.locator("#advice-next")).to_be_hidden()
        expect(pg.locator("#advice-easier")).to_be_hidden()
        pg.click("#advice-continue")  # nothing after this stretch: the session ends
        expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=20_000)


def test_osteoporosis_shows_only_the_arching_half_of_cat_cow(phone: Page, home: Path) -> None:
    screened(home)
    save_profile(Profile(conditions=[Condition.OSTEOPOROSIS]), home)
    pg = phone
    with server(home) as site:
        pg.goto(f"{site}/play/atlas-spine-ten?warmup=false")
        pg.click("#pain-ok")
        name = pg.locator("#stretch-name")
        label = pg.locator("#phase-label")
        expect(label).not_to_have_text("")
        pg.keyboard.press(" ")  # paused: next moves phase by phase
        for _ in range(40):
            if name.inner_text() == "Cat-cow" and label.inner_text().startswith("Move"):
                break
            pg.keyboard.press("n")
        else:
            raise AssertionError("never reached the cat-cow")
        figure = pg.locator("#figure")
        # One still picture of the arch: the moving one would pass through the rounding.
        expect(figure).to_have_attribute("src", "/figures/cat-cow.svg?side=left&pose=Cow")
        expect(pg.locator("#info")).to_contain_text(
            "Move between: Cow → back to the start (Cat left out for you)"
        )
        pg.keyboard.press(" ")
        expect(pg.locator("#cue")).to_have_text("Cow")
        expect(pg.locator("#cue")).to_have_text("Back to the start", timeout=10_000)
        fits(pg)
        pg.screenshot(path=str(SHOTS / "player-osteoporosis-360.png"), full_page=True)
        # Someone else sees it move through both halves.
        save_profile(Profile(), home)
        pg.goto(f"{site}/play/atlas-spine-ten?warmup=false")
        pg.click("#pain-ok")
        expect(label).not_to_have_text("")
        pg.keyboard.press(" ")
        for _ in range(40):
            if name.inner_text() == "Cat-cow" and label.inner_text().startswith("Move"):
                break
            pg.keyboard.press("n")
        expect(figure).to_have_attribute("src", "/figures/cat-cow.svg?side=left&animate=true")
