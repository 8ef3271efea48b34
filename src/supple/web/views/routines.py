"""Routine pages: the list, one routine, the editor, and the player."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from ...library.catalog import Library
from ...library.exchange import DamagedRoutine, OwnRoutines, find_routine
from ...library.present import first_figure
from ...library.schema import Routine
from ...profile import warnings
from ...services.person import person_of
from ...timeline import build_timeline
from ..deps import LibraryDep, OwnDep, StoreDep
from . import router
from .common import PageNotFound, render


@router.get("/routines", response_class=HTMLResponse)
def routines_page(request: Request, library: LibraryDep, own: OwnDep) -> HTMLResponse:
    mine, bad = own.load()
    every = {**library.routines, **mine}
    return render(
        request,
        "routines.html",
        built_in=[r for r in every.values() if r.id in library.routines],
        mine=[r for r in every.values() if r.id not in library.routines],
        credit=library.source_credit,
        totals={rid: build_timeline(r, library).total_seconds for rid, r in every.items()},
        firsts={rid: first_figure(r, library) for rid, r in every.items()},
        damaged=bad,
    )


def _routine_or_page(
    request: Request, library: Library, own: OwnRoutines, routine_id: str
) -> Routine | HTMLResponse:
    """The routine at this address, or, for one of the person's that is damaged, a page
    saying why (a 422: never a 500, and the file can still be deleted from it)."""
    try:
        return find_routine(library, own, routine_id)
    except DamagedRoutine as err:
        return render(request, "routine_damaged.html", status_code=422, d=err)
    except LookupError as err:
        raise PageNotFound(str(err)) from None


@router.get("/routines/new", response_class=HTMLResponse)
def new_routine(request: Request, library: LibraryDep) -> HTMLResponse:
    return render(
        request, "routine_edit.html", routine=None, stretches=list(library.stretches.values())
    )


@router.get("/routines/{routine_id}", response_class=HTMLResponse)
def routine_page(
    request: Request, routine_id: str, library: LibraryDep, own: OwnDep, store: StoreDep
) -> HTMLResponse:
    r = _routine_or_page(request, library, own, routine_id)
    if isinstance(r, HTMLResponse):
        return r
    return render(
        request,
        "routine.html",
        r=r,
        built_in=r.id in library.routines,
        stretches=library.stretches,
        credit=library.source_credit(r.source),
        total=build_timeline(r, library).total_seconds,
        work=sum(s.work_seconds for s in r.steps),
        warn=warnings(library, person_of(store).profile),
    )


@router.get("/routines/{routine_id}/edit", response_class=HTMLResponse)
def edit_routine(
    request: Request, routine_id: str, library: LibraryDep, own: OwnDep
) -> HTMLResponse:
    r = _routine_or_page(request, library, own, routine_id)
    if isinstance(r, HTMLResponse):
        return r
    return render(
        request,
        "routine_edit.html",
        routine=r if r.id not in library.routines else None,
        copy_of=r if r.id in library.routines else None,
        stretches=list(library.stretches.values()),
    )


@router.get("/play/{routine_id}", response_class=HTMLResponse)
def player_page(
    request: Request, routine_id: str, library: LibraryDep, own: OwnDep
) -> HTMLResponse:
    r = _routine_or_page(request, library, own, routine_id)
    if isinstance(r, HTMLResponse):
        return r
    # The ready screen's line before the timeline comes: how many stretches, how long.
    return render(
        request,
        "player.html",
        r=r,
        steps=len(r.steps),
        total=build_timeline(r, library).total_seconds,
    )
