"""Every stretch has a figure; every render is well-formed SVG; the anatomy is sane."""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from browser import CHROMIUM, launch
from supple.figures.render import points, render
from supple.library.catalog import default_library
from supple.library.figure import BODY_DEPTH, CHAIR_SEAT, PropKind
from supple.library.schema import Stretch
from supple.library.skeleton import HEAD_RADIUS, LENGTHS, SEGMENTS, View, joints, mirror

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


@pytest.mark.parametrize("sid", ALL)
def test_segment_lengths_are_fixed_and_nothing_is_below_the_floor(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    for pose in s.figure.poses:
        j = joints(pose)
        for name, a, b, key, _ in SEGMENTS:
            # hips and shoulders run joint to joint: two half-widths
            want = LENGTHS[key] * (2 if key.endswith("_half") else 1)
            assert math.dist(j[a], j[b]) == pytest.approx(want, abs=1e-6), name
        for joint, (_, y, _) in j.items():
            assert y >= -0.5, f"{sid} / {pose.name}: {joint} is {-y:.1f} cm below the floor"
        assert j["head"][1] >= HEAD_RADIUS - 0.5, f"{sid} / {pose.name}: the head sinks"


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
        # A body part cannot pass through a wall: every joint stays on the room's side.
        for w in walls:
            for name, (x, _, z) in j.items():
                coord = x if w.axis == "x" else z
                inside = [c for c in ((jj[0] if w.axis == "x" else jj[2]) for jj in j.values())]
                room_side = 1 if sum(inside) / len(inside) > w.at else -1
                assert (coord - w.at) * room_side >= -2, f"{where}: {name} is through the wall"


@pytest.mark.parametrize("sid", ALL)
def test_renders_are_well_formed_and_the_sides_mirror(sid: str) -> None:
    s = figure_of(sid)
    assert s.figure is not None
    for pose in s.figure.poses:
        left = ET.fromstring(render(s, "left", pose=pose.name))
        right = ET.fromstring(render(s, "right", pose=pose.name))
        assert left.tag == f"{SVG}svg" and right.tag == f"{SVG}svg"
        lx, ly, lw, lh = map(float, left.get("viewBox", "").split())
        rx, ry, rw, rh = map(float, right.get("viewBox", "").split())
        assert (ry, rw, rh) == (ly, lw, lh) and rx == pytest.approx(-(lx + lw), abs=0.11)
        flips = [svg.find(f"{SVG}g").get("transform") for svg in (left, right)]  # type: ignore[union-attr]
        # One of the two is drawn mirrored: the right side's from the front or above, the
        # left side's from the side (a person showing the viewer their left faces left).
        mirrored = "left" if s.figure.view is View.SIDE else "right"
        assert flips == (["scale(-1 1)", None] if mirrored == "left" else [None, "scale(-1 1)"])
        ll = [e.attrib for e in left.iter(f"{SVG}line")]
        rl = [e.attrib for e in right.iter(f"{SVG}line")]
        assert ll == rl  # the same drawing, seen in a mirror
        parts = {e.get("data-part") for e in left.iter()}
        assert {"spine", "thigh_l", "thigh_r", "head"} <= parts


def test_a_side_view_shows_the_side_it_names() -> None:
    """LEFT SIDE: the person faces left on screen, their left (working) leg near and dark."""
    s = figure_of("standing-hip-flexor")
    assert s.figure is not None and s.figure.view is View.SIDE and s.figure.working == "left"
    for side in ("left", "right"):
        root = ET.fromstring(render(s, side))
        sign = -1 if root.find(f"{SVG}g").get("transform") else 1  # type: ignore[union-attr]
        lines = {e.get("data-part"): e.attrib for e in root.iter(f"{SVG}line")}
        # On screen the person faces the side named: their front foot is that way.
        toes = points(s)
        front = "r" if toes["toe_r"][0] > toes["toe_l"][0] else "l"
        foot_x = sign * float(lines[f"foot_{front}"]["x2"])
        pelvis_x = sign * float(lines["spine"]["x1"])
        assert (foot_x < pelvis_x) if side == "left" else (foot_x > pelvis_x)
        # The working leg (left on the left side; its mirror on the right) is drawn near.
        assert lines["thigh_l"]["stroke"] == "#2f6f62"


def test_the_far_limbs_are_lighter() -> None:
    s = figure_of("wall-quad")
    root = ET.fromstring(render(s))
    colour = {e.get("data-part"): e.get("stroke") for e in root.iter(f"{SVG}line")}
    assert colour["thigh_l"] != colour["thigh_r"]  # seen from the left: the right leg is far


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
