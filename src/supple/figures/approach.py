"""Getting into position: the poses from standing (or sitting on a chair) to a stretch's start.

A figure may list its own `approach:` poses; most derive theirs from a few shared in-between
poses chosen by the stretch's position (standing -> kneeling -> hands and knees, or
standing -> crouching -> sitting, which a lying stretch then lies back from; side-on to the
wall when the legs then go up it, as a person swings them up). Between two
key poses the body moves in pose space (each segment turns on the shortest arc), so every
frame keeps the skeleton's proportions; a frame that would dip into the floor or a wall is
lifted or moved clear of it.
"""

from __future__ import annotations

import math

from ..library.figure import Figure, PropKind
from ..library.schema import Stretch
from ..library.skeleton import HEAD_RADIUS, Dir, Pose, Vec, joints, unit
from ..library.vocab import FLOOR_POSITIONS, Equipment, Kind, Position

CLEAR = 6.0  # how far a joint of an in-between frame keeps from a wall, cm
SIDE_ON_WITHIN = 40.0  # a wall this close in front of the hips is for legs up it, cm
MAX_TURN = 70.0  # degrees any segment turns between two drawn frames (at most 3 steps)

_ARMS_DOWN: tuple[tuple[Dir, Dir], tuple[Dir, Dir]] = (
    ((95, -84), (90, -88)),
    ((-95, -84), (-90, -88)),
)

STANDING = Pose(
    name="Standing",
    pelvis=(0, 95.5, 0),
    spine=(0, 90),
    arm_l=_ARMS_DOWN[0],
    arm_r=_ARMS_DOWN[1],
    leg_l=((90, -88), (90, -88), (0, 0)),
    leg_r=((-90, -88), (-90, -88), (0, 0)),
)
# Knees bent deep, hips low behind the heels, arms forward for balance: on the way to sitting.
CROUCHING = Pose(
    name="Crouching",
    pelvis=(-30, 42, 0),
    spine=(0, 55),
    neck=(0, 25),
    arm_l=((10, -35), (0, -15)),
    arm_r=((-10, -35), (0, -15)),
    leg_l=((3, 9), (180, -72), (0, 0)),
    leg_r=((-3, 9), (180, -72), (0, 0)),
)
# Sitting on the floor, knees up and feet flat, leaning back on the hands.
SITTING = Pose(
    name="Sitting",
    pelvis=(0, 11, 0),
    spine=(180, 66),
    neck=(0, 75),
    arm_l=((162, -68), (162, -70)),
    arm_r=((-162, -68), (-162, -70)),
    leg_l=((6, 49), (6, -60), (0, -10)),
    leg_r=((-6, 49), (-6, -60), (0, -10)),
)
KNEELING = Pose(
    name="Kneeling up",
    pelvis=(0, 49, 0),
    spine=(0, 90),
    arm_l=_ARMS_DOWN[0],
    arm_r=_ARMS_DOWN[1],
    leg_l=((0, -90), (180, 2), (180, -12)),
    leg_r=((0, -90), (180, 2), (180, -12)),
)
ALL_FOURS = Pose(
    name="Hands and knees",
    pelvis=(0, 49, 0),
    spine=(0, 12),
    neck=(0, -5),
    arm_l=((0, -90), (0, -90)),
    arm_r=((0, -90), (0, -90)),
    leg_l=((0, -90), (180, 2), (180, -12)),
    leg_r=((0, -90), (180, 2), (180, -12)),
)
ON_CHAIR = Pose(
    name="Sitting tall",
    pelvis=(0, 54, 0),
    spine=(0, 90),
    arm_l=((-3, -70), (-15, -40)),
    arm_r=((3, -70), (15, -40)),
    leg_l=((0, -5), (0, -90), (0, 0)),
    leg_r=((0, -5), (0, -90), (0, 0)),
)

# The shared way into each position; the stretch's start pose follows the last of them.
BY_POSITION: dict[Position, list[Pose]] = {
    Position.KNEELING: [STANDING, KNEELING],
    Position.ALL_FOURS: [STANDING, KNEELING, ALL_FOURS],
    Position.LYING_FRONT: [STANDING, KNEELING, ALL_FOURS],
    Position.SEATED: [STANDING, CROUCHING, SITTING],
    Position.LYING_BACK: [STANDING, CROUCHING, SITTING],
    Position.SIDE_LYING: [STANDING, CROUCHING, SITTING],
    Position.SEATED_CHAIR: [ON_CHAIR],
    Position.STANDING: [STANDING],
}


def has_approach(stretch: Stretch) -> bool:
    """Whether the get-ready phase shows getting into position: floor, wall and chair stretches."""
    fig = stretch.figure
    if fig is None:
        return False
    if fig.approach:
        return True
    first = stretch.positions[0]
    return (
        first in FLOOR_POSITIONS
        or first is Position.SEATED_CHAIR
        or Equipment.WALL in stretch.equipment
    )


