"""The condition and place rules: what clinical.md says, as data that fits the library."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml

from supple.library.catalog import default_library, load_library
from supple.library.errors import ContentError
from supple.library.schema import Stretch
from supple.library.vocab import Position
from supple.planner.needs import Condition, Place
from supple.planner.rules import Level, alternatives, default_rules, load_rules, unsafe

LIB = default_library()
RULES = default_rules()


def unsafe_ids(*conditions: str) -> set[str]:
    return {s.id for s in LIB.stretches.values() if unsafe(s, conditions)}


def test_the_rules_fit_the_library() -> None:
    assert RULES.problems(LIB) == []


def test_every_condition_and_place_has_rules_with_sources() -> None:
    assert set(RULES.conditions) == set(Condition)
    assert set(RULES.places) == set(Place)
    for cond in RULES.conditions.values():
        assert cond.rules
        for rule in cond.rules:
            assert rule.source.strip()


def test_posterior_hip_replacement() -> None:
    found = unsafe_ids("hip-replacement-posterior")
    expected = {
        "figure-4-supine",
        "figure-4-twist",
        "wall-figure-4",
        "seated-figure-4-chair",
        "happy-baby",
        "wall-happy-baby",
        "knee-to-chest",
        "double-knee-to-chest",
        "childs-pose",
        "wall-childs-pose",
        "cow-face-legs",
        "seated-twist",
        "wall-it-band",
    }
    assert expected <= found
    assert "standing-hip-flexor" not in found and "seated-twist-chair" not in found


def test_anterior_hip_replacement() -> None:
    found = unsafe_ids("hip-replacement-anterior")
    expected = {
        "runners-lunge",
        "kneeling-hip-flexor",
        "kneeling-lunge-twist",
        "wall-runners-lunge",
        "butterfly",
        "wall-butterfly",
        "figure-4-supine",
        "figure-4-twist",
        "wall-figure-4",
    }
    assert expected <= found
    assert "knee-to-chest" not in found


def test_osteoporosis() -> None:
    found = unsafe_ids("osteoporosis")
    for sid in ("childs-pose", "knee-to-chest", "double-knee-to-chest"):
        assert sid in found
    # Cat-cow keeps its arching half (a caution), so it is not ruled out.
    assert not {"cat-cow", "seated-cat-cow-chair"} & found
    twists = {s.id for s in LIB.stretches.values() if "twist" in s.id}
    assert twists and twists <= found
    # Hinging at the hips is the alternative, so the hinges stay allowed.
    assert not {"seated-forward-hinge-chair", "standing-hamstring-chair"} & found


def test_knee_takes_care_with_every_kneeling_and_all_fours_stretch() -> None:
    # clinical.md: "offer padding and standing or lying alternatives": a caution, not avoid.
    assert unsafe_ids("knee") == set()
    kneeling = [
        s
        for s in LIB.stretches.values()
        if {Position.KNEELING, Position.ALL_FOURS} & set(s.positions)
    ]
    assert kneeling
    for s in kneeling:
        concern = next(c for c in RULES.cautions(s, ["knee"]) if c.rule == "kneeling")
        assert concern.advice is not None and "towel" in concern.advice.lower(), s.id
        assert concern.alternatives, s.id


def test_pregnancy_cautions_lying_on_the_back_and_rules_out_lying_on_the_front() -> None:
    lying_back = [s for s in LIB.stretches.values() if Position.LYING_BACK in s.positions]
    assert lying_back
    for s in lying_back:
        assert not unsafe(s, ["pregnancy"]), s.id
        assert [c.level for c in RULES.concerns(s, ["pregnancy"])] == [Level.CAUTION], s.id
    belly = LIB.stretch("cat-cow").model_copy(update={"id": "belly", "positions": ["lying-front"]})
    assert [c.condition for c in unsafe(belly, ["pregnancy"])] == [Condition.PREGNANCY]


def test_the_issue_s_alternatives() -> None:
    assert alternatives("kneeling-hip-flexor", ["knee"])[0] == "standing-hip-flexor"
    assert "knee-to-chest" in alternatives("childs-pose", ["knee"])
    assert "seated-figure-4-chair" in alternatives("figure-4-supine", ["pregnancy"])


def test_alternatives_are_safe_for_every_condition_together() -> None:
    # Knee offers knee-to-chest for child's pose; osteoporosis rules that out too.
    alts = alternatives("childs-pose", ["knee", "osteoporosis"])
    assert alts and "knee-to-chest" not in alts
    for pair in itertools.combinations([c.value for c in Condition], 2):
        for s in LIB.stretches.values():
            for alt in alternatives(s.id, pair):
                assert not unsafe(LIB.stretch(alt), pair), (s.id, pair, alt)


def test_alternatives_can_be_limited_to_a_place() -> None:
    alts = alternatives("kneeling-hip-flexor", ["knee"], place="desk")
    assert alts == ["standing-hip-flexor"]


def test_places() -> None:
    def allowed(place: str) -> set[str]:
        return {s.id for s in LIB.stretches.values() if not RULES.place_problem(s, place)}

    assert allowed("anywhere") == set(LIB.stretches)
    for place in ("no-floor", "desk"):
        for sid in allowed(place):
            positions = set(LIB.stretch(sid).positions)
            assert positions <= {Position.STANDING, Position.SEATED_CHAIR}, sid
        assert "runners-lunge" not in allowed(place)
    assert "wall-quad" in allowed("no-floor") and "wall-quad" not in allowed("desk")
    assert "seated-figure-4-chair" in allowed("desk")
    reason = RULES.place_problem(LIB.stretch("childs-pose"), "no-floor")
    assert reason == "It is done kneeling."


def test_a_concern_names_its_condition_reason_source_and_alternatives() -> None:
    concern = RULES.unsafe(LIB.stretch("figure-4-supine"), ["hip-replacement-posterior"])[0]
    data = concern.to_json()
    assert data["condition"] == "hip-replacement-posterior" and data["level"] == "avoid"
    assert "HSS" in str(data["source"]) and data["alternatives"] == ["wall-butterfly"]


def rules_copy(tmp_path: Path, change: Any) -> Path:
    path = tmp_path / "conditions.yaml"
    data = yaml.safe_load((Path(RULES.path)).read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_an_unknown_condition_is_refused_with_the_file_and_field(tmp_path: Path) -> None:
    path = rules_copy(tmp_path, lambda d: d["conditions"][0].update(id="bad-back"))
    with pytest.raises(ContentError) as info:
        load_rules(path)
    assert "conditions.yaml: conditions[0].id:" in str(info.value)


def test_a_rule_must_say_what_it_applies_to(tmp_path: Path) -> None:
    def strip(d: dict[str, Any]) -> None:
        d["conditions"][0]["rules"][0]["stretches"] = []

    with pytest.raises(ContentError) as info:
        load_rules(rules_copy(tmp_path, strip))
    assert "must name the stretches or the positions" in str(info.value)


def test_problems_name_unknown_stretches_and_unsafe_alternatives(tmp_path: Path) -> None:
    def spoil(d: dict[str, Any]) -> None:
        hip = next(c for c in d["conditions"] if c["id"] == "hip-replacement-posterior")
        hip["rules"][0]["alternatives"]["happy-baby"] = ["childs-pose", "cat-cowz"]
        hip["rules"][0]["alternatives"].pop("adductor-opener")

    problems = load_rules(rules_copy(tmp_path, spoil)).problems(LIB)
    text = "\n".join(problems)
    assert "alternative 'childs-pose' is itself unsafe" in text
    assert "unknown stretch 'cat-cowz'; did you mean: cat-cow" in text
    assert "no alternative offered for 'adductor-opener'" in text


def test_supple_s_own_stretches_need_a_basis(content_copy: Path) -> None:
    path = content_copy / "stretches" / "standing-side-bend.yaml"
    data = yaml.safe_load(path.read_text())
    data.pop("basis")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as info:
        load_library(content_copy)
    assert "standing-side-bend.yaml" in str(info.value) and "'basis'" in str(info.value)


def test_an_article_stretch_still_needs_a_source(content_copy: Path) -> None:
    path = content_copy / "stretches" / "cat-cow.yaml"
    data = yaml.safe_load(path.read_text())
    data["sources"] = []
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ContentError) as info:
        load_library(content_copy)
    assert "cat-cow.yaml" in str(info.value) and "at least one article" in str(info.value)


def test_supple_s_own_stretches_are_marked_as_such() -> None:
    own: list[Stretch] = [s for s in LIB.stretches.values() if s.origin.value == "supple"]
    assert {"standing-hip-flexor", "seated-figure-4-chair", "side-lying-quad"} <= {
        s.id for s in own
    }
    for s in own:
        assert s.sources == [] and s.basis
