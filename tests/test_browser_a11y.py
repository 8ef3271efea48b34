"""Accessibility in Debian's chromium: axe-core finds no violation on any page.

axe-core comes from npm into .ci/npm (.ci/run installs it) and is injected from that file;
nothing is fetched from elsewhere. Every page the menu reaches, a routine, a stretch, the
editor, and the player's ready screen, stage, pain-after and end screens, at a phone's and a
laptop's size, in the light theme and the dark one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from webapp import screened, server

AXE = (
    Path(__file__).resolve().parent.parent
    / ".ci"
    / "npm"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
    ),
    pytest.mark.skipif(not AXE.exists() and not os.environ.get("CI"), reason="needs axe-core"),
]

PAGES = [
    "/", "/library", "/routines", "/plan", "/history", "/progress", "/profile", "/safety",
    "/reminders", "/gallery", "/data", "/routines/new", "/routines/atlas-spine-ten",
    "/routines/atlas-spine-ten/edit", "/stretches/knee-to-chest", "/stretches/cat-cow",
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("a11y")
    screened(home)
    with server(home) as base:
        yield base


def axe(pg: Page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each."""
    if not pg.evaluate("typeof window.axe !== 'undefined'"):
        pg.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = pg.evaluate(
        "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations"
    )
    return [
        f"{v['id']}: {v['help']} at {json.dumps([n['target'] for n in v['nodes']][:4])}"
        for v in found
    ]


@pytest.mark.parametrize(
    ("size", "scheme"),
    [((360, 640), "light"), ((1280, 800), "light"), ((360, 640), "dark")],
    ids=["phone", "laptop", "phone-dark"],
)
def test_no_page_has_an_axe_violation(
    browser: Browser, site: str, size: tuple[int, int], scheme: str
) -> None:
    # The pages' CSP allows no injected script: axe-core is let in for the test only.
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, bypass_csp=True, color_scheme=scheme
    )
    pg = context.new_page()
    problems: dict[str, list[str]] = {}
    for path in PAGES:
        answer = pg.goto(site + path)
        assert answer is not None and answer.status == 200, path
        pg.wait_for_load_state("networkidle")
        if found := axe(pg):
            problems[path] = found
    # The player, screen by screen.
    pg.goto(site + "/play/verywell-lunge-twist?speed=20&warmup=false")
    expect(pg.locator("#player")).to_have_attribute("data-state", "ready")
    problems["player: ready"] = axe(pg)
    pg.click("#pain-ok")
    expect(pg.locator("#stage")).to_be_visible()
    pg.keyboard.press(" ")
    problems["player: stage"] = axe(pg)
    pg.keyboard.press(" ")
    expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=20_000)
    problems["player: pain after"] = axe(pg)
    pg.click("#pain-ok")
    expect(pg.locator("#player")).to_have_attribute("data-summary", "server")
    problems["player: end"] = axe(pg)
    assert {k: v for k, v in problems.items() if v} == {}
    context.close()


def test_the_pain_scale_is_a_radio_group_with_a_name(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    pg = context.new_page()
    pg.goto(site + "/play/wall-nine")
    expect(pg.locator("#player")).to_have_attribute("data-state", "ready")
    group = pg.get_by_role("group", name="Pain right now")
    expect(group.get_by_role("radio")).to_have_count(11)
    pg.get_by_role("radio", name="4").check()  # by keyboard too: arrows move the choice
    pg.keyboard.press("ArrowRight")
    expect(pg.get_by_role("radio", name="5")).to_be_checked()
    box = pg.locator("#pain-scale label").first.bounding_box()
    assert box and box["height"] >= 44 and box["width"] >= 44
    context.close()