def leads_into_moves(stretch: Stretch) -> bool:
    """Whether the picture after getting ready moves (a mobilizer) rather than stays still."""
    return stretch.kind is Kind.MOBILIZER and stretch.mobilizer is not None


def start_pose(stretch: Stretch) -> str:
    """The pose the stretch starts in: a mobilizer's first position, else the first pose."""
    assert stretch.figure is not None
    if leads_into_moves(stretch):
        assert stretch.mobilizer is not None
        return stretch.mobilizer.positions[0].name
    return stretch.figure.poses[0].name


def key_poses(stretch: Stretch, pose: str | None = None) -> list[Pose]:
    """The key poses of getting into position, ending on the start pose (or the one named)."""
    fig = stretch.figure
    if fig is None:
        raise LookupError(f"{stretch.id!r} has no figure yet")
    end = fig.pose(pose or start_pose(stretch))
    if not has_approach(stretch):
        return [end]
    if fig.approach:
        return [*fig.approach, end]
    chain = BY_POSITION[stretch.positions[0]]
    turn = _side_on(fig, end)
    if turn:  # legs up a wall: sit side-on to it, then swing the legs up while lying back
        chain = [_turned(p, turn) for p in chain]
    # The last in-between pose sits where the start pose's pelvis is; the rest keep their
    # place relative to it (the feet stay put from standing to crouching).
    dx = end.pelvis[0] - chain[-1].pelvis[0]
    dz = end.pelvis[2] - chain[-1].pelvis[2]
    placed = [_moved(p, dx, dz) for p in chain]
    return [*_clear_of_walls(fig, placed, end), end]


def frames(stretch: Stretch, pose: str | None = None) -> tuple[list[Pose], list[int]]:
    """Every drawn frame of getting into position, and where each key pose falls in them."""
    keys = key_poses(stretch, pose)
    fig = stretch.figure
    assert fig is not None
    out, marks = [keys[0]], [0]
    for a, b in zip(keys, keys[1:], strict=False):
        n = min(3, max(1, math.ceil(_turn(a, b) / MAX_TURN)))
        out += [_settled(fig, a, b, blend(a, b, k / n), k / n) for k in range(1, n)]
        out.append(b)
        marks.append(len(out) - 1)
    return out, marks


def _moved(p: Pose, dx: float, dz: float) -> Pose:
    x, y, z = p.pelvis
    return p.model_copy(update={"pelvis": (x + dx, y, z + dz)})


def _walls(fig: Figure, end: Pose) -> list[tuple[str, float, float]]:
    """Each wall as (axis, where, which way the room is from it)."""
    out: list[tuple[str, float, float]] = []
    for w in fig.props:
        if w.kind is PropKind.WALL:
            at = end.pelvis[0 if w.axis == "x" else 2]
            out.append((w.axis, w.at, 1.0 if at > w.at else -1.0))
    return out


def _clear_of_walls(fig: Figure, poses: list[Pose], end: Pose) -> list[Pose]:
    """Move the in-between poses, all together, away from any wall they would pass through;
    the last step then slides the body up to the wall, as a person shuffles closer."""
    for axis, at, room in _walls(fig, end):
        k = 0 if axis == "x" else 2
        worst = min((v[k] - at) * room for p in poses for v in joints(p).values())
        if worst < CLEAR:
            d = (CLEAR - worst) * room
            poses = [_moved(p, d if k == 0 else 0.0, d if k == 2 else 0.0) for p in poses]
    return poses


def _side_on(fig: Figure, end: Pose) -> float:
    """How far to turn the way in for legs that go up a wall close to the hips (sitting
    facing the wall there would put the feet through it): 90 degrees, the near hip to it."""
    if not any(j.startswith(("knee", "ankle")) for j in end.wall):
        return 0.0
    for axis, at, room in _walls(fig, end):
        if axis == "x" and abs(at - end.pelvis[0]) < SIDE_ON_WITHIN:
            # the wall ahead: face -z, so the left hip is next to it; behind: face +z
            return -90.0 if room < 0 else 90.0
    return 0.0


def _dirs(p: Pose) -> dict[str, Dir]:
    upper = p.upper_spine or p.spine
    out: dict[str, Dir] = {
        "spine": p.spine,
        "upper_spine": upper,
        "neck": p.neck or upper,
        "hips": p.hips,
        "shoulders": p.shoulders or p.hips,
    }
    for name in ("arm_l", "arm_r", "leg_l", "leg_r"):
        for i, d in enumerate(getattr(p, name)):
            out[f"{name}.{i}"] = d
    return out


def _angle(u: Vec, v: Vec) -> float:
    dot = sum(a * b for a, b in zip(u, v, strict=True))
    return math.degrees(math.acos(max(-1.0, min(1.0, dot))))


def _turn(a: Pose, b: Pose) -> float:
    """The largest turn any segment makes from a to b, in degrees."""
    da, db = _dirs(a), _dirs(b)
    return max(_angle(unit(da[k]), unit(db[k])) for k in da)


