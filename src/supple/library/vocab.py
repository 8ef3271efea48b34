"""The fixed vocabularies a stretch is described with."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """How a stretch is done: held still, or moved between positions at a pace."""

    HOLD = "hold"
    MOBILIZER = "mobilizer"


class Position(StrEnum):
    """Body positions, in the order a routine moves through them (up to down)."""

    STANDING = "standing"
    KNEELING = "kneeling"
    ALL_FOURS = "all-fours"
    SEATED_CHAIR = "seated-chair"
    SEATED = "seated"
    LYING_FRONT = "lying-front"
    SIDE_LYING = "side-lying"
    LYING_BACK = "lying-back"


# Down on the floor: every position but standing and sitting on a chair.
FLOOR_POSITIONS = frozenset(Position) - {Position.STANDING, Position.SEATED_CHAIR}

POSITION_WORDS: dict[Position, str] = {
    Position.STANDING: "standing",
    Position.KNEELING: "kneeling",
    Position.ALL_FOURS: "on hands and knees",
    Position.SEATED_CHAIR: "sitting on a chair",
    Position.SEATED: "sitting on the floor",
    Position.LYING_FRONT: "lying on your front",
    Position.SIDE_LYING: "lying on your side",
    Position.LYING_BACK: "lying on your back",
}


class Equipment(StrEnum):
    WALL = "wall"
    TOWEL = "towel"
    CHAIR = "chair"
    CUSHION = "cushion"
    STEP = "step"  # a low step or the bottom stair


class Target(StrEnum):
    """Areas and muscles a stretch works on."""

    LOWER_BACK = "lower-back"
    UPPER_BACK = "upper-back"
    SPINE_MOBILITY = "spine-mobility"
    HIP_FLEXORS = "hip-flexors"
    GLUTES = "glutes"
    PIRIFORMIS = "piriformis"
    HIP_ROTATORS = "hip-rotators"
    ADDUCTORS = "adductors"
    OUTER_HIP = "outer-hip"
    HAMSTRINGS = "hamstrings"
    QUADRICEPS = "quadriceps"
    SIDE_BODY = "side-body"
    ABDOMINALS = "abdominals"


TARGET_LABELS: dict[Target, str] = {
    Target.LOWER_BACK: "Lower back",
    Target.UPPER_BACK: "Upper back",
    Target.SPINE_MOBILITY: "Spine mobility",
    Target.HIP_FLEXORS: "Hip flexors / psoas",
    Target.GLUTES: "Glutes",
    Target.PIRIFORMIS: "Piriformis",
    Target.HIP_ROTATORS: "Hip rotators",
    Target.ADDUCTORS: "Adductors / inner thigh",
    Target.OUTER_HIP: "IT band / outer hip",
    Target.HAMSTRINGS: "Hamstrings",
    Target.QUADRICEPS: "Quadriceps",
    Target.SIDE_BODY: "Obliques / side body",
    Target.ABDOMINALS: "Abdominals",
}

# Broader areas a person may ask for ("my hips"), each a group of targets.
AREAS: dict[str, frozenset[Target]] = {
    "back": frozenset({Target.LOWER_BACK, Target.UPPER_BACK, Target.SPINE_MOBILITY}),
    "hips": frozenset(
        {
            Target.HIP_FLEXORS,
            Target.GLUTES,
            Target.PIRIFORMIS,
            Target.HIP_ROTATORS,
            Target.ADDUCTORS,
            Target.OUTER_HIP,
        }
    ),
    "thighs": frozenset({Target.HAMSTRINGS, Target.QUADRICEPS, Target.ADDUCTORS, Target.OUTER_HIP}),
}


def expand_area(name: str) -> frozenset[Target]:
    """The targets an area name stands for: a group name or a single target id."""
    key = name.strip().lower()
    if key in AREAS:
        return AREAS[key]
    return frozenset({Target(key)})


def area_names() -> list[str]:
    return sorted(AREAS) + [t.value for t in Target]
