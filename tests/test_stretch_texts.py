"""The stretch cards a beginner reads: what to feel, when to stop, sides, honest targets."""

from __future__ import annotations

import re

import pytest

from supple.figures.render import points
from supple.library.catalog import default_library
from supple.library.figure import BODY_DEPTH, STEP_DEPTH, STEP_HEIGHT
from supple.library.schema import Origin, Stretch
from supple.library.vocab import Target

LIB = default_library()
ALL = sorted(LIB.stretches)
PER_SIDE = sorted(sid for sid, s in LIB.stretches.items() if s.per_side)

# Hips bent: the hip flexors are shortened, not stretched, whatever the article says.
HIPS_BENT = ["wall-straddle", "wall-butterfly", "happy-baby", "wall-happy-baby", "adductor-opener"]
# The article gives a name, a hold and the muscles, no instructions: the steps are supple's.
STEPS_INVENTED = ["adductor-opener", "cow-face-legs", "figure-4-twist", "wide-legged-forward-fold"]


def card_text(s: Stretch) -> list[str]:
    """Every sentence of a card a person reads about the stretch itself, and the player's cues."""
    moves = s.mobilizer.positions if s.mobilizer else []
    return [
        *(p.name for p in moves),
        *(p.cue for p in moves),
        s.summary,
        s.feel,
        s.stop_if,
        *s.steps,
        *s.breathing,
        *s.form_cues,
        *s.cautions,
        *(m.text for m in s.modifications),
    ]


@pytest.mark.parametrize("sid", ALL)
def test_every_card_says_where_to_feel_it_and_when_to_stop(sid: str) -> None:
    s = LIB.stretch(sid)
    stop = s.stop_if.lower()
    assert "sharp" in stop and "shooting" in stop
    assert re.search(r"spreads down (a|your) leg", stop)
    assert "numb" in stop and "tingl" in stop
    # and something particular to this stretch, after the general signs
    assert len(stop.split("; also ", 1)[-1]) > 20 and "; also " in stop
    assert len(s.feel) > 30


def test_what_to_feel_and_when_to_stop_are_written_for_each_stretch() -> None:
    feels = [s.feel for s in LIB.stretches.values()]
    stops = [s.stop_if for s in LIB.stretches.values()]
    assert len(set(feels)) == len(feels)
    assert len(set(stops)) == len(stops)


@pytest.mark.parametrize("sid", PER_SIDE)
def test_no_step_of_a_per_side_stretch_names_a_side(sid: str) -> None:
    s = LIB.stretch(sid)
    for text in card_text(s):
        assert not re.search(r"\b(left|right)\b", text, re.IGNORECASE), (sid, text)


@pytest.mark.parametrize("sid", PER_SIDE)
def test_each_side_note_says_what_the_left_side_means(sid: str) -> None:
    s = LIB.stretch(sid)
    assert s.side_note is not None
    left = s.side_note.format(side="left", other="right")
    assert "left" in left and "{" not in left
    # the picture's "left" pose is the side the note describes
    assert s.figure is not None and s.figure.working == "left"


def test_the_sides_of_the_stretches_that_named_one() -> None:
    notes = {
        sid: LIB.stretch(sid).side_note.format(side="left", other="right")  # type: ignore[union-attr]
        for sid in ("runners-lunge", "figure-4-twist", "seated-twist", "cow-face-legs")
    }
    assert notes["runners-lunge"] == "left leg back, right foot forward"
    assert notes["figure-4-twist"] == "left ankle over the right knee, legs drop to the right"
    assert notes["seated-twist"].startswith("left knee bent")
    assert notes["seated-twist"].endswith("turn to the left")
    assert notes["cow-face-legs"] == "left knee on top, left foot beside the right hip"


@pytest.mark.parametrize("sid", HIPS_BENT)
def test_hip_flexors_are_not_counted_with_the_hips_bent(sid: str) -> None:
    assert Target.HIP_FLEXORS not in LIB.stretch(sid).targets


