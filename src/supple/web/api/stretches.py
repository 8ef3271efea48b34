"""/api/stretches: the library."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from ...library.present import stretch_summary
from ...library.schema import Stretch
from ...library.vocab import Equipment, Position, area_names, expand_area
from ..deps import LibraryDep
from .problems import NOT_FOUND

router = APIRouter(tags=["stretches"])


class StretchCard(BaseModel):
    """The fields a stretch card shows: those of `supple stretches --json`, and its summary."""

    id: str
    name: str
    aliases: list[str]
    kind: str
    per_side: bool
    hold_seconds: int
    hold_basis: str
    positions: list[str]
    equipment: list[str]
    targets: list[str]
    sources: list[str]
    summary: str


class StretchPublic(Stretch):
    """One stretch, whole, with its articles credited by title and publisher."""

    source_credits: list[str]


# The names a filter or a plan's focus may use, spelled out in the API's description.
AreaName = StrEnum("AreaName", {n.upper().replace("-", "_"): n for n in area_names()})  # type: ignore[misc]


@router.get("/stretches")
def list_stretches(
    library: LibraryDep,
    area: Annotated[AreaName | None, Query(description="A target or: back, hips, thighs")] = None,
    position: Position | None = None,
    equipment: Equipment | None = None,
    q: str | None = Query(None, max_length=80, description="Words in the name or an alias"),
) -> list[StretchCard]:
    """Every stretch matching the filters."""
    targets = None
    if area:
        targets = expand_area(area.value)
    found = library.find(targets, position, equipment)
    if q:
        words = q.lower().split()
        found = [
            s for s in found if all(w in " ".join([s.name, *s.aliases]).lower() for w in words)
        ]
    return [StretchCard(**stretch_summary(s), summary=s.summary) for s in found]


@router.get("/stretches/{stretch_id}", responses=NOT_FOUND)
def get_stretch(stretch_id: str, library: LibraryDep) -> StretchPublic:
    """One stretch, whole: steps, cues, cautions, modifications, sources."""
    try:
        s = library.stretch(stretch_id)
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    credits = [library.articles[a].credit for a in s.sources]
    return StretchPublic.model_validate({**s.model_dump(), "source_credits": credits})
