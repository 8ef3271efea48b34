"""The Reminders page (daily times, desk breaks, the time zone) and /calendar.ics.

Its forms post here and come back to the page; a form that is not right comes back with
what to change, and nothing saved before is lost.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...library.exchange import all_routines
from ...reminders.schedule import Weekday, days_text, time_text
from ...services import reminders as service
from ...services.errors import Invalid, NotFound
from ..deps import LibraryDep, OwnDep, StoreDep
from . import router
from .common import render

SAVED = {
    "daily": "Saved your reminder.",
    "removed": "Removed the reminder.",
    "breaks": "Saved your desk breaks.",
    "zone": "Saved your time zone.",
    "cleared": "Removed every reminder; desk breaks are off.",
}
DAY_WORDS = {
    Weekday.MON: "Mon",
    Weekday.TUE: "Tue",
    Weekday.WED: "Wed",
    Weekday.THU: "Thu",
    Weekday.FRI: "Fri",
    Weekday.SAT: "Sat",
    Weekday.SUN: "Sun",
}


def page(
    request: Request,
    store: StoreDep,
    library: LibraryDep,
    own: OwnDep,
    *,
    status_code: int = 200,
    saved: str = "",
    errors: dict[str, list[str]] | None = None,
) -> HTMLResponse:
    schedule = service.schedule_of(store)
    every = all_routines(library, own)
    rows = [
        {
            "at": time_text(d.at),
            "days": days_text(d.days),
            "plays": service.plays(library, own, d),
        }
        for d in schedule.daily
    ]
    found = service.upcoming(store, library, own, datetime.now(schedule.zone))
    return render(
        request,
        "reminders.html",
        status_code=status_code,
        schedule=schedule,
        rows=rows,
        upcoming=found,
        routines=sorted(every.values(), key=lambda r: r.title.lower()),
        days=DAY_WORDS,
        days_text=days_text,
        time_text=time_text,
        weeks=service.by_week(store)[-8:][::-1],
        breaks_elsewhere=service.breaks_running(request.app.state.settings.home),
        saved=SAVED.get(saved, ""),
        errors=errors or {},
    )


@router.get("/reminders", response_class=HTMLResponse)
def reminders_page(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep, saved: str = ""
) -> HTMLResponse:
    return page(request, store, library, own, saved=saved)


def _back(saved: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/reminders?saved={saved}#{anchor}", status_code=303)


def _said(err: Invalid | NotFound) -> list[str]:
    """What a refused form shows: each problem, or the one thing not found."""
    return err.problems if isinstance(err, Invalid) else [str(err)]


def _days(form: Any) -> str | None:
    picked = [str(d) for d in form.getlist("days")]
    return ",".join(picked) if picked else None


def _int(form: Any, name: str) -> int | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Invalid([f"{name.replace('_', ' ')}: {raw!r} is not a whole number"])
    return int(raw)


@router.post("/reminders/daily", response_class=HTMLResponse)
async def daily_form(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep
) -> Response:
    """Add a daily reminder: a time, its days, and a routine or a plan for me."""
    form = await request.form()
    what = str(form.get("routine") or "")
    try:
        days = _days(form)
        if days is None:
            raise Invalid(["Days: tick at least one day."])
        service.set_daily(
            store,
            library,
            own,
            [str(form.get("at") or "")],
            days=days,
            routine=what or None,
            minutes=_int(form, "minutes"),
            place=str(form.get("place") or "") or None,
            replace=False,
        )
    except (Invalid, NotFound) as err:
        return page(request, store, library, own, status_code=422, errors={"daily": _said(err)})
    return _back("daily", "daily")


@router.post("/reminders/daily/remove", response_class=HTMLResponse)
async def remove_form(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep
) -> Response:
    form = await request.form()
    try:
        service.remove_daily(store, str(form.get("at") or ""))
    except (Invalid, NotFound) as err:
        return page(request, store, library, own, status_code=422, errors={"daily": _said(err)})
    return _back("removed", "daily")


@router.post("/reminders/breaks", response_class=HTMLResponse)
async def breaks_form(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep
) -> Response:
    """Desk breaks: on or off, how often, between which hours, which days, skips a day."""
    form = await request.form()
    try:
        days = _days(form)
        if days is None:
            raise Invalid(["Days: tick at least one working day."])
        skips = _int(form, "max_skips")
        service.set_breaks(
            store,
            enabled=form.get("enabled") == "on",
            every=_int(form, "every"),
            start=str(form.get("start") or "") or None,
            end=str(form.get("end") or "") or None,
            days=days,
            minutes=_int(form, "minutes"),
            max_skips=skips,
            clear_max_skips=skips is None,
        )
    except Invalid as err:
        return page(request, store, library, own, status_code=422, errors={"breaks": err.problems})
    return _back("breaks", "breaks")


@router.post("/reminders/zone", response_class=HTMLResponse)
async def zone_form(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep
) -> Response:
    form = await request.form()
    try:
        service.set_timezone(store, str(form.get("timezone") or "").strip())
    except Invalid as err:
        return page(request, store, library, own, status_code=422, errors={"zone": err.problems})
    return _back("zone", "zone")


@router.post("/reminders/clear", response_class=HTMLResponse)
async def clear_form(store: StoreDep) -> Response:
    service.clear(store)
    return _back("cleared", "daily")


@router.get("/calendar.ics")
def calendar(store: StoreDep, library: LibraryDep, own: OwnDep) -> Response:
    """The daily reminders as iCalendar, for a calendar app on this computer to subscribe to."""
    schedule = service.schedule_of(store)
    body = service.calendar(store, library, own, datetime.now(schedule.zone))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="supple-reminders.ics"',
            "Cache-Control": "no-store",
        },
    )
