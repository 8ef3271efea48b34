"""The browsing commands, through Typer's runner, checked on what they print."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import default_library


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_plain_supple_says_what_it_is_and_that_it_is_not_medical_advice(runner: CliRunner) -> None:
    out = run(runner)
    assert "stretching coach for lower back and hip pain" in out
    assert "not medical advice" in out


def test_stretches_table_lists_every_stretch(runner: CliRunner) -> None:
    out = run(runner, "stretches")
    for name in ("Child's pose", "Wall quad stretch", "Cat-cow", "Kneeling lunge with a twist"):
        assert name in out
    assert f"{len(default_library().stretches)} stretches" in out


@pytest.mark.parametrize("columns", [80, 100])
def test_stretches_reads_well_at_80_and_100_columns(runner: CliRunner, columns: int) -> None:
    """Each stretch's name whole on its line with its hold, its id under it to type."""
    out = runner.invoke(app, ["stretches"], env={"COLUMNS": str(columns)}).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns and "…" not in out
    header = lines[2].split()
    assert header[:2] == ["stretch", "hold"] and header[-2:] == ["works", "on"]
    assert ("position" in header) is (columns >= 100)
    lib = default_library()
    for s in lib.stretches.values():
        if len(s.name) > 25:
            continue  # a long name may take two lines, broken between words
        [row] = [i for i, line in enumerate(lines) if line.strip().startswith(s.name + "  ")]
        assert lines[row + 1].split()[0] == s.id, s.id
    [cat] = [line for line in lines if line.strip().startswith("Cat-cow ")]
    assert re.split(r"\s{2,}", cat.strip())[:2] == ["Cat-cow", "30 s moving"]


def test_stretches_json_has_the_promised_fields(runner: CliRunner) -> None:
    data = json.loads(run(runner, "stretches", "--json"))
    assert len(data) == len(default_library().stretches)
    keys = {
        "id",
        "name",
        "aliases",
        "kind",
        "per_side",
        "hold_seconds",
        "positions",
        "equipment",
        "targets",
        "sources",
    }
    assert all(keys <= set(item) for item in data)
    by_id = {d["id"]: d for d in data}
    assert by_id["wall-quad"]["per_side"] is True
    assert by_id["wall-quad"]["equipment"] == ["wall"]
    assert by_id["cat-cow"]["kind"] == "mobilizer"
    assert by_id["figure-4-supine"]["sources"] == ["paleohacks", "atlas-spine"]


def test_filter_by_equipment(runner: CliRunner) -> None:
    data = json.loads(run(runner, "stretches", "--equipment", "wall", "--json"))
    assert len(data) == 9
    assert all(d["id"].startswith("wall-") for d in data)


def test_filter_by_position_and_area(runner: CliRunner) -> None:
    data = json.loads(
        run(runner, "stretches", "--position", "standing", "--area", "quadriceps", "--json")
    )
    ids = {d["id"] for d in data}
    assert "wall-quad" in ids
    assert all("standing" in d["positions"] and "quadriceps" in d["targets"] for d in data)


def test_area_group_expands_to_its_targets(runner: CliRunner) -> None:
    hips = {d["id"] for d in json.loads(run(runner, "stretches", "--area", "hips", "--json"))}
    flexors = {
        d["id"] for d in json.loads(run(runner, "stretches", "--area", "hip-flexors", "--json"))
    }
    assert flexors < hips


def test_unknown_area_is_refused_with_a_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stretches", "--area", "hip-flexor"])
    assert result.exit_code == 1
    assert "unknown area 'hip-flexor'" in result.stderr
    assert "hip-flexors" in result.stderr


def test_unknown_position_lists_the_choices(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stretches", "--position", "handstand"])
    assert result.exit_code == 2
    assert "handstand" in result.output and "lying-back" in result.output


def test_stretch_card_shows_everything(runner: CliRunner) -> None:
    out = run(runner, "stretch", "kneeling-lunge-twist")
    assert "Kneeling lunge with a twist" in out
    assert "How to do it" in out and "1. " in out
    assert "Breathing" in out and "Cautions" in out and "Make it easier or harder" in out
    assert "30 s per side" in out and "20-30 s" in out
    assert "How to Stretch the Hip and Lower Back (Verywell)" in out
    assert "Runner's lunge (runners-lunge)" in out  # its variants


def test_stretch_card_says_when_a_time_is_a_default(runner: CliRunner) -> None:
    out = run(runner, "stretch", "knee-rotations")
    assert "default, not from the article" in out and "ACSM" in out
    assert "Moving through" in out


def test_unknown_stretch_suggests_close_ids(runner: CliRunner) -> None:
    result = runner.invoke(app, ["stretch", "wall-quads"])
    assert result.exit_code == 1
    assert "unknown stretch 'wall-quads'; did you mean: wall-quad" in result.stderr


def test_stretch_json_is_the_whole_entry(runner: CliRunner) -> None:
    data = json.loads(run(runner, "stretch", "cat-cow", "--json"))
    assert [p["name"] for p in data["mobilizer"]["positions"]] == ["Cat", "Cow"]
    assert data["hold"] == {"seconds": 30, "range": None, "basis": "source", "guideline": None}


def test_advice_prints_the_six_rules_and_the_rest(runner: CliRunner) -> None:
    out = run(runner, "advice")
    for title in (
        "Warm up first",
        "Go slowly",
        "Keep breathing",
        "Hold still, don't bounce",
        "Listen to your body",
        "Little and often",
        "Once or twice a day",
        "After an injury, ask first",
    ):
        assert title in out
    assert "Sitting, posture and staying active" in out
