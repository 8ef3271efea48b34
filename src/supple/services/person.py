"""Who this person is for a session: their profile, what hurt before, and what follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..library.catalog import Library
from ..planner.needs import Profile
from ..profile import PROFILE_KEY, ProfileError, StretchWarning, parse_profile, warnings
from ..safety import hurt_reason
from ..safety.gate import Standing, standing_of
from ..store.meta import SCREEN_CLINICIAN_CHECKED, SCREEN_DUE_REASON
from ..timeline import Note
from .safety import standing

if TYPE_CHECKING:
    from ..store.db import Store
    from ..store.peek import StartState


@dataclass(frozen=True)
class Hurt:
    """A stretch that hurt and has not been cleared: the last reason and when."""

    reason: str
    last_at: datetime


@dataclass(frozen=True)
class Person:
    profile: Profile = field(default_factory=Profile)
    hurts: Mapping[str, Hurt] = field(default_factory=dict)
    profile_error: str | None = None  # the saved profile could not be read
    # Said once at the start of each session (a clinician's go-ahead), from the safety standing.
    start_notes: list[str] = field(default_factory=list)


def _profile(raw: str | None) -> tuple[Profile, str | None]:
    try:
        return parse_profile(raw), None
    except ProfileError as err:
        return Profile(), str(err)


def person_of(store: Store) -> Person:
    """The person as the store knows them."""
    profile, error = _profile(store.get_meta(PROFILE_KEY))
    hurts = {sid: Hurt(f.reason, f.last_at) for sid, f in store.flags().items()}
    return Person(profile, hurts, error, list(standing(store).notes))


def person_of_state(state: StartState | None) -> Person:
    """The same, from the quick sqlite3 look `supple start` takes before its first frame."""
    if state is None:
        return Person()
    profile, error = _profile(state.meta.get(PROFILE_KEY))
    hurts = {sid: Hurt(reason, at) for sid, (reason, at) in state.flags.items()}
    return Person(profile, hurts, error, list(standing_of_state(state).notes))


def standing_of_state(state: StartState) -> Standing:
    """The one rule, read from the quick look at the database."""
    return standing_of(
        state.last_screening_result,
        state.last_screening_at,
        state.meta.get(SCREEN_DUE_REASON),
        datetime.now(UTC),
        state.meta.get(SCREEN_CLINICIAN_CHECKED),
    )


def warning_text(w: StretchWarning, library: Library) -> str:
    """The one wording of a condition warning, with what to do instead."""
    text = f"{w.heading} ({', '.join(w.conditions)}): {w.text}"
    if w.alternatives:
        text += " Instead: " + ", ".join(library.stretches[a].name for a in w.alternatives) + "."
    return text


def hurt_text(h: Hurt) -> str:
    label = hurt_reason(h.reason).label.lower()
    return f"It hurt last time ({label}, {h.last_at.astimezone():%d %b}): go gently, or skip it."


def stretch_notes(library: Library, person: Person) -> dict[str, list[Note]]:
    """What this person should know about each stretch it applies to."""
    notes: dict[str, list[Note]] = {}
    if person.profile_error:
        text = f"Your profile cannot be read ({person.profile_error})."
        return {sid: [Note(level="caution", text=text)] for sid in library.stretches}
    for sid, w in warnings(library, person.profile).items():
        level = "avoid" if w.level == "avoid" else "caution"
        notes.setdefault(sid, []).append(Note(level=level, text=warning_text(w, library)))
    for sid, h in person.hurts.items():
        notes.setdefault(sid, []).append(Note(level="hurt", text=hurt_text(h)))
    return notes
