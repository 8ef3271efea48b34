"""Where this person stands on safety: may they start, and the screen's answers saved."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..safety import ScreenResult, evaluate
from ..safety.gate import Standing, standing_of
from ..store.meta import SCREEN_DUE_REASON
from .errors import Invalid, NotAllowed

if TYPE_CHECKING:
    from ..store.db import Store


def standing(store: Store, now: datetime | None = None) -> Standing:
    """The last screening and anything reported since, read against the one rule."""
    last = store.last_screening()
    return standing_of(
        last.result if last else None,
        last.taken_at if last else None,
        store.get_meta(SCREEN_DUE_REASON),
        now or datetime.now(UTC),
    )


def require_may_start(found: Standing) -> None:
    """Raise NotAllowed, with the reason and where to get care, unless a session may start."""
    if not found.may_start:
        level = found.last_result if found.last_result in ("doctor", "emergency") else "due"
        raise NotAllowed(
            found.reason or "The safety questions come first.", found.care or "", level
        )


def answer_screen(store: Store, answers: dict[str, bool]) -> tuple[ScreenResult, Standing]:
    """Score a complete set of answers, save them, and say where the person now stands."""
    try:
        result = evaluate(answers)
    except ValueError as err:
        raise Invalid([f"answers: {err}"]) from None
    store.save_screening(answers, result.level)
    return result, standing(store)
