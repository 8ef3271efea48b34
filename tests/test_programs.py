"""Each article's program, checked against the article's facts written out here by hand."""

from __future__ import annotations

import pytest

from supple.library.catalog import default_library

# (stretch id, hold seconds, per side, mode) in the article's order, read off the article.
PROGRAMS = {
    # PaleoHacks, "9 Easy Stretches...": 30 s each, "per side" on four of them.
    ("paleohacks-nine", "paleohacks"): [
        ("childs-pose", 30, False, "hold"),
        ("figure-4-supine", 30, True, "hold"),
        ("figure-4-twist", 30, True, "hold"),
        ("runners-lunge", 30, True, "hold"),
        ("adductor-opener", 30, False, "hold"),
        ("wide-legged-forward-fold", 30, False, "hold"),
        ("cow-face-legs", 30, False, "hold"),
        ("seated-twist", 30, True, "hold"),
        ("happy-baby", 30, False, "hold"),
    ],
    # The physiotherapist's page: three techniques, all shown moving; no times given,
    # so supple's default of about a minute each (ACSM: ~60 s per muscle).
    ("physio-mobilizers", "physio-mobilizers"): [
        ("kneeling-hip-flexor", 60, True, "mobilize"),
        ("seated-hip-rotations", 60, False, "mobilize"),
        ("lateral-line-mobilizer", 60, False, "mobilize"),
    ],
    # Atlas Spine, "10 Easy Stretches...": 20-30 s holds (timed at 30), switch legs on three.
    ("atlas-spine-ten", "atlas-spine"): [
        ("knee-to-chest", 30, True, "hold"),
        ("double-knee-to-chest", 30, False, "hold"),
        ("knee-rotations", 30, False, "mobilize"),
        ("childs-pose", 30, False, "hold"),
        ("runners-lunge", 30, True, "hold"),
        ("happy-baby", 30, False, "hold"),
        ("cat-cow", 30, False, "mobilize"),
        ("butterfly", 30, False, "hold"),
        ("figure-4-supine", 30, True, "hold"),
        ("seated-twist", 30, True, "hold"),
    ],
    # Verywell: one stretch, 20-30 s, then the other leg.
    ("verywell-lunge-twist", "verywell"): [
        ("kneeling-lunge-twist", 30, True, "hold"),
    ],
    # The wall article: 30 s each, "per side" on five.
    ("wall-nine", "wall-stretches"): [
        ("wall-runners-lunge", 30, True, "hold"),
        ("wall-figure-4", 30, True, "hold"),
        ("wall-butterfly", 30, False, "hold"),
        ("wall-happy-baby", 30, False, "hold"),
        ("wall-straddle", 30, False, "hold"),
        ("wall-it-band", 30, True, "hold"),
        ("wall-quad", 30, True, "hold"),
        ("wall-supine-twist", 30, True, "hold"),
        ("wall-childs-pose", 30, False, "hold"),
    ],
}


@pytest.mark.parametrize(("key", "facts"), PROGRAMS.items(), ids=[k[0] for k in PROGRAMS])
def test_program_matches_its_article(key: tuple[str, str], facts: list[tuple]) -> None:
    routine_id, article = key
    routine = default_library().routines[routine_id]
    assert routine.source == article
    got = [(s.stretch, s.hold_seconds, s.per_side, s.mode.value) for s in routine.steps]
    assert got == facts


def test_there_are_exactly_the_five_programs() -> None:
    assert {r for r, _ in PROGRAMS} == set(default_library().routines)


def test_every_stretch_of_every_article_is_credited_to_it() -> None:
    lib = default_library()
    for (routine_id, article), facts in PROGRAMS.items():
        for stretch_id, *_ in facts:
            assert article in lib.stretch(stretch_id).sources, (routine_id, stretch_id)


# Where the article itself gives a hold time, the stretch says so; where it does not,
# the stretch says "default" and names a guideline.
ARTICLE_GAVE_NO_TIME = {
    "kneeling-hip-flexor",
    "seated-hip-rotations",
    "lateral-line-mobilizer",
    "knee-rotations",
    "march-in-place",
}


def test_hold_basis_follows_the_articles() -> None:
    for s in default_library().stretches.values():
        if s.origin.value == "supple":
            # supple's own stretches (safe alternatives) come from no article: ACSM's defaults.
            assert s.hold.basis.value == "default" and "ACSM" in (s.hold.guideline or ""), s.id
        elif s.id in ARTICLE_GAVE_NO_TIME:
            assert s.hold.basis.value == "default" and s.hold.guideline, s.id
        else:
            assert s.hold.basis.value == "source", s.id


def test_the_articles_variants_are_linked() -> None:
    lib = default_library()
    pairs = [
        ("childs-pose", "wall-childs-pose"),
        ("runners-lunge", "wall-runners-lunge"),
        ("figure-4-supine", "figure-4-twist"),
        ("figure-4-supine", "wall-figure-4"),
        ("happy-baby", "wall-happy-baby"),
        ("butterfly", "wall-butterfly"),
    ]
    for a, b in pairs:
        assert b in lib.stretch(a).variants and a in lib.stretch(b).variants


def test_physio_hip_flexor_can_be_held_or_moved() -> None:
    s = default_library().stretch("kneeling-hip-flexor")
    assert s.kind.value == "hold" and s.mobilizer is not None
    assert len(s.mobilizer.positions) >= 2


def test_verywell_knee_over_ankle_caution_is_there() -> None:
    s = default_library().stretch("kneeling-lunge-twist")
    text = " ".join(s.cautions + s.form_cues).lower()
    assert "ankle" in text and "knee" in text


def test_wall_runners_lunge_offers_a_towel_for_the_knee() -> None:
    s = default_library().stretch("wall-runners-lunge")
    assert any("towel" in m.text.lower() for m in s.modifications)


def test_the_advice_of_the_articles_is_there() -> None:
    advice = {a.id: a for a in default_library().advice}
    rules = [a.id for a in advice.values() if a.kind == "rule"]
    assert rules == [
        "warm-up-first",
        "go-slow",
        "breathe",
        "hold-dont-bounce",
        "listen-to-your-body",
        "be-consistent",
    ]
    assert "wall-stretches" in advice["once-or-twice-a-day"].sources
    assert "wall-stretches" in advice["doctor-first-after-injury"].sources
    assert {"physio-mobilizers", "verywell"} <= {
        src for a in advice.values() if a.kind == "posture" for src in a.sources
    }
