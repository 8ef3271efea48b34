"""Pose data -> 3D joint positions: a fixed-proportion skeleton posed by segment directions.

Coordinates are centimetres: x forward (where the person faces when standing), y up (the
floor is y = 0), z to the person's left. A pose gives the pelvis position and, for every
segment, a direction as [azimuth, elevation] in degrees: azimuth in the floor plane from +x
towards +z (0 forward, 90 to the left, -90 to the right, 180 back), elevation from the
floor plane (90 straight up, -90 straight down). Lengths are fixed here, so every pose has
the same proportions by construction.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Vec = tuple[float, float, float]
Dir = Annotated[tuple[float, float], Field(description="[azimuth, elevation] in degrees")]

# Proportions of an adult about 170 cm tall.
LENGTHS: dict[str, float] = {
    "spine": 25.0,  # pelvis centre -> middle of the back, and middle -> base of the neck
    "neck": 12.0,  # base of the neck -> centre of the head
    "hip_half": 9.0,  # pelvis centre -> each hip joint
    "shoulder_half": 18.0,  # base of the neck -> each shoulder
    "upper_arm": 28.0,
    "forearm": 26.0,
    "thigh": 44.0,
    "shin": 43.0,
    "foot": 15.0,
}
HEAD_RADIUS = 10.0

# What connects to what: (name, from joint, to joint, length key, limb group).
SEGMENTS: list[tuple[str, str, str, str, str]] = [
    ("spine", "pelvis", "mid_back", "spine", "torso"),
    ("upper_spine", "mid_back", "neck", "spine", "torso"),
    ("neck", "neck", "head", "neck", "torso"),
    ("hips", "hip_r", "hip_l", "hip_half", "torso"),
    ("shoulders", "shoulder_r", "shoulder_l", "shoulder_half", "torso"),
    ("upper_arm_l", "shoulder_l", "elbow_l", "upper_arm", "arm_l"),
    ("forearm_l", "elbow_l", "hand_l", "forearm", "arm_l"),
    ("upper_arm_r", "shoulder_r", "elbow_r", "upper_arm", "arm_r"),
    ("forearm_r", "elbow_r", "hand_r", "forearm", "arm_r"),
    ("thigh_l", "hip_l", "knee_l", "thigh", "leg_l"),
    ("shin_l", "knee_l", "ankle_l", "shin", "leg_l"),
    ("foot_l", "ankle_l", "toe_l", "foot", "leg_l"),
    ("thigh_r", "hip_r", "knee_r", "thigh", "leg_r"),
    ("shin_r", "knee_r", "ankle_r", "shin", "leg_r"),
    ("foot_r", "ankle_r", "toe_r", "foot", "leg_r"),
]
JOINTS = ["pelvis", "mid_back", "neck", "head"] + sorted(
    {j for _, a, b, _, _ in SEGMENTS for j in (a, b)} - {"pelvis", "mid_back", "neck", "head"}
)


class View(StrEnum):
    SIDE = "side"  # seen from the person's left (+z): the left limbs are nearest
    FRONT = "front"  # seen from in front (+x)
    ABOVE = "above"  # seen from straight above (+y), the person's left towards the top
    THREE_QUARTER = "three-quarter"  # from the camera's azimuth and elevation


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pose(Strict):
    """One position of the body: where the pelvis is, and which way every segment points."""

    name: str = Field(min_length=1, max_length=60)
    pelvis: tuple[float, float, float]
    spine: Dir  # pelvis -> middle of the back (and on to the neck, unless upper_spine is given)
    upper_spine: Dir | None = None  # middle of the back -> neck: a rounded or arched back
    neck: Dir | None = None  # default: in line with the upper spine
    hips: Dir = (90.0, 0.0)  # right hip -> left hip
    shoulders: Dir | None = None  # right -> left shoulder; default: parallel to the hips
    arm_l: tuple[Dir, Dir]  # upper arm, forearm
    arm_r: tuple[Dir, Dir]
    leg_l: tuple[Dir, Dir, Dir]  # thigh, shin, foot (ankle -> toes)
    leg_r: tuple[Dir, Dir, Dir]
    floor: list[str] = []  # joints resting on the floor
    wall: list[str] = []  # joints touching the wall
    chair: list[str] = []  # joints resting on the chair seat


def unit(d: tuple[float, float]) -> Vec:
    az, el = math.radians(d[0]), math.radians(d[1])
    return (math.cos(el) * math.cos(az), math.sin(el), math.cos(el) * math.sin(az))


def _step(p: Vec, d: tuple[float, float], length: float) -> Vec:
    u = unit(d)
    return (p[0] + u[0] * length, p[1] + u[1] * length, p[2] + u[2] * length)


def joints(pose: Pose) -> dict[str, Vec]:
    """Forward kinematics: every joint's position for the pose."""
    j: dict[str, Vec] = {"pelvis": pose.pelvis}
    hips = pose.hips
    opposite = (hips[0] + 180.0, -hips[1])
    j["hip_l"] = _step(pose.pelvis, hips, LENGTHS["hip_half"])
    j["hip_r"] = _step(pose.pelvis, opposite, LENGTHS["hip_half"])
    upper = pose.upper_spine or pose.spine
    j["mid_back"] = _step(pose.pelvis, pose.spine, LENGTHS["spine"])
    j["neck"] = _step(j["mid_back"], upper, LENGTHS["spine"])
    j["head"] = _step(j["neck"], pose.neck or upper, LENGTHS["neck"])
    sh = pose.shoulders or hips
    j["shoulder_l"] = _step(j["neck"], sh, LENGTHS["shoulder_half"])
    j["shoulder_r"] = _step(j["neck"], (sh[0] + 180.0, -sh[1]), LENGTHS["shoulder_half"])
    for side, arm, leg in (("l", pose.arm_l, pose.leg_l), ("r", pose.arm_r, pose.leg_r)):
        j[f"elbow_{side}"] = _step(j[f"shoulder_{side}"], arm[0], LENGTHS["upper_arm"])
        j[f"hand_{side}"] = _step(j[f"elbow_{side}"], arm[1], LENGTHS["forearm"])
        j[f"knee_{side}"] = _step(j[f"hip_{side}"], leg[0], LENGTHS["thigh"])
        j[f"ankle_{side}"] = _step(j[f"knee_{side}"], leg[1], LENGTHS["shin"])
        j[f"toe_{side}"] = _step(j[f"ankle_{side}"], leg[2], LENGTHS["foot"])
    return j


