"""/api/stretches: the library."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from ...library.errors import unknown
from ...library.present import stretch_summary
from ...library.schema import Stretch
from ...library.vocab import Equipment, Position, area_names, expand_area
from ..deps import LibraryDep

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


@router.get("/stretches")
def list_stretches(
    library: LibraryDep,
    area: str | None = Query(None, max_length=40, description="A target or: back, hips, thighs"),
    position: Position | None = None,
    equipment: Equipment | None = None,
    q: str | None = Query(None, max_length=80, description="Words in the name or an alias"),
) -> list[StretchCard]:
    """Every stretch matching the filters."""
    targets = None
    if area:
        try:
            targets = expand_area(area)
        except ValueError:
            raise HTTPException(422, f"area: {unknown('area', area, area_names())}") from None
    found = library.find(targets, position, equipment)
    if q:
        words = q.lower().split()
        found = [
            s for s in found if all(w in " ".join([s.name, *s.aliases]).lower() for w in words)
        ]
    return [StretchCard(**stretch_summary(s), summary=s.summary) for s in found]


@router.get("/stretches/{stretch_id}")
def get_stretch(stretch_id: str, library: LibraryDep) -> StretchPublic:
    """One stretch, whole: steps, cues, cautions, modifications, sources."""
    try:
        s = library.stretch(stretch_id)
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    credits = [library.articles[a].credit for a in s.sources]
    return StretchPublic.model_validate({**s.model_dump(), "source_credits": credits})
