"""Layout in Debian's chromium: the countdown on every phase, and every page at a phone's width.

At 360 x 640, 390 x 844 and 1280 x 800, and two phones on their side, every phase of every
built-in routine (stepped through with Next, at speed) shows the `role="timer"` element
whole inside the screen, with nothing over it; no page scrolls sideways; History's chart
words are 12 px or more and its sessions are cards on a phone; the picture keeps one box.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from supple.library.catalog import default_library
from webapp import screened, server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
VIEWPORTS = [(360, 640), (390, 844), (1280, 800), (640, 360), (844, 390)]
ROUTINES = list(default_library().routines)
# Every page the menu reaches, and one of each other kind.
PAGES = [
    "/", "/library", "/routines", "/plan", "/history", "/progress", "/profile", "/safety",
    "/reminders", "/gallery", "/data", "/routines/new", "/routines/atlas-spine-ten",
    "/routines/atlas-spine-ten/edit", "/stretches/knee-to-chest", "/play/wall-nine",
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("layout")
    screened(home)
    with server(home) as base:
        yield base


# On the page: where the timer is, whether it lies inside the viewport, and what the
# browser finds at its centre and four corners (just inside them).
TIMER_CHECK = """() => {
  const $ = (id) => document.getElementById(id);
  const t = document.querySelector('[role="timer"]');
  const r = t.getBoundingClientRect();
  const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth
    && r.width > 0 && r.height > 0;
  const e = 2;
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + e, r.top + e],
    [r.right - e, r.top + e], [r.left + e, r.bottom - e], [r.right - e, r.bottom - e]];
  const covered = points.map(([x, y]) => document.elementFromPoint(x, y))
    .filter((hit) => !(hit && (hit === t || t.contains(hit))))
    .map((hit) => (hit ? hit.outerHTML.slice(0, 80) : 'nothing'));
  const f = $('figure-frame').getBoundingClientRect();
  return { inside, covered, rect: [r.left, r.top, r.right, r.bottom],
    phase: `${$('phase-label').textContent} / ${$('stretch-name').textContent}`,
    figure: [f.width, f.height] };
}"""


def walk_phases(pg: Page) -> tuple[list[str], int]:
    """Every phase of the session in turn (Next, while paused): what was wrong on each, and
    how many phases there were."""
    problems: list[str] = []
    frames: set[tuple[float, float]] = set()
    pg.keyboard.press(" ")  # paused: each phase stays until Next
    seen = 0
    while pg.locator("#stage").is_visible():
        got = pg.evaluate(TIMER_CHECK)
        seen += 1
        frames.add(tuple(got["figure"]))
        if not got["inside"] or got["covered"]:
            problems.append(f"{got['phase']}: {got['rect']} covered by {got['covered']}")
        pg.click("#btn-next")
    assert seen > 3
    assert len(frames) == 1, f"the picture's box changed size: {frames}"
    return problems, seen


@pytest.mark.parametrize("size", VIEWPORTS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_countdown_is_whole_and_uncovered_on_every_phase(
    browser: Browser, site: str, size: tuple[int, int]
) -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    problems: list[str] = []
    phases = 0
    for routine in ROUTINES:
        pg.goto(f"{site}/play/{routine}?speed=100")
        pg.click("#pain-ok")
        expect(pg.locator("#stage")).to_be_visible()
        if routine == ROUTINES[0]:
            SHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SHOTS / f"player-stage-{width}x{height}.png"))
        found, seen = walk_phases(pg)
        problems += [f"{routine} {p}" for p in found]
        phases += seen
        expect(pg.locator("#pain-ok")).to_have_text("Save")
    print(f"{width}x{height}: {phases} phases checked")
    assert problems == []
    context.close()


@pytest.mark.parametrize("size", [(360, 640), (390, 844), (1280, 800)], ids=str)
def test_no_page_scrolls_sideways(browser: Browser, site: str, size: tuple[int, int]) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    wide = []
    for path in PAGES:
        answer = pg.goto(site + path)
        assert answer is not None and answer.status == 200, path
        pg.wait_for_load_state("networkidle")
        scroll, client = pg.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append(f"{path}: {scroll} > {client}")
    assert wide == []
    context.close()


def test_the_phone_menu_is_one_tab_bar_and_the_rest_is_under_more(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    pg = context.new_page()
    pg.goto(site + "/library")
    tabs = pg.locator("nav[aria-label=Main] > a")
    assert tabs.all_inner_texts() == ["Today", "Library", "Routines", "Plan", "History"]
    boxes = [tabs.nth(i).bounding_box() for i in range(5)]
    assert len({round(b["y"]) for b in boxes if b}) == 1  # one line
    assert all(b and b["y"] + b["height"] <= 640 and b["height"] >= 44 for b in boxes)
    expect(pg.locator("nav a[aria-current=page]")).to_have_text("Library")
    pg.click("summary:has-text('More')")
    for name in ("Profile", "Safety", "Data", "Reminders"):
        expect(pg.locator(f".more a:has-text('{name}')")).to_be_visible()
    context.close()


def test_history_reads_on_a_phone(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    pg = context.new_page()
    # Two short sessions with pain scores, so there is a chart and a list.
    for pain in (5, 3):
        pg.goto(f"{site}/play/verywell-lunge-twist?speed=100&warmup=false")
        pg.check(f"input[name=pain][value='{pain}']")
        pg.click("#pain-ok")
        expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=20_000)
        pg.check(f"input[name=pain][value='{pain - 2}']")
        pg.click("#pain-ok")
        expect(pg.locator("#player")).to_have_attribute("data-summary", "server")
    pg.goto(site + "/history")
    # Each word's font size as drawn: its size in the chart's units, scaled to the screen.
    sizes = pg.evaluate("""[...document.querySelectorAll('svg.chart text')].map((t) => {
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return parseFloat(getComputedStyle(t).fontSize) * scale;
    })""")
    assert sizes and min(sizes) >= 12, sizes
    row = pg.locator("#sessions tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") != "table-row"  # a card
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "history-360.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("size", [(360, 640), (390, 844)], ids=str)
def test_the_ready_screen_opens_at_its_top_on_a_phone(
    browser: Browser, site: str, size: tuple[int, int]
) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    pg.goto(site + "/play/wall-nine")
    expect(pg.locator("#player")).to_have_attribute("data-state", "ready")
    # The routine's name and the pain question are seen first, not scrolled past to Start.
    assert pg.evaluate("scrollY") == 0
    scale = pg.locator("#pain-scale").bounding_box()
    assert scale is not None and scale["y"] < size[1]
    context.close()


def test_the_more_menu_marks_where_you_are_and_closes_as_menus_do(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    pg = context.new_page()
    pg.goto(site + "/progress")
    more = pg.locator("details.more")
    expect(more.locator("summary")).to_have_attribute("aria-current", "page")
    more.locator("summary").click()
    expect(more.get_by_role("link", name="Progress")).to_have_attribute("aria-current", "page")
    pg.keyboard.press("Escape")
    expect(more).not_to_have_attribute("open", "")
    more.locator("summary").click()
    expect(more.get_by_role("link", name="Reminders")).to_be_visible()
    pg.mouse.click(180, 200)  # on the page, outside the menu
    expect(more.get_by_role("link", name="Reminders")).to_be_hidden()
    context.close()
