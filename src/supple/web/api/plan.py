"""/api/profile and /api/plan: the person's conditions, and routines planned for them."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from ...library.errors import ContentError, validate
from ...planner import AgeBand, Condition, Needs, Place, Profile
from ...planner.plan import NoPlan, plan
from ...profile import PROFILE_KEY, parse_profile, store_profile, warnings
from ..deps import LibraryDep, StoreDep

router = APIRouter(tags=["planner"])


def current_profile(store: StoreDep) -> Profile:
    return parse_profile(store.get_meta(PROFILE_KEY))


@router.get("/profile")
def get_profile(store: StoreDep) -> Profile:
    """The conditions and age band that plans and warnings follow."""
    return current_profile(store)


@router.put("/profile")
def put_profile(profile: Profile, store: StoreDep) -> Profile:
    store_profile(store, profile)
    return profile


@router.get("/profile/warnings")
def get_warnings(store: StoreDep, library: LibraryDep) -> dict[str, dict[str, Any]]:
    """Stretches not advised (or needing care) for this profile, why, and what instead."""
    return {sid: asdict(w) for sid, w in warnings(library, current_profile(store)).items()}


class PlanIn(BaseModel):
    """What a person asks for; conditions and age default to the profile's."""

    model_config = ConfigDict(extra="forbid")

    minutes: int = Field(ge=2, le=60)
    focus: list[str] | None = Field(default=None, max_length=20)
    place: Place = Place.ANYWHERE
    conditions: list[Condition] | None = Field(default=None, max_length=10)
    age_band: AgeBand | None = None
    seed: int | None = Field(default=None, ge=0, le=2**31)


def make_plan(body: PlanIn, store: StoreDep, library: LibraryDep) -> dict[str, Any]:
    """Plan for the body's needs, the profile filling in what it leaves out."""
    profile = current_profile(store)
    fields: dict[str, Any] = {
        "minutes": body.minutes,
        "place": body.place,
        "conditions": body.conditions if body.conditions is not None else profile.conditions,
        "age_band": body.age_band or profile.age_band,
        "exclude": sorted(store.flags()),  # stretches that hurt are not planned
    }
    if body.focus:
        fields["focus"] = body.focus
    if body.seed is not None:
        fields["seed"] = body.seed
    try:
        needs = validate(Needs, fields, "plan")
    except ContentError as err:
        raise HTTPException(422, err.problems) from None
    try:
        p = plan(needs, library)
    except NoPlan as err:
        raise HTTPException(422, str(err)) from None
    return {
        "routine": p.routine.model_dump(mode="json"),
        "total_seconds": p.total_seconds,
        "budget_seconds": p.budget_seconds,
        "coverage": p.coverage,
        "dose_seconds": p.dose_seconds,
        "position_changes": p.position_changes,
        "short": p.short,
        "unreachable": p.unreachable,
        "needs": needs.model_dump(mode="json"),
    }


@router.post("/plan")
def post_plan(body: PlanIn, store: StoreDep, library: LibraryDep) -> dict[str, Any]:
    """The best routine for these needs (the exchange format, with its total time)."""
    return make_plan(body, store, library)
