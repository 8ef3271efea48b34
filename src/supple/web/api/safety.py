"""/api/safety: the red-flag screen (the same questions and rules as the terminal)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ...library.schema import Advice
from ...safety import CLINICIAN_CHECKED, HurtReason, clinician_check, hurt_reasons, questions
from ...safety.gate import Standing
from ...services import safety
from ..deps import LibraryDep, StoreDep

router = APIRouter(tags=["safety"])


class ScreenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, bool] = Field(
        description=(
            "Each question's id: true for yes, false for no; every question answered, unless "
            "an emergency question is true (that decides the result whatever else is sent). "
            f"After a see-a-doctor yes, `{CLINICIAN_CHECKED}`: true when a doctor or "
            "physiotherapist has checked it since it began and said exercise is fine "
            "(left out: false)."
        ),
        examples=[{"saddle-numbness": False, "cancer-history": True, CLINICIAN_CHECKED: True}],
    )


class StandingPublic(BaseModel):
    """Whether a session may start, and if not, why and where to get care."""

    may_start: bool
    due: bool
    due_reason: str | None
    last_result: str | None  # clear, doctor or emergency
    last_taken_at: str | None
    clinician_checked: bool = Field(
        description="The last answers said a doctor or physiotherapist has checked it."
    )
    level: Literal["emergency", "doctor", "due"] | None = Field(
        description="Why a session may not start: the refusal's level (as a 409 says it)."
    )
    reason: str | None
    care: str | None
    notes: list[str] = Field(description="Said at the start of each session.")

    @classmethod
    def of(cls, s: Standing) -> StandingPublic:
        return cls(
            may_start=s.may_start,
            due=s.due,
            due_reason=s.due_reason,
            last_result=s.last_result,
            last_taken_at=s.last_taken_at.isoformat() if s.last_taken_at else None,
            clinician_checked=s.clinician_checked,
            level=s.level,
            reason=s.reason,
            care=s.care,
            notes=list(s.notes),
        )


class Question(BaseModel):
    id: str
    question: str
    level: str
    source: str


class ClinicianQuestion(BaseModel):
    """Asked after any see-a-doctor yes; its answer goes in `answers` under its id."""

    id: str
    question: str
    source: str


class ScreenPublic(BaseModel):
    questions: list[Question]
    clinician_check: ClinicianQuestion
    status: StandingPublic


class ScreenAnswered(BaseModel):
    level: Literal["clear", "doctor", "emergency"]
    title: str
    message: str
    flagged: list[str]
    clinician_checked: bool
    status: StandingPublic


@router.get("/safety/screen")
def get_screen(store: StoreDep) -> ScreenPublic:
    """The questions, and where this person stands."""
    check = clinician_check()
    return ScreenPublic(
        questions=[Question(**q.model_dump()) for q in questions()],
        clinician_check=ClinicianQuestion(
            id=CLINICIAN_CHECKED, question=check.question, source=check.source
        ),
        status=StandingPublic.of(safety.standing(store)),
    )


@router.post("/safety/screen")
def answer_screen(body: ScreenIn, store: StoreDep) -> ScreenAnswered:
    """The answers are saved; the result says where to get care if needed.

    A see-a-doctor answer lets a session start only with `clinician-checked: true`; an
    emergency answer never does.
    """
    result, standing = safety.answer_screen(store, body.answers)
    return ScreenAnswered(
        level=result.level,
        title=result.title,
        message=result.message,
        flagged=[q.question for q in result.flagged],
        clinician_checked=result.clinician_checked,
        status=StandingPublic.of(standing),
    )


@router.get("/safety/hurt-reasons")
def get_hurt_reasons() -> list[HurtReason]:
    """The answers to "what happened?" after "that hurts", with the advice for each."""
    return hurt_reasons()


@router.get("/advice")
def get_advice(library: LibraryDep) -> list[Advice]:
    """The articles' advice: safe-stretching rules, how often, safety, posture."""
    return list(library.advice)
