"""Figure -> SVG: a mannequin modelled in 3D, projected by the figure's camera, painted
far to near with an outline, a soft shadow on the floor, in three flat tones.

The left side's picture is the true view from the camera (the person's left where a
viewer would see it); the right side's picture is that one mirrored. Every picture has
the same frame and scale (see scene.py). A mobilizer's figure can be animated between its
positions (SMIL), at the pace its timeline uses; the get-ready picture of a floor, wall or
chair stretch plays getting into position once and holds the start pose (approach.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..library.figure import Figure, PropKind
from ..library.schema import Stretch
from ..library.skeleton import Camera, Pose, Vec, joints, project
from ..library.vocab import Target
from . import approach
from .body import Part, parts
from .paint import Pt, capsule, path_d
from .scene import (
    FLOOR,
    FLOOR_AT,
    FRAME_H,
    FRAME_W,
    MARGIN,
    MAT,
    PROP,
    PROP_EDGE,
    TOWEL,
    VIEWBOX,
    WALL,
    box_faces,
    boxes,
    wall_quad,
)

STRONG, BODY, LIGHT, OUTLINE, TINT = "#2f6f62", "#8fbcb0", "#cfe3dd", "#1f3d36", "#e0793a"
# Kept for callers that name the tones of old: the working limb, and the other side's.
NEAR, FAR = STRONG, LIGHT
PAUSE = 0.4  # seconds standing still before getting into position

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
class Shot:
    """One pose through the camera: the solids and the joints, in picture centimetres
    (x right, y up, depth towards the viewer), before the frame's shift."""

    joints: dict[str, tuple[float, float, float]]
    solids: list[tuple[Part, tuple[float, float, float], tuple[float, float, float]]]


def _shot(fig: Figure, pose: Pose) -> Shot:
    cam = fig.eye()
    j = joints(pose)
    return Shot(
        {k: project(v, cam) for k, v in j.items()},
        [(p, project(p.a, cam), project(p.b, cam)) for p in parts(j)],
    )


def _working(fig: Figure) -> list[str]:
    return {"left": ["l"], "right": ["r"]}.get(fig.working, ["l", "r"])


def _tone(fig: Figure, stretch: Stretch, part: Part) -> str:
    if part.group in ("torso", "head"):
        return BODY
    side = part.group[-1]
    if fig.working == "none":
        return BODY
    if side not in _working(fig):
        return LIGHT
    arm_works = Target.SIDE_BODY in stretch.targets[:2]
    return STRONG if part.group.startswith("leg") or arm_works else BODY


def _tint_spots(fig: Figure, stretch: Stretch, shot: Shot) -> list[tuple[float, float]]:
    # Each spot once, by the joints it sits between (not where it lands, which may differ
    # from frame to frame), so every frame of an animation has the same spots.
    spots: dict[tuple[str, ...], tuple[float, float]] = {}
    for t in stretch.targets[:2]:  # the two main targets, so the tint stays readable
        for names in TARGET_AT.get(t, []):
            for w in _working(fig):
                key = tuple(sorted(n.replace("_w", f"_{w}") for n in names))
                ps = [shot.joints[n] for n in key]
                spots[key] = (sum(p[0] for p in ps) / len(ps), sum(p[1] for p in ps) / len(ps))
    return list(spots.values())


def _footprint(poses: list[Pose]) -> list[Vec]:
    """The body's joints dropped to the floor, over every pose the frame is set by."""
    return [(x, 0.0, z) for p in poses for x, _, z in joints(p).values()]


def _mat_extent(poses: list[Pose]) -> tuple[float, float, float, float]:
    foot = _footprint(poses)
    return (
        min(p[0] for p in foot) - 25,
        max(p[0] for p in foot) + 25,
        min(p[2] for p in foot) - 25,
        max(p[2] for p in foot) + 25,
    )


