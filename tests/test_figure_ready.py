"""Getting into position: the get-ready picture of every floor, wall and chair stretch."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from supple.figures import approach
from supple.figures.render import STRONG, frames_on_screen, render
from supple.figures.scene import VIEWBOX
from supple.library.figure import Figure, PropKind
from supple.library.schema import Stretch
from supple.library.skeleton import Pose, joints, project
from supple.library.vocab import FLOOR_POSITIONS, Equipment, Kind, Position
from test_figures import (
    ALL,
    LIB,
    SVG,
    bend_faults,
    figure_of,
    length_and_floor_faults,
    wall_faults,
)


def on_floor_or_wall(s: Stretch) -> bool:
    return bool(FLOOR_POSITIONS & set(s.positions)) or Equipment.WALL in s.equipment


FLOOR_AND_WALL = [sid for sid in ALL if on_floor_or_wall(LIB.stretch(sid))]
READY = [sid for sid in ALL if approach.has_approach(LIB.stretch(sid))]
STANDING = [sid for sid in ALL if sid not in READY]


def test_every_floor_and_wall_stretch_gets_into_position() -> None:
    assert len(FLOOR_AND_WALL) >= 20
    assert set(FLOOR_AND_WALL) <= set(READY)
    # the chair stretches start from sitting on the chair; standing ones need nothing
    for sid in STANDING:
        s = LIB.stretch(sid)
        assert s.positions[0] is Position.STANDING and Equipment.WALL not in s.equipment


def _numbers(d: str) -> list[float]:
    """A capsule path's points as absolute coordinates, however it is written (an
    animation's frames are relative: each point from the one before its command)."""
    out: list[float] = []
    x = y = 0.0
    for cmd, args in re.findall(r"([MLCZmlcz])([^MLCZmlcz]*)", d):
        nums = [float(n) for n in args.split()]
        pts = list(zip(nums[::2], nums[1::2], strict=True))
        base = (x, y) if cmd.islower() else (0.0, 0.0)
        for px, py in pts:
            out += [base[0] + px, base[1] + py]
        if pts:
            x, y = out[-2], out[-1]
    return out


def _hold_picture(s: Stretch, pose: str | None = None) -> str:
    """The picture the get-ready one leads into: a mobilizer's moves, else the still."""
    moves = s.kind is Kind.MOBILIZER and pose is None
    return render(s, "left", pose=pose, animate=moves)


