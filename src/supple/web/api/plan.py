"""/api/profile and /api/plan: the person's conditions, and routines planned for them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ...planner import AgeBand, Condition, Place, Profile
from ...profile import store_profile, warnings
from ...services.person import person_of
from ...services.planning import Ask, plan_for, planned_data
from ..deps import LibraryDep, StoreDep

router = APIRouter(tags=["planner"])


@router.get("/profile")
def get_profile(store: StoreDep) -> Profile:
    """The conditions and age band that plans and warnings follow."""
    return person_of(store).profile


@router.put("/profile")
def put_profile(profile: Profile, store: StoreDep) -> Profile:
    store_profile(store, profile)
    return profile


@router.get("/profile/warnings")
def get_warnings(store: StoreDep, library: LibraryDep) -> dict[str, dict[str, Any]]:
    """Stretches not advised (or needing care) for this profile, why, and what instead."""
    found = warnings(library, person_of(store).profile)
    return {sid: {**asdict(w), "heading": w.heading} for sid, w in found.items()}


class PlanIn(BaseModel):
    """What a person asks for; conditions and age default to the profile's."""

    model_config = ConfigDict(extra="forbid")

    minutes: int = Field(ge=2, le=60)
    focus: list[str] | None = Field(default=None, max_length=20)
    place: Place = Place.ANYWHERE
    conditions: list[Condition] | None = Field(default=None, max_length=10)
    age_band: AgeBand | None = None
    seed: int | None = Field(default=None, ge=0, le=2**31)

    def ask(self) -> Ask:
        return Ask(**self.model_dump())


@router.post("/plan")
def post_plan(body: PlanIn, store: StoreDep, library: LibraryDep) -> dict[str, Any]:
    """The best routine for these needs (the exchange format, with its total time)."""
    return planned_data(plan_for(store, library, body.ask()))
