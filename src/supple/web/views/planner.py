"""The plan page (a form that makes a routine) and the profile page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ...library.errors import ContentError, field_path
from ...library.exchange import RoutineExists, Unwritable
from ...library.schema import Routine
from ...library.vocab import TARGET_LABELS, Target
from ...planner import DEFAULT_FOCUS, AgeBand, Condition, Place, Profile
from ...planner.rules import default_rules
from ...services.errors import Invalid
from ...services.person import person_of
from ...services.planning import Ask, plan_for, planned_data
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
        request, "plan.html", result=None, asked=None, **_form_context(person_of(store).profile)
    )


@router.post("/plan", response_class=HTMLResponse)
async def plan_made(request: Request, store: StoreDep, library: LibraryDep) -> HTMLResponse:
    form = await request.form()
    profile = person_of(store).profile
    try:
        asked = Ask(
            minutes=int(str(form.get("minutes", "10"))),
            focus=[str(f) for f in form.getlist("focus")] or None,
            place=Place(str(form.get("place", "anywhere"))),
            conditions=[Condition(str(c)) for c in form.getlist("condition")],
            age_band=AgeBand(str(form.get("age", profile.age_band.value))),
        )
        result = planned_data(plan_for(store, library, asked))
    except Invalid as err:
        errors = err.problems
    except ValueError as err:  # a form value that is not a number or not one of the choices
        errors = [str(err)]
    else:
        return render(
            request,
            "plan.html",
            result=result,
            asked=asked,
            names={sid: s.name for sid, s in library.stretches.items()},
            routine_json=json.dumps(result["routine"]),
            **_form_context(profile),
        )
    return render(
        request,
        "plan.html",
        status_code=422,
        result=None,
        errors=errors,
        asked=None,
        **_form_context(profile),
    )


@router.post("/plan/keep")
async def plan_keep(request: Request, library: LibraryDep, own: OwnDep) -> Response:
    """Keep a planned routine as the person's own; then play it, or show it."""
    form = await request.form()
    try:
        routine = Routine.model_validate_json(str(form.get("routine", "")))
        new_id = str(form.get("id") or routine.id)
        routine = Routine.model_validate({**routine.model_dump(mode="json"), "id": new_id})
    except ValidationError as err:
        found = err.errors(include_url=False)
        at = [("routine." + field_path(e["loc"])) if e["loc"] else "routine" for e in found]
        raise Invalid([f"{a}: {e['msg']}" for a, e in zip(at, found, strict=True)]) from None
    try:
        # Checked like every save (an unknown stretch is a 422), and never over another.
        await run_in_threadpool(own.save, routine)
    except ContentError as err:
        raise Invalid(err.problems) from None
    except RoutineExists as err:
        raise HTTPException(409, f"{err}; keep it under another name") from None
    except Unwritable as err:
        raise HTTPException(507 if err.full else 503, str(err)) from None
    where = f"/play/{routine.id}" if form.get("action") == "start" else f"/routines/{routine.id}"
    return RedirectResponse(where, status_code=303)


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(request, "profile.html", saved=False, **_form_context(person_of(store).profile))


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
