"""/api/history and /api/flags: sessions, streaks, minutes per week, stretches that hurt."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from ...services import history
from ..deps import LibraryDep, StoreDep

router = APIRouter(tags=["history"])


@router.get("/history")
def get_history(
    store: StoreDep,
    library: LibraryDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> dict[str, Any]:
    """The same data as `supple history --json`: a page of sessions and the aggregates."""
    found = history.overview(store, library, date.today(), limit=limit, offset=offset)
    return history.overview_data(found)


@router.get("/flags")
def get_flags(store: StoreDep, library: LibraryDep) -> list[dict[str, Any]]:
    """Stretches that hurt and are left out of plans until cleared."""
    return [history.flag_data(f) for f in history.flags(store, library)]


@router.delete("/flags/{stretch_id}", status_code=204)
def clear_flag(stretch_id: str, store: StoreDep) -> Response:
    """The stretch is fine again: plans may use it, players stop warning about it."""
    history.clear_flag(store, stretch_id)
    return Response(status_code=204)
