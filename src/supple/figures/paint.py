"""Painting projected solids: a tapered capsule's outline as an SVG path of fixed shape.

A capsule seen through an orthographic camera is two discs joined by their outer tangents.
Its path always has the same commands (a line, two curves, a line, two curves), so one
pose's path can be animated into another's.
"""

from __future__ import annotations

import math

Pt = tuple[float, float]


def _arc(c: Pt, r: float, a0: float, a1: float) -> list[Pt]:
    """Two cubic Béziers from angle a0 to a1 (radians, counter-clockwise) on a circle."""
    out: list[Pt] = []
    step = (a1 - a0) / 2
    k = 4 / 3 * math.tan(step / 4) * r
    for i in range(2):
        s, e = a0 + i * step, a0 + (i + 1) * step
        p0 = (c[0] + r * math.cos(s), c[1] + r * math.sin(s))
        p3 = (c[0] + r * math.cos(e), c[1] + r * math.sin(e))
        out += [
            (p0[0] - k * math.sin(s), p0[1] + k * math.cos(s)),
            (p3[0] + k * math.sin(e), p3[1] - k * math.cos(e)),
            p3,
        ]
    return out


def capsule(a: Pt, b: Pt, ra: float, rb: float) -> list[Pt]:
    """The outline's points: start, then (line end, 6 curve points) twice; y is up."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    d = math.hypot(dx, dy)
    if d <= abs(ra - rb) + 1e-6:  # seen end on: one disc, the bigger end's
        c, r = (a, ra) if ra >= rb else (b, rb)
        return [(c[0] + r, c[1]), (c[0] + r, c[1]), *_arc(c, r, 0, math.pi)] + [
            (c[0] - r, c[1]),
            *_arc(c, r, math.pi, 2 * math.pi),
        ]
    u = math.atan2(dy, dx)
    phi = math.acos((ra - rb) / d)  # the tangent points' angle either side of a -> b
    start = (a[0] + ra * math.cos(u - phi), a[1] + ra * math.sin(u - phi))
    tb0 = (b[0] + rb * math.cos(u - phi), b[1] + rb * math.sin(u - phi))
    return [
        start,
        tb0,
        *_arc(b, rb, u - phi, u + phi),
        (a[0] + ra * math.cos(u + phi), a[1] + ra * math.sin(u + phi)),
        *_arc(a, ra, u + phi, u - phi + 2 * math.pi),
    ]


def path_d(points: list[Pt], digits: int = 1) -> str:
    """The SVG path data for capsule() points, with y turned down for the screen.

    In whole centimetres (an animation's frames) the path is written relative, point to
    point: the small differences repeat from frame to frame and compress to a fraction.
    They are taken between rounded points, so no rounding adds up along the outline."""
    if digits == 0:
        q = [(round(x), round(-y)) for x, y in points]

        def r(i: int, base: int) -> str:
            return f"{q[i][0] - q[base][0]} {q[i][1] - q[base][1]}"

        return (
            f"M{q[0][0]} {q[0][1]}l{r(1, 0)}c{r(2, 1)} {r(3, 1)} {r(4, 1)}"
            f"c{r(5, 4)} {r(6, 4)} {r(7, 4)}l{r(8, 7)}c{r(9, 8)} {r(10, 8)} {r(11, 8)}"
            f"c{r(12, 11)} {r(13, 11)} {r(14, 11)}z"
        )

    def f(p: Pt) -> str:
        x, y = round(p[0], digits), round(-p[1], digits)
        return f"{x:g} {y:g}"

    p = [f(q) for q in points]
    return (
        f"M{p[0]}L{p[1]}C{p[2]} {p[3]} {p[4]}C{p[5]} {p[6]} {p[7]}"
        f"L{p[8]}C{p[9]} {p[10]} {p[11]}C{p[12]} {p[13]} {p[14]}Z"
    )
