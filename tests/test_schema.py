"""The schema refuses each kind of bad entry, naming the file, the field and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from supple.library.catalog import load_library
from supple.library.errors import ContentError


def edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def broken(content: Path, name: str, change: Any) -> str:
    """Break one stretch file and return the error message the loader gives."""
    edit(content / "stretches" / f"{name}.yaml", change)
    with pytest.raises(ContentError) as info:
        load_library(content)
    return str(info.value)


def test_the_shipped_content_loads(content_copy: Path) -> None:
    lib = load_library(content_copy)
    assert len(lib.stretches) >= 27
    assert len(lib.routines) == 5


def test_missing_field(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.pop("steps"))
    assert "cat-cow.yaml" in msg
    assert "steps: required field is missing" in msg


def test_unknown_field_is_not_ignored(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.update(hold_secs=30))
    assert "cat-cow.yaml: hold_secs: unknown field" in msg


def test_position_outside_the_vocabulary(content_copy: Path) -> None:
    msg = broken(content_copy, "butterfly", lambda d: d.update(positions=["upside-down"]))
    assert "butterfly.yaml: positions[0]:" in msg
    assert "'upside-down'" in msg
    assert "standing" in msg  # the allowed values are listed


def test_target_outside_the_vocabulary(content_copy: Path) -> None:
    msg = broken(content_copy, "butterfly", lambda d: d["targets"].append("elbows"))
    assert "butterfly.yaml: targets[" in msg and "'elbows'" in msg


def test_negative_hold(content_copy: Path) -> None:
    msg = broken(content_copy, "happy-baby", lambda d: d["hold"].update(seconds=-5))
    assert "happy-baby.yaml: hold.seconds:" in msg and "-5" in msg


def test_default_hold_must_name_its_guideline(content_copy: Path) -> None:
    msg = broken(content_copy, "knee-rotations", lambda d: d["hold"].pop("guideline"))
    assert "knee-rotations.yaml: hold:" in msg
    assert "guideline" in msg


def test_hold_outside_its_range(content_copy: Path) -> None:
    msg = broken(content_copy, "butterfly", lambda d: d["hold"].update(seconds=45))
    assert "outside range 20-30" in msg


def test_mobilizer_needs_positions(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.pop("mobilizer"))
    assert "cat-cow.yaml" in msg and "a mobilizer needs 'mobilizer'" in msg


def test_bad_slug_id(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.update(id="Cat Cow"))
    assert "cat-cow.yaml: id:" in msg and "'Cat Cow'" in msg


def test_id_must_match_file_name(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.update(id="cow-cat"))
    assert "cat-cow.yaml: id: 'cow-cat' does not match the file name 'cat-cow'" in msg


def test_unknown_variant_suggests_the_closest(content_copy: Path) -> None:
    msg = broken(content_copy, "childs-pose", lambda d: d.update(variants=["wall-child-pose"]))
    assert "childs-pose.yaml: variants: unknown stretch 'wall-child-pose'" in msg
    assert "did you mean: wall-childs-pose" in msg


def test_variants_must_link_both_ways(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.update(variants=["butterfly"]))
    assert "cat-cow.yaml: variants: 'butterfly' does not list 'cat-cow' back" in msg


def test_unknown_article(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.update(sources=["atlas-spin"]))
    assert "unknown article 'atlas-spin'; did you mean: atlas-spine" in msg


def test_yaml_syntax_error_names_the_line(content_copy: Path) -> None:
    path = content_copy / "stretches" / "cat-cow.yaml"
    path.write_text("id: cat-cow\nname: [unclosed\nkind: hold\n")
    with pytest.raises(ContentError) as info:
        load_library(content_copy)
    assert "cat-cow.yaml: line" in str(info.value)
    assert "not valid YAML" in str(info.value)


def test_every_bad_file_is_reported_not_just_the_first(content_copy: Path) -> None:
    edit(content_copy / "stretches" / "cat-cow.yaml", lambda d: d.pop("name"))
    edit(content_copy / "stretches" / "wall-quad.yaml", lambda d: d.pop("kind"))
    with pytest.raises(ContentError) as info:
        load_library(content_copy)
    assert "cat-cow.yaml: name" in str(info.value)
    assert "wall-quad.yaml: kind" in str(info.value)


def test_routine_with_an_unknown_stretch(content_copy: Path) -> None:
    edit(
        content_copy / "routines" / "wall-nine.yaml",
        lambda d: d["steps"][2].update(stretch="wall-buterfly"),
    )
    with pytest.raises(ContentError) as info:
        load_library(content_copy)
    msg = str(info.value)
    assert "wall-nine.yaml: steps[2].stretch: unknown stretch 'wall-buterfly'" in msg
    assert "did you mean: wall-butterfly" in msg


def test_routine_cannot_hold_a_mobilizer(content_copy: Path) -> None:
    edit(content_copy / "routines" / "atlas-spine-ten.yaml", lambda d: d["steps"][6].pop("mode"))
    with pytest.raises(ContentError) as info:
        load_library(content_copy)
    assert "steps[6].mode: 'cat-cow' is a mobilizer" in str(info.value)


def test_per_side_stretch_needs_a_side_note(content_copy: Path) -> None:
    msg = broken(content_copy, "knee-to-chest", lambda d: d.pop("side_note"))
    assert "knee-to-chest.yaml" in msg
    assert "a per-side stretch needs a 'side_note'" in msg


def test_side_note_placeholders(content_copy: Path) -> None:
    msg = broken(content_copy, "wall-quad", lambda d: d.update(side_note="left heel drawn up"))
    assert "wall-quad.yaml" in msg and "'side_note' must contain {side} or {other}" in msg
    msg = broken(content_copy, "wall-quad", lambda d: d.update(side_note="{side} heel, {hand} up"))
    assert "'side_note' may only use {side} and {other}, not {hand}" in msg


def test_side_note_only_on_a_per_side_stretch(content_copy: Path) -> None:
    msg = broken(content_copy, "butterfly", lambda d: d.update(side_note="{side} knee lower"))
    assert "butterfly.yaml" in msg
    assert "'side_note' is only for a per-side stretch" in msg


def test_every_card_must_say_what_to_feel_and_when_to_stop(content_copy: Path) -> None:
    msg = broken(content_copy, "cat-cow", lambda d: d.pop("feel"))
    assert "cat-cow.yaml" in msg and "feel: required field is missing" in msg
    msg = broken(content_copy, "wall-quad", lambda d: d.pop("stop_if"))
    assert "wall-quad.yaml" in msg and "stop_if: required field is missing" in msg


def test_a_per_side_step_names_no_side(content_copy: Path) -> None:
    def right_foot(d: dict[str, Any]) -> None:
        d["steps"][0] = "Step forward with your right foot."

    msg = broken(content_copy, "runners-lunge", right_foot)
    assert "runners-lunge.yaml" in msg
    assert "steps[0] says 'right'" in msg and "the side_note says what each side means" in msg
    msg = broken(
        content_copy, "wall-quad", lambda d: d["form_cues"].append("Keep the Left knee soft.")
    )
    assert "form_cues[3] says 'Left'" in msg


def test_steps_written_by_supple_say_what_they_rest_on(content_copy: Path) -> None:
    msg = broken(content_copy, "cow-face-legs", lambda d: d.pop("basis"))
    assert "cow-face-legs.yaml" in msg and "steps_from: supple" in msg and "'basis'" in msg
    msg = broken(content_copy, "side-lying-quad", lambda d: d.pop("steps_from"))
    assert "side-lying-quad.yaml" in msg and "give steps_from: supple" in msg


def test_article_targets_only_where_the_claim_differs(content_copy: Path) -> None:
    same = broken(content_copy, "butterfly", lambda d: d.update(article_targets=d["targets"]))
    assert "butterfly.yaml" in same and "only for where the article claims otherwise" in same


def test_article_targets_need_an_article(content_copy: Path) -> None:
    msg = broken(
        content_copy, "standing-side-bend", lambda d: d.update(article_targets=["hip-flexors"])
    )
    assert "standing-side-bend.yaml" in msg and "this stretch has no article" in msg
