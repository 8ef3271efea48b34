"""The plan page (a form that makes a routine) and the profile page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...library.exchange import RoutineExists
from ...library.schema import Routine
from ...library.vocab import TARGET_LABELS, Target
from ...planner import DEFAULT_FOCUS, AgeBand, Condition, Place, Profile
from ...planner.rules import default_rules
from ..api.plan import PlanIn, current_profile, make_plan
from ..deps import LibraryDep, OwnDep, StoreDep
from . import router
from .common import render


def _form_context(profile: Profile) -> dict[str, Any]:
    rules = default_rules()
    return {
        "targets": [(t.value, TARGET_LABELS[t]) for t in Target],
        "default_focus": list(DEFAULT_FOCUS),
        "places": [p.value for p in Place],
        "conditions": [(c.value, rules.conditions[c].name) for c in Condition],
        "profile": profile,
    }


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(
        request, "plan.html", result=None, asked=None, **_form_context(current_profile(store))
    )


@router.post("/plan", response_class=HTMLResponse)
async def plan_made(request: Request, store: StoreDep, library: LibraryDep) -> HTMLResponse:
    form = await request.form()
    profile = current_profile(store)
    try:
        asked = PlanIn(
            minutes=int(str(form.get("minutes", "10"))),
            focus=[str(f) for f in form.getlist("focus")] or None,
            place=Place(str(form.get("place", "anywhere"))),
            conditions=[Condition(str(c)) for c in form.getlist("condition")],
            age_band=AgeBand(str(form.get("age", profile.age_band.value))),
        )
        result = make_plan(asked, store, library)
    except HTTPException as err:
        detail = err.detail if isinstance(err.detail, list) else [str(err.detail)]
        return render(
            request,
            "plan.html",
            status_code=422,
            result=None,
            errors=detail,
            asked=None,
            **_form_context(profile),
        )
    except ValueError as err:
        return render(
            request,
            "plan.html",
            status_code=422,
            result=None,
            errors=[str(err)],
            asked=None,
            **_form_context(profile),
        )
    return render(
        request,
        "plan.html",
        result=result,
        asked=asked,
        names={sid: s.name for sid, s in library.stretches.items()},
        routine_json=json.dumps(result["routine"]),
        **_form_context(profile),
    )


@router.post("/plan/keep")
async def plan_keep(request: Request, library: LibraryDep, own: OwnDep) -> Response:
    """Keep a planned routine as the person's own; then play it, or show it."""
    form = await request.form()
    routine = Routine.model_validate_json(str(form.get("routine", "")))
    new_id = str(form.get("id") or routine.id)
    routine = Routine.model_validate({**routine.model_dump(mode="json"), "id": new_id})
    try:
        own.save(routine)
    except RoutineExists as err:
        raise HTTPException(409, str(err)) from None
    where = f"/play/{routine.id}" if form.get("action") == "start" else f"/routines/{routine.id}"
    return RedirectResponse(where, status_code=303)


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "profile.html", saved=False, **_form_context(current_profile(store)))


@router.post("/profile", response_class=HTMLResponse)
async def profile_saved(request: Request, store: StoreDep) -> HTMLResponse:
    from ...profile import store_profile

    form = await request.form()
    profile = Profile(
        conditions=[Condition(str(c)) for c in form.getlist("condition")],
        age_band=AgeBand(str(form.get("age", "adult"))),
    )
    store_profile(store, profile)
    return render(request, "profile.html", saved=True, **_form_context(profile))
