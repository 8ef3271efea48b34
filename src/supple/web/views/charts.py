"""SVG charts drawn here, so the history page needs nothing from another host."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from ...words import duration

# Drawn at a phone's width (360 units): the words (14 units, app.css) read at 12 px or more
# on a 360 px screen, and the page caps the width on a larger one.
W, H, PAD = 360, 200, 30


def _x(i: int, n: int) -> float:
    return PAD + (W - 2 * PAD) * (i / max(1, n - 1))


def _y(value: float, top: float) -> float:
    return H - PAD - (H - 2 * PAD) * (value / top if top else 0)


def pain_chart(sessions: list[dict[str, Any]]) -> str:
    """Pain before and after each session (0-10), oldest on the left."""
    rated = [
        s for s in reversed(sessions) if s["pain_before"] is not None or s["pain_after"] is not None
    ]
    if not rated:
        return ""
    n = len(rated)
    parts = [
        f'<svg viewBox="0 0 {W} {H}" role="img" class="chart" '
        f'aria-label="Pain before and after each session, 0 to 10">'
    ]
    for level in (0, 5, 10):
        y = _y(level, 10)
        parts.append(f'<line x1="{PAD}" x2="{W - PAD}" y1="{y}" y2="{y}" class="grid"/>')
        parts.append(f'<text x="{PAD - 8}" y="{y + 4}" text-anchor="end">{level}</text>')
    for key, cls in (("pain_before", "before"), ("pain_after", "after")):
        points = [(_x(i, n), _y(s[key], 10)) for i, s in enumerate(rated) if s[key] is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" class="line {cls}"/>')
        for (x, y), s in zip(points, [s for s in rated if s[key] is not None], strict=True):
            label = escape(f"{s['started_at'][:10]}: {key.replace('_', ' ')} {s[key]}")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="dot {cls}">'
                f"<title>{label}</title></circle>"
            )
    parts.append(
        f'<text x="{PAD}" y="{H - 8}" class="legend before">● before</text>'
        f'<text x="{PAD + 80}" y="{H - 8}" class="legend after">● after</text></svg>'
    )
    return "".join(parts)


def minutes_chart(weeks: list[dict[str, Any]]) -> str:
    """Minutes stretched per week, as bars."""
    if not weeks:
        return ""
    top = max(w["minutes"] for w in weeks) or 1.0
    n = len(weeks)
    bar = (W - 2 * PAD) / n
    every = -(-n // 5)  # at most five dates under the bars, so they never overlap
    parts = [f'<svg viewBox="0 0 {W} {H}" role="img" class="chart" aria-label="Minutes per week">']
    for i, w in enumerate(weeks):
        x = PAD + i * bar
        y = _y(w["minutes"], top)
        label = escape(f"week of {w['week_start']}: {duration(w['minutes'] * 60)}")
        parts.append(
            f'<rect x="{x + 4:.1f}" y="{y:.1f}" width="{bar - 8:.1f}" height="{H - PAD - y:.1f}" '
            f'class="bar"><title>{label}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{H - PAD + 18}" text-anchor="middle">'
                f"{escape(w['week_start'][5:])}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


# Progress charts: drawn at a phone's width (360 units), so their words read at about their
# own size on a phone; the page caps their width on a larger screen (.chart.compact).
PW, PH, PL, PR, PT, PB = 360, 200, 30, 80, 14, 30


def _px(i: int, n: int) -> float:
    return PL + (PW - PL - PR) * (i / (n - 1) if n > 1 else 0.5)


def _py(value: float) -> float:
    return PT + (PH - PT - PB) * (1 - value / 10)


def _day(d: date) -> str:
    return f"{d.day} {d:%b}"


def score_chart(
    points: list[tuple[date, float]],
    *,
    label: str,
    threshold: float | None,
    threshold_words: str,
    cls: str,
) -> str:
    """A 0-10 score over time: a line through the points (oldest on the left), a dashed line
    where a meaningful change would be, and the first and last dates along the bottom.

    `label` says the whole chart in words, for a screen reader (role="img").
    """
    if not points:
        return ""
    n = len(points)
    parts = [
        f'<svg viewBox="0 0 {PW} {PH}" role="img" class="chart compact" '
        f'aria-label="{escape(label)}">'
    ]
    for level in (0, 5, 10):
        y = _py(level)
        parts.append(f'<line x1="{PL}" x2="{PW - PR}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{PL - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>')
    if threshold is not None and 0 <= threshold <= 10:
        y = _py(threshold)
        parts.append(
            f'<line x1="{PL}" x2="{PW - PR}" y1="{y:.1f}" y2="{y:.1f}" class="threshold"/>'
            f'<text x="{PW - PR + 6}" y="{y - 2:.1f}">{escape(threshold_words)}</text>'
            f'<text x="{PW - PR + 6}" y="{y + 11:.1f}">change</text>'
        )
    xy = [(_px(i, n), _py(v)) for i, (_, v) in enumerate(points)]
    if n > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f'<polyline points="{path}" class="line {cls}"/>')
    for (x, y), (day, value) in zip(xy, points, strict=True):
        tip = escape(f"{_day(day)}: {value:g}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="dot {cls}">'
            f"<title>{tip}</title></circle>"
        )
    bottom = PH - 8
    first, last = points[0][0], points[-1][0]
    anchor = "middle" if n == 1 else "start"
    parts.append(
        f'<text x="{xy[0][0]:.1f}" y="{bottom}" text-anchor="{anchor}">{_day(first)}</text>'
    )
    if n > 1:
        parts.append(
            f'<text x="{xy[-1][0]:.1f}" y="{bottom}" text-anchor="end">{_day(last)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
