"""The person's profile (conditions, age band), kept in the store, and what it marks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from .library.catalog import Library
from .paths import user_dir
from .planner.needs import Profile
from .planner.rules import default_rules
from .store.peek import peek

if TYPE_CHECKING:
    from .store.db import Store

PROFILE_KEY = "profile"
# The one wording of each warning level, wherever a stretch is marked.
HEADINGS = {"avoid": "Not advised for you", "caution": "Take care"}


class ProfileError(Exception):
    """The saved profile cannot be read."""


def parse_profile(raw: str | None) -> Profile:
    """A saved profile's JSON (or nothing) as a Profile; a damaged one is an error, not ignored."""
    if not raw:
        return Profile()
    try:
        return Profile.model_validate_json(raw)
    except ValidationError as err:
        raise ProfileError(
            f"your saved profile cannot be read ({err.error_count()} problems); "
            "set it again with supple profile --clear, then --condition and --age"
        ) from None


def load_profile(home: Path | None = None) -> Profile:
    """The saved profile, or an empty one; read with sqlite3 when the database is current."""
    home = home or user_dir()
    state = peek(home)
    if state is not None:
        return parse_profile(state.meta.get(PROFILE_KEY))
    if (home / "supple.db").exists():
        # An older database: the store migrates it. Skipping it would drop the conditions.
        from .store.db import open_store

        with open_store(home) as store:
            return parse_profile(store.get_meta(PROFILE_KEY))
    return Profile()


def save_profile(profile: Profile, home: Path | None = None) -> None:
    from .store.db import open_store  # SQLAlchemy only when something is written

    with open_store(home or user_dir()) as store:
        store_profile(store, profile)


def store_profile(store: Store, profile: Profile) -> None:
    store.set_meta(PROFILE_KEY, profile.model_dump_json())


@dataclass(frozen=True)
class StretchWarning:
    """Why a stretch is not for this person, or needs care, and what to do instead."""

    level: str  # avoid | caution
    conditions: list[str]
    text: str
    sources: list[str]
    alternatives: list[str]

    @property
    def heading(self) -> str:
        return HEADINGS[self.level]


def warnings(library: Library, profile: Profile) -> dict[str, StretchWarning]:
    """Every stretch the profile's conditions touch, with the reason and the alternatives."""
    rules = default_rules()
    found: dict[str, StretchWarning] = {}
    if not profile.conditions:
        return found
    for s in library.stretches.values():
        concerns = rules.concerns(s, profile.conditions)
        if not concerns:
            continue
        avoid = [c for c in concerns if c.level.value == "avoid"]
        shown = avoid or concerns
        found[s.id] = StretchWarning(
            level="avoid" if avoid else "caution",
            conditions=sorted({c.condition.value for c in shown}),
            text=" ".join(
                f"{c.condition_name}: {c.reason}" + (f" {c.advice}" if c.advice else "")
                for c in shown
            ),
            sources=sorted({c.source for c in shown}),
            # A caution may offer alternatives too (kneeling with sore knees: pad, or stand).
            alternatives=rules.alternatives(s.id, profile.conditions, library),
        )
    return found