def _offset(fig: Figure, shots: list[Shot], poses: list[Pose]) -> tuple[float, float]:
    """How far to shift the picture so it sits in the frame: centred across, and the floor
    under the body on the floor line (or, looking down from high, centred in the frame)."""
    cam = fig.eye()
    xs: list[float] = []
    ys: list[float] = []
    for s in shots:
        for _, a, b in s.solids:
            xs += [a[0], b[0]]
            ys += [a[1], b[1]]
    dx = -(min(xs) + max(xs)) / 2
    if cam.elevation >= 60:
        return dx, -(min(ys) + max(ys)) / 2 + (FLOOR_AT - FRAME_H / 2)
    foot = [project(p, cam) for p in _footprint(poses)]
    mid = (min(p[1] for p in foot) + max(p[1] for p in foot)) / 2
    dy = -mid
    low = min(ys) - 10 + dy  # the lowest body point, with some room
    if cam.elevation >= 8:  # the mat's near edge too
        x0, x1, z0, z1 = _mat_extent(poses)
        mat = [(x, 0.0, z) for x in (x0, x1) for z in (z0, z1)]
        low = min(low, min(project(p, cam)[1] for p in mat) + dy)
    floor_room = FRAME_H - FLOOR_AT - MARGIN
    if low < -floor_room:
        dy += -floor_room - low
    return dx, dy


def _num(v: float) -> str:
    v = round(v, 1)
    return f"{v:g}" if v != 0 else "0"


def _poly(pts: list[Pt]) -> str:
    return " ".join(f"{_num(x)},{_num(-y)}" for x, y in pts)


@dataclass
class Clock:
    """When an animation's frames fall: its length, the key times and easing of each step,
    and whether it loops (a mobilizer) or plays once and holds (getting into position)."""

    dur: float
    times: list[float]
    splines: list[str]
    once: bool = False


def _loop(n: int, dur: float) -> Clock:
    """n frames evenly spaced, each step eased in and out."""
    return Clock(dur, [i / max(n - 1, 1) for i in range(n)], ["0.45 0 0.55 1"] * (n - 1))


def _animate(attr: str, values: list[str], clock: Clock | None) -> str:
    if clock is None or len(set(values)) == 1:
        return ""
    times = ";".join(f"{t:.4g}" for t in clock.times)
    end = 'fill="freeze"' if clock.once else 'repeatCount="indefinite"'
    return (
        f'<animate attributeName="{attr}" values="{";".join(values)}" dur="{clock.dur:g}s" '
        f'keyTimes="{times}" calcMode="spline" keySplines="{";".join(clock.splines)}" {end}/>'
    )


def _room(fig: Figure, shift: tuple[float, float], poses: list[Pose]) -> list[str]:
    """Floor (a line, or a mat seen from above), walls and props, behind the body."""
    cam = fig.eye()
    dx, dy = shift

    def at(p: Vec) -> Pt:
        x, y, _ = project(p, cam)
        return (x + dx, y + dy)

    out: list[str] = []
    x0, x1, z0, z1 = _mat_extent(poses)
    if cam.elevation < 8:
        fy = _num(-dy)
        out.append(
            f'<line x1="{_num(-FRAME_W / 2)}" y1="{fy}" x2="{_num(FRAME_W / 2)}" y2="{fy}" '
            f'stroke="{FLOOR}" stroke-width="1.5" data-part="floor"/>'
        )
    else:  # an exercise mat on the floor shows the floor's plane
        mat = [at((x0, 0, z0)), at((x1, 0, z0)), at((x1, 0, z1)), at((x0, 0, z1))]
        out.append(f'<polygon points="{_poly(mat)}" fill="{MAT}" data-part="floor"/>')
    for pr in fig.props:
        if pr.kind is not PropKind.WALL:
            continue
        lo, hi = (z0 - 30, z1 + 30) if pr.axis == "x" else (x0 - 30, x1 + 30)
        q = wall_quad(pr.axis, pr.at, lo, hi)
        normal = (1.0, 0.0, 0.0) if pr.axis == "x" else (0.0, 0.0, 1.0)
        if abs(project(normal, cam)[2]) > 0.95:  # face on: a plain panel behind
            out.append(
                f'<rect x="{_num(-FRAME_W / 2)}" y="{_num(-FLOOR_AT)}" width="{_num(FRAME_W)}" '
                f'height="{_num(FLOOR_AT - dy)}" fill="{WALL}" data-part="wall"/>'
            )
        else:
            out.append(
                f'<polygon points="{_poly([at(p) for p in q])}" fill="{WALL}" '
                f'stroke="{PROP_EDGE}" stroke-width="1.5" data-part="wall"/>'
            )
    faces: list[tuple[float, str]] = []
    for kind, box in boxes(fig):
        colour = TOWEL if kind == "towel" else PROP
        for face in box_faces(box, cam):
            depth = sum(project(p, cam)[2] for p in face) / 4
            faces.append(
                (
                    depth,
                    f'<polygon points="{_poly([at(p) for p in face])}" fill="{colour}" '
                    f'stroke="{PROP_EDGE}" stroke-width="1" stroke-linejoin="round" '
                    f'data-part="{kind}"/>',
                )
            )
    out += [svg for _, svg in sorted(faces, key=lambda f: f[0])]
    return out


