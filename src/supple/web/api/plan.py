"""/api/profile and /api/plan: the person's conditions, and routines planned for them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ...library.schema import Routine
from ...planner import AgeBand, Condition, Place, Profile
from ...profile import store_profile, warnings
from ...services.person import person_of
from ...services.planning import Ask, plan_for, planned_data
from ...timeline import Options
from ..deps import LibraryDep, StoreDep
from .stretches import AreaName

router = APIRouter(tags=["planner"])


@router.get("/profile")
def get_profile(store: StoreDep) -> Profile:
    """The conditions and age band that plans and warnings follow."""
    return person_of(store).profile


@router.put("/profile")
def put_profile(profile: Profile, store: StoreDep) -> Profile:
    store_profile(store, profile)
    return profile


class WarningPublic(BaseModel):
    """Why a stretch is not advised for this person, or needs care, and what instead."""

    level: str  # avoid | caution
    heading: str
    conditions: list[str]
    text: str
    sources: list[str]
    alternatives: list[str]


@router.get("/profile/warnings")
def get_warnings(store: StoreDep, library: LibraryDep) -> dict[str, WarningPublic]:
    """Stretches not advised (or needing care) for this profile, why, and what instead."""
    found = warnings(library, person_of(store).profile)
    return {sid: WarningPublic(**asdict(w), heading=w.heading) for sid, w in found.items()}


class PlanIn(BaseModel):
    """What a person asks for; conditions and age default to the profile's."""

    model_config = ConfigDict(extra="forbid")

    minutes: int = Field(ge=2, le=60, strict=True)
    focus: list[AreaName] | None = Field(default=None, max_length=20)
    place: Place = Place.ANYWHERE
    conditions: list[Condition] | None = Field(default=None, max_length=10)
    age_band: AgeBand | None = None
    seed: int | None = Field(default=None, ge=0, le=2**31, strict=True)

    def ask(self) -> Ask:
        focus = [str(f.value) for f in self.focus] if self.focus else None
        return Ask(**{**self.model_dump(), "focus": focus})


class PlanPublic(BaseModel):
    """A planned routine (the exchange format), how to play it, and how it scores."""

    routine: Routine
    # Play it with these (its warm-up and lead-ins): total_seconds is the session with them.
    options: Options
    summary: str  # what the time buys, in a sentence or two
    shortfall: str | None  # why it does not fill 90% of the time asked, and what would help
    total_seconds: float
    budget_seconds: int
    coverage: dict[str, int]  # focus target -> seconds of stretching
    near: dict[str, int]  # areas next to the focus the plan also works -> seconds
    dose_seconds: int
    position_changes: int
    short: list[str]  # focus targets below their dose
    unreachable: list[str]  # focus targets nothing safe here touches
    left_out: list[str]  # stretches that hurt before
    needs: dict[str, Any]


@router.post("/plan")
def post_plan(body: PlanIn, store: StoreDep, library: LibraryDep) -> PlanPublic:
    """The best routine for these needs (the exchange format, with its total time)."""
    return PlanPublic.model_validate(planned_data(plan_for(store, library, body.ask())))
