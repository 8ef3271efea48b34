"""The personal data document (`supple data export`): its schema, version 3.

Version 2 adds the weekly usual pain and the PSFS checks; version 3 the reminder schedule and
what became of each reminder. Earlier documents (which lack them) are still read.

Every field is checked on the way in with the same limits the store keeps, so a bad file is
refused naming the field (sessions[3].phases[2].kind), never half-written.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from ..kinds import HurtReason, Outcome, PhaseKind, SessionStatus, Side
from ..library.schema import Routine, refuse_unsafe
from ..planner.needs import Profile
from ..reminders.schedule import Schedule
from ..store.checks import KEY, UUID
from ..store.models import REMINDER_KINDS, REMINDER_OUTCOMES, SCREENING_RESULTS

FORMAT = "supple-data"
VERSION = 3


def _encodable(text: str) -> str:
    # JSON may carry a lone surrogate ("\\ud800"); no file or database can store one.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("holds a lone surrogate (\\ud800-\\udfff), which is not text") from None
    return text


def _line(text: str) -> str:
    return refuse_unsafe(_encodable(text), multiline=False)


def _lines(text: str) -> str:
    return refuse_unsafe(_encodable(text), multiline=True)


def _json_only(value: dict[str, Any] | None) -> dict[str, Any] | None:
    # The store keeps options as JSON: NaN and Infinity (which Python's json reads) are not.
    if value is not None:
        json.dumps(value, allow_nan=False)
    return value


# A person's one-line text, kept exactly as given (no stripping: an export comes back as it
# went out), of at most the length its column holds.
Id = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_line)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_line)]
Client = Annotated[str, StringConstraints(min_length=1, max_length=40), AfterValidator(_line)]
Key = Annotated[str, StringConstraints(pattern=KEY.pattern)]
Uuid = Annotated[str, StringConstraints(pattern=f"^{UUID.pattern}$")]


def _iso(value: object) -> object:
    # A time is written as text (ISO 8601 with its offset), never as a number of seconds.
    if not isinstance(value, str):
        raise ValueError("must be a date and time as text, e.g. 2024-05-06T18:30:00+00:00")
    return value


# Numbers, yes/no and times as the document writes them: "3" is not a number, 0 not "no".
# SQLite's integers are 64-bit: a larger number would fail in the database, not here.
BIGGEST = 2**63 - 1
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict()]  # an int is a number too
Flag = Annotated[bool, Strict()]
When = Annotated[AwareDatetime, BeforeValidator(_iso)]
Count = Annotated[Int, Field(ge=0, le=BIGGEST)]
Seconds = Annotated[Number, Field(ge=0)]
Pain = Annotated[Int, Field(ge=0, le=10)]


def _monday(value: object) -> object:
    # A week is named by its Monday, written as a date: 2024-05-06.
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date as text, e.g. 2024-05-06")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date") from None
    if day.weekday() != 0:
        raise ValueError(f"{value} is not a Monday: a week is named by its Monday")
    return day


Monday = Annotated[date, BeforeValidator(_monday)]


class Part(BaseModel):
    """A part of the document: unknown fields are errors, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class PhaseData(Part):
    """A phase that ended (sessions[n].phases), in the order it happened."""

    key: Key
    phase_index: Count
    step_index: Count | None
    kind: PhaseKind
    stretch_id: Id | None
    side: Side | None
    planned_seconds: Seconds
    actual_seconds: Seconds
    outcome: Outcome
    ended_at: When


class HurtData(Part):
    """A "that hurt" report (sessions[n].hurts)."""

    key: Key
    phase_index: Count
    stretch_id: Id
    side: Side | None
    reason: HurtReason
    reported_at: When


class SessionData(Part):
    """One session as the store keeps it; its id is kept, as addresses name it."""

    id: Annotated[Int, Field(ge=1, le=BIGGEST)]
    uuid: Uuid
    routine_id: Id
    routine_title: Title
    client: Client
    speed: Annotated[Number, Field(gt=0)]
    demo: Flag
    options: Annotated[dict[str, Any] | None, AfterValidator(_json_only)]
    planned_seconds: Count
    started_at: When
    ended_at: When | None
    status: SessionStatus
    pain_before: Pain | None
    pain_after: Pain | None
    stretches_done: Count
    stretches_skipped: Count
    stretches_stopped: Count
    seconds: Seconds
    phases: list[PhaseData]
    hurts: list[HurtData]

    @model_validator(mode="after")
    def _keys_once(self) -> SessionData:
        _once("phases", [p.key for p in self.phases], "key")
        _once("hurts", [h.key for h in self.hurts], "key")
        return self


