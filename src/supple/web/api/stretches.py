"""/api/stretches: the library."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from ...library.errors import unknown
from ...library.present import stretch_summary
from ...library.schema import Stretch
from ...library.vocab import Equipment, Position, area_names, expand_area
from ..deps import LibraryDep

router = APIRouter(tags=["stretches"])


def summary(s: Stretch) -> dict[str, Any]:
    """The fields a stretch card shows: those of `supple stretches --json`, and its summary."""
    return {**stretch_summary(s), "summary": s.summary}


@router.get("/stretches")
def list_stretches(
    library: LibraryDep,
    area: str | None = Query(None, max_length=40, description="A target or: back, hips, thighs"),
    position: Position | None = None,
    equipment: Equipment | None = None,
    q: str | None = Query(None, max_length=80, description="Words in the name or an alias"),
) -> list[dict[str, Any]]:
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
    return [summary(s) for s in found]


@router.get("/stretches/{stretch_id}")
def get_stretch(stretch_id: str, library: LibraryDep) -> dict[str, Any]:
    """One stretch, whole: steps, cues, cautions, modifications, sources."""
    try:
        s = library.stretch(stretch_id)
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    data = s.model_dump(mode="json")
    data["source_credits"] = [library.articles[a].credit for a in s.sources]
    return data
