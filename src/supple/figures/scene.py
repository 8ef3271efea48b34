"""The room around the body: floor, mat, shadow, wall, chair, step, towel; and the frame.

Every picture has the same frame: a viewBox of FRAME_W x FRAME_H centimetres, the floor
line at y = 0 (FLOOR_AT from the top), one centimetre the same size in every picture.
"""

from __future__ import annotations

from ..library.figure import CHAIR_SEAT, STEP_DEPTH, STEP_HEIGHT, Figure, PropKind
from ..library.skeleton import Camera, Vec, project

FRAME_W, FRAME_H, FLOOR_AT = 300.0, 250.0, 210.0
VIEWBOX = f"{-FRAME_W / 2:g} {-FLOOR_AT:g} {FRAME_W:g} {FRAME_H:g}"
MARGIN = 4.0
FLOOR, MAT, PROP, PROP_EDGE, WALL, TOWEL = (
    "#8c8577",
    "#e6e0d2",
    "#cfc7b6",
    "#8c8577",
    "#ece7dc",
    "#d8c9a8",
)

Box = tuple[Vec, Vec]  # min corner, max corner


def boxes(fig: Figure) -> list[tuple[str, Box]]:
    """The props as boxes in the pose frame (walls come separately)."""
    out: list[tuple[str, Box]] = []
    for pr in fig.props:
        a = pr.at
        if pr.kind is PropKind.CHAIR:
            s = CHAIR_SEAT
            out.append(("chair", ((a - 42, s - 4, -22), (a, s, 22))))
            for lx in (a - 41, a - 4):
                for lz in (-20, 17):
                    out.append(("chair", ((lx, 0, lz), (lx + 3, s - 4, lz + 3))))
            out.append(("chair", ((a - 45, s, -22), (a - 42, s + 42, 22))))
        elif pr.kind is PropKind.STEP:
            out.append(
                ("step", ((a - STEP_DEPTH / 2, 0, -35), (a + STEP_DEPTH / 2, STEP_HEIGHT, 35)))
            )
        elif pr.kind is PropKind.TOWEL:
            out.append(("towel", ((a - 11, 0, -25), (a + 11, 4, 25))))
    return out


def box_faces(box: Box, cam: Camera) -> list[list[Vec]]:
    """The faces of a box that look towards the camera."""
    (x0, y0, z0), (x1, y1, z1) = box
    faces = [
        ((1, 0, 0), [(x1, y0, z0), (x1, y1, z0), (x1, y1, z1), (x1, y0, z1)]),
        ((-1, 0, 0), [(x0, y0, z0), (x0, y1, z0), (x0, y1, z1), (x0, y0, z1)]),
        ((0, 1, 0), [(x0, y1, z0), (x1, y1, z0), (x1, y1, z1), (x0, y1, z1)]),
        ((0, 0, 1), [(x0, y0, z1), (x1, y0, z1), (x1, y1, z1), (x0, y1, z1)]),
        ((0, 0, -1), [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0)]),
    ]
    return [pts for n, pts in faces if project(n, cam)[2] > 1e-6]


def wall_quad(axis: str, at: float, lo: float, hi: float) -> list[Vec]:
    """A wall plane, from the floor to 210 cm, spanning lo..hi along the wall."""
    if axis == "x":
        return [(at, 0, lo), (at, 210, lo), (at, 210, hi), (at, 0, hi)]
    return [(lo, 0, at), (lo, 210, at), (hi, 210, at), (hi, 0, at)]
