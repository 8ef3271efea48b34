"""Plain-data views of library items, shared by the CLI's JSON and the web API."""

from __future__ import annotations

from typing import Any

from .catalog import Library
from .schema import Routine, Stretch


def stretch_summary(s: Stretch) -> dict[str, Any]:
    """The fields a list of stretches carries."""
    return {
        "id": s.id,
        "name": s.name,
        "aliases": list(s.aliases),
        "kind": s.kind.value,
        "per_side": s.per_side,
        "hold_seconds": s.hold.seconds,
        "hold_basis": s.hold.basis.value,
        "positions": [p.value for p in s.positions],
        "equipment": [e.value for e in s.equipment],
        "targets": [t.value for t in s.targets],
        "sources": list(s.sources),
    }


def routine_summary(r: Routine, lib: Library) -> dict[str, Any]:
    """The fields a list of routines carries."""
    return {
        "id": r.id,
        "title": r.title,
        "source": r.source,
        "source_title": lib.source_credit(r.source),
        "built_in": r.id in lib.routines,
        "steps": len(r.steps),
        "work_seconds": sum(s.work_seconds for s in r.steps),
    }
