"""A Patient-Specific Functional Scale check (Stratford 1995) as a person gives it: 3 to 5
activities in their own words, each rated 0-10; checked, recorded, and read back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ..library.errors import field_path
from ..library.schema import refuse_unsafe
from ..progress import PSFS_FEWEST, PSFS_MOST, psfs_score, same_activity
from .errors import Invalid

if TYPE_CHECKING:
    from ..store.db import Store
    from ..store.models import PsfsRecord


def _activity(text: str) -> str:
    return refuse_unsafe(text, multiline=False)


# An activity the person names: one line of their own words, shown wherever they are shown
# as text and never as markup; control and bidi characters refused (library/schema.py).
Activity = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    AfterValidator(_activity),
]
Score = Annotated[int, Strict(), Field(ge=0, le=10)]


class PsfsRating(BaseModel):
    """One activity and how well the person can do it now."""

    model_config = ConfigDict(extra="forbid")

    activity: Activity = Field(description="In the person's words, e.g. 'Putting on socks'.")
    score: Score = Field(description="0 = unable to do it, 10 = able to do it as before.")


class PsfsCheck(BaseModel):
    """A PSFS check: 3 to 5 activities, each named once, each rated 0-10."""

    model_config = ConfigDict(extra="forbid")

    ratings: list[PsfsRating] = Field(min_length=PSFS_FEWEST, max_length=PSFS_MOST)

    @model_validator(mode="after")
    def _once(self) -> PsfsCheck:
        seen: set[str] = set()
        for n, r in enumerate(self.ratings):
            if same_activity(r.activity) in seen:
                raise ValueError(f"ratings[{n}].activity: {r.activity!r} is named twice")
            seen.add(same_activity(r.activity))
        return self


def check_psfs(ratings: Sequence[tuple[str, int]] | Sequence[dict[str, Any]]) -> PsfsCheck:
    """Ratings checked as a PSFS check; Invalid naming each problem."""
    given = [{"activity": r[0], "score": r[1]} if isinstance(r, tuple) else r for r in ratings]
    try:
        return PsfsCheck.model_validate({"ratings": given})
    except ValidationError as err:
        problems = []
        for e in err.errors(include_url=False):
            msg = e["msg"].removeprefix("Value error, ")
            if tuple(e["loc"]) == ("ratings",) and e["type"] in ("too_short", "too_long"):
                msg = f"name {PSFS_FEWEST} to {PSFS_MOST} activities, got {len(given)}"
            where = field_path(e["loc"])
            problems.append(msg if where == "(top level)" else f"{where}: {msg}")
        raise Invalid(problems) from None


def record_psfs(
    store: Store, ratings: Sequence[tuple[str, int]] | Sequence[dict[str, Any]] | PsfsCheck
) -> PsfsRecord:
    """Record a PSFS check (3-5 activities, each rated 0-10); Invalid if it is not one."""
    check = ratings if isinstance(ratings, PsfsCheck) else check_psfs(ratings)
    return store.add_psfs([(r.activity, r.score) for r in check.ratings])


def psfs_data(record: PsfsRecord) -> dict[str, Any]:
    return {
        "taken_at": record.taken_at.isoformat(),
        "score": round(psfs_score(s for _, s in record.ratings), 2),
        "ratings": [{"activity": a, "score": s} for a, s in record.ratings],
    }
