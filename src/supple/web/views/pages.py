"""Home, library, stretch, history and safety pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ...library.catalog import FIRST_ROUTINE
from ...library.errors import unknown
from ...library.vocab import TARGET_LABELS, Equipment, Position, Target, area_names, expand_area
from ...profile import warnings
from ...progress import history_data
from ...safety import evaluate, questions
from ..api.plan import current_profile
from ..api.safety import status as safety_status
from ..deps import LibraryDep, OwnDep, StoreDep
from . import router
from .charts import minutes_chart, pain_chart
from .common import PageNotFound, render


@router.get("/", response_class=HTMLResponse)
def home(request: Request, library: LibraryDep, own: OwnDep, store: StoreDep) -> HTMLResponse:
    from ...library.exchange import all_routines

    routines = all_routines(library, own)
    last_id = store.get_meta("last_routine")
    today = routines.get(last_id or "") or library.routines[FIRST_ROUTINE]
    # Every session, as on the history page: the longest streak needs them all.
    data = history_data(store.sessions(), store.flags(), date.today(), limit=1)
    return render(
        request,
        "home.html",
        suggestion=today,
        streak=data["streak"],
        last=data["sessions"][0] if data["sessions"] else None,
        safety=safety_status(store),
    )


@router.get("/library", response_class=HTMLResponse)
def library_page(
    request: Request,
    library: LibraryDep,
    store: StoreDep,
    area: str = "",
    position: str = "",
    equipment: str = "",
    q: str = "",
) -> HTMLResponse:
    error = None
    targets = None
    if area:
        try:
            targets = expand_area(area)
        except ValueError:
            error = unknown("area", area, area_names())
    pos = Position(position) if position in Position._value2member_map_ else None
    eq = Equipment(equipment) if equipment in Equipment._value2member_map_ else None
    found = library.find(targets, pos, eq)
    words = q.lower().split()
    if words:
        found = [
            s for s in found if all(w in " ".join([s.name, *s.aliases]).lower() for w in words)
        ]
    return render(
        request,
        "library.html",
        stretches=found,
        areas=area_names(),
        positions=[p.value for p in Position],
        equipment_choices=[e.value for e in Equipment],
        chosen={"area": area, "position": position, "equipment": equipment, "q": q},
        error=error,
        labels={t.value: TARGET_LABELS[t] for t in Target},
        warn=warnings(library, current_profile(store)),
    )


@router.get("/stretches/{stretch_id}", response_class=HTMLResponse)
def stretch_page(
    request: Request, stretch_id: str, library: LibraryDep, store: StoreDep
) -> HTMLResponse:
    try:
        s = library.stretch(stretch_id)
    except LookupError as err:
        raise PageNotFound(str(err)) from None
    return render(
        request,
        "stretch.html",
        s=s,
        labels={t.value: TARGET_LABELS[t] for t in Target},
        variants=[library.stretches[v] for v in s.variants],
        credits=[library.articles[a].credit for a in s.sources],
        warning=warnings(library, current_profile(store)).get(s.id),
        names={sid: x.name for sid, x in library.stretches.items()},
    )


@router.get("/history", response_class=HTMLResponse)
def history_page(request: Request, store: StoreDep, library: LibraryDep) -> HTMLResponse:
    sessions = store.sessions()
    data = history_data(sessions, store.flags(), date.today(), limit=50)
    names = {sid: s.name for sid, s in library.stretches.items()}
    return render(
        request,
        "history.html",
        data=data,
        names=names,
        pain_svg=pain_chart(data["sessions"]),
        minutes_svg=minutes_chart(data["minutes_per_week"]),
    )


def _safety(
    request: Request, store: StoreDep, library: LibraryDep, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    return render(
        request,
        "safety.html",
        status_code=status_code,
        questions=questions(),
        status=safety_status(store),
        advice=library.advice,
        **{"result": None, **extra},
    )


@router.get("/safety", response_class=HTMLResponse)
def safety_page(request: Request, store: StoreDep, library: LibraryDep) -> HTMLResponse:
    return _safety(request, store, library)


@router.post("/safety", response_class=HTMLResponse)
async def safety_answer(request: Request, store: StoreDep, library: LibraryDep) -> HTMLResponse:
    """The screen as a plain form: every question must be answered yes or no."""
    form = await request.form()
    answers: dict[str, bool] = {}
    missing = []
    for q in questions():
        value = form.get(q.id)
        if value not in ("yes", "no"):
            missing.append(q.question)
        else:
            answers[q.id] = value == "yes"
    if missing:
        return _safety(request, store, library, 422, missing=missing, answers=answers)
    result = evaluate(answers)
    store.save_screening(answers, result.level)
    return _safety(request, store, library, result=result)
