"""In Debian's chromium: reminders while a page is open (a desk break due shows a notice whose
Start plays a desk plan; Postpone puts it off; a daily reminder shows at its time), and a
routine file, YAML, imported on the Routines page."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from supple.library.catalog import default_library
from supple.library.exchange import OwnRoutines
from supple.reminders.schedule import time_text
from supple.services import reminders
from supple.store.db import open_store
from webapp import screened, server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)


def all_day_breaks(home: Path) -> None:
    """Desk breaks every 15 minutes, all day, every day, turned on 20 minutes ago: one is
    due as the page opens (5 minutes ago, not yet let pass)."""
    earlier = datetime.now(UTC) - timedelta(minutes=20)
    with open_store(home) as store:
        store.clock = lambda: earlier
        reminders.set_breaks(
            store, enabled=True, every=15, start="00:00", end="23:59", days="daily"
        )


def outcomes(home: Path) -> list[tuple[str, str]]:
    from supple.store import reminders as kept

    with open_store(home) as store:
        return [(e.kind, e.outcome) for e in kept.events(store)]


@pytest.fixture
def site(home: Path) -> Iterator[str]:
    screened(home)
    with server(home) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 640})
    yield context.new_page()
    context.close()


def test_a_desk_break_due_shows_and_start_plays_a_desk_plan(
    page: Page, site: str, home: Path
) -> None:
    all_day_breaks(home)
    page.goto(site + "/library")
    notice = page.locator("#reminder-notice")
    expect(notice).to_be_visible()
    expect(notice.get_by_role("heading")).to_have_text("Time for a 3-minute desk break")
    box = notice.bounding_box()
    assert box is not None and box["y"] < 640  # seen without scrolling, on a phone
    notice.get_by_role("button", name="Start").click()
    page.wait_for_url("**/play/desk-break")
    expect(page.get_by_role("heading", name=re.compile(r"^Desk break \(\d min\)$"))).to_be_visible()
    assert outcomes(home) == [("break", "started")]
    # The player is not interrupted by notices mid-session.
    expect(page.locator("#reminder-notice")).to_have_count(0)


def test_postpone_puts_the_break_off_and_it_is_not_shown_twice(
    page: Page, site: str, home: Path
) -> None:
    all_day_breaks(home)
    page.goto(site + "/")
    notice = page.locator("#reminder-notice")
    notice.get_by_role("button", name="Postpone 5 min").click()
    expect(notice).to_have_count(0)
    page.wait_for_timeout(300)
    assert outcomes(home) == [("break", "postponed")]
    page.goto(site + "/routines")
    page.wait_for_timeout(1000)
    expect(page.locator("#reminder-notice")).to_have_count(0)  # due again in 5 minutes


def test_a_notice_not_answered_yet_shows_again_on_the_next_page(
    page: Page, site: str, home: Path
) -> None:
    all_day_breaks(home)
    page.goto(site + "/library")
    expect(page.locator("#reminder-notice")).to_be_visible()
    page.goto(site + "/routines")  # left without an answer
    notice = page.locator("#reminder-notice")
    expect(notice).to_be_visible()
    notice.get_by_role("button", name="Skip").click()
    page.wait_for_timeout(300)
    page.goto(site + "/history")
    page.wait_for_timeout(1000)
    expect(page.locator("#reminder-notice")).to_have_count(0)
    assert outcomes(home) == [("break", "skipped")]


def test_a_daily_reminder_shows_at_its_time(page: Page, site: str, home: Path) -> None:
    soon = (datetime.now().astimezone() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    library = default_library()
    with open_store(home) as store:
        reminders.set_timezone(store, "UTC")
        reminders.set_daily(
            store,
            library,
            OwnRoutines(home, library),
            [time_text(soon.astimezone(reminders.schedule_of(store).zone).time())],
            routine="wall-nine",
        )
    page.clock.install()
    page.goto(site + "/")
    expect(page.locator("#reminder-notice")).to_have_count(0)
    page.clock.fast_forward("03:00")
    notice = page.locator("#reminder-notice")
    expect(notice.get_by_role("heading")).to_have_text("Time to stretch")
    expect(notice).to_contain_text("Nine wall stretches for lower back and hips")
    notice.get_by_role("button", name="Not now").click()
    expect(notice).to_have_count(0)
    page.wait_for_timeout(300)
    assert outcomes(home) == [("daily", "skipped")]


def test_the_routines_page_imports_yaml_and_names_what_is_wrong(
    page: Page, site: str, home: Path, tmp_path: Path
) -> None:
    import yaml

    from supple.library.exchange import to_exchange

    mine = {
        **to_exchange(default_library().routines["wall-nine"]),
        "id": "my-evening",
        "title": "My evening",
    }
    good = tmp_path / "my-evening.yaml"
    good.write_text(yaml.safe_dump(mine, sort_keys=False))
    bad = tmp_path / "broken.yaml"
    bad.write_text(yaml.safe_dump({**mine, "id": "broken", "steps": [{"stretch": "nope"}]}))
    page.goto(site + "/routines")
    form = page.locator("#import-form")
    form.locator("input[type=file]").set_input_files(str(bad))
    form.locator("button[type=submit]").click()
    expect(page.locator("#import-result")).to_contain_text("broken.yaml")
    expect(page.locator("#import-result")).to_contain_text("steps")
    assert not (home / "routines" / "broken.json").exists()
    form.locator("input[type=file]").set_input_files(str(good))
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/routines/my-evening")
    expect(page.get_by_role("heading", name="My evening")).to_be_visible()


def test_a_notice_left_unanswered_is_let_pass_when_the_next_one_comes(
    page: Page, site: str, home: Path
) -> None:
    all_day_breaks(home)
    soon = (datetime.now().astimezone() + timedelta(minutes=2)).replace(second=0, microsecond=0)
    library = default_library()
    with open_store(home) as store:
        zone = reminders.schedule_of(store).zone
        reminders.set_daily(
            store, library, OwnRoutines(home, library), [time_text(soon.astimezone(zone).time())]
        )
    page.clock.install()
    page.goto(site + "/plan")
    notice = page.locator("#reminder-notice")
    expect(notice.get_by_role("heading")).to_have_text("Time for a 3-minute desk break")
    # It does not take the focus from what the person was doing.
    assert page.evaluate("document.activeElement === document.body")
    page.clock.fast_forward("03:00")
    expect(notice.get_by_role("heading")).to_have_text("Time to stretch")
    expect(notice).to_have_count(1)
    page.wait_for_timeout(300)
    assert outcomes(home) == [("break", "missed")]
