"""Every stretch has a figure; every render is well-formed SVG; the anatomy is sane."""

from __future__ import annotations

import gzip
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from browser import CHROMIUM, launch
from supple.figures.body import RADII
from supple.figures.render import LIGHT, STRONG, points, render, screen
from supple.figures.scene import VIEWBOX
from supple.library.catalog import default_library
from supple.library.figure import BODY_DEPTH, CHAIR_SEAT, PropKind
from supple.library.schema import Stretch
from supple.library.skeleton import (
    HEAD_RADIUS,
    LENGTHS,
    SEGMENTS,
    Camera,
    View,
    joints,
    mirror,
    project,
)

LIB = default_library()
ALL = sorted(LIB.stretches)


def test_every_stretch_has_a_figure() -> None:
    missing = sorted(sid for sid, s in LIB.stretches.items() if s.figure is None)
    assert missing == []


SVG = "{http://www.w3.org/2000/svg}"


def figure_of(sid: str) -> Stretch:
    s = LIB.stretch(sid)
    assert s.figure is not None, f"{sid} has no figure"
    return s


@pytest.mark.parametrize("sid", ALL)
def test_each_figure_has_a_pose_for_each_of_its_positions(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    names = {p.name for p in s.figure.poses}
    if s.mobilizer:
        assert {p.name for p in s.mobilizer.positions} <= names
    else:
        assert len(names) >= 1


def length_and_floor_faults(j: dict[str, Vec3]) -> list[str]:
    """Segments not at their fixed length; joints below the floor; a head sunk into it."""
    out = []
    for name, a, b, key, _ in SEGMENTS:
        # hips and shoulders run joint to joint: two half-widths
        want = LENGTHS[key] * (2 if key.endswith("_half") else 1)
        if math.dist(j[a], j[b]) != pytest.approx(want, abs=1e-6):
            out.append(f"{name} is {math.dist(j[a], j[b]):.1f} cm long")
    for joint, (_, y, _) in j.items():
        if y < -0.5:
            out.append(f"{joint} is {-y:.1f} cm below the floor")
    if j["head"][1] < HEAD_RADIUS - 0.5:
        out.append("the head sinks")
    return out


@pytest.mark.parametrize("sid", ALL)
def test_segment_lengths_are_fixed_and_nothing_is_below_the_floor(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    for pose in s.figure.poses:
        assert length_and_floor_faults(joints(pose)) == [], f"{sid} / {pose.name}"


def wall_faults(s: Stretch, j: dict[str, Vec3]) -> list[str]:
    """Joints through a wall: every joint stays on the room's side of it."""
    assert s.figure is not None
    out = []
    for w in (p for p in s.figure.props if p.kind is PropKind.WALL):
        inside = [(jj[0] if w.axis == "x" else jj[2]) for jj in j.values()]
        room_side = 1 if sum(inside) / len(inside) > w.at else -1
        for name, (x, _, z) in j.items():
            if ((x if w.axis == "x" else z) - w.at) * room_side < -2:
                out.append(f"{name} is through the wall")
    return out


@pytest.mark.parametrize("sid", ALL)
def test_contacts_are_where_the_pose_says(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    walls = [p for p in s.figure.props if p.kind is PropKind.WALL]
    chairs = [p for p in s.figure.props if p.kind is PropKind.CHAIR]
    for pose in s.figure.poses:
        j = joints(pose)
        where = f"{sid} / {pose.name}"
        for name in pose.floor:
            assert j[name][1] <= BODY_DEPTH, f"{where}: {name} is off the floor"
        for name in pose.wall:
            x, _, z = j[name]
            gaps = [abs((x if w.axis == "x" else z) - w.at) for w in walls]
            assert min(gaps) <= BODY_DEPTH, f"{where}: {name} is {min(gaps):.0f} cm from the wall"
        for name in pose.chair:
            x, y, _ = j[name]
            assert any(
                CHAIR_SEAT - 2 <= y <= CHAIR_SEAT + BODY_DEPTH and c.at - 46 <= x <= c.at + 4
                for c in chairs
            ), f"{where}: {name} is not on the seat"
        assert wall_faults(s, j) == [], where


@pytest.mark.parametrize("sid", ALL)
def test_renders_are_well_formed_and_the_sides_mirror(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    for pose in s.figure.poses:
        left = ET.fromstring(render(s, "left", pose=pose.name))
        right = ET.fromstring(render(s, "right", pose=pose.name))
        assert left.tag == f"{SVG}svg" and right.tag == f"{SVG}svg"
        # One frame for both: the right side's picture is the left one mirrored in place.
        assert left.get("viewBox") == right.get("viewBox") == VIEWBOX
        flips = [svg.find(f"{SVG}g").get("transform") for svg in (left, right)]  # type: ignore[union-attr]
        assert flips == [None, "scale(-1 1)"]
        assert [e.attrib for e in left.iter(f"{SVG}path")] == [
            e.attrib for e in right.iter(f"{SVG}path")
        ]
        parts = {e.get("data-part") for e in left.iter()}
        assert {"spine", "thigh_l", "thigh_r", "head", "nose", "neck", "hand_l", "foot_r"} <= parts
        assert {"shadow", "floor"} & parts


def _camera_basis(s: Stretch) -> tuple[Vec3, Vec3, Vec3]:
    assert s.figure is not None
    cam = s.figure.eye()
    return tuple(  # type: ignore[return-value]
        project(v, cam) for v in ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
    )


Vec3 = tuple[float, float, float]


@pytest.mark.parametrize("sid", ALL)
def test_each_camera_sees_the_world_unmirrored(sid: str) -> None:
    """Screen right, screen up and towards the viewer form a real (right-handed) view of the
    room. The pose frame is left-handed (z is the person's left), so in it the determinant
    of the three projected axes is -1; +1 would be a mirror image."""
    (rx, ux, tx), (ry, uy, ty), (rz, uz, tz) = _camera_basis(figure_of(sid))
    det = rx * (uy * tz - ty * uz) - ux * (ry * tz - ty * rz) + tx * (ry * uz - uy * rz)
    assert det == pytest.approx(-1.0, abs=1e-9)


# A camera and where a viewer standing there sees the person's left hand, relative to their
# right hand: (across the picture: +1 right, -1 left, 0 either), (nearer the viewer: +1, -1).
SEEN_FROM = [
    (Camera(azimuth=0, elevation=0), +1, 0),  # face to face: their left is on my right
    (Camera(azimuth=180, elevation=0), -1, 0),  # from behind: their left is on my left
    (Camera(azimuth=90, elevation=0), 0, +1),  # from their left: the left hand is nearest
    (Camera(azimuth=-90, elevation=0), 0, -1),  # from their right: it is farthest
    (Camera(azimuth=45, elevation=35), +1, +1),  # front-left, raised
    (Camera(azimuth=-45, elevation=35), +1, -1),  # front-right, raised
    (Camera(azimuth=-90, elevation=90), 0, 0),  # straight above: their left at the top
]


@pytest.mark.parametrize(("cam", "across", "nearer"), SEEN_FROM)
def test_a_marker_on_the_left_hand_lands_where_a_viewer_sees_it(
    cam: Camera, across: int, nearer: int
) -> None:
    """A person standing with arms out sideways: project the left and right hands."""
    left, right = project((0.0, 140.0, 80.0), cam), project((0.0, 140.0, -80.0), cam)
    if across:
        assert (left[0] - right[0]) * across > 50
    if nearer:
        assert (left[2] - right[2]) * nearer > 50
    if cam.elevation == 90:
        assert left[1] - right[1] > 100  # their left towards the top of the picture


@pytest.mark.parametrize("sid", ALL)
def test_a_side_view_shows_the_side_it_names(sid: str) -> None:
    """For every view: on the left side's picture the person's left hand and foot are where
    a viewer at the camera sees them; the right side's picture mirrors it, so the person's
    right hand and foot land exactly there; the working leg is in the strong colour."""
    s = figure_of(sid)
    assert s.figure is not None
    pose = s.figure.poses[0].name
    left, right = screen(s, "left", pose), screen(s, "right", pose)
    cam = s.figure.eye()
    j = points(s, pose)
    for name in ("hand_l", "toe_l", "hand_r", "toe_r"):
        x, y, _ = project(j[name], cam)
        ox, oy, _ = project(j["pelvis"], cam)
        # the true view: offsets from the pelvis as the camera projects them
        assert left[name][0] - left["pelvis"][0] == pytest.approx(x - ox, abs=0.01)
        assert left[name][1] - left["pelvis"][1] == pytest.approx(-(y - oy), abs=0.01)
        other = name[:-1] + ("r" if name.endswith("l") else "l")
        assert right[other] != left[other] or math.isclose(x, ox, abs_tol=0.01)
        assert right[name] == (-left[name][0], left[name][1])
    if s.figure.working != "none":
        root = ET.fromstring(render(s, "left"))
        fill = {e.get("data-part"): e.get("fill") for e in root.iter(f"{SVG}path")}
        w = "l" if s.figure.working == "left" else "r"
        other = "r" if w == "l" else "l"
        assert fill[f"thigh_{w}"] == STRONG and fill[f"shin_{w}"] == STRONG
        assert fill[f"thigh_{other}"] != STRONG


def test_the_side_view_faces_the_way_it_names() -> None:
    """LEFT SIDE from the side: the person faces left on screen, their left leg nearest."""
    s = figure_of("standing-hip-flexor")
    assert s.figure is not None and s.figure.view is View.SIDE and s.figure.working == "left"
    j = points(s)
    front = "r" if j["toe_r"][0] > j["toe_l"][0] else "l"
    for side, sign in (("left", -1), ("right", 1)):
        at = screen(s, side)
        assert (at[f"toe_{front}"][0] - at["pelvis"][0]) * sign > 10
    root = ET.fromstring(render(s, "left"))
    order = [e.get("data-part") for e in root.iter(f"{SVG}path")]
    assert order.index("thigh_l") > order.index("spine") > order.index("thigh_r")


def test_the_other_side_is_lighter() -> None:
    s = figure_of("wall-quad")
    root = ET.fromstring(render(s))
    colour = {e.get("data-part"): e.get("fill") for e in root.iter(f"{SVG}path")}
    assert colour["thigh_l"] == STRONG and colour["thigh_r"] == LIGHT


def test_limbs_taper_thigh_thicker_than_shin_upper_arm_than_forearm() -> None:
    assert min(RADII["thigh"]) > max(RADII["shin"])
    assert min(RADII["upper_arm"]) > max(RADII["forearm"])
    for a, b in RADII.values():
        assert a > 0 and b > 0


def _frames(s: Stretch) -> list[tuple[str, str]]:
    assert s.figure is not None
    return [(side, p.name) for p in s.figure.poses for side in ("left", "right")]


@pytest.mark.parametrize("sid", ALL)
def test_every_picture_has_one_frame_and_one_scale(sid: str) -> None:
    """Same viewBox; the floor line at y = 0 for level views; everything inside the frame;
    a centimetre of body is a centimetre of picture (segment lengths survive projection)."""
    s = figure_of(sid)
    assert s.figure is not None
    x0, y0, w, h = map(float, VIEWBOX.split())
    for side, pose in _frames(s):
        root = ET.fromstring(render(s, side, pose=pose))
        assert root.get("viewBox") == VIEWBOX
        at = screen(s, side, pose)
        j = points(s, pose)
        for name, (x, y) in at.items():
            assert x0 + 5 <= x <= x0 + w - 5 and y0 + 5 <= y <= y0 + h - 5, (sid, name, x, y)
        cam = s.figure.eye()
        if cam.elevation == 0:
            for name in j:
                assert at[name][1] == pytest.approx(-j[name][1], abs=0.01)
        for _, a, b, _, _ in SEGMENTS:
            flat = math.dist(at[a], at[b])
            assert flat <= math.dist(j[a], j[b]) + 1e-6  # orthographic: never magnified


def test_a_standing_person_is_the_same_height_in_every_level_view() -> None:
    tops = {}
    for sid in ("standing-hip-flexor", "standing-side-bend", "march-in-place"):
        s = figure_of(sid)
        at = screen(s)
        tops[sid] = at["head"][1]
    # standing, the head's centre is one body height above the floor line in each
    assert max(tops.values()) - min(tops.values()) < 12
    assert all(-170 < t < -140 for t in tops.values())


@pytest.mark.parametrize("sid", ALL)
def test_each_picture_is_small_and_deterministic(sid: str) -> None:
    s = figure_of(sid)
    for side in ("left", "right"):
        for animate in (False, True):
            svg = render(s, side, animate=animate)
            assert svg == render(s, side, animate=animate)
            assert len(gzip.compress(svg.encode())) < 8 * 1024
            assert "style=" not in svg and "<style" not in svg
            assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def bend_faults(j: dict[str, Vec3]) -> list[str]:
    """No knee bent backwards: the knee's hinge axis must not point the wrong way along
    the hips (the knee folds the shin behind the thigh). An elbow with the upper arm
    hanging along the trunk must not bend the forearm backwards (past straight); a
    raised arm can roll at the shoulder, which the pose data does not record."""
    out = []
    left = [b - a for a, b in zip(j["hip_r"], j["hip_l"], strict=True)]
    for side in ("l", "r"):
        for top, mid, end, sign in (
            ("hip", "knee", "ankle", 1),
            ("shoulder", "elbow", "hand", -1),
        ):
            u = [b - a for a, b in zip(j[f"{top}_{side}"], j[f"{mid}_{side}"], strict=True)]
            v = [b - a for a, b in zip(j[f"{mid}_{side}"], j[f"{end}_{side}"], strict=True)]
            axis = (
                u[1] * v[2] - u[2] * v[1],
                u[2] * v[0] - u[0] * v[2],
                u[0] * v[1] - u[1] * v[0],
            )
            size = math.hypot(*axis) / (math.hypot(*u) * math.hypot(*v))
            if size < 0.26:  # within 15 degrees of straight: nothing to check
                continue
            if mid == "elbow" and u[1] > -0.8 * math.hypot(*u):
                continue  # the arm is raised: its roll decides, and is not recorded
            along = sum(a * b for a, b in zip(axis, left, strict=True)) * sign
            if along / (math.hypot(*axis) * math.hypot(*left)) >= 0.8:
                out.append(f"the {mid}_{side} bends the wrong way")
    return out


@pytest.mark.parametrize("sid", ALL)
def test_knees_and_elbows_bend_the_right_way(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    for pose in s.figure.poses:
        assert bend_faults(joints(pose)) == [], f"{sid} / {pose.name}"


def test_mirror_swaps_sides_and_keeps_lengths() -> None:
    j = joints(figure_of("wall-quad").figure.poses[0])  # type: ignore[union-attr]
    m = mirror(j)
    assert m["knee_r"] == (j["knee_l"][0], j["knee_l"][1], -j["knee_l"][2])
    assert mirror(m) == j


@pytest.mark.parametrize("sid", [s for s in ALL if LIB.stretches[s].mobilizer])
def test_a_mobilizer_moves_between_its_positions_at_its_pace(sid: str) -> None:
    s = figure_of(sid)
    assert s.mobilizer is not None
    root = ET.fromstring(render(s, animate=True))
    anims = list(root.iter(f"{SVG}animate"))
    assert anims, f"{sid}: nothing moves"
    pace = s.mobilizer.seconds_per_position * len(s.mobilizer.positions)
    assert {a.get("dur") for a in anims} == {f"{pace:g}s"}
    assert all(len(a.get("values", "").split(";")) == len(s.mobilizer.positions) + 1 for a in anims)
    # every position is drawn, and each frame stays in the one frame
    for p in s.mobilizer.positions:
        still = ET.fromstring(render(s, pose=p.name))
        assert still.get("viewBox") == root.get("viewBox") == VIEWBOX


def test_the_gallery_in_chromium(tmp_path: Path, home: Path) -> None:
    """Writes a screenshot of the gallery for review (build/figures-gallery.png)."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    from webapp import screened, server

    screened(home)
    out = Path(__file__).resolve().parents[1] / "build" / "figures-gallery.png"
    out.parent.mkdir(exist_ok=True)
    with server(home) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(base + "/gallery", wait_until="networkidle")
        images = page.locator("#gallery img")
        assert images.count() >= len(ALL)  # figures that exist all load
        broken = page.evaluate(
            "[...document.querySelectorAll('#gallery img')]"
            ".filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == []
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    assert errors == []
    assert out.stat().st_size > 20_000


def test_supple_stretch_figure_writes_the_svg(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from supple.cli import app

    runner = CliRunner()
    out = tmp_path / "quad.svg"
    result = runner.invoke(app, ["stretch", "wall-quad", "--figure", str(out), "--side", "right"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_text())
    assert root.get("data-side") == "right" and "Wall quad stretch, right side" in out.read_text()
    bad = runner.invoke(app, ["stretch", "wall-quad", "--figure", str(out), "--side", "up"])
    assert bad.exit_code == 2 and "up" in bad.output


def test_figures_on_the_web(home: Path) -> None:
    from webapp import client

    with client(home) as c:
        svg = c.get("/figures/wall-quad.svg", params={"side": "right"})
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert ET.fromstring(svg.text).get("data-side") == "right"
        assert c.get("/figures/no-such-stretch.svg").status_code == 404
        assert c.get("/figures/wall-quad.svg", params={"side": "up"}).status_code == 422
        assert 'src="/figures/wall-quad.svg"' in c.get("/library").text
        page = c.get("/stretches/wall-quad").text
        assert "/figures/wall-quad.svg?side=left" in page
        assert "/figures/wall-quad.svg?side=right" in page
        assert c.get("/gallery").text.count("<img") >= len(ALL)
