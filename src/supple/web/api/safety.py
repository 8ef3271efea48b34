"""/api/safety: the red-flag screen (the same questions and rules as the terminal)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from ...safety import evaluate, hurt_reasons, is_due, may_start, questions
from ..deps import LibraryDep, StoreDep

router = APIRouter(tags=["safety"])


class ScreenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, bool]


def status(store: StoreDep) -> dict[str, Any]:
    """Whether a session may start: the last screening, and whether it is due again."""
    last = store.last_screening()
    reason = store.get_meta("screen_due_reason")
    now = datetime.now(UTC)
    taken = last.taken_at if last else None
    return {
        "due": is_due(taken, reason, now),
        "due_reason": reason,
        "last_result": last.result if last else None,
        "last_taken_at": last.taken_at.isoformat() if last else None,
        "may_start": may_start(last.result if last else None, taken, reason, now),
    }


@router.get("/safety/screen")
def get_screen(store: StoreDep) -> dict[str, Any]:
    """The questions, and where this person stands."""
    return {
        "questions": [q.model_dump() for q in questions()],
        "status": status(store),
    }


@router.post("/safety/screen")
def answer_screen(body: ScreenIn, store: StoreDep) -> dict[str, Any]:
    """Every question answered: the result is saved, and says where to get care if needed."""
    result = evaluate(body.answers)
    store.save_screening(body.answers, result.level)
    return {
        "level": result.level,
        "title": result.title,
        "message": result.message,
        "flagged": [q.question for q in result.flagged],
        "status": status(store),
    }


@router.get("/safety/hurt-reasons")
def get_hurt_reasons() -> list[dict[str, Any]]:
    return [r.model_dump() for r in hurt_reasons()]


@router.get("/advice")
def get_advice(library: LibraryDep) -> list[dict[str, Any]]:
    """The articles' advice: safe-stretching rules, how often, safety, posture."""
    return [a.model_dump(mode="json") for a in library.advice]
