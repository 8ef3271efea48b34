"""Routines on the command line: list, show, export, import, and refusing bad files."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from supple.cli import app


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data))
    return path


MINE = {
    "id": "my-morning",
    "title": "My morning",
    "source": None,
    "steps": [
        {"stretch": "cat-cow", "hold_seconds": 40, "per_side": False, "mode": "mobilize"},
        {"stretch": "wall-quad", "hold_seconds": 45, "per_side": True, "repetitions": 2},
    ],
}


def test_routines_json_lists_the_five_programs(runner: CliRunner) -> None:
    data = json.loads(run(runner, "routines", "--json"))
    assert {d["id"] for d in data} == {
        "paleohacks-nine",
        "physio-mobilizers",
        "atlas-spine-ten",
        "verywell-lunge-twist",
        "wall-nine",
    }
    by_id = {d["id"]: d for d in data}
    assert by_id["wall-nine"]["source"] == "wall-stretches"
    assert "PaleoHacks" in by_id["paleohacks-nine"]["source_title"]
    assert all({"id", "title", "source"} <= set(d) for d in data)


def test_routine_shows_steps_times_and_total(runner: CliRunner) -> None:
    out = run(runner, "routine", "paleohacks-nine")
    assert "Child's pose" in out and "Happy baby" in out
    assert "hold 30 s each side" in out
    # 5 one-sided holds of 30 s and 4 two-sided: 5*30 + 4*60 = 390 s
    assert "Total stretching time: 6 min 30 s" in out


def test_routine_show_subcommand_is_the_same(runner: CliRunner) -> None:
    assert run(runner, "routine", "show", "wall-nine") == run(runner, "routine", "wall-nine")


def test_routine_notes_say_where_a_time_is_a_default(runner: CliRunner) -> None:
    out = run(runner, "routine", "physio-mobilizers")
    assert "move 1 min each side" in out
    assert "ACSM" in out


def test_export_json_is_the_exchange_format(runner: CliRunner) -> None:
    data = json.loads(run(runner, "routine", "export", "wall-nine"))
    assert data["id"] == "wall-nine" and data["source"] == "wall-stretches"
    assert data["steps"][0] == {
        "stretch": "wall-runners-lunge",
        "hold_seconds": 30,
        "per_side": True,
        "mode": "hold",
        "repetitions": 1,
        "note": None,
    }


def test_export_then_import_gives_back_the_same_routine(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    for fmt in ("json", "yaml"):
        text = run(runner, "routine", "export", "atlas-spine-ten", "--format", fmt)
        path = tmp_path / f"copy.{fmt}"
        path.write_text(text)
        run(runner, "routine", "import", str(path), "--id", f"atlas-copy-{fmt}")
        again = run(runner, "routine", "export", f"atlas-copy-{fmt}", "--format", fmt)
        original = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
        copy = yaml.safe_load(again) if fmt == "yaml" else json.loads(again)
        assert copy == {**original, "id": f"atlas-copy-{fmt}"}


def test_imported_routine_is_kept_in_the_data_folder(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    out = run(runner, "routine", "import", str(write(tmp_path / "r.json", MINE)))
    assert "Imported My morning as my-morning (2 stretches)" in out
    assert (home / "routines" / "my-morning.json").is_file()
    listed = {d["id"]: d for d in json.loads(run(runner, "routines", "--json"))}
    assert listed["my-morning"]["built_in"] is False
    assert listed["my-morning"]["source_title"] == "your own"
    shown = run(runner, "routine", "my-morning")
    assert "hold 45 s each side, x2" in shown
    # 40 s moving + 45 s x 2 sides x 2 repetitions = 220 s
    assert "Total stretching time: 3 min 40 s" in shown
    assert json.loads(run(runner, "routine", "export", "my-morning")) == {
        **MINE,
        "description": None,
        "steps": [
            {**MINE["steps"][0], "repetitions": 1, "note": None},
            {**MINE["steps"][1], "mode": "hold", "note": None},
        ],
    }


def test_same_id_is_not_overwritten_without_replace(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    run(runner, "routine", "import", str(write(tmp_path / "r.json", MINE)))
    saved = (home / "routines" / "my-morning.json").read_text()
    changed = write(tmp_path / "r2.json", {**MINE, "title": "Changed"})
    result = runner.invoke(app, ["routine", "import", str(changed)])
    assert result.exit_code == 1
    assert "already have a routine 'my-morning'; add --replace" in result.stderr
    assert (home / "routines" / "my-morning.json").read_text() == saved
    run(runner, "routine", "import", str(changed), "--replace")
    assert json.loads(run(runner, "routine", "export", "my-morning"))["title"] == "Changed"


def test_a_built_in_id_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "routine",
            "import",
            str(write(tmp_path / "r.json", {**MINE, "id": "wall-nine"})),
            "--replace",
        ],
    )
    assert result.exit_code == 1
    assert "'wall-nine' is a built-in routine" in result.stderr


def test_unknown_stretch_names_file_field_and_suggests(runner: CliRunner, tmp_path: Path) -> None:
    bad = {**MINE, "steps": [{"stretch": "catcow", "hold_seconds": 30, "per_side": False}]}
    path = write(tmp_path / "bad.json", bad)
    result = runner.invoke(app, ["routine", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}: steps[0].stretch: unknown stretch 'catcow'; did you mean: cat-cow" in (
        result.stderr.replace("\n", "")
    )


def test_bad_values_are_named(runner: CliRunner, tmp_path: Path, home: Path) -> None:
    bad = {**MINE, "steps": [{"stretch": "cat-cow", "hold_seconds": -3, "per_side": "often"}]}
    result = runner.invoke(app, ["routine", "import", str(write(tmp_path / "bad.json", bad))])
    assert result.exit_code == 1
    err = result.stderr
    assert "steps[0].hold_seconds" in err and "-3" in err
    assert "steps[0].per_side" in err and "'often'" in err
    assert not (home / "routines" / "my-morning.json").exists()


def test_missing_title_and_broken_json(runner: CliRunner, tmp_path: Path) -> None:
    no_title = {k: v for k, v in MINE.items() if k != "title"}
    result = runner.invoke(app, ["routine", "import", str(write(tmp_path / "a.json", no_title))])
    assert "title: required field is missing" in result.stderr
    broken = tmp_path / "b.json"
    broken.write_text('{"id": "x",')
    result = runner.invoke(app, ["routine", "import", str(broken)])
    assert result.exit_code == 1
    assert "b.json: line 1: not valid JSON" in result.stderr


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["routine", "import", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1 and "nope.yaml: no such file" in result.stderr


def test_unknown_routine_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["routine", "wall-nin"])
    assert result.exit_code == 1
    assert "unknown routine 'wall-nin'; did you mean: wall-nine" in result.stderr


def test_a_damaged_own_routine_is_reported_and_the_rest_still_listed(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    run(runner, "routine", "import", str(write(tmp_path / "r.json", MINE)))
    (home / "routines" / "broken.json").write_text("{not json")
    result = runner.invoke(app, ["routines"])
    assert result.exit_code == 0
    assert "broken.json" in result.stdout and "my-morning" in result.stdout


def test_delete_own_routine_but_not_a_built_in(
    runner: CliRunner, tmp_path: Path, home: Path
) -> None:
    run(runner, "routine", "import", str(write(tmp_path / "r.json", MINE)))
    run(runner, "routine", "delete", "my-morning")
    assert not (home / "routines" / "my-morning.json").exists()
    result = runner.invoke(app, ["routine", "delete", "wall-nine"])
    assert result.exit_code == 1 and "built in" in result.stderr
