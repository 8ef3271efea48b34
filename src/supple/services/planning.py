"""Plan a routine for this person: their ask, merged with their profile, flags and history.

`supple plan` and `POST /api/plan` both call plan_for, so the same ask and seed give the
same routine in either face; the routine carries the pacing it was timed with, so it plays
the same whenever it is started, and both keep it under a readable id no other routine has
(unused_id).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..library.catalog import Library
from ..library.schema import Routine
from ..planner.needs import DEFAULT_FOCUS, AgeBand, Condition, Needs, Place, today_seed
from ..planner.plan import RECENT_DAYS, NoPlan, Plan, plan
from ..progress import local_date
from .errors import Invalid
from .person import Person, person_of

if TYPE_CHECKING:
    from ..store.db import Store


@dataclass(frozen=True)
class Ask:
    """What the person asks for; what they leave out comes from their profile."""

    minutes: int = 10
    focus: list[str] | None = None
    place: Place = Place.ANYWHERE
    conditions: list[Condition] | None = None
    age_band: AgeBand | None = None
    seed: int | None = None


@dataclass(frozen=True)
class Planned:
    plan: Plan
    needs: Needs
    left_out: list[str] = field(default_factory=list)  # stretches that hurt before
    # Conditions in the profile that this ask overrode (only the asked ones were used).
    overridden: list[Condition] = field(default_factory=list)


def recent_days(store: Store, today: date) -> dict[str, int]:
    """Days since each stretch was last done, over the last week (demonstrations aside)."""
    # A day's margin: the days are counted in local time below.
    first = datetime.combine(today - timedelta(days=RECENT_DAYS + 1), time.min, tzinfo=UTC)
    recent = {}
    for stretch_id, last in store.stretches_done_since(first).items():
        days = (today - local_date(last)).days
        if days < RECENT_DAYS:
            recent[stretch_id] = days
    return recent


def _needs(fields: dict[str, Any]) -> Needs:
    try:
        return Needs.model_validate(fields)
    except ValidationError as err:
        problems = []
        for e in err.errors(include_url=False):
            where = ".".join(str(p) for p in e["loc"]) or "plan"
            problems.append(f"{where}: {e['msg'].removeprefix('Value error, ')}")
        raise Invalid(problems) from None


def plan_for(store: Store | None, library: Library, ask: Ask, today: date | None = None) -> Planned:
    """The best routine for this ask and this person (no store: no profile, no history)."""
    today = today or date.today()
    person = person_of(store) if store is not None else Person()
    if person.profile_error and (ask.conditions is None or ask.age_band is None):
        # Planning around a profile that cannot be read could plan what its conditions rule out.
        raise Invalid([f"profile: {person.profile_error}"])
    profile = person.profile
    conditions = ask.conditions if ask.conditions is not None else list(profile.conditions)
    needs = _needs(
        {
            "minutes": ask.minutes,
            "focus": ask.focus or list(DEFAULT_FOCUS),
            "place": ask.place,
            "conditions": conditions,
            "age_band": ask.age_band or profile.age_band,
            "seed": ask.seed if ask.seed is not None else today_seed(today),
            # Stretches that hurt are not planned until the person clears the flag.
            "exclude": sorted(person.hurts),
        }
    )
    recent = recent_days(store, today) if store is not None else {}
    try:
        found = plan(needs, library, recent=recent, today=today)
    except NoPlan as err:
        raise Invalid([f"no plan: {err}"]) from None
    overridden = [c for c in profile.conditions if c not in conditions]
    return Planned(found, needs, sorted(person.hurts), overridden)


def planned_data(p: Planned) -> dict[str, Any]:
    """The plan as JSON: the exchange format of its routine, how to play it, how it scores."""
    result = p.plan
    return {
        "routine": result.routine.model_dump(mode="json"),
        "options": result.options.model_dump(mode="json"),
        "summary": result.summary,
        "shortfall": result.shortfall,
        "total_seconds": result.total_seconds,
        "budget_seconds": result.budget_seconds,
        "coverage": result.coverage,
        "near": result.near,
        "dose_seconds": result.dose_seconds,
        "position_changes": result.position_changes,
        "short": result.short,
        "unreachable": result.unreachable,
        "left_out": p.left_out,
        "needs": p.needs.model_dump(mode="json"),
    }


def unused_id(
    routine: Routine, taken: Collection[str], same: Callable[[str], bool] = lambda _: False
) -> str:
    """The routine's readable id, or the first of id-2, id-3... that no other routine has.

    same(id): the routine already kept under that id is this very plan, so it may be kept
    there again.
    """
    candidate, n = routine.id, 2
    while candidate in taken and not same(candidate):
        suffix = f"-{n}"
        candidate = routine.id[: 64 - len(suffix)] + suffix
        n += 1
    return candidate