def _shadow(fig: Figure, poses: list[Pose], shift: tuple[float, float]) -> str:
    cam = fig.eye()
    foot = [project(p, cam) for p in _footprint(poses)]
    xs = [p[0] + shift[0] for p in foot]
    ys = [p[1] + shift[1] for p in foot]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    rx, ry = (max(xs) - min(xs)) / 2 + 8, max((max(ys) - min(ys)) / 2, 2.0) + 3
    return (
        f'<ellipse cx="{_num(cx)}" cy="{_num(-cy)}" rx="{_num(rx)}" ry="{_num(ry)}" '
        f'fill="#000" fill-opacity="{0.12 if cam.elevation < 8 else 0.06}" data-part="shadow"/>'
    )


def _order(stretch: Stretch, pose: str | None, animate: bool) -> tuple[list[str], float]:
    fig = stretch.figure
    assert fig is not None
    if animate and stretch.mobilizer and len(fig.poses) > 1:
        order = [p.name for p in stretch.mobilizer.positions]
        order.append(order[0])
        return order, float(
            stretch.mobilizer.seconds_per_position * len(stretch.mobilizer.positions)
        )
    return [pose or fig.poses[0].name], 0.0


@dataclass
class Take:
    """What one picture draws: its frames, the poses that set the frame, its clock."""

    fig: Figure
    frames: list[Pose]
    base: list[Pose]
    clock: Clock | None
    shots: list[Shot]
    shift: tuple[float, float]


def _prepare(stretch: Stretch, pose: str | None, animate: bool, ready: bool = False) -> Take:
    fig = stretch.figure
    if fig is None:
        raise LookupError(f"{stretch.id!r} has no figure yet")
    order, dur = _order(stretch, pose, animate)
    known = {p.name for p in fig.poses}
    if any(n not in known for n in order):
        raise LookupError(f"{stretch.id!r} has no pose {order!r}")
    base = [fig.pose(n) for n in dict.fromkeys(order)]
    # Getting into position ends where the picture it leads into begins, in the same frame.
    frames, clock = [fig.pose(n) for n in order], _loop(len(order), dur) if dur else None
    if ready:
        frames, marks = approach.frames(stretch, order[0])
        clock = _ready_clock(marks)
    base_shots = [_shot(fig, p) for p in base]
    shots = [_shot(fig, p) for p in frames]
    return Take(fig, frames, base, clock, shots, _offset(fig, base_shots, base))


def _ready_clock(marks: list[int]) -> Clock:
    """A moment standing still, then about a second for each key pose, all inside a 5 s
    lead-in, then holding the start pose; each move eases in at its start and out at its end."""
    steps = len(marks) - 1
    move = min(1.1, 3.6 / max(steps, 1))
    dur = PAUSE + move * steps
    times, splines = [0.0, PAUSE / dur], ["0 0 1 1"]
    for k in range(steps):
        n = marks[k + 1] - marks[k]
        for i in range(1, n + 1):
            times.append((PAUSE + move * (k + i / n)) / dur)
            splines.append(f"{'0.42 0' if i == 1 else '0 0'} {'0.58 1' if i == n else '1 1'}")
    times[-1] = 1.0
    return Clock(round(dur, 2), times, splines, once=True)


def screen(stretch: Stretch, side: str = "left", pose: str | None = None) -> dict[str, Pt]:
    """Where each joint lands in the picture (viewBox units, y down), mirror included."""
    return frames_on_screen(stretch, side, pose)[0]


def frames_on_screen(
    stretch: Stretch, side: str = "left", pose: str | None = None, ready: bool = False
) -> list[dict[str, Pt]]:
    """Where each joint lands in every frame of the picture (viewBox units, y down)."""
    ready = ready and approach.has_approach(stretch)
    lead = ready and pose is None and approach.leads_into_moves(stretch)
    take = _prepare(stretch, pose, lead, ready)
    dx, dy = take.shift
    sign = -1.0 if side == "right" else 1.0
    return [
        {k: (sign * (x + dx), -(y + dy)) for k, (x, y, _) in shot.joints.items()}
        for shot in take.shots
    ]


