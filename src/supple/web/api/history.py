"""/api/history: sessions, streaks, minutes per week, pain over time, flags."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from ...progress import history_data
from ..deps import StoreDep

router = APIRouter(tags=["history"])


@router.get("/history")
def get_history(
    store: StoreDep, limit: Annotated[int, Query(ge=1, le=1000)] = 50
) -> dict[str, Any]:
    """The same data as `supple history --json`."""
    return history_data(store.sessions(), store.flags(), date.today(), limit=limit)