def mirror(points: dict[str, Vec]) -> dict[str, Vec]:
    """The same pose on the other side: left and right swap, z changes sign."""
    swap = {"_l": "_r", "_r": "_l"}
    out: dict[str, Vec] = {}
    for name, (x, y, z) in points.items():
        other = name[:-2] + swap[name[-2:]] if name[-2:] in swap else name
        out[other] = (x, y, -z)
    return out


class Camera(Strict):
    """Where the viewer stands, seen from the body: azimuth as for a segment (0 in front,
    90 on the person's left, -90 on their right, 180 behind), elevation above the floor
    plane (0 level, 90 straight down from above)."""

    azimuth: float = Field(ge=-180, le=180)
    elevation: float = Field(ge=0, le=90)


# The named views as cameras. From above, the person's left is towards the top of the
# picture: the limit of a camera on their right rising to overhead.
PRESETS: dict[View, Camera] = {
    View.SIDE: Camera(azimuth=90, elevation=0),
    View.FRONT: Camera(azimuth=0, elevation=0),
    View.ABOVE: Camera(azimuth=-90, elevation=90),
}


def _basis(cam: Camera) -> tuple[Vec, Vec, Vec]:
    """Screen right, screen up and towards-the-viewer, as vectors in the pose frame.

    The pose frame is left-handed (z is the person's left), so the picture a real viewer
    sees is worked out in a right-handed copy (z negated) and brought back: screen right is
    (looking direction x up) there. No mirror is involved, so the person's left is where a
    viewer standing at the camera would see it."""
    az, el = math.radians(cam.azimuth), math.radians(cam.elevation)
    toward = unit((cam.azimuth, cam.elevation))
    # d(toward)/d(elevation): well defined straight overhead too
    up = (-math.sin(el) * math.cos(az), math.cos(el), -math.sin(el) * math.sin(az))
    # right-handed copy: negate z; look = -toward; right = look x up; negate z back
    tx, ty, tz = toward[0], toward[1], -toward[2]
    ux, uy, uz = up[0], up[1], -up[2]
    lx, ly, lz = -tx, -ty, -tz
    right = (ly * uz - lz * uy, lz * ux - lx * uz, lx * uy - ly * ux)
    return (right[0], right[1], -right[2]), up, toward


def camera_of(view: View | Camera) -> Camera:
    if isinstance(view, Camera):
        return view
    if view is View.THREE_QUARTER:
        raise ValueError("a three-quarter view needs its camera")
    return PRESETS[view]


def project(p: Vec, view: View | Camera) -> tuple[float, float, float]:
    """(horizontal, vertical, depth towards the viewer) in the picture, vertical up.

    An orthographic projection, so one centimetre is the same size everywhere."""
    r, u, t = _basis(camera_of(view))
    return (
        p[0] * r[0] + p[1] * r[1] + p[2] * r[2],
        p[0] * u[0] + p[1] * u[1] + p[2] * u[2],
        p[0] * t[0] + p[1] * t[1] + p[2] * t[2],
    )
