"""The red-flag screen and the "that hurt" answers, read from the package's safety content."""

from __future__ import annotations

import functools
from collections.abc import Mapping
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
# What a person is told: a result, or "checked" (see-a-doctor answers a clinician has seen).
OutcomeName = Literal["clear", "doctor", "emergency", "checked"]

# The answer to "has a doctor or physiotherapist checked this?", sent in the same map as the
# red-flag questions (the terminal, the Safety page and POST /api/safety/screen alike).
CLINICIAN_CHECKED = "clinician-checked"

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
    """The message for each result of the screen, and for see-a-doctor answers since checked."""

    emergency: Outcome
    doctor: Outcome
    clear: Outcome
    checked: Outcome


class ClinicianCheck(Strict):
    """The question asked after a see-a-doctor answer, and the note a "yes" brings."""

    question: Text
    source: Text
    note: Text  # said at the start of each session while that "yes" stands


class ScreenContent(Strict):
    """The whole redflags.yaml file."""

    outcomes: Outcomes
    clinician_check: ClinicianCheck
    questions: list[RedFlag] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> ScreenContent:
        ids = [q.id for q in self.questions]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"question ids listed twice: {', '.join(twice)}")
        if CLINICIAN_CHECKED in ids:
            raise ValueError(f"{CLINICIAN_CHECKED} is the clinician question's id, not a flag's")
        return self


class ScreenResult(Strict):
    """The outcome of one screening: its level, the questions answered yes, what to show."""

    level: ScreenLevel
    flagged: tuple[RedFlag, ...]
    clinician_checked: bool  # said a doctor or physiotherapist has checked it since it began
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


def clinician_check() -> ClinicianCheck:
    """The question asked after a see-a-doctor answer, its source, and the session note."""
    return _screen().clinician_check


def evaluate(answers: Mapping[str, object]) -> ScreenResult:
    """Score a set of answers: every question answered yes or no, or an emergency sign.

    `clinician-checked` may come in the same map. A "yes" to an emergency question ends the
    questions: it decides the result whatever else was answered, left out or misspelt, so an
    urgent answer is never lost to a problem with the rest.
    """
    from .gate import told  # the gate decides what the answers allow, and so what to say

    asked = questions()
    ids = [q.id for q in asked]
    flagged = tuple(q for q in asked if answers.get(q.id) is True)
    if not any(q.level == "emergency" for q in flagged):
        _check_complete(answers, ids)
    level: ScreenLevel = max((q.level for q in flagged), key=_RANK.__getitem__, default="clear")
    checked = answers.get(CLINICIAN_CHECKED) is True
    found = told(level, checked)
    return ScreenResult(
        level=level,
        flagged=flagged,
        clinician_checked=checked,
        title=found.title,
        message=found.message,
    )


def _check_complete(answers: Mapping[str, object], ids: list[str]) -> None:
    known = {*ids, CLINICIAN_CHECKED}
    problems = [
        unknown("red-flag question", a, [*ids, CLINICIAN_CHECKED])
        for a in answers
        if a not in known
    ]
    missing = [i for i in ids if i not in answers]
    if missing:
        problems.append(f"unanswered red-flag question(s): {', '.join(missing)}")
    # A truthy string such as "no" must not pass for an answer either way.
    not_bool = [a for a, v in answers.items() if a in known and not isinstance(v, bool)]
    if not_bool:
        problems.append(f"answers must be true or false: {', '.join(not_bool)}")
    if problems:
        raise ValueError("; ".join(problems))


def outcome(level: OutcomeName) -> Outcome:
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


def hurt_reasons() -> list[HurtReason]:
    """The answers to "what happened?", in the order they are offered."""
    return list(_hurt().reasons)


def hurt_reason(reason_id: str) -> HurtReason:
    """One "that hurt" answer by id; an unknown id is a ValueError naming the valid ones."""
    for reason in _hurt().reasons:
        if reason.id == reason_id:
            return reason
    raise ValueError(f"unknown hurt reason {reason_id!r}; valid ones: {', '.join(HURT_IDS)}")
