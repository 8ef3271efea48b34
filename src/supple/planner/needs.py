"""What a person asks the planner for (time, focus, place, conditions, age) and their profile."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

# What a person chooses: in a module of their own, light enough for every command's options.
from ..choices import AgeBand as AgeBand
from ..choices import Condition as Condition
from ..choices import Place as Place
from ..library.errors import unknown
from ..library.schema import Slug
from ..library.vocab import Target, area_names, expand_area

# ACSM 11th ed., table 5.6: about 60 s of stretching in all per muscle (e.g. 2 x 30 s).
DOSE_SECONDS = 60
# ACSM: older adults hold 30-60 s; supple uses the middle of that range.
OLDER_HOLD_SECONDS = 45
# "A balance of lower back and hips" when the person names no focus.
DEFAULT_FOCUS = ("lower-back", "hips")

_T = Target
# The areas next to each target: where time left after the focus is spent ("hips and back for
# a lower-back focus"), by the muscles that share its work and its attachments. Never the
# rest of the body: a plan for the back holds no thigh stretch that does not reach the hips.
NEAR: dict[Target, frozenset[Target]] = {
    _T.LOWER_BACK: frozenset(
        {
            _T.UPPER_BACK,
            _T.SPINE_MOBILITY,
            _T.SIDE_BODY,
            _T.HIP_FLEXORS,
            _T.GLUTES,
            _T.PIRIFORMIS,
            _T.HIP_ROTATORS,
            _T.ADDUCTORS,
            _T.OUTER_HIP,
            _T.HAMSTRINGS,
        }
    ),
    _T.UPPER_BACK: frozenset({_T.LOWER_BACK, _T.SPINE_MOBILITY, _T.SIDE_BODY}),
    _T.SPINE_MOBILITY: frozenset({_T.LOWER_BACK, _T.UPPER_BACK, _T.SIDE_BODY}),
    _T.HIP_FLEXORS: frozenset(
        {_T.QUADRICEPS, _T.ADDUCTORS, _T.GLUTES, _T.LOWER_BACK, _T.ABDOMINALS}
    ),
    _T.GLUTES: frozenset(
        {_T.PIRIFORMIS, _T.HIP_ROTATORS, _T.OUTER_HIP, _T.HAMSTRINGS, _T.LOWER_BACK}
    ),
    _T.PIRIFORMIS: frozenset({_T.GLUTES, _T.HIP_ROTATORS, _T.OUTER_HIP, _T.LOWER_BACK}),
    _T.HIP_ROTATORS: frozenset({_T.GLUTES, _T.PIRIFORMIS, _T.ADDUCTORS, _T.OUTER_HIP}),
    _T.ADDUCTORS: frozenset({_T.HAMSTRINGS, _T.HIP_ROTATORS, _T.HIP_FLEXORS, _T.GLUTES}),
    _T.OUTER_HIP: frozenset({_T.GLUTES, _T.PIRIFORMIS, _T.SIDE_BODY, _T.QUADRICEPS}),
    _T.HAMSTRINGS: frozenset({_T.GLUTES, _T.ADDUCTORS, _T.LOWER_BACK, _T.QUADRICEPS}),
    _T.QUADRICEPS: frozenset({_T.HIP_FLEXORS, _T.HAMSTRINGS, _T.ADDUCTORS, _T.OUTER_HIP}),
    _T.SIDE_BODY: frozenset({_T.LOWER_BACK, _T.UPPER_BACK, _T.SPINE_MOBILITY, _T.OUTER_HIP}),
    _T.ABDOMINALS: frozenset({_T.SIDE_BODY, _T.HIP_FLEXORS, _T.SPINE_MOBILITY, _T.LOWER_BACK}),
}


def today_seed(today: date | None = None) -> int:
    """The default seed: the date as YYYYMMDD, so tomorrow's plan differs from today's."""
    day = today or date.today()
    return day.year * 10000 + day.month * 100 + day.day


def check_focus(names: list[str]) -> list[str]:
    """Each focus name, normalised; an unknown one is refused with the nearest names."""
    out: list[str] = []
    for raw in names:
        name = raw.strip().lower()
        try:
            expand_area(name)
        except ValueError:
            raise ValueError(unknown("focus area", name, area_names())) from None
        if name not in out:
            out.append(name)
    if not out:
        raise ValueError("name at least one focus area, or leave it out for the default")
    return out


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Profile(Frozen):
    """What the person keeps in supple about their body: applies to every command."""

    conditions: list[Condition] = []
    age_band: AgeBand = AgeBand.ADULT

    @field_validator("conditions")
    @classmethod
    def _unique(cls, value: list[Condition]) -> list[Condition]:
        return list(dict.fromkeys(value))


class Needs(Frozen):
    """One request to the planner."""

    minutes: int = Field(ge=2, le=60)
    focus: list[str] = list(DEFAULT_FOCUS)
    place: Place = Place.ANYWHERE
    conditions: list[Condition] = []
    age_band: AgeBand = AgeBand.ADULT
    seed: int = Field(default_factory=today_seed)
    # Stretches not to plan at all, e.g. ones that hurt before ("that hurt" flags).
    exclude: list[Slug] = []

    @field_validator("focus")
    @classmethod
    def _focus(cls, value: list[str]) -> list[str]:
        return check_focus(value)

    @field_validator("conditions")
    @classmethod
    def _unique(cls, value: list[Condition]) -> list[Condition]:
        return list(dict.fromkeys(value))

    @property
    def targets(self) -> tuple[Target, ...]:
        """The focus as targets, in the vocabulary's order, each once."""
        wanted: set[Target] = set()
        for name in self.focus:
            wanted |= expand_area(name)
        return tuple(t for t in Target if t in wanted)

    @property
    def near(self) -> tuple[Target, ...]:
        """The areas next to the focus (NEAR), not in it, in the vocabulary's order."""
        focus = set(self.targets)
        wanted = set().union(*(NEAR[t] for t in focus)) - focus
        return tuple(t for t in Target if t in wanted)

    @property
    def hold_seconds(self) -> int | None:
        """The hold every static stretch gets, or None to use each stretch's own."""
        return OLDER_HOLD_SECONDS if self.age_band is AgeBand.OLDER else None
