"""Offline first, in Debian's chromium: the service worker keeps the app, and a session
played with the network off is saved when it returns; erasing deletes the kept copies; the
app can be installed; the player page stays small.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines, to_exchange
from supple.library.schema import Routine
from webapp import screened, server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)

MENU = ["/", "/library", "/routines", "/plan", "/history", "/profile", "/safety", "/data"]
PLAYER_BUDGET = 150_000  # bytes, as transferred and as decoded


@pytest.fixture
def site(home: Path) -> Iterator[str]:
    screened(home)
    with server(home) as base:
        yield base


def installed(pg: Page, site: str) -> None:
    """Open the app and wait until the service worker has kept everything and took over."""
    pg.goto(site + "/")
    pg.evaluate("navigator.serviceWorker.ready")
    pg.wait_for_function(
        """async () => {
          const kept = await caches.open('supple-personal');
          return !!(await kept.match('/play/atlas-spine-ten'))
            && !!navigator.serviceWorker.controller;
        }""",
        timeout=60_000,
    )


def kept(context: BrowserContext, pg: Page) -> list[str]:
    return pg.evaluate("caches.keys()")


def test_a_session_played_offline_is_saved_when_the_connection_returns(
    browser: Browser, site: str, home: Path
) -> None:
    library = default_library()
    mine = {**to_exchange(library.routines["wall-nine"]), "id": "my-evening", "title": "Evening"}
    OwnRoutines(home, library).save(Routine.model_validate(mine))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    installed(pg, site)
    context.set_offline(True)
    # A routine of the person's own plays offline too.
    pg.goto(site + "/play/my-evening")
    expect(pg.locator("#player")).to_have_attribute("data-state", "ready")
    # Every page the menu reaches opens offline.
    for path in MENU:
        pg.goto(site + path)
        expect(pg.locator("main h1").first).to_be_visible()
        assert "You are offline" not in pg.locator("main h1").first.inner_text(), path
    # A stretch's page opens too; a page that was never kept says so plainly, and so does
    # a form sent with no connection.
    pg.goto(site + "/stretches/cat-cow")
    expect(pg.locator("main h1").first).to_have_text("Cat-cow")
    pg.goto(site + "/stretches/no-such-stretch")
    expect(pg.locator("h1")).to_have_text("You are offline")
    pg.goto(site + "/plan")
    pg.locator("#plan-form button[type=submit]").click()
    expect(pg.locator("h1")).to_have_text("You are offline")
    # The session: started, played and finished with no connection.
    pg.goto(site + "/play/atlas-spine-ten?speed=100")
    expect(pg.locator("#player")).to_have_attribute("data-state", "ready")
    assert pg.evaluate("document.getElementById('ready-figure').naturalWidth") > 0
    pg.check("input[name=pain][value='4']")
    pg.click("#pain-ok")
    expect(pg.locator("#stage")).to_be_visible()
    assert pg.evaluate("document.getElementById('figure').naturalWidth") > 0  # kept too
    expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=30_000)
    pg.check("input[name=pain][value='2']")
    pg.click("#pain-ok")
    expect(pg.locator("#done-title")).to_have_text("Session done")
    expect(pg.locator("#summary")).to_have_text("It will be saved when you are back online.")
    uuid = pg.locator("#player").get_attribute("data-session")
    # The writes wait in IndexedDB: they outlive the page. Closed and opened again offline,
    # then back online, any page sends them.
    pg.goto(site + "/library")
    context.set_offline(False)
    found = None
    for _ in range(100):
        answer = pg.request.get(f"{site}/api/sessions/{uuid}")
        # In the order they were made: the end, then the pain after it (asked at the end).
        if answer.ok and answer.json()["pain_after"] is not None:
            found = answer.json()
            break
        pg.wait_for_timeout(200)
    assert found, "the session was not saved when the connection returned"
    assert found["status"] == "completed"
    assert (found["pain_before"], found["pain_after"], found["whole"]) == (4, 2, True)
    assert found["stretches"] == {"done": 10, "skipped": 0, "stopped": 0}
    context.close()


def test_the_player_saves_its_session_when_back_online_without_leaving(
    browser: Browser, site: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    pg = context.new_page()
    installed(pg, site)
    context.set_offline(True)
    pg.goto(site + "/play/verywell-lunge-twist?speed=100")
    pg.click("#pain-ok")
    expect(pg.locator("#pain-ok")).to_have_text("Save", timeout=30_000)
    pg.click("#pain-ok")
    expect(pg.locator("#done-title")).to_have_text("Session done")
    context.set_offline(False)
    expect(pg.locator("#player")).to_have_attribute("data-summary", "server", timeout=15_000)
    expect(pg.locator("#tally-done")).to_have_text("1")
    expect(pg.locator("#tally-skipped")).to_have_text("0")
    expect(pg.locator("#summary")).to_contain_text("Finished the whole routine.")
    context.close()


def test_erasing_deletes_the_kept_pages_and_waiting_sessions(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    pg = context.new_page()
    installed(pg, site)
    assert "supple-personal" in kept(context, pg)
    # A page kept from before (a stand-in), and a session still waiting to be sent.
    pg.evaluate(
        """async () => {
          const c = await caches.open('supple-personal');
          await c.put('/kept-before', new Response('a page about this person'));
        }"""
    )
    pg.goto(site + "/data")
    pg.evaluate(
        """async () => {
          const { enqueue } = await import('/static/js/outbox.js');
          await enqueue('POST', '/api/sessions', { routine_id: 'wall-nine' }, 'waiting');
          localStorage.setItem('supple-notice:answered:break:2026-11-30T09:45:00+00:00', '1');
        }"""
    )
    pg.fill("#erase-word", "erase")
    pg.click("#erase")
    expect(pg.locator("#erase-status")).to_contain_text("rase")
    personal = pg.evaluate(
        """async () => {
          const c = await caches.open('supple-personal');
          return (await c.keys()).map((r) => new URL(r.url).pathname);
        }"""
    )
    # Kept again after erasing, if at all, only as the pages are now.
    assert "/kept-before" not in personal
    waiting = pg.evaluate(
        """() => new Promise((ok) => {
          const open = indexedDB.open('supple-outbox', 1);
          open.onsuccess = () => {
            const t = open.result.transaction('writes', 'readonly').objectStore('writes').count();
            t.onsuccess = () => ok(t.result);
          };
        })"""
    )
    assert waiting == 0
    # Which reminders were answered in this browser goes too.
    assert pg.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('supple-'))") == []
    context.close()


def test_the_app_can_be_installed(browser: Browser, site: str) -> None:
    context = browser.new_context()
    pg = context.new_page()
    installed(pg, site)
    manifest = pg.request.get(site + "/manifest.webmanifest").json()
    icons = {(i["sizes"], i["purpose"]): i["src"] for i in manifest["icons"]}
    for key in (("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")):
        answer = pg.request.get(site + icons[key])
        assert answer.ok and answer.headers["content-type"] == "image/png"
        assert answer.body()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pg.request.get(site + "/static/icons/apple-touch-180.png").ok
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    # Chromium's own verdict: no reason the app could not be installed.
    cdp = context.new_cdp_session(pg)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is an incognito profile: that one reason is the test's own.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    context.close()


def test_the_player_page_is_under_150_kb(browser: Browser, site: str) -> None:
    # Nothing from a cache: every byte the page needs comes over the wire.
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    pg = context.new_page()
    loaded: list[tuple[str, int, int]] = []

    def done(request: object) -> None:
        res = request.response()  # type: ignore[attr-defined]
        if res is None:
            return
        sizes = request.sizes()  # type: ignore[attr-defined]
        loaded.append((request.url, sizes["responseBodySize"], len(res.body())))  # type: ignore[attr-defined]

    pg.on("requestfinished", done)
    pg.goto(site + "/play/atlas-spine-ten")
    expect(pg.locator("#player")).to_have_attribute("data-state", "ready")
    pg.wait_for_load_state("networkidle")
    transferred = sum(t for _, t, _ in loaded)
    decoded = sum(d for _, _, d in loaded)
    print(f"player page: {transferred} bytes transferred, {decoded} decoded, {len(loaded)} files")
    for url, t, d in sorted(loaded, key=lambda x: -x[2]):
        print(f"  {d:>7} {t:>7} {url}")
    assert transferred < PLAYER_BUDGET and decoded < PLAYER_BUDGET
    context.close()
