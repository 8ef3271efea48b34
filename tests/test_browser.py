"""The web app in Debian's chromium, driven by Playwright: what a person sees and does."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from supple.browser import CHROMIUM, launch
from supple.library.catalog import default_library
from supple.library.vocab import Equipment
from supple.store import open_store
from webapp import screened, server

# On CI, .ci/run installs chromium: there a missing browser fails rather than skips.
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def site(home: Path) -> Iterator[str]:
    screened(home)
    with server(home) as base:
        yield base


class Watch:
    """Console errors and any request to a host other than the server."""

    def __init__(self, page: Page, base: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        host = urlparse(base).netloc
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                urlparse(r.url).netloc not in (host, "")
                and not r.url.startswith("data:")
                and self.foreign.append(r.url)
            ),
        )

    def clean(self) -> None:
        assert self.errors == []
        assert self.foreign == []


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    watch = Watch(pg, site)
    yield pg, watch
    context.close()


def test_library_filter_search_and_a_stretch(page: tuple[Page, Watch], site: str) -> None:
    pg, watch = page
    lib = default_library()
    pg.goto(site + "/library")
    expect(pg.locator("#count")).to_have_text(f"{len(lib.stretches)} stretches")
    pg.select_option("select[name=equipment]", "wall")
    pg.click("text=Filter")
    walls = lib.find(equipment=Equipment.WALL)
    assert len(walls) >= 9  # the wall article's nine, at least
    expect(pg.locator("#count")).to_have_text(f"{len(walls)} stretches")
    pg.fill("input[name=q]", "couch")
    pg.click("text=Filter")
    expect(pg.locator(".stretch-card")).to_have_count(1)
    pg.click(".stretch-card a")
    expect(pg.locator("h1")).to_have_text("Wall runner's lunge")
    expect(pg.locator("text=How to do it")).to_be_visible()
    expect(pg.locator(".caution")).to_contain_text("knee")
    # nothing sticks out sideways on a 360 px phone
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    for path in ("/", "/routines", "/history", "/safety"):
        pg.goto(site + path)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360, path
    watch.clean()


def test_a_session_with_pause_skip_and_that_hurts_lands_in_history(
    page: tuple[Page, Watch], site: str, home: Path
) -> None:
    pg, watch = page
    pg.goto(site + "/play/verywell-lunge-twist?speed=8&warmup=false")
    pg.fill("#pain-input", "4")
    pg.keyboard.press("Enter")
    label = pg.locator("#phase-label")
    expect(label).to_have_text("Hold · LEFT SIDE", timeout=10_000)
    figure = pg.locator("#figure")
    expect(figure).to_have_attribute("src", "/figures/kneeling-lunge-twist.svg?side=left")
    assert pg.evaluate("document.getElementById('figure').naturalWidth") > 0
    pg.keyboard.press(" ")
    expect(label).to_contain_text("PAUSED")
    frozen = pg.locator("#countdown").inner_text()
    pg.wait_for_timeout(600)
    assert pg.locator("#countdown").inner_text() == frozen
    pg.keyboard.press(" ")
    pg.keyboard.press("n")  # skip the rest of the left hold
    expect(label).to_have_text("Switch sides · RIGHT SIDE")
    expect(label).to_have_text("Hold · RIGHT SIDE", timeout=10_000)
    expect(figure).to_have_attribute("src", "/figures/kneeling-lunge-twist.svg?side=right")
    pg.keyboard.press("p")
    expect(pg.locator("#hurt-dialog")).to_be_visible()
    pg.click("#hurt-reasons button[data-reason=too-strong]")
    expect(pg.locator("#advice-text")).to_contain_text("easier version")
    pg.click("#advice-continue")
    pg.fill("#pain-input", "2")
    pg.keyboard.press("Enter")
    expect(pg.locator("#summary")).to_contain_text("Finished the whole routine.")
    expect(pg.locator("#summary")).to_contain_text("1 stopped for pain")
    pg.goto(site + "/history")
    row = pg.locator("#sessions tbody tr").first
    expect(row).to_contain_text("Kneeling lunge with a twist")
    expect(row).to_contain_text("4 → 2")
    watch.clean()
    with open_store(home) as store:
        s = store.sessions()[0]
    got = [(p.kind, p.side, p.outcome) for p in s.phases]
    assert got == [
        ("change-position", None, "done"),
        ("get-ready", "left", "done"),
        ("hold", "left", "skipped"),
        ("switch-sides", "right", "done"),
        ("hold", "right", "stopped"),
    ]
    assert (s.client, s.status, s.pain_before, s.pain_after) == ("browser", "completed", 4, 2)
    with open_store(home) as store:
        assert store.flags()["kneeling-lunge-twist"].reason == "too-strong"


def test_create_reorder_and_export_a_routine(page: tuple[Page, Watch], site: str) -> None:
    pg, watch = page
    pg.goto(site + "/routines/new")
    pg.fill("input[name=title]", "Desk break")
    pg.fill("input[name=id]", "desk-break")
    pg.select_option("#add-stretch", "wall-quad")
    pg.click("#add-step")
    pg.select_option("#add-stretch", "cat-cow")
    pg.click("#add-step")
    pg.locator(".editor-step").first.locator(".down").click()
    expect(pg.locator(".editor-step .name")).to_have_text(["Cat-cow", "Wall quad stretch"])
    pg.click("text=Save")
    expect(pg.locator("h1")).to_have_text("Desk break")
    expect(pg.locator("#routine-steps li")).to_have_count(2)
    expect(pg.locator("#routine-steps li").first).to_contain_text("Cat-cow")
    exported = pg.request.get(site + "/api/routines/desk-break/export?format=json").json()
    assert [s["stretch"] for s in exported["steps"]] == ["cat-cow", "wall-quad"]
    assert exported["steps"][0]["mode"] == "mobilize"
    watch.clean()


def test_the_gate_sends_an_unscreened_person_to_the_safety_page(
    browser: Browser, tmp_path: Path
) -> None:
    home = tmp_path / "fresh"
    with server(home) as base:
        context = browser.new_context()
        pg = context.new_page()
        pg.goto(base + "/play/wall-nine")
        expect(pg.locator("#gate")).to_be_visible()
        pg.click("#gate a")
        for radio in pg.locator("input[value=no]").all():
            radio.check()
        pg.locator("input[name=cancer-history][value=yes]").check()
        pg.click("#screen-form button[type=submit]")
        expect(pg.locator("#screen-result")).to_contain_text("See a doctor soon")
        pg.goto(base + "/")
        expect(pg.locator("#start-today")).to_have_count(0)
        context.close()


def test_a_dropped_connection_loses_nothing(
    page: tuple[Page, Watch], site: str, home: Path
) -> None:
    pg, watch = page
    pg.goto(site + "/play/verywell-lunge-twist?speed=8&warmup=false")
    pg.click("#pain-skip")  # no pain score
    label = pg.locator("#phase-label")
    expect(label).to_have_text("Hold · LEFT SIDE", timeout=10_000)
    pg.context.set_offline(True)
    expect(label).to_have_text("Switch sides · RIGHT SIDE", timeout=10_000)
    expect(pg.locator("#flag")).to_contain_text("Offline")  # the player plays on
    expect(label).to_have_text("Hold · RIGHT SIDE", timeout=10_000)
    pg.context.set_offline(False)
    pg.evaluate("dispatchEvent(new Event('online'))")
    expect(pg.locator("#pain-input")).to_be_visible(timeout=10_000)
    pg.keyboard.press("Enter")
    expect(pg.locator("#summary")).to_contain_text("Finished the whole routine.")
    with open_store(home) as store:
        s = store.sessions()[0]
    assert [p.kind for p in s.phases] == [
        "change-position",
        "get-ready",
        "hold",
        "switch-sides",
        "hold",
    ]
    assert s.status == "completed"
    # the failed fetches while offline are the only console errors there may be
    assert all("Failed to load resource" in e or "Failed to fetch" in e for e in watch.errors)
    assert watch.foreign == []


def test_plan_in_the_browser_and_the_player_warns_for_the_profile(
    page: tuple[Page, Watch], site: str
) -> None:
    pg, watch = page
    pg.goto(site + "/profile")
    pg.check("input[name=condition][value=knee]")
    pg.click("#profile-form button[type=submit]")
    expect(pg.locator("#profile-saved")).to_be_visible()
    pg.goto(site + "/plan")
    pg.fill("input[name=minutes]", "8")
    pg.check("input[name=place][value=no-floor]")
    pg.click("#plan-form button[type=submit]")
    expect(pg.locator("#plan-result")).to_be_visible()
    pg.click("button[value=start]")
    expect(pg.locator("#pain-input")).to_be_visible()
    assert "/play/plan-" in pg.url
    pg.goto(site + "/play/paleohacks-nine?warmup=false")
    pg.click("#pain-skip")
    expect(pg.locator("#stretch-name")).to_have_text("Child's pose")
    expect(pg.locator("#flag")).to_contain_text("Not advised for you (knee)")
    expect(pg.locator("#flag")).to_contain_text("Instead:")
    watch.clean()