@pytest.mark.parametrize("sid", READY)
def test_it_plays_once_and_holds_the_start_pose(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    svg = render(s, "left", ready=True)
    root = ET.fromstring(svg)
    assert root.get("viewBox") == VIEWBOX and root.get("data-phase") == "ready"
    anims = list(root.iter(f"{SVG}animate"))
    assert anims, f"{sid}: nothing moves"
    # one clock for every part, played once and frozen on its last frame
    assert len({a.get("dur") for a in anims}) == 1
    assert float(anims[0].get("dur", "0").rstrip("s")) <= 4.5  # inside a 5 s lead-in
    assert all(a.get("fill") == "freeze" and a.get("repeatCount") is None for a in anims)
    frames = {len(a.get("values", "").split(";")) for a in anims}
    assert len(frames) == 1 and frames.pop() >= 3
    # the key poses end on the start pose, and the last frame drawn is that pose's picture
    keys = approach.key_poses(s)
    moves = s.kind is Kind.MOBILIZER and s.mobilizer
    start = s.mobilizer.positions[0].name if moves else s.figure.poses[0].name  # type: ignore[union-attr]
    assert keys[-1] == s.figure.pose(start) and len(keys) >= 2
    hold = ET.fromstring(_hold_picture(s))
    held = {e.get("data-part"): e.get("d") for e in hold.iter(f"{SVG}path")}
    for path in root.iter(f"{SVG}path"):
        # drawn in whole centimetres, as every animation is: within half a centimetre
        part, d = path.get("data-part"), path.get("d", "")
        for shape in [d] + [a.get("values", "").split(";")[-1] for a in path.iter(f"{SVG}animate")]:
            gaps = [abs(p - q) for p, q in zip(_numbers(shape), _numbers(held[part]), strict=True)]
            assert max(gaps) <= 0.51, f"{sid}: {part} ends {max(gaps)} cm from the start pose"
    # the same room: floor line or mat, walls and props exactly where the hold has them
    room = [ET.tostring(e) for e in root.iter() if e.get("data-part") in ROOM]
    assert room == [ET.tostring(e) for e in hold.iter() if e.get("data-part") in ROOM]


ROOM = {"floor", "wall", "chair", "step", "towel", "shadow"}


@pytest.mark.parametrize("sid", READY)
def test_every_frame_is_a_possible_body(sid: str) -> None:
    """Every frame drawn: fixed segment lengths, nothing through the floor or a wall, no
    knee or elbow bent the wrong way."""
    s = figure_of(sid)
    frames, marks = approach.frames(s)
    assert marks[0] == 0 and marks[-1] == len(frames) - 1
    for i, pose in enumerate(frames):
        j = joints(pose)
        faults = length_and_floor_faults(j) + wall_faults(s, j) + bend_faults(j)
        assert faults == [], f"{sid}, frame {i} ({pose.name})"


@pytest.mark.parametrize("sid", READY)
def test_every_frame_is_in_the_one_frame_and_shows_the_side_it_names(sid: str) -> None:
    """Inside the frame at every frame; the left picture is the true view from the camera
    (the person's left where a viewer sees it), the right one its mirror image."""
    s = figure_of(sid)
    assert s.figure is not None
    x0, y0, w, h = map(float, VIEWBOX.split())
    left = frames_on_screen(s, "left", ready=True)
    right = frames_on_screen(s, "right", ready=True)
    frames, _ = approach.frames(s)
    assert len(left) == len(right) == len(frames)
    cam = s.figure.eye()
    for at, mirrored, pose in zip(left, right, frames, strict=True):
        j = joints(pose)
        ox, oy, _ = project(j["pelvis"], cam)
        for name, (x, y) in at.items():
            assert x0 + 2 <= x <= x0 + w - 2 and y0 + 2 <= y <= y0 + h - 2, (sid, name, x, y)
            assert mirrored[name] == (-x, y)
        for name in ("hand_l", "toe_l", "hand_r", "toe_r"):
            px, py, _ = project(j[name], cam)
            assert at[name][0] - at["pelvis"][0] == pytest.approx(px - ox, abs=0.01)
            assert at[name][1] - at["pelvis"][1] == pytest.approx(-(py - oy), abs=0.01)
    if s.figure.working != "none":
        root = ET.fromstring(render(s, "left", ready=True))
        fill = {e.get("data-part"): e.get("fill") for e in root.iter(f"{SVG}path")}
        w_ = "l" if s.figure.working == "left" else "r"
        assert fill[f"thigh_{w_}"] == STRONG and fill[f"shin_{w_}"] == STRONG


@pytest.mark.parametrize("sid", READY)
def test_it_is_small_self_contained_and_deterministic(sid: str) -> None:
    s = figure_of(sid)
    for side in ("left", "right"):
        svg = render(s, side, ready=True)
        assert svg == render(s, side, ready=True)
        assert len(gzip.compress(svg.encode())) < 8 * 1024
        assert "style=" not in svg and "<style" not in svg and "<image" not in svg
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize("sid", STANDING)
def test_a_standing_stretch_shows_its_usual_picture(sid: str) -> None:
    s = figure_of(sid)
    assert render(s, "left", ready=True) == render(s, "left")
    assert approach.key_poses(s) == [s.figure.poses[0]]  # type: ignore[union-attr]


def test_a_named_pose_is_where_it_ends() -> None:
    """With a position left out (osteoporosis: cat-cow's Cow only), it ends on that pose."""
    s = figure_of("cat-cow")
    keys = approach.key_poses(s, "Cow")
    assert keys[-1].name == "Cow"
    svg = render(s, "left", pose="Cow", ready=True)
    still = {e.get("data-part"): e.get("d") for e in ET.fromstring(render(s, pose="Cow")).iter()}
    for e in ET.fromstring(svg).iter(f"{SVG}path"):
        ends = zip(_numbers(e.get("d", "")), _numbers(still[e.get("data-part")] or ""), strict=True)
        assert max(abs(p - q) for p, q in ends) <= 0.51


@pytest.mark.parametrize("sid", ["wall-straddle", "wall-butterfly", "wall-happy-baby"])
def test_legs_up_a_wall_sit_side_on_to_it_first(sid: str) -> None:
    """As the steps say: sit side-on to the wall, then swing the legs up while lying back."""
    s = figure_of(sid)
    assert s.figure is not None
    wall = next(p for p in s.figure.props if p.kind is PropKind.WALL)
    sitting = joints(approach.key_poses(s)[-2])
    near, far = sorted((abs(sitting[h][0] - wall.at), h) for h in ("hip_l", "hip_r"))
    assert far[0] - near[0] > 15  # one hip to the wall, the other away from it
    assert abs(sitting["toe_l"][0] - sitting["hip_l"][0]) < 15  # feet along the wall


def test_a_figure_can_list_its_own_way_in() -> None:
    """An `approach:` list in the figure data replaces the derived one."""
    s = figure_of("childs-pose")
    assert s.figure is not None
    kneel = Pose(
        name="Kneel",
        pelvis=(0, 49, 0),
        spine=(0, 90),
        arm_l=((90, -85), (90, -85)),
        arm_r=((-90, -85), (-90, -85)),
        leg_l=((0, -90), (180, 2), (180, -12)),
        leg_r=((0, -90), (180, 2), (180, -12)),
    )
    fig = Figure.model_validate({**s.figure.model_dump(), "approach": [kneel.model_dump()]})
    own = s.model_copy(update={"figure": fig})
    assert approach.key_poses(own) == [kneel, s.figure.poses[0]]
    with pytest.raises(ValueError, match="unknown joint"):
        Figure.model_validate(
            {**s.figure.model_dump(), "approach": [{**kneel.model_dump(), "floor": ["tail"]}]}
        )


def test_the_ready_picture_on_the_web(home: Path) -> None:
    from webapp import client

    with client(home) as c:
        r = c.get("/figures/cat-cow.svg", params={"side": "left", "phase": "ready"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert r.text == render(figure_of("cat-cow"), "left", ready=True)
        cow = c.get("/figures/cat-cow.svg", params={"phase": "ready", "pose": "Cow"})
        assert cow.text == render(figure_of("cat-cow"), "left", pose="Cow", ready=True)
        standing = c.get("/figures/standing-side-bend.svg", params={"phase": "ready"})
        assert standing.text == render(figure_of("standing-side-bend"), "left")
        assert c.get("/figures/cat-cow.svg", params={"phase": "later"}).status_code == 422
        hold = c.get("/figures/cat-cow.svg", params={"phase": "hold"})
        assert hold.text == render(figure_of("cat-cow"), "left")