def test_the_articles_claims_are_kept_where_they_differ() -> None:
    for sid in ["wall-straddle", "wall-butterfly", "happy-baby", "adductor-opener"]:
        assert Target.HIP_FLEXORS in LIB.stretch(sid).article_targets, sid
    assert Target.ABDOMINALS in LIB.stretch("runners-lunge").article_targets
    assert Target.ABDOMINALS not in LIB.stretch("runners-lunge").targets
    for s in LIB.stretches.values():
        if s.article_targets:
            assert set(s.article_targets) != set(s.targets), s.id


def test_a_plan_for_the_hip_flexors_only_uses_stretches_that_lengthen_them() -> None:
    found = {s.id for s in LIB.find(targets=frozenset({Target.HIP_FLEXORS}))}
    assert not found & set(HIPS_BENT)
    # each one takes the hip behind the body (extension), except the warm-up march
    assert found - {"march-in-place"} == {
        "kneeling-hip-flexor",
        "kneeling-lunge-twist",
        "runners-lunge",
        "side-lying-quad",
        "standing-hip-flexor",
        "wall-quad",
        "wall-runners-lunge",
    }


@pytest.mark.parametrize("sid", STEPS_INVENTED)
def test_steps_the_article_does_not_give_are_marked_as_supples(sid: str) -> None:
    s = LIB.stretch(sid)
    assert s.steps_from is Origin.SUPPLE
    assert s.basis and "steps are supple's" in s.basis
    assert s.origin is Origin.ARTICLE and s.sources == ["paleohacks"]


def test_stretches_whose_article_gives_steps_keep_the_articles() -> None:
    marked = {s.id for s in LIB.stretches.values() if s.steps_from is Origin.SUPPLE}
    own = {s.id for s in LIB.stretches.values() if s.origin is Origin.SUPPLE}
    assert marked == set(STEPS_INVENTED) | own | {"march-in-place"}


def test_the_chair_cat_cow_does_not_credit_the_article_with_the_chair() -> None:
    s = LIB.stretch("seated-cat-cow-chair")
    assert s.origin is Origin.SUPPLE and s.basis
    assert "never mentions a chair" in s.basis
    assert "cat-cow" in s.variants and s.id in LIB.stretch("cat-cow").variants


def test_cow_face_legs_is_done_on_both_sides_with_the_legs_named() -> None:
    s = LIB.stretch("cow-face-legs")
    assert s.per_side
    steps = " ".join(s.steps).lower()
    assert "bottom leg" in steps and "top leg" in steps
    assert "one that was underneath goes on top" in steps


def test_the_standing_hamstring_stretch_uses_a_low_step() -> None:
    s = LIB.stretch("standing-hamstring-chair")
    text = " ".join([s.summary, *s.steps]).lower()
    assert "step" in text and "rung" not in text
    assert s.figure is not None and [p.kind.value for p in s.figure.props] == ["step"]
    assert [e.value for e in s.equipment] == ["step"]  # so a desk plan leaves it out
    ankle = points(s)["ankle_l"]  # the heel rests on the step, not on air or a chair
    step = s.figure.props[0]
    assert abs(ankle[0] - step.at) <= STEP_DEPTH / 2 and 0 < ankle[1] - STEP_HEIGHT <= BODY_DEPTH


def test_the_wall_it_band_arm_stays_straight() -> None:
    s = LIB.stretch("wall-it-band")
    assert "arm straight" in s.steps[0] and "forearm" not in " ".join(s.steps)
    assert "straight" in s.steps[2]


def test_the_wall_happy_baby_says_where_the_wall_is() -> None:
    steps = " ".join(LIB.stretch("wall-happy-baby").steps)
    assert "facing a wall" not in steps and "feet towards a wall" in steps


CONDITION_WORDS = re.compile(
    r"replace|osteopor|pregnan|bump|sciatica|surg|operated|sore or|tender knee|"
    r"sensitive knee|light-headed or sick|get down to the floor|cannot get down",
    re.IGNORECASE,
)


@pytest.mark.parametrize("sid", ALL)
def test_cautions_leave_the_conditions_to_the_condition_rules(sid: str) -> None:
    for caution in LIB.stretch(sid).cautions:
        assert not CONDITION_WORDS.search(caution), (sid, caution)
