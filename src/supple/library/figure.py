"""A stretch's figure as content: the view it is drawn from, its props, a pose per position."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from .skeleton import JOINTS, Camera, Pose, Strict, View, camera_of

CHAIR_SEAT = 45.0  # seat height, cm
STEP_HEIGHT, STEP_DEPTH = 18.0, 30.0  # a low step or the bottom stair, cm
BODY_DEPTH = 12.0  # a joint resting on a surface sits up to this far from it


class PropKind(StrEnum):
    WALL = "wall"
    CHAIR = "chair"
    TOWEL = "towel"
    STEP = "step"


class Prop(Strict):
    """Something the stretch uses. A wall is a plane at x = at (or z = at); a chair's seat
    front edge is at x = at, facing +x; a towel is folded on the floor at x = at; a step's
    middle is at x = at."""

    kind: PropKind
    at: float
    axis: Literal["x", "z"] = "x"


class Figure(Strict):
    # side, front or above; or three-quarter, with the camera's azimuth and elevation
    view: View
    camera: Camera | None = None
    # Which side of the drawn pose does the work: its picture is the "left" one; the right
    # side's picture is its mirror image. "none": the stretch is the same on both sides.
    working: Literal["left", "right", "none"] = "left"
    props: list[Prop] = []
    poses: list[Pose] = Field(min_length=1)
    # Getting into position, from standing (or sitting on the chair) to the first pose; left
    # out, it is derived from the stretch's position (figures/approach.py).
    approach: list[Pose] = []

    @model_validator(mode="after")
    def _check(self) -> Figure:
        names = [p.name for p in self.poses]
        if len(set(names)) != len(names):
            raise ValueError("two poses have the same name")
        for p in self.poses + self.approach:
            for j in p.floor + p.wall + p.chair:
                if j not in JOINTS:
                    raise ValueError(f"pose {p.name!r}: unknown joint {j!r}")
        if (self.view is View.THREE_QUARTER) != (self.camera is not None):
            raise ValueError("a camera is given for, and only for, a three-quarter view")
        kinds = {pr.kind for pr in self.props}
        if any(p.wall for p in self.poses) and PropKind.WALL not in kinds:
            raise ValueError("a pose touches a wall, but there is no wall prop")
        if any(p.chair for p in self.poses) and PropKind.CHAIR not in kinds:
            raise ValueError("a pose sits on a chair, but there is no chair prop")
        return self

    def eye(self) -> Camera:
        """The camera this figure is seen from."""
        return self.camera or camera_of(self.view)

    def pose(self, name: str | None = None) -> Pose:
        if name is None:
            return self.poses[0]
        for p in self.poses:
            if p.name == name:
                return p
        raise LookupError(f"no pose named {name!r}")
