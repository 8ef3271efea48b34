"""/api/sessions: the browser player records into the same store, through the same service."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field

from ...kinds import HurtReason, Outcome, PhaseKind, SessionStatus, Side
from ...services import sessions
from ...timeline import Options
from ..deps import LibraryDep, OwnDep, StoreDep
from .problems import NOT_FOUND, CareRefusal, described

router = APIRouter(tags=["sessions"])

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9._:-]{1,64}$")]
Uuid = Annotated[
    str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]
# The store's id (SQLite integers are 64-bit) or the UUID the player made.
SessionRef = Annotated[
    str,
    PathParam(
        pattern=r"^([1-9][0-9]{0,17}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
    ),
]


def _ref(ref: str) -> int | str:
    return int(ref) if ref.isdigit() else ref


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionCreate(In):
    """Start a session of a routine; `options` must be those of the timeline being played.

    Options left out are the routine's own (as the timeline with no query has them).
    """

    routine_id: Slug
    options: Options | None = None
    speed: float = Field(default=1.0, gt=0, le=100)
    id: Uuid | None = None  # made by the player, so a session can begin offline


class SessionStarted(BaseModel):
    id: int
    uuid: str
    planned_seconds: int
    demo: bool


class PhaseIn(In):
    key: Key
    phase_index: int = Field(ge=0, le=10_000)
    step_index: int | None = Field(default=None, ge=0, le=1_000)
    kind: PhaseKind
    stretch_id: Slug | None = None
    side: Side | None = None
    planned_seconds: float = Field(ge=0, le=3600)
    actual_seconds: float = Field(ge=0, le=3600 * 6)
    outcome: Outcome


class PainIn(In):
    before: int | None = Field(default=None, ge=0, le=10)
    after: int | None = Field(default=None, ge=0, le=10)


class HurtIn(In):
    key: Key
    phase_index: int = Field(ge=0, le=10_000)
    stretch_id: Slug
    side: Side | None = None
    reason: HurtReason


class HurtAdvice(BaseModel):
    label: str
    advice: str
    advises_stop: bool
    rescreen: bool


class EndIn(In):
    status: Literal[SessionStatus.COMPLETED, SessionStatus.QUIT]


class SessionStretches(BaseModel):
    done: int
    skipped: int
    stopped: int


class SessionPublic(BaseModel):
    """A session as every face counts it, with its phases."""

    id: int
    uuid: str
    routine_id: str
    routine_title: str
    client: str
    status: SessionStatus
    demo: bool
    speed: float
    options: dict[str, Any] | None
    started_at: str
    ended_at: str | None
    planned_seconds: int
    actual_seconds: float
    pain_before: int | None
    pain_after: int | None
    stretches: SessionStretches
    whole: bool
    summary: list[str]
    phases: list[dict[str, Any]]


@router.post(
    "/sessions",
    status_code=201,
    responses={
        200: {"model": SessionStarted, "description": "Started before (the same id)."},
        409: described("The safety screen does not allow a session now.", CareRefusal),
        **NOT_FOUND,
    },
)
def start_session(
    body: SessionCreate, response: Response, library: LibraryDep, own: OwnDep, store: StoreDep
) -> SessionStarted:
    """Open a session record, if the safety screen allows; phases are added as they end."""
    # Only the options sent: the rest are the routine's own, as its timeline has them.
    given = body.options.model_dump(include=body.options.model_fields_set) if body.options else {}
    timeline = sessions.timeline_for(store, library, own, body.routine_id, given)
    started = sessions.start(store, timeline, client="browser", speed=body.speed, uuid=body.id)
    if not started.created:
        response.status_code = 200
    return SessionStarted(
        id=started.id,
        uuid=started.uuid,
        planned_seconds=started.planned_seconds,
        demo=started.demo,
    )


@router.get("/sessions/{ref}", responses=NOT_FOUND)
def get_session(ref: SessionRef, store: StoreDep) -> SessionPublic:
    """A session: status, demo, planned and actual seconds, pain, what was done, its phases."""
    return SessionPublic.model_validate(sessions.view_data(sessions.get(store, _ref(ref))))


@router.post("/sessions/{ref}/phases", status_code=204, responses=NOT_FOUND)
def record_phase(ref: SessionRef, body: PhaseIn, store: StoreDep) -> None:
    """One phase ended: done, skipped, stopped because it hurt, or ended by quitting."""
    sessions.record_phase(store, _ref(ref), sessions.PhaseReport(**body.model_dump()))


@router.post("/sessions/{ref}/pain", status_code=204, responses=NOT_FOUND)
def set_pain(ref: SessionRef, body: PainIn, store: StoreDep) -> None:
    """Pain now, 0-10, before or after the session."""
    sessions.set_pain(store, _ref(ref), before=body.before, after=body.after)


@router.post("/sessions/{ref}/hurt", responses=NOT_FOUND)
def record_hurt(ref: SessionRef, body: HurtIn, store: StoreDep, library: LibraryDep) -> HurtAdvice:
    """That hurt: the stretch is flagged; sharp pain or numbness brings the screen back."""
    found = library.stretches.get(body.stretch_id)
    words = sessions.record_hurt(
        store,
        _ref(ref),
        key=body.key,
        phase_index=body.phase_index,
        stretch_id=body.stretch_id,
        side=body.side,
        reason=body.reason,
        stretch_name=found.name if found else None,
    )
    return HurtAdvice(
        label=words.label,
        advice=words.advice,
        advises_stop=words.advises_stop,
        rescreen=words.rescreen,
    )


@router.post("/sessions/{ref}/end", responses=NOT_FOUND)
def end_session(ref: SessionRef, body: EndIn, store: StoreDep) -> SessionPublic:
    """Completed or quit; the session as it now stands."""
    view = sessions.end(store, _ref(ref), body.status)
    return SessionPublic.model_validate(sessions.view_data(view))
