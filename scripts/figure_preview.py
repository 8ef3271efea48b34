"""Render stretch figures side by side and screenshot them in chromium, to look at.

python scripts/figure_preview.py OUT.png [--big] [--ready] [STRETCH_ID ...]   (no ids: all)

--big draws each picture at twice the size, to look at one pose closely.
--ready draws getting into position instead: the left picture, stopped at each key time.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from supple.figures.render import render
from supple.library.catalog import load_library

# The chromium launcher is a test helper: it lives in tests/, not in the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import launch  # noqa: E402

READY_TIMES = [0.0, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0]  # fractions of the animation


def page(ids: list[str], width: int = 240, ready: bool = False) -> str:
    lib = load_library()
    cells = []
    for sid in ids or list(lib.stretches):
        s = lib.stretch(sid)
        if s.figure is None:
            cells.append(f"<div class=c><p>{escape(s.name)}: no figure</p></div>")
            continue
        if ready:
            for t in READY_TIMES:
                cells.append(
                    f"<div class=c data-at={t}>{render(s, 'left', ready=True)}"
                    f"<p>{escape(s.name)} · ready · {t:.0%}</p></div>"
                )
            continue
        poses = [p.name for p in s.figure.poses]
        for name in poses:
            for side in ("left", "right"):
                cells.append(
                    f"<div class=c>{render(s, side, pose=name)}"
                    f"<p>{escape(s.name)} · {escape(name)} · {side}</p></div>"
                )
    return (
        "<style>body{margin:0;display:flex;flex-wrap:wrap;font:12px sans-serif}"
        f".c{{width:{width}px;margin:4px;border:1px solid #ddd}}"
        f".c svg{{width:{width}px;height:{width * 5 // 6}px}}"
        ".c p{margin:2px 4px}</style>" + "".join(cells)
    )


def main() -> None:
    out, ids = sys.argv[1], sys.argv[2:]
    big, ready = "--big" in ids, "--ready" in ids
    ids = [i for i in ids if i not in ("--big", "--ready")]
    with sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1000, "height": 400})
        pg.set_content(page(ids, 480 if big else 240, ready))
        # Stop each picture's animation at its cell's moment (each inline svg has its own clock).
        pg.evaluate(
            """() => document.querySelectorAll('.c[data-at] svg').forEach(svg => {
                const a = svg.querySelector('animate');
                const dur = a ? parseFloat(a.getAttribute('dur')) : 0;
                svg.pauseAnimations();
                svg.setCurrentTime(dur * parseFloat(svg.parentNode.dataset.at));
            })"""
        )
        pg.screenshot(path=out, full_page=True)
        browser.close()
    print(out)


if __name__ == "__main__":
    main()
