"""The red-flag screen and the "that hurt" answers, read from the package's safety content."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from ..kinds import HurtReason as HurtReasonId
from ..library.errors import read_data, unknown, validate
from ..library.schema import Slug, Strict, Text

# How often the screen is asked again when nothing new has been reported.
SCREEN_INTERVAL = timedelta(days=30)

# The content must give words for exactly the reasons the rest of supple knows.
HURT_IDS = tuple(r.value for r in HurtReasonId)

FlagLevel = Literal["emergency", "doctor"]
ScreenLevel = Literal["clear", "doctor", "emergency"]

# Emergency outranks doctor: one urgent "yes" decides the outcome.
_RANK: dict[ScreenLevel, int] = {"clear": 0, "doctor": 1, "emergency": 2}


class RedFlag(Strict):
    """One yes/no question of the screen; a yes means stop self-care and seek care."""

    id: Slug
    question: Text
    level: FlagLevel
    source: Text


class Outcome(Strict):
    """What the person is told for one screen result."""

    title: Text
    message: Text


class Outcomes(Strict):
    """The message for each result of the screen."""

    emergency: Outcome
    doctor: Outcome
    clear: Outcome


class ScreenContent(Strict):
    """The whole redflags.yaml file."""

    outcomes: Outcomes
    questions: list[RedFlag] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> ScreenContent:
        ids = [q.id for q in self.questions]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"question ids listed twice: {', '.join(twice)}")
        return self


class ScreenResult(Strict):
    """The outcome of one screening: its level, the questions answered yes, what to show."""

    level: ScreenLevel
    flagged: tuple[RedFlag, ...]
    title: str
    message: str

    @property
    def clear(self) -> bool:
        return self.level == "clear"


class HurtReason(Strict):
    """One answer to "what happened?" after the person presses "that hurts"."""

    id: HurtReasonId
    label: Text
    advice: Text
    advises_stop: bool
    rescreen: bool


class HurtContent(Strict):
    """The whole hurt.yaml file."""

    reasons: list[HurtReason] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> HurtContent:
        ids = [r.id for r in self.reasons]
        if sorted(ids) != sorted(HURT_IDS):
            raise ValueError(f"reasons must be exactly {', '.join(HURT_IDS)}, got {', '.join(ids)}")
        return self


def _path(name: str) -> Path:
    return Path(str(resources.files("supple").joinpath("content", "safety", name)))


@functools.cache
def _screen() -> ScreenContent:
    path = _path("redflags.yaml")
    return validate(ScreenContent, read_data(path), path)


@functools.cache
def _hurt() -> HurtContent:
    path = _path("hurt.yaml")
    return validate(HurtContent, read_data(path), path)


def questions() -> list[RedFlag]:
    """The screen's questions, in the order they are asked."""
    return list(_screen().questions)


def evaluate(answers: dict[str, bool]) -> ScreenResult:
    """Score a complete set of answers; every question must be answered, yes or no."""
    asked = questions()
    ids = [q.id for q in asked]
    known = set(ids)
    problems = [unknown("red-flag question", a, ids) for a in answers if a not in known]
    missing = [q.id for q in asked if q.id not in answers]
    if missing:
        problems.append(f"unanswered red-flag question(s): {', '.join(missing)}")
    # A truthy string such as "no" must not pass for an answer either way.
    not_bool = [a for a, v in answers.items() if a in known and not isinstance(v, bool)]
    if not_bool:
        problems.append(f"answers must be true or false: {', '.join(not_bool)}")
    if problems:
        raise ValueError("; ".join(problems))
    flagged = tuple(q for q in asked if answers[q.id])
    level: ScreenLevel = max((q.level for q in flagged), key=_RANK.__getitem__, default="clear")
    found = outcome(level)
    return ScreenResult(level=level, flagged=flagged, title=found.title, message=found.message)


def outcome(level: ScreenLevel) -> Outcome:
    """What a person is told for a screen result: its title and where to get care."""
    found: Outcome = getattr(_screen().outcomes, level)
    return found


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes even for UTC columns; read those as UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def is_due(last_taken: datetime | None, due_reason: str | None, now: datetime) -> bool:
    """Whether to ask the screen now: never taken, 30 days or more old, or a reason recorded."""
    # Any recorded reason counts, even a blank one: when unsure, ask again.
    if last_taken is None or due_reason is not None:
        return True
    return _aware(now) - _aware(last_taken) >= SCREEN_INTERVAL


def may_start(
    last_result: str | None,
    last_taken: datetime | None,
    due_reason: str | None,
    now: datetime,
) -> bool:
    """A session may start: the latest screening was clear and is not due again."""
    return last_result == "clear" and not is_due(last_taken, due_reason, now)


def hurt_reasons() -> list[HurtReason]:
    """The answers to "what happened?", in the order they are offered."""
    return list(_hurt().reasons)


def hurt_reason(reason_id: str) -> HurtReason:
    """One "that hurt" answer by id; an unknown id is a ValueError naming the valid ones."""
    for reason in _hurt().reasons:
        if reason.id == reason_id:
            return reason
    raise ValueError(f"unknown hurt reason {reason_id!r}; valid ones: {', '.join(HURT_IDS)}")
