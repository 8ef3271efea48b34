"""The plan page (the plan made, then the form to change it) and the profile page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from ...library.errors import ContentError, field_path
from ...library.exchange import OwnRoutines, RoutineExists, Unwritable
from ...library.schema import Routine
from ...library.vocab import TARGET_LABELS, Target
from ...planner import DEFAULT_FOCUS, AgeBand, Condition, Place, Profile
from ...planner.rules import default_rules
from ...services.errors import Invalid
from ...services.person import person_of
from ...services.planning import Ask, plan_for, planned_data, unused_id
from ..deps import LibraryDep, OwnDep, StoreDep
from . import router
from .common import render


def _form_context(profile: Profile) -> dict[str, Any]:
    rules = default_rules()
    return {
        "targets": [(t.value, TARGET_LABELS[t]) for t in Target],
        "default_focus": list(DEFAULT_FOCUS),
        "places": [(p.value, PLACE_LABELS[p.value]) for p in Place],
        "conditions": [(c.value, rules.conditions[c].name) for c in Condition],
        "profile": profile,
    }


PLACE_LABELS = {
    "anywhere": "Anywhere (floor, wall, chair)",
    "no-floor": "No floor (standing, chair, wall)",
    "desk": "At a desk (standing or on a chair)",
}


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, store: StoreDep) -> HTMLResponse:
    return render(
        request, "plan.html", result=None, asked=None, **_form_context(person_of(store).profile)
    )


@router.post("/plan", response_class=HTMLResponse)
async def plan_made(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep
) -> HTMLResponse:
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
        planned = plan_for(store, library, asked)
    except Invalid as err:
        errors = err.problems
    except ValueError as err:  # a form value that is not a number or not one of the choices
        errors = [str(err)]
    else:
        result = planned_data(planned)
        routine = planned.plan.routine
        # A readable name no other routine has: this plan may be kept under it as it is.
        suggested = unused_id(routine, [*own.ids(), *library.routines])
        return render(
            request,
            "plan.html",
            result=result,
            asked=asked,
            suggested=suggested,
            names={sid: s.name for sid, s in library.stretches.items()},
            labels={t.value: TARGET_LABELS[t] for t in Target},
            routine_json=json.dumps(result["routine"]),
            # The form to change it shows what this plan was made for.
            **_form_context(
                Profile(conditions=list(planned.needs.conditions), age_band=planned.needs.age_band)
            ),
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
    """Keep a planned routine as the person's own; then play it as planned, or show it."""
    form = await request.form()
    try:
        routine = Routine.model_validate_json(str(form.get("routine", "")))
        new_id = str(form.get("id") or routine.id)
        routine = Routine.model_validate({**routine.model_dump(mode="json"), "id": new_id})
    except ValidationError as err:
        found = err.errors(include_url=False)
        at = [("routine." + field_path(e["loc"])) if e["loc"] else "routine" for e in found]
        raise Invalid([f"{a}: {e['msg']}" for a, e in zip(at, found, strict=True)]) from None
    start = form.get("action") == "start"
    try:
        # Checked like every save (an unknown stretch is a 422), and never over another.
        await run_in_threadpool(own.save, routine)
    except ContentError as err:
        raise Invalid(err.problems) from None
    except RoutineExists as err:
        # Start now, twice: the same plan is kept already, so it is simply played.
        if not (start and not err.built_in and await run_in_threadpool(_kept, own, routine)):
            raise HTTPException(409, f"{err}; keep it under another name") from None
    except Unwritable as err:
        raise HTTPException(507 if err.full else 503, str(err)) from None
    if start:
        # Played as it was planned and timed: the routine carries its pacing.
        return RedirectResponse(f"/play/{routine.id}", status_code=303)
    return RedirectResponse(f"/routines/{routine.id}", status_code=303)


def _kept(own: OwnRoutines, routine: Routine) -> bool:
    """Whether this very routine is kept under its id already."""
    try:
        return own.get(routine.id) == routine
    except ContentError:
        return False


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
