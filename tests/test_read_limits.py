"""Data files are read within limits: a size cap, and a cap on YAML aliases and their expansion."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from supple.cli import app
from supple.library.catalog import content_dir, default_library
from supple.library.errors import MAX_ALIASES, ContentError, read_data

# Nine lines; with every alias expanded, 9**9 (387 million) strings.
ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def refused(path: Path) -> tuple[str, float]:
    """read_data's message for a file it refuses, and how long it took to say so."""
    began = time.monotonic()
    with pytest.raises(ContentError) as caught:
        read_data(path)
    return str(caught.value), time.monotonic() - began


def test_the_alias_bomb_is_refused_at_once_by_import(runner: CliRunner, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB)
    message, took = refused(bomb)
    assert took < 1.0
    assert message.startswith(f"{bomb}: refused: it would hold more than 1,000,000 values")
    default_library()  # loaded once, so the time below is the import's own
    began = time.monotonic()
    result = runner.invoke(app, ["routine", "import", str(bomb)])
    assert time.monotonic() - began < 1.0
    assert result.exit_code == 1
    assert f"{bomb}: refused: it would hold more than" in " ".join(result.stderr.split())


def test_merge_keys_cannot_build_a_bomb_either(tmp_path: Path) -> None:
    lines = ["a0: &a0 {x: 1, y: 2}"]
    for i in range(1, 10):
        merged = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} {{<<: [{merged}], k{i}: 1}}")
    path = tmp_path / "merge.yaml"
    path.write_text("\n".join(lines) + "\n")
    message, took = refused(path)
    assert took < 1.0 and "values once its aliases" in message


def test_a_50_mb_file_is_refused_before_it_is_read(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB to stat, nothing on the disk
    message, took = refused(big)
    assert took < 1.0
    assert message == f"{big}: is too big to be a supple file (50.0 MB; the limit is 1.0 MB)"
    result = runner.invoke(app, ["routine", "import", str(big)])
    assert result.exit_code == 1 and "the limit is 1.0 MB" in result.stderr


def test_a_stream_with_no_size_is_cut_at_the_limit() -> None:
    message, took = refused(Path("/dev/zero"))
    assert took < 1.0 and "more than 1.0 MB; the limit is 1.0 MB" in message


def test_too_many_aliases_an_alias_inside_itself_and_deep_nesting(tmp_path: Path) -> None:
    many = tmp_path / "many.yaml"
    many.write_text("a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n")
    assert f"more than {MAX_ALIASES} aliases" in refused(many)[0]
    loop = tmp_path / "loop.yaml"
    loop.write_text("a: &a [1, *a]\n")
    assert "refers to a value it is part of" in refused(loop)[0]
    for suffix in ("yaml", "json"):
        deep = tmp_path / f"deep.{suffix}"
        deep.write_text("[" * 50_000 + "]" * 50_000)
        assert "nested too deeply" in refused(deep)[0]


def test_ordinary_files_read_as_before(tmp_path: Path) -> None:
    for path in sorted(content_dir().rglob("*.yaml")):
        assert read_data(path) == yaml.safe_load(path.read_text()), path
    few = tmp_path / "few.yaml"
    few.write_text("hold: &h 30\nsteps: [{hold: *h}, {hold: *h}]\n")
    assert read_data(few) == {"hold": 30, "steps": [{"hold": 30}, {"hold": 30}]}
