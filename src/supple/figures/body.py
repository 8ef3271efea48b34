"""The 3D body: a posed skeleton dressed as a mannequin of tapered capsules and spheres."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..library.skeleton import HEAD_RADIUS, Vec

# Radii in cm at each end of a segment: thicker near the trunk, so a thigh is thicker than
# a shin and an upper arm than a forearm.
RADII: dict[str, tuple[float, float]] = {
    "thigh": (8.0, 5.5),
    "shin": (5.2, 3.6),
    "foot": (3.6, 2.6),
    "upper_arm": (4.6, 3.6),
    "forearm": (3.5, 2.7),
    "hand": (2.9, 2.5),
    "neck": (4.6, 4.2),
    "pelvis": (10.5, 10.5),  # a capsule hip to hip
    "waist": (10.0, 12.5),  # pelvis -> middle of the back
    "chest": (12.5, 11.0),  # middle of the back -> base of the neck
    "shoulders": (7.0, 7.0),  # a capsule shoulder to shoulder
}
HAND_LENGTH = 8.0
NOSE_RADIUS = 2.6


@dataclass(frozen=True)
class Part:
    """One solid: a capsule from a to b (radii ra, rb), or a sphere when a == b."""

    name: str
    group: str  # torso, head, arm_l, arm_r, leg_l, leg_r
    a: Vec
    b: Vec
    ra: float
    rb: float


def _sub(p: Vec, q: Vec) -> Vec:
    return (p[0] - q[0], p[1] - q[1], p[2] - q[2])


def _add(p: Vec, q: Vec, k: float = 1.0) -> Vec:
    return (p[0] + q[0] * k, p[1] + q[1] * k, p[2] + q[2] * k)


def _norm(v: Vec) -> Vec:
    n = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2) or 1.0
    return (v[0] / n, v[1] / n, v[2] / n)


def _cross(u: Vec, v: Vec) -> Vec:
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def facing(j: dict[str, Vec]) -> Vec:
    """Which way the face points: square to the shoulders and the neck (x when standing)."""
    up = _norm(_sub(j["head"], j["neck"]))
    left = _norm(_sub(j["shoulder_l"], j["shoulder_r"]))
    return _norm(_cross(up, left))


def parts(j: dict[str, Vec]) -> list[Part]:
    """The solids of the body for a set of joints (as skeleton.joints gives them)."""
    out = [
        Part("pelvis", "torso", j["hip_r"], j["hip_l"], *RADII["pelvis"]),
        Part("spine", "torso", j["pelvis"], j["mid_back"], *RADII["waist"]),
        Part("upper_spine", "torso", j["mid_back"], j["neck"], *RADII["chest"]),
        Part("shoulders", "torso", j["shoulder_r"], j["shoulder_l"], *RADII["shoulders"]),
    ]
    for s in ("l", "r"):
        out += [
            Part(
                f"upper_arm_{s}",
                f"arm_{s}",
                j[f"shoulder_{s}"],
                j[f"elbow_{s}"],
                *RADII["upper_arm"],
            ),
            Part(f"forearm_{s}", f"arm_{s}", j[f"elbow_{s}"], j[f"hand_{s}"], *RADII["forearm"]),
            Part(f"thigh_{s}", f"leg_{s}", j[f"hip_{s}"], j[f"knee_{s}"], *RADII["thigh"]),
            Part(f"shin_{s}", f"leg_{s}", j[f"knee_{s}"], j[f"ankle_{s}"], *RADII["shin"]),
            Part(f"foot_{s}", f"leg_{s}", j[f"ankle_{s}"], j[f"toe_{s}"], *RADII["foot"]),
        ]
        d = _norm(_sub(j[f"hand_{s}"], j[f"elbow_{s}"]))
        tip = _add(j[f"hand_{s}"], d, HAND_LENGTH)
        out.append(Part(f"hand_{s}", f"arm_{s}", j[f"hand_{s}"], tip, *RADII["hand"]))
    # The neck runs from the base of the neck most of the way to the head's centre.
    top = _add(j["neck"], _sub(j["head"], j["neck"]), 0.6)
    out.append(Part("neck", "torso", j["neck"], top, *RADII["neck"]))
    out.append(Part("head", "head", j["head"], j["head"], HEAD_RADIUS, HEAD_RADIUS))
    nose = _add(j["head"], facing(j), HEAD_RADIUS - 0.4)
    out.append(Part("nose", "head", nose, nose, NOSE_RADIUS, NOSE_RADIUS))
    return out