def render(
    stretch: Stretch,
    side: str = "left",
    pose: str | None = None,
    animate: bool = False,
    ready: bool = False,
) -> str:
    """The stretch's figure as an SVG document (side: left or right).

    ready: getting into position, played once, ending on the start pose and holding it
    (the picture the get-ready phase shows); a stretch with no approach draws as usual."""
    if side not in ("left", "right"):
        raise ValueError(f"side must be left or right, not {side!r}")
    ready = ready and approach.has_approach(stretch)
    # Getting into a mobilizer's position leads into its moving picture, so takes its frame.
    lead = pose is None and approach.leads_into_moves(stretch)
    take = _prepare(stretch, pose, lead if ready else animate, ready)
    fig, shots, clock = take.fig, take.shots, take.clock
    dx, dy = take.shift
    # The still shape is the one the animation holds on: the first frame of a loop, the last
    # of getting into position (so a viewer without animation sees the stretch itself).
    still = shots[-1] if ready else shots[0]
    digits = 1 if len(shots) == 1 else 0  # an animation's frames in whole centimetres

    def moved(p: tuple[float, float, float]) -> Pt:
        return (p[0] + dx, p[1] + dy)

    body: list[tuple[float, str]] = []
    for k, (part, a, b) in enumerate(still.solids):
        ds = [
            path_d(capsule(moved(s.solids[k][1]), moved(s.solids[k][2]), part.ra, part.rb), digits)
            for s in shots
        ]
        anim = _animate("d", [ds[0], *ds] if ready else ds, clock)
        depth = (a[2] + b[2]) / 2
        if part.name == "nose":
            depth += 0.1  # in front of the head when they tie
        body.append(
            (
                depth,
                f'<path d="{ds[-1] if ready else ds[0]}" fill="{_tone(fig, stretch, part)}" '
                f'data-part="{part.name}"' + (f">{anim}</path>" if anim else "/>"),
            )
        )
    tints = []
    spots = [_tint_spots(fig, stretch, s) for s in shots]
    for k in range(len(spots[0])):
        xs = [_num(s[k][0] + dx) for s in spots]
        ys = [_num(-(s[k][1] + dy)) for s in spots]
        if ready:
            xs, ys = [xs[0], *xs], [ys[0], *ys]
        anim = _animate("cx", xs, clock) + _animate("cy", ys, clock)
        if ready:  # where to feel it shows once in position, not on the way there
            anim += _animate("fill-opacity", ["0"] * (len(xs) - 1) + ["0.55"], clock)
        cx, cy = (xs[-1], ys[-1]) if ready else (xs[0], ys[0])
        tints.append(
            f'<circle cx="{cx}" cy="{cy}" r="8" fill="{TINT}" fill-opacity="0.55" '
            f'data-part="target">{anim}</circle>'
        )
    flip = ' transform="scale(-1 1)"' if side == "right" else ""
    title = f"{stretch.name}, {side} side" if fig.working != "none" else stretch.name
    if ready:
        title = f"Getting into position: {title}"
    cam: Camera = fig.eye()
    parts_svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" role="img" '
        f'class="figure-svg" data-stretch="{stretch.id}" data-side="{side}" '
        f'data-camera="{cam.azimuth:g} {cam.elevation:g}"'
        + (' data-phase="ready">' if ready else ">"),
        f"<title>{escape(title)}</title>",
        f"<g{flip}>",
        *_room(fig, take.shift, take.base),
        _shadow(fig, take.base, take.shift),
        f'<g stroke="{OUTLINE}" stroke-width="1.3" stroke-linejoin="round">',
        *(svg for _, svg in sorted(body, key=lambda d: d[0])),
        "</g>",
        *tints,
        "</g></svg>",
    ]
    return "".join(parts_svg)


def points(stretch: Stretch, pose: str | None = None) -> dict[str, Vec]:
    """The 3D joints of a stretch's pose (its first, or the one named)."""
    assert stretch.figure is not None
    return joints(stretch.figure.pose(pose))
