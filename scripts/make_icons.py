"""Draw the app's PNG icons from static/icon.svg, once, at development time.

    python scripts/make_icons.py

Uses the system chromium through Playwright (as the browser tests do); the PNGs it writes
are committed, so the app needs nothing of this at run time. Writes icon-192.png,
icon-512.png, maskable-512.png (the figure inside the middle 80%, on a full-bleed
background, as Android crops it) and apple-touch-180.png (square, no transparency).
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "supple" / "web" / "static"
sys.path.insert(0, str(ROOT / "tests"))
from browser import launch  # noqa: E402

BACKGROUND = "#2f6f62"


def page(svg: str, size: int, inset: float, full_bleed: bool) -> str:
    data = base64.b64encode(svg.encode()).decode()
    pad = round(size * inset)
    bg = f"background:{BACKGROUND};" if full_bleed else "background:transparent;"
    return (
        f"<html><body style='margin:0;{bg}width:{size}px;height:{size}px'>"
        f"<img src='data:image/svg+xml;base64,{data}' "
        f"style='display:block;margin:{pad}px;width:{size - 2 * pad}px;height:{size - 2 * pad}px'>"
        "</body></html>"
    )


def main() -> None:
    svg = (STATIC / "icon.svg").read_text()
    # For the maskable and apple icons, the square corners are the background's own colour.
    square = svg.replace('rx="14"', 'rx="0"')
    out = STATIC / "icons"
    out.mkdir(exist_ok=True)
    jobs = [
        ("icon-192.png", svg, 192, 0.0, False),
        ("icon-512.png", svg, 512, 0.0, False),
        ("maskable-512.png", square, 512, 0.1, True),
        ("apple-touch-180.png", square, 180, 0.0, True),
    ]
    with sync_playwright() as p:
        browser = launch(p)
        for name, source, size, inset, full in jobs:
            pg = browser.new_page(viewport={"width": size, "height": size})
            pg.set_content(page(source, size, inset, full))
            pg.screenshot(path=str(out / name), omit_background=not full)
            pg.close()
            print(out / name)
        browser.close()


if __name__ == "__main__":
    main()
