"""What a person chooses about themselves and where they are: the conditions to plan around,
the place, the age band. Plain enums with no other import, so that every command's options can
list them without loading the planner."""

from __future__ import annotations

from enum import StrEnum


class Condition(StrEnum):
    """What changes which stretches are safe for a person: content/conditions.yaml's rules."""

    HIP_POSTERIOR = "hip-replacement-posterior"
    HIP_ANTERIOR = "hip-replacement-anterior"
    PREGNANCY = "pregnancy"
    OSTEOPOROSIS = "osteoporosis"
    KNEE = "knee"
    SCIATICA = "sciatica"  # leg pain or sciatica
    # "I can't get down to the floor": a profile choice, planned and marked like a condition,
    # so every face that follows the profile's conditions follows it too.
    NO_FLOOR = "no-floor"


class Place(StrEnum):
    """Where the person is: what they can get down to and what is at hand."""

    ANYWHERE = "anywhere"  # floor, wall and chair
    NO_FLOOR = "no-floor"  # standing, a chair or a wall only
    DESK = "desk"  # standing or sitting on a chair, nothing else


class AgeBand(StrEnum):
    ADULT = "adult"
    OLDER = "older"
