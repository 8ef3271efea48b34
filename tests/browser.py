"""Debian's chromium, headless and offline: for the browser tests, benchmarks and previews.

A test helper, not part of the package: benchmarks/ and scripts/ put tests/ on sys.path.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# No background networking, updates or sync: nothing may leave the machine.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(p: Playwright) -> Browser:
    """Playwright driving the system chromium (nothing is downloaded)."""
    return p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)


@pytest.fixture(scope="module", name="browser")
def chromium() -> Iterator[Browser]:
    """The `browser` fixture: one chromium per test module that imports this."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
