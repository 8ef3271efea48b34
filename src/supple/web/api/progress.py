"""/api/progress: the weekly usual pain, the PSFS, the goal, and the exports for a clinician.

The same data and words as `supple progress`, from the same service.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from ...progress import Goal
from ...services import clinician
from ...services import progress as service
from ...services.progress import PsfsCheck
from ..deps import StoreDep

router = APIRouter(tags=["progress"])

# Health records: never kept by a cache between here and the person (as /api/data).
PRIVATE = {"Cache-Control": "no-store"}
TrendWord = Literal["better", "worse", "unclear", "baseline"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WeekPain(BaseModel):
    week_start: str
    pain: int


class Thresholds(BaseModel):
    points: float
    fraction_of_baseline: float


class PainPublic(BaseModel):
    """The usual pain by week, and whether it has changed meaningfully (Ostelo 2008)."""

    measure: str
    weeks: list[WeekPain]
    baseline: int | None
    latest: int | None
    trend: TrendWord | None
    meaningful: bool
    due_this_week: bool
    summary: str
    advice: str | None
    rule: str
    thresholds: Thresholds


class WithinPublic(BaseModel):
    """The average change from before a session to after it (negative: lower after)."""

    sessions: int
    average_change: float | None
    summary: str


class RatingPublic(BaseModel):
    activity: str
    score: int


class PsfsCheckPublic(BaseModel):
    """One Patient-Specific Functional Scale check; its score is the mean."""

    taken_at: str
    score: float
    ratings: list[RatingPublic]


class FunctionPublic(BaseModel):
    """The PSFS checks (Stratford 1995) and the change on the activities rated both times."""

    measure: str
    checks: list[PsfsCheckPublic]
    activities: list[str]
    score: float | None
    compared: list[str]
    baseline: float | None
    latest: float | None
    change: float | None
    trend: TrendWord | None
    meaningful: bool
    due: bool
    next_due: str | None
    summary: str
    reminder: str | None
    rule: str
    threshold_points: float


class StreakPublic(BaseModel):
    current: int
    longest: int
    unit: Literal["day", "week"]


class AdherencePublic(BaseModel):
    """This week against the goal, and the streak; demonstrations never count."""

    goal: Goal
    goal_words: str
    week_start: str
    sessions_this_week: int
    counted_this_week: int
    target_this_week: int
    streak: StreakPublic
    summary: str
    streak_summary: str


class ProgressPublic(BaseModel):
    today: str
    home_line: str
    pain: PainPublic
    within_sessions: WithinPublic
    function: FunctionPublic
    adherence: AdherencePublic
    note: str


class WeeklyPainPublic(BaseModel):
    """This week's usual-pain question: still due, or its answer; its words."""

    week_start: str
    due: bool
    pain: int | None
    question: str
    hint: str


class WeeklyPainIn(In):
    """Usual pain this week, 0-10; null leaves it blank for this week (not asked again)."""

    pain: StrictInt | None = Field(ge=0, le=10)


class GoalChoice(BaseModel):
    id: Goal
    words: str


class GoalPublic(BaseModel):
    goal: Goal
    words: str
    choices: list[GoalChoice]


class GoalIn(In):
    goal: Goal


def _goal(goal: Goal) -> GoalPublic:
    return GoalPublic(
        goal=goal,
        words=goal.words,
        choices=[GoalChoice(id=g, words=g.words) for g in Goal],
    )


@router.get("/progress")
def get_progress(store: StoreDep, response: Response) -> ProgressPublic:
    """The same data as `supple progress --json`: pain by week, within sessions, PSFS, goal."""
    response.headers.update(PRIVATE)
    found = service.overview(store, date.today())
    return ProgressPublic.model_validate(service.progress_data(found))


@router.get("/progress/weekly-pain")
def get_weekly_pain(store: StoreDep) -> WeeklyPainPublic:
    """Whether this week's usual pain is still to be asked (the players ask it at a session)."""
    return WeeklyPainPublic.model_validate(
        service.weekly_data(service.weekly_status(store, date.today()))
    )


@router.post("/progress/weekly-pain")
def record_weekly_pain(body: WeeklyPainIn, store: StoreDep) -> WeeklyPainPublic:
    """This week's usual pain (a later answer replaces it), or null: skipped this week."""
    found = service.record_weekly_pain(store, body.pain, date.today())
    return WeeklyPainPublic.model_validate(service.weekly_data(found))


@router.get("/progress/goal")
def get_goal(store: StoreDep) -> GoalPublic:
    """How often the person means to stretch, and the choices."""
    return _goal(service.goal_of(store))


@router.put("/progress/goal")
def set_goal(body: GoalIn, store: StoreDep) -> GoalPublic:
    """Set the goal: twice-a-day, once-a-day, most-days or three-times-a-week."""
    return _goal(service.set_goal(store, body.goal.value))


@router.post("/progress/psfs", status_code=201)
def record_psfs(body: PsfsCheck, store: StoreDep) -> PsfsCheckPublic:
    """A PSFS check: 3 to 5 activities in the person's words, each rated 0 (unable) to 10."""
    return PsfsCheckPublic.model_validate(service.psfs_data(service.record_psfs(store, body)))


CSV_ANSWER = {
    "description": "A row per session, weekly score and PSFS rating.",
    "content": {"text/csv": {}},
}
FHIR_ANSWER = {
    "description": "An HL7 FHIR R4B Bundle (type collection) of Observations.",
    "content": {"application/fhir+json": {}},
}


@router.get("/progress/export.csv", response_class=Response, responses={200: CSV_ANSWER})
def export_csv(store: StoreDep) -> Response:
    """The progress records for a clinician, as CSV (local times)."""
    name = f"supple-progress-{date.today().isoformat()}.csv"
    return Response(
        clinician.progress_csv(store),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"', **PRIVATE},
    )


@router.get("/progress/fhir", response_class=Response, responses={200: FHIR_ANSWER})
def export_fhir(store: StoreDep) -> Response:
    """Pain ratings (LOINC 72514-3) and PSFS checks as a FHIR R4B Bundle; no name in it."""
    name = f"supple-progress-{date.today().isoformat()}.fhir.json"
    return Response(
        json.dumps(clinician.fhir_bundle(store), indent=2, ensure_ascii=False) + "\n",
        media_type="application/fhir+json",
        headers={"Content-Disposition": f'attachment; filename="{name}"', **PRIVATE},
    )
