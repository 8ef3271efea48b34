"""Where this person stands on safety: may they start, and the screen's answers saved."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..safety import CLINICIAN_CHECKED, ScreenResult, evaluate, questions
from ..safety.gate import Standing, standing_of
from ..store.meta import SCREEN_CLINICIAN_CHECKED, SCREEN_DUE_REASON
from .errors import Invalid, NotAllowed

if TYPE_CHECKING:
    from ..store.db import Store

# The clinician mark when the last screening had no "yes" to the clinician question.
NOT_CHECKED = "no"


def standing(store: Store, now: datetime | None = None) -> Standing:
    """The last screening and anything reported since, read against the one rule."""
    last = store.last_screening()
    return standing_of(
        last.result if last else None,
        last.taken_at if last else None,
        store.get_meta(SCREEN_DUE_REASON),
        now or datetime.now(UTC),
        store.get_meta(SCREEN_CLINICIAN_CHECKED),
    )


def require_may_start(found: Standing) -> None:
    """Raise NotAllowed, with the reason and where to get care, unless a session may start."""
    if not found.may_start:
        raise NotAllowed(
            found.reason or "The safety questions come first.",
            found.care or "",
            found.level or "due",
        )


def answer_screen(store: Store, answers: Mapping[str, object]) -> tuple[ScreenResult, Standing]:
    """Score a set of answers, save them, and say where the person now stands.

    An emergency "yes" is saved however the rest was answered: only the questions' own
    yes/no answers are kept with it.
    """
    try:
        result = evaluate(answers)
    except ValueError as err:
        raise Invalid([f"answers: {err}"]) from None
    known = {q.id for q in questions()} | {CLINICIAN_CHECKED}
    kept = {k: v for k, v in answers.items() if k in known and isinstance(v, bool)}
    # The mark is cleared before the answers are saved and set after: if anything stops in
    # between, the person is asked again rather than taken as checked.
    if store.get_meta(SCREEN_CLINICIAN_CHECKED) not in (None, NOT_CHECKED):
        store.set_meta(SCREEN_CLINICIAN_CHECKED, NOT_CHECKED)
    store.save_screening(kept, result.level)
    if result.clinician_checked:
        last = store.last_screening()
        if last is not None:
            store.set_meta(SCREEN_CLINICIAN_CHECKED, last.taken_at.isoformat())
    return result, standing(store)
