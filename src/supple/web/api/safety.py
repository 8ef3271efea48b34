"""/api/safety: the red-flag screen (the same questions and rules as the terminal)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from ...library.schema import Advice
from ...safety import HurtReason, hurt_reasons, questions
from ...safety.gate import Standing
from ...services import safety
from ..deps import LibraryDep, StoreDep

router = APIRouter(tags=["safety"])


class ScreenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, bool]


class StandingPublic(BaseModel):
    """Whether a session may start, and if not, why and where to get care."""

    may_start: bool
    due: bool
    due_reason: str | None
    last_result: str | None
    last_taken_at: str | None
    reason: str | None
    care: str | None

    @classmethod
    def of(cls, s: Standing) -> StandingPublic:
        return cls(
            may_start=s.may_start,
            due=s.due,
            due_reason=s.due_reason,
            last_result=s.last_result,
            last_taken_at=s.last_taken_at.isoformat() if s.last_taken_at else None,
            reason=s.reason,
            care=s.care,
        )


class Question(BaseModel):
    id: str
    question: str
    level: str
    source: str


class ScreenPublic(BaseModel):
    questions: list[Question]
    status: StandingPublic


class ScreenAnswered(BaseModel):
    level: str
    title: str
    message: str
    flagged: list[str]
    status: StandingPublic


@router.get("/safety/screen")
def get_screen(store: StoreDep) -> ScreenPublic:
    """The questions, and where this person stands."""
    return ScreenPublic(
        questions=[Question(**q.model_dump()) for q in questions()],
        status=StandingPublic.of(safety.standing(store)),
    )


@router.post("/safety/screen")
def answer_screen(body: ScreenIn, store: StoreDep) -> ScreenAnswered:
    """Every question answered: the result is saved, and says where to get care if needed."""
    result, standing = safety.answer_screen(store, body.answers)
    return ScreenAnswered(
        level=result.level,
        title=result.title,
        message=result.message,
        flagged=[q.question for q in result.flagged],
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
