"""The Safety page in chromium, with its script: an emergency yes answers at once, and the
clinician question appears after a see-a-doctor yes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    expect,
)

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from supple.safety import CLINICIAN_CHECKED, clinician_check, outcome, questions
from supple.store.db import open_store
from webapp import server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)


@pytest.fixture
def site(home: Path) -> Iterator[str]:
    with server(home) as base:
        yield base


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def failed(error: Error) -> None:
        errors.append(str(error))

    pg.on("console", console)
    pg.on("pageerror", failed)
    yield pg, errors
    context.close()


def test_an_emergency_yes_answers_at_once(
    page: tuple[Page, list[str]], site: str, home: Path
) -> None:
    pg, errors = page
    pg.goto(site + "/safety")
    expect(pg.locator("#urgent-stop")).to_be_hidden()  # the script sends the form itself
    first, second = questions()[:2]
    no = pg.locator(f"input[name='{first.id}'][value=no]")
    no.check()
    expect(no).to_be_checked()
    pg.check(f"input[name='{second.id}'][value=yes]")  # nothing else answered
    expect(pg.locator("#screen-result")).to_contain_text(outcome("emergency").title)
    expect(pg.locator("#screen-result")).to_contain_text(outcome("emergency").message)
    assert errors == []
    with open_store(home) as store:
        last = store.last_screening()
    assert last is not None and last.result == "emergency"
    assert last.answers == {first.id: False, second.id: True}


def test_the_clinician_question_follows_a_see_a_doctor_yes(
    page: tuple[Page, list[str]], site: str, home: Path
) -> None:
    pg, errors = page
    pg.goto(site + "/safety")
    check = pg.locator("#clinician-check")
    expect(check).to_be_hidden()
    for q in questions():
        pg.check(f"input[name='{q.id}'][value=no]")
    expect(check).to_be_hidden()
    pg.check("input[name='night-rest-pain'][value=yes]")
    expect(check).to_be_visible()
    expect(check).to_contain_text(clinician_check().question)
    pg.click("#screen-check")  # unanswered: the browser asks for it first
    expect(pg.locator("#screen-result")).to_have_count(0)
    pg.check(f"input[name='{CLINICIAN_CHECKED}'][value=yes]")
    pg.click("#screen-check")
    expect(pg.locator("#screen-result")).to_contain_text(outcome("checked").title)
    expect(pg.locator("#screen-result a")).to_have_attribute("href", "/")
    status = pg.request.get(site + "/api/safety/screen").json()["status"]
    assert status["may_start"] is True and status["notes"] == [clinician_check().note]
    # A doctor yes taken back: the clinician question goes, and is not sent.
    pg.goto(site + "/safety")
    expect(pg.locator(".standing-note")).to_have_text(clinician_check().note)
    for q in questions():
        pg.check(f"input[name='{q.id}'][value=no]")
    pg.check("input[name='night-rest-pain'][value=yes]")
    pg.check(f"input[name='{CLINICIAN_CHECKED}'][value=yes]")
    pg.check("input[name='night-rest-pain'][value=no]")
    expect(check).to_be_hidden()
    pg.click("#screen-check")
    expect(pg.locator("#screen-result")).to_contain_text(outcome("clear").title)
    assert errors == []
    with open_store(home) as store:
        last = store.last_screening()
    assert last is not None and CLINICIAN_CHECKED not in last.answers
