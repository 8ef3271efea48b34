"""Home, library, stretch, history and safety pages."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...library.catalog import FIRST_ROUTINE
from ...library.errors import unknown
from ...library.present import LEVEL_HEADINGS, card_notes, condition_notes, first_figure
from ...library.vocab import (
    POSITION_WORDS,
    TARGET_LABELS,
    Equipment,
    Position,
    Target,
    area_names,
    expand_area,
)
from ...profile import warnings
from ...safety import CLINICIAN_CHECKED, clinician_check, questions
from ...services import history, progress, safety
from ...services.errors import Invalid, NotFound
from ...services.person import person_of
from ...store.meta import LAST_ROUTINE
from ..deps import LibraryDep, OwnDep, StoreDep
from . import router
from .charts import minutes_chart, pain_chart
from .common import PageNotFound, render


@router.get("/", response_class=HTMLResponse)
def home(request: Request, library: LibraryDep, own: OwnDep, store: StoreDep) -> HTMLResponse:
    from ...library.exchange import all_routines

    routines = all_routines(library, own)
    last_id = store.get_meta(LAST_ROUTINE)
    today = routines.get(last_id or "") or library.routines[FIRST_ROUTINE]
    found = history.overview(store, library, date.today(), limit=1)
    from ...timeline import build_timeline

    return render(
        request,
        "home.html",
        suggestion=today,
        suggestion_total=build_timeline(today, library).total_seconds,
        suggestion_figure=first_figure(today, library),
        overview=found,
        last=found.sessions[0] if found.sessions else None,
        safety=safety.standing(store),
        progress=progress.overview(store, date.today()),
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
        position_words={p.value: POSITION_WORDS[p] for p in Position},
        warn=warnings(library, person_of(store).profile),
    )


@router.get("/stretches/{stretch_id}", response_class=HTMLResponse)
def stretch_page(
    request: Request, stretch_id: str, library: LibraryDep, store: StoreDep
) -> HTMLResponse:
    try:
        s = library.stretch(stretch_id)
    except LookupError as err:
        raise PageNotFound(str(err)) from None
    profile = person_of(store).profile
    return render(
        request,
        "stretch.html",
        s=s,
        labels={t.value: TARGET_LABELS[t] for t in Target},
        variants=[library.stretches[v] for v in s.variants],
        credits=[library.articles[a].credit for a in s.sources],
        warning=warnings(library, profile).get(s.id),
        names={sid: x.name for sid, x in library.stretches.items()},
        # The condition lines come from conditions.yaml, never from the card's own text.
        conditions=condition_notes(s, library, mine=profile.conditions),
        level_headings=LEVEL_HEADINGS,
        notes=card_notes(s),
        position_words=POSITION_WORDS,
    )


HISTORY_PAGE = 50


@router.get("/history", response_class=HTMLResponse)
def history_page(
    request: Request, store: StoreDep, library: LibraryDep, page: int = 1
) -> HTMLResponse:
    page = max(1, min(page, 10**6))
    found = history.overview(
        store, library, date.today(), limit=HISTORY_PAGE, offset=(page - 1) * HISTORY_PAGE
    )
    data = history.overview_data(found)
    return render(
        request,
        "history.html",
        overview=found,
        page=page,
        pages=max(1, -(-found.total_sessions // HISTORY_PAGE)),
        pain_svg=pain_chart(data["sessions"]),
        minutes_svg=minutes_chart(data["minutes_per_week"]),
    )


@router.post("/history/flags/{stretch_id}/clear", response_class=HTMLResponse)
def clear_flag(stretch_id: str, store: StoreDep) -> RedirectResponse:
    """The History page's "it is fine now" button for a stretch that hurt."""
    try:
        history.clear_flag(store, stretch_id)
    except NotFound:
        pass  # cleared already (a second click, an old tab): the page shows it is
    return RedirectResponse("/history#flags", status_code=303)


# Where the safety page sends the person once they may start: the player they came from,
# never another site (only this app's own player addresses are taken).
BACK_TO = re.compile(r"^/play/[a-z0-9]+(-[a-z0-9]+)*$")


def _back_to(given: object) -> str | None:
    return given if isinstance(given, str) and BACK_TO.match(given) else None


def _safety(
    request: Request,
    store: StoreDep,
    library: LibraryDep,
    status_code: int = 200,
    back_to: str | None = None,
    **extra: Any,
) -> HTMLResponse:
    asked = questions()
    return render(
        request,
        "safety.html",
        status_code=status_code,
        urgent=[q for q in asked if q.level == "emergency"],
        soon=[q for q in asked if q.level == "doctor"],
        clinician=clinician_check(),
        clinician_id=CLINICIAN_CHECKED,
        status=safety.standing(store),
        advice=library.advice,
        back_to=back_to,
        **{"result": None, **extra},
    )


@router.get("/safety", response_class=HTMLResponse)
def safety_page(
    request: Request, store: StoreDep, library: LibraryDep, next: str = ""
) -> HTMLResponse:
    return _safety(request, store, library, back_to=_back_to(next))


@router.post("/safety", response_class=HTMLResponse)
async def safety_answer(request: Request, store: StoreDep, library: LibraryDep) -> HTMLResponse:
    """The screen as a plain form: every question answered yes or no, unless one of the
    emergency questions is a yes, which is answered at once whatever else was sent."""
    form = await request.form()
    back_to = _back_to(form.get("next"))
    answers: dict[str, bool] = {}
    missing = []
    for q in questions():
        value = form.get(q.id)
        if value not in ("yes", "no"):
            missing.append(q.question)
        else:
            answers[q.id] = value == "yes"
    # Left blank (it is only asked after a see-a-doctor yes): not checked.
    if form.get(CLINICIAN_CHECKED) in ("yes", "no"):
        answers[CLINICIAN_CHECKED] = form.get(CLINICIAN_CHECKED) == "yes"
    try:
        result, _ = safety.answer_screen(store, answers)
    except Invalid as err:
        return _safety(
            request,
            store,
            library,
            422,
            back_to=back_to,
            missing=missing or err.problems,
            answers=answers,
        )
    return _safety(request, store, library, back_to=back_to, result=result)
