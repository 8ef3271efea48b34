"""Figure -> SVG: a simple, friendly figure; far limbs lighter; the target area tinted.

The right side's picture is the left one mirrored. A mobilizer's figure can be animated
between its positions (SMIL), at the pace its timeline uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..library.figure import CHAIR_SEAT, STEP_DEPTH, STEP_HEIGHT, Figure, PropKind
from ..library.schema import Stretch
from ..library.skeleton import HEAD_RADIUS, SEGMENTS, Vec, View, joints, project
from ..library.vocab import Target

NEAR, FAR, SKIN, TINT = "#2f6f62", "#a9c9c1", "#2f6f62", "#e0793a"
PROP, FLOOR = "#b9b2a4", "#8c8577"
WIDTH = {"torso": 15.0, "limb": 8.0}
PAD = 10.0

# Where each target area is, as joints to average (w: the working side).
TARGET_AT: dict[Target, list[list[str]]] = {
    Target.LOWER_BACK: [["pelvis", "mid_back"]],
    Target.UPPER_BACK: [["mid_back", "neck"]],
    Target.SPINE_MOBILITY: [["mid_back"]],
    Target.ABDOMINALS: [["pelvis", "mid_back"]],
    Target.HIP_FLEXORS: [["hip_w", "hip_w", "knee_w"]],
    Target.GLUTES: [["hip_w", "pelvis"]],
    Target.PIRIFORMIS: [["hip_w"]],
    Target.HIP_ROTATORS: [["hip_w"]],
    Target.OUTER_HIP: [["hip_w", "hip_w", "knee_w"]],
    Target.ADDUCTORS: [["hip_w", "knee_w"]],
    Target.HAMSTRINGS: [["hip_w", "knee_w"]],
    Target.QUADRICEPS: [["hip_w", "knee_w"]],
    Target.SIDE_BODY: [["shoulder_w", "hip_w"]],
}


@dataclass
class Frame:
    """One pose projected into the picture: (x, y-up, depth) per joint."""

    points: dict[str, tuple[float, float, float]]


def _frame(fig: Figure, pose_index: int) -> Frame:
    j = joints(fig.poses[pose_index])
    return Frame({k: project(v, fig.view) for k, v in j.items()})


def _mean(frame: Frame, names: list[str]) -> tuple[float, float]:
    xs = [frame.points[n][0] for n in names]
    ys = [frame.points[n][1] for n in names]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _working(fig: Figure) -> str:
    return "r" if fig.working == "right" else "l"


def _tint_spots(fig: Figure, stretch: Stretch, frame: Frame) -> list[tuple[float, float]]:
    # The working side's; a stretch that is the same on both sides is tinted on both.
    sides = ["l", "r"] if fig.working == "none" else [_working(fig)]
    spots = []
    for t in stretch.targets[:2]:  # the two main targets, so the tint stays readable
        for names in TARGET_AT.get(t, []):
            for w in sides:
                spot = _mean(frame, [n.replace("_w", f"_{w}") for n in names])
                if spot not in spots:
                    spots.append(spot)
    return spots


def _bbox(fig: Figure, frames: list[Frame]) -> tuple[float, float, float, float]:
    xs = [p[0] for f in frames for p in f.points.values()]
    ys = [p[1] for f in frames for p in f.points.values()]
    x0, x1 = min(xs) - HEAD_RADIUS, max(xs) + HEAD_RADIUS
    y0, y1 = min(min(ys) - HEAD_RADIUS, 0.0), max(ys) + HEAD_RADIUS
    for pr in fig.props:
        if pr.kind is PropKind.WALL and _edge_on(fig.view, pr.axis) == "vertical":
            x0, x1 = min(x0, pr.at - 4), max(x1, pr.at + 4)
        if pr.kind is PropKind.WALL and _edge_on(fig.view, pr.axis) == "horizontal":
            y0, y1 = min(y0, pr.at - 4), max(y1, pr.at + 4)
        if pr.kind is PropKind.CHAIR and fig.view is View.SIDE:
            x0, x1 = min(x0, pr.at - 45), max(x1, pr.at + 2)
            y1 = max(y1, CHAIR_SEAT + 45)
    return (round(x0 - PAD, 1), round(y0 - PAD, 1), round(x1 + PAD, 1), round(y1 + PAD, 1))


def _edge_on(view: View, axis: str) -> str | None:
    """How a wall shows in a view: as a vertical or horizontal line, or face-on (None)."""
    if view is View.SIDE:
        return "vertical" if axis == "x" else None
    if view is View.FRONT:
        return "vertical" if axis == "z" else None
    return "vertical" if axis == "x" else "horizontal"  # from above, every wall is a line


def _props(fig: Figure, box: tuple[float, float, float, float]) -> list[str]:
    x0, y0, x1, y1 = box
    out = []
    if fig.view is View.ABOVE:
        out.append(
            f'<rect x="{x0}" y="{-y1}" width="{x1 - x0}" height="{y1 - y0}" fill="#f1ede4"/>'
        )
    else:
        out.append(f'<line x1="{x0}" y1="0" x2="{x1}" y2="0" stroke="{FLOOR}" stroke-width="2"/>')
    for pr in fig.props:
        if pr.kind is PropKind.WALL:
            edge = _edge_on(fig.view, pr.axis)
            if edge is None:  # a wall behind (or beside) the figure: a light panel
                out.append(
                    f'<rect x="{x0}" y="{-y1}" width="{x1 - x0}" height="{y1}" '
                    f'fill="#ece7dc" data-part="wall"/>'
                )
            elif edge == "vertical":
                side = 1 if pr.at > (x0 + x1) / 2 else -1
                out.append(
                    f'<rect x="{pr.at if side > 0 else pr.at - 6}" y="{-y1}" width="6" '
                    f'height="{y1 - y0}" fill="{PROP}" data-part="wall"/>'
                )
            else:
                side = 1 if pr.at > (y0 + y1) / 2 else -1
                top = -pr.at - 6 if side > 0 else -pr.at
                out.append(
                    f'<rect x="{x0}" y="{top}" width="{x1 - x0}" height="6" fill="{PROP}" '
                    f'data-part="wall"/>'
                )
        elif pr.kind is PropKind.CHAIR and fig.view is View.SIDE:
            seat = CHAIR_SEAT
            out.append(
                f'<g stroke="{PROP}" stroke-width="4" stroke-linecap="round" fill="none">'
                f'<line x1="{pr.at}" y1="{-seat}" x2="{pr.at - 42}" y2="{-seat}"/>'
                f'<line x1="{pr.at - 2}" y1="{-seat}" x2="{pr.at - 2}" y2="0"/>'
                f'<line x1="{pr.at - 40}" y1="{-seat}" x2="{pr.at - 40}" y2="0"/>'
                f'<line x1="{pr.at - 42}" y1="{-seat}" x2="{pr.at - 46}" y2="{-seat - 42}"/></g>'
            )
        elif pr.kind is PropKind.STEP and fig.view is View.SIDE:
            out.append(
                f'<rect x="{pr.at - STEP_DEPTH / 2}" y="{-STEP_HEIGHT}" width="{STEP_DEPTH}" '
                f'height="{STEP_HEIGHT}" rx="2" fill="{PROP}" data-part="step"/>'
            )
        elif pr.kind is PropKind.TOWEL:
            x = pr.at if fig.view is View.SIDE else 0.0
            out.append(f'<rect x="{x - 11}" y="-4" width="22" height="4" rx="2" fill="#d8c9a8"/>')
    return out


def _animate(attr: str, values: list[str], dur: float) -> str:
    if len(set(values)) == 1:
        return ""
    n = len(values) - 1
    times = ";".join(f"{i / n:.4f}" for i in range(n + 1))
    splines = ";".join(["0.45 0 0.55 1"] * n)
    return (
        f'<animate attributeName="{attr}" values="{";".join(values)}" dur="{dur:g}s" '
        f'keyTimes="{times}" calcMode="spline" keySplines="{splines}" repeatCount="indefinite"/>'
    )


def _num(v: float) -> str:
    return f"{v:.1f}"


def render(
    stretch: Stretch,
    side: str = "left",
    pose: str | None = None,
    animate: bool = False,
) -> str:
    """The stretch's figure as an SVG document (side: left or right)."""
    fig = stretch.figure
    if fig is None:
        raise LookupError(f"{stretch.id!r} has no figure yet")
    if side not in ("left", "right"):
        raise ValueError(f"side must be left or right, not {side!r}")
    # Which poses, in order: a mobilizer moves through its positions and back to the first.
    if animate and stretch.mobilizer and len(fig.poses) > 1:
        order = [p.name for p in stretch.mobilizer.positions]
        order.append(order[0])
        dur = float(stretch.mobilizer.seconds_per_position * len(stretch.mobilizer.positions))
    else:
        order = [pose or fig.poses[0].name]
        dur = 0.0
    index = {p.name: i for i, p in enumerate(fig.poses)}
    frames = [_frame(fig, index[n]) for n in order]
    first = frames[0]
    box = _bbox(fig, frames)
    x0, y0, x1, y1 = box

    def xy(frame: Frame, joint: str) -> tuple[str, str]:
        x, y, _ = frame.points[joint]
        return _num(x), _num(-y)

    body: list[tuple[float, str]] = []  # (depth, svg) drawn far to near
    pelvis_depth = first.points["pelvis"][2]
    for name, a, b, _, group in SEGMENTS:
        depth = (first.points[a][2] + first.points[b][2]) / 2
        if fig.view is View.SIDE:
            # Seen from the side, a limb behind the body is the far one.
            far = group != "torso" and depth < pelvis_depth - 2
        else:
            # From the front or above, depth says little: the right side is drawn lighter,
            # so left and right read at a glance (the left is the working side).
            far = group.endswith("_r")
        colour = FAR if far else NEAR
        width = WIDTH["torso"] if name in ("spine", "upper_spine") else WIDTH["limb"]
        ends = [xy(f, a) + xy(f, b) for f in frames]
        anim = "".join(
            _animate(attr, [e[i] for e in ends], dur)
            for i, attr in enumerate(("x1", "y1", "x2", "y2"))
        )
        x1a, y1a, x2a, y2a = ends[0]
        body.append(
            (
                depth - (100 if far else 0),
                f'<line x1="{x1a}" y1="{y1a}" x2="{x2a}" y2="{y2a}" stroke="{colour}" '
                f'stroke-width="{width}" stroke-linecap="round" data-part="{name}">{anim}</line>',
            )
        )
    heads = [xy(f, "head") for f in frames]
    anim = _animate("cx", [h[0] for h in heads], dur) + _animate("cy", [h[1] for h in heads], dur)
    body.append(
        (
            first.points["head"][2],
            f'<circle cx="{heads[0][0]}" cy="{heads[0][1]}" r="{HEAD_RADIUS}" fill="{SKIN}" '
            f'data-part="head">{anim}</circle>',
        )
    )
    tints = []
    spots_by_frame = [_tint_spots(fig, stretch, f) for f in frames]
    for k in range(len(spots_by_frame[0])):
        xs = [_num(s[k][0]) for s in spots_by_frame]
        ys = [_num(-s[k][1]) for s in spots_by_frame]
        anim = _animate("cx", xs, dur) + _animate("cy", ys, dur)
        tints.append(
            f'<circle cx="{xs[0]}" cy="{ys[0]}" r="11" fill="{TINT}" fill-opacity="0.4" '
            f'data-part="target">{anim}</circle>'
        )
    # Seen from the side, the near limbs are the person's left (+z), and a person whose left
    # side faces the viewer faces the viewer's left: the left side's picture is drawn
    # facing left. Unflipped it would be a mirror image, its "left" leg on the right side.
    # The right side's picture is the left one mirrored. From the front and from above the
    # projection is no mirror, and the left side's picture is drawn as projected.
    flipped = (side == "right") != (fig.view is View.SIDE)
    flip = ' transform="scale(-1 1)"' if flipped else ""
    vb_x = -x1 if flipped else x0
    title = f"{stretch.name}, {side} side" if fig.working != "none" else stretch.name
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_num(vb_x)} {_num(-y1)} '
        f'{_num(x1 - x0)} {_num(y1 - y0)}" role="img" class="figure-svg" '
        f'data-stretch="{stretch.id}" data-side="{side}">',
        f"<title>{escape(title)}</title>",
        f"<g{flip}>",
        *_props(fig, box),
        *tints,
        *(svg for _, svg in sorted(body, key=lambda d: d[0])),
        "</g></svg>",
    ]
    return "".join(parts)


def points(stretch: Stretch, pose: str | None = None) -> dict[str, Vec]:
    """The 3D joints of a stretch's pose (its first, or the one named)."""
    assert stretch.figure is not None
    return joints(stretch.figure.pose(pose))
