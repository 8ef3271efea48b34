"""/api/reminders: the schedule, what is due next (for the page's notices), what became of
each reminder, and a desk break planned on demand. The same service as `supple remind`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, ValidationError

from ...reminders.schedule import Schedule, explain
from ...services import reminders as service
from ...services.data_doc import ReminderKind, ReminderOutcome, When
from ...services.errors import Invalid, NotFound
from ...services.sessions import routine_of
from ..deps import LibraryDep, OwnDep, StoreDep
from .problems import NOT_FOUND

router = APIRouter(tags=["reminders"])


class SchedulePublic(BaseModel):
    """The schedule as stored, and the same in words."""

    schedule: dict[str, Any]
    lines: list[str]


class DailyDue(BaseModel):
    at: datetime
    title: str
    seconds: int
    href: str


class BreakDue(BaseModel):
    at: datetime
    minutes: int
    postpone_minutes: int
    skips_left: int | None


class UpcomingPublic(BaseModel):
    """What the page should show next, and when; null when nothing is due."""

    daily: DailyDue | None
    desk_break: BreakDue | None
    # `supple breaks` runs for this person: it shows the desk breaks, the page does not.
    breaks_elsewhere: bool


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ReminderKind
    due_at: When  # an ISO 8601 time with its offset, as the notice was given it
    outcome: ReminderOutcome


class DeskBreak(BaseModel):
    routine_id: str
    href: str


def _public(schedule: Schedule, library: LibraryDep, own: OwnDep) -> SchedulePublic:
    return SchedulePublic(
        schedule=schedule.model_dump(mode="json"),
        lines=service.lines(schedule, library, own),
    )


@router.get("/reminders")
def get_reminders(store: StoreDep, library: LibraryDep, own: OwnDep) -> SchedulePublic:
    """The daily reminders, the desk-break settings and the time zone."""
    return _public(service.schedule_of(store), library, own)


@router.put("/reminders", responses=NOT_FOUND)
def put_reminders(
    body: dict[str, Any], store: StoreDep, library: LibraryDep, own: OwnDep
) -> SchedulePublic:
    """Replace the whole schedule (the shape GET gives); each routine named must exist."""
    try:
        schedule = Schedule.model_validate(body)
    except ValidationError as err:
        raise Invalid(explain(err).splitlines()) from None
    for daily in schedule.daily:
        if daily.routine is not None:
            try:
                routine_of(library, own, daily.routine)
            except NotFound as err:
                raise HTTPException(404, str(err)) from None
    return _public(service.save(store, schedule), library, own)


@router.get("/reminders/upcoming")
def get_upcoming(
    request: Request, store: StoreDep, library: LibraryDep, own: OwnDep
) -> UpcomingPublic:
    """The next daily reminder and the next desk break, for the notices of an open page."""
    schedule = service.schedule_of(store)
    found = service.upcoming(store, library, own, datetime.now(schedule.zone))
    elsewhere = service.breaks_running(request.app.state.settings.home)
    daily = None
    if found.daily_at is not None and found.daily is not None:
        p = found.daily
        daily = DailyDue(at=found.daily_at, title=p.title, seconds=p.seconds, href=p.href)
    desk = None
    if found.break_at is not None and not elsewhere:
        desk = BreakDue(
            at=found.break_at,
            minutes=found.break_minutes,
            postpone_minutes=found.postpone_minutes,
            skips_left=found.skips_left,
        )
    return UpcomingPublic(daily=daily, desk_break=desk, breaks_elsewhere=elsewhere)


@router.post("/reminders/events", status_code=204)
def post_event(body: EventIn, store: StoreDep) -> None:
    """What the person did with a reminder: it counts in History by week."""
    service.record(store, body.kind, body.due_at, body.outcome)


@router.post("/reminders/desk-break", status_code=201)
def post_desk_break(store: StoreDep, library: LibraryDep, own: OwnDep) -> DeskBreak:
    """Plan a desk break for this person (their profile respected), keep it, say where."""
    routine_id = service.desk_break(store, library, own)
    return DeskBreak(routine_id=routine_id, href=f"/play/{routine_id}")