class FlagData(Part):
    """A stretch that hurt, cleared or not."""

    stretch_id: Id
    count: Annotated[Int, Field(ge=1, le=BIGGEST)]
    last_reason: HurtReason
    first_at: When
    last_at: When
    cleared_at: When | None


ScreeningResult = Literal["clear", "doctor", "emergency"]
assert get_args(ScreeningResult) == SCREENING_RESULTS  # the store's words, spelled for the schema


class ScreeningData(Part):
    """One red-flag screening: the answers and where they pointed."""

    taken_at: When
    answers: dict[str, Flag]
    result: ScreeningResult


class WeeklyPainData(Part):
    """The person's usual pain in one week (NPRS 0-10)."""

    week: Monday
    pain: Pain
    recorded_at: When


# An activity the person named: one line, at most what its column holds, kept as given.
Activity = Annotated[str, StringConstraints(min_length=1, max_length=120), AfterValidator(_line)]


class PsfsRatingData(Part):
    """One activity and its score: 0 unable, 10 as before the problem."""

    activity: Activity
    score: Pain


class PsfsData(Part):
    """One Patient-Specific Functional Scale check, its activities in the order given."""

    taken_at: When
    ratings: list[PsfsRatingData] = Field(min_length=1, max_length=20)


class RemindersData(Part):
    """The reminder schedule: daily times, desk breaks, the time zone."""

    schedule: Schedule
    updated_at: When


ReminderKind = Literal["daily", "break"]
ReminderOutcome = Literal["started", "postponed", "skipped", "missed"]
assert get_args(ReminderKind) == REMINDER_KINDS and get_args(ReminderOutcome) == REMINDER_OUTCOMES


class ReminderEventData(Part):
    """One reminder shown, when it was due, and what the person did with it."""

    kind: ReminderKind
    due_at: When
    outcome: ReminderOutcome
    recorded_at: When


MetaKey = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(_line)]
MetaValue = Annotated[str, StringConstraints(max_length=2000), AfterValidator(_lines)]


class DataDocument(Part):
    """Everything supple keeps about a person, as one JSON document."""

    format: Literal["supple-data"] = Field(description="Always supple-data.")
    version: Literal[1, 2, 3] = Field(description="This document's layout; a later one may add.")
    exported_at: When
    profile: Profile | None = Field(description="Conditions and age band; null if never set.")
    meta: dict[MetaKey, MetaValue] = Field(
        description="Settings and small facts: last routine, first-run note seen, and so on."
    )
    sessions: list[SessionData]
    flags: list[FlagData]
    screenings: list[ScreeningData]
    routines: list[Routine] = Field(description="The person's own routines.")
    weekly_pain: list[WeeklyPainData] = Field(
        default=[], description="The usual pain of each week (from version 2)."
    )
    psfs: list[PsfsData] = Field(
        default=[], description="The Patient-Specific Functional Scale checks (from version 2)."
    )
    reminders: RemindersData | None = Field(
        default=None, description="The reminder schedule; null if never set (from version 3)."
    )
    reminder_events: list[ReminderEventData] = Field(
        default=[], description="Each reminder shown and what became of it (from version 3)."
    )
    left_out: list[str] = Field(
        default=[], description="What could not be read, so is not here (ignored on import)."
    )

    @model_validator(mode="before")
    @classmethod
    def _what_it_is(cls, data: Any) -> Any:
        # Said first, and plainly: another program's JSON, or a newer supple's, is not
        # worth a list of every field it lacks.
        if isinstance(data, dict):
            fmt, version = data.get("format"), data.get("version")
            if fmt != FORMAT:
                raise ValueError(f"format: {fmt!r} is not a supple data file ({FORMAT!r})")
            if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
                raise ValueError(
                    f"version: {version} was written by a newer supple (this one reads {VERSION})"
                )
        return data

    @model_validator(mode="after")
    def _unique(self) -> DataDocument:
        _once("sessions", [s.id for s in self.sessions], "id")
        _once("sessions", [s.uuid for s in self.sessions], "uuid")
        _once("flags", [f.stretch_id for f in self.flags], "stretch_id")
        _once("routines", [r.id for r in self.routines], "id")
        _once("weekly_pain", [w.week for w in self.weekly_pain], "week")
        if self.profile is not None and "profile" in self.meta:
            raise ValueError("meta.profile: the profile is given twice (see profile)")
        return self


def _once(field: str, values: list[Any], name: str) -> None:
    seen: set[Any] = set()
    for n, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{field}[{n}].{name}: {value!r} appears twice")
        seen.add(value)


def finite_json(text: str | bytes) -> Any:
    """JSON as the standard says it: NaN, Infinity and -Infinity are refused."""

    def refuse(word: str) -> Any:
        raise ValueError(f"{word} is not a JSON number")

    return json.loads(text, parse_constant=refuse)
