"""/api/sessions: the browser player records into the same store, phase by phase."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from ...library.exchange import find_routine
from ..deps import LibraryDep, OwnDep, StoreDep

router = APIRouter(tags=["sessions"])

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
# SQLite integers are 64-bit: a larger id can only be a mistake, and must be a 4xx, not a crash.
SessionId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionCreate(In):
    routine_id: Slug
    speed: float = Field(default=1.0, gt=0, le=100)


class PhaseIn(In):
    phase_index: int = Field(ge=0, le=10_000)
    kind: Literal[
        "warm-up", "change-position", "get-ready", "hold", "switch-sides", "mobilize", "rest"
    ]
    stretch_id: Slug | None = None
    side: Literal["left", "right"] | None = None
    planned_seconds: float = Field(ge=0, le=3600)
    actual_seconds: float = Field(ge=0, le=3600 * 6)
    outcome: Literal["done", "skipped", "stopped"]


class PainIn(In):
    before: int | None = Field(default=None, ge=0, le=10)
    after: int | None = Field(default=None, ge=0, le=10)


class HurtIn(In):
    phase_index: int = Field(ge=0, le=10_000)
    stretch_id: Slug
    side: Literal["left", "right"] | None = None
    reason: Literal["sharp", "numbness", "too-strong"]


class EndIn(In):
    status: Literal["completed", "quit"]


@router.post("/sessions", status_code=201)
def start_session(
    body: SessionCreate, library: LibraryDep, own: OwnDep, store: StoreDep
) -> dict[str, Any]:
    """Open a session record for a routine; phases are added as they finish."""
    from ...timeline import build_timeline

    try:
        routine = find_routine(library, own, body.routine_id)
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    total = build_timeline(routine, library).total_seconds
    session_id = store.start_session(
        routine.id, routine.title, planned_seconds=int(total), client="browser", speed=body.speed
    )
    store.set_meta("last_routine", routine.id)
    return {"id": session_id}


@router.post("/sessions/{session_id}/phases", status_code=204)
def record_phase(session_id: SessionId, body: PhaseIn, store: StoreDep) -> None:
    """One phase finished: done, skipped, or stopped because it hurt."""
    store.record_phase(session_id, **body.model_dump())


@router.post("/sessions/{session_id}/pain", status_code=204)
def set_pain(session_id: SessionId, body: PainIn, store: StoreDep) -> None:
    """Pain now, 0-10, before or after the session."""
    store.set_pain(session_id, before=body.before, after=body.after)


@router.post("/sessions/{session_id}/hurt", status_code=204)
def record_hurt(session_id: SessionId, body: HurtIn, store: StoreDep) -> None:
    """That hurt: what happened. The stretch is flagged; numbness brings the screen back."""
    store.record_hurt(session_id, **body.model_dump())
    if body.reason == "numbness":
        store.mark_screen_due("numbness or tingling during a stretch")


@router.post("/sessions/{session_id}/end", status_code=204)
def end_session(session_id: SessionId, body: EndIn, store: StoreDep) -> None:
    store.end_session(session_id, body.status)
