"""/api/history and /api/flags: sessions, streaks, minutes per week, stretches that hurt."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from ...services import history
from ..deps import LibraryDep, StoreDep
from .problems import NOT_FOUND
from .sessions import SessionPublic

router = APIRouter(tags=["history"])


class FlagPublic(BaseModel):
    """A stretch that hurt: left out of plans and pointed out until cleared."""

    stretch_id: str
    name: str
    reason: str
    reason_words: str
    count: int
    last_at: str


class Streak(BaseModel):
    current: int
    longest: int


class Week(BaseModel):
    week_start: str
    minutes: float


class WeekOfReminders(BaseModel):
    """One week's reminders: daily ones followed and skipped, desk breaks taken and skipped."""

    week_start: str
    followed: int
    skipped: int
    breaks_taken: int
    breaks_skipped: int


class HistoryPublic(BaseModel):
    sessions: list[SessionPublic]
    total_sessions: int
    streak: Streak
    minutes_per_week: list[Week]
    reminders_per_week: list[WeekOfReminders]
    flags: list[FlagPublic]


@router.get("/history")
def get_history(
    store: StoreDep,
    library: LibraryDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> HistoryPublic:
    """The same data as `supple history --json`: a page of sessions and the aggregates."""
    found = history.overview(store, library, date.today(), limit=limit, offset=offset)
    return HistoryPublic.model_validate(history.overview_data(found))


@router.get("/flags")
def get_flags(store: StoreDep, library: LibraryDep) -> list[FlagPublic]:
    """Stretches that hurt and are left out of plans until cleared."""
    return [FlagPublic.model_validate(history.flag_data(f)) for f in history.flags(store, library)]


@router.delete("/flags/{stretch_id}", status_code=204, responses=NOT_FOUND)
def clear_flag(stretch_id: str, store: StoreDep) -> Response:
    """The stretch is fine again: plans may use it, players stop warning about it."""
    history.clear_flag(store, stretch_id)
    return Response(status_code=204)