def _slerp(a: Dir, b: Dir, t: float) -> Dir:
    u, v = unit(a), unit(b)
    om = math.radians(_angle(u, v))
    if om < 1e-6:
        return a
    if om > math.pi - 1e-3:  # opposite: no shortest arc, so turn by way of straight up
        up: Dir = (0.0, 90.0) if abs(u[1]) < 0.9 else (a[0] + 90.0, 0.0)
        return _slerp(a, up, 2 * t) if t < 0.5 else _slerp(up, b, 2 * t - 1)
    s0, s1 = math.sin((1 - t) * om) / math.sin(om), math.sin(t * om) / math.sin(om)
    return _dir_of((s0 * u[0] + s1 * v[0], s0 * u[1] + s1 * v[1], s0 * u[2] + s1 * v[2]))


def _dir_of(v: Vec) -> Dir:
    n = math.sqrt(sum(c * c for c in v)) or 1.0
    x, y, z = (c / n for c in v)
    el = math.degrees(math.asin(max(-1.0, min(1.0, y))))
    az = math.degrees(math.atan2(z, x)) if abs(y) < 0.99999 else 0.0
    return (round(az, 3), round(el, 3))


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction t of the way from a to b: pelvis on a line, segments on arcs."""
    da, db = _dirs(a), _dirs(b)
    d = {k: _slerp(da[k], db[k], t) for k in da}
    pelvis = tuple(p + (q - p) * t for p, q in zip(a.pelvis, b.pelvis, strict=True))
    return _posed(f"to {b.name}"[:60], pelvis, d)  # type: ignore[arg-type]


def _turned(p: Pose, by: float) -> Pose:
    """The pose turned about the vertical by `by` degrees (towards the person's left)."""
    d = {k: (((az + by + 180.0) % 360.0) - 180.0, el) for k, (az, el) in _dirs(p).items()}
    return _posed(p.name, p.pelvis, d)


def _posed(name: str, pelvis: tuple[float, float, float], d: dict[str, Dir]) -> Pose:
    def limb(name: str, n: int) -> tuple[Dir, ...]:
        return tuple(d[f"{name}.{i}"] for i in range(n))

    return Pose(
        name=name,
        pelvis=pelvis,
        spine=d["spine"],
        upper_spine=d["upper_spine"],
        neck=d["neck"],
        hips=d["hips"],
        shoulders=d["shoulders"],
        arm_l=limb("arm_l", 2),
        arm_r=limb("arm_r", 2),
        leg_l=limb("leg_l", 3),
        leg_r=limb("leg_r", 3),
    )


def _lowest(p: Pose) -> float:
    j = joints(p)
    return min(min(v[1] for v in j.values()), j["head"][1] - HEAD_RADIUS)


def _settled(fig: Figure, a: Pose, b: Pose, p: Pose, t: float) -> Pose:
    """An in-between frame lifted as far as it sinks below the floor its key poses rest on,
    and kept on the room's side of every wall."""
    p = _unbent(p)
    floor = _lowest(a) * (1 - t) + _lowest(b) * t
    lift = max(0.0, floor - _lowest(p))
    p = p.model_copy(update={"pelvis": (p.pelvis[0], p.pelvis[1] + lift, p.pelvis[2])})
    for axis, at, room in _walls(fig, b):
        k = 0 if axis == "x" else 2
        worst = min((v[k] - at) * room for v in joints(p).values())
        if worst < 0:
            p = _moved(p, -worst * room if k == 0 else 0.0, -worst * room if k == 2 else 0.0)
    return p


def _unbent(p: Pose) -> Pose:
    """Straighten a knee or elbow that the turn on the way has bent backwards: the two ends
    bend the right way, but turning thigh and shin (or upper arm and forearm) each on its
    own arc can fold the joint past straight in between."""
    j = joints(p)
    left = _unit_between(j["hip_r"], j["hip_l"])
    update: dict[str, tuple[Dir, ...]] = {}
    for limb, top, mid, end, sign in (
        ("leg", "hip", "knee", "ankle", 1.0),
        ("arm", "shoulder", "elbow", "hand", -1.0),
    ):
        for side in ("l", "r"):
            u = _unit_between(j[f"{top}_{side}"], j[f"{mid}_{side}"])
            v = _unit_between(j[f"{mid}_{side}"], j[f"{end}_{side}"])
            axis = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
            size = math.sqrt(sum(c * c for c in axis))
            if size < 0.2 or (limb == "arm" and u[1] > -0.8):
                continue  # nearly straight, or a raised arm (whose roll is not recorded)
            if sum(a * b for a, b in zip(axis, left, strict=True)) * sign / size > 0.5:
                segs = list(getattr(p, f"{limb}_{side}"))
                segs[1] = segs[0]
                update[f"{limb}_{side}"] = tuple(segs)
    return p.model_copy(update=update) if update else p


def _unit_between(a: Vec, b: Vec) -> Vec:
    d = (b[0] - a[0], b[1] - a[1], b[2] - a[2])
    n = math.sqrt(sum(c * c for c in d)) or 1.0
    return (d[0] / n, d[1] / n, d[2] / n)
