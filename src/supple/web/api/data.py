"""/api/data: everything supple keeps about the person, exported, imported or erased."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from ...services import data
from ...services.data_doc import DataDocument
from ..deps import OwnDep, StoreDep
from ..failures import UNAVAILABLE
from .problems import described

router = APIRouter(tags=["data"])

# An exported session of 30 phases is about 11 KB: a year of daily ones about 4 MB, so
# this takes ten years of them. The body limit (settings.max_body_bytes) is for routines
# and forms; this route is the one that needs more.
IMPORT_MAX_BYTES = 48 * 1024 * 1024


class Held(BaseModel):
    """How much supple holds about the person: what was imported, or erased."""

    sessions: int
    phases: int
    hurts: int
    flags: int
    screenings: int
    settings: int
    routines: int
    weekly_pain: int
    psfs: int
    words: str  # the same, as a sentence's words: "3 sessions, 1 screening"

    @classmethod
    def of(cls, found: data.Held) -> Held:
        return cls(**vars(found), words=found.words())


class EraseIn(BaseModel):
    """The typed confirmation: the word erase, exactly."""

    confirm: Literal["erase"]


# Personal data: never kept by a cache between here and the person.
PRIVATE = {"Cache-Control": "no-store"}


@router.get("/data/export", response_model=DataDocument, responses=UNAVAILABLE)
def export_data(store: StoreDep, own: OwnDep) -> Response:
    """Everything supple keeps about the person, as one JSON file to download."""
    doc = data.export(store, own)
    name = f"supple-data-{date.today().isoformat()}.json"
    return Response(
        json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
        media_type="application/json",
        headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.post(
    "/data/import",
    responses={
        409: described("This home already holds data: import restores into an empty one."),
        422: described("The file is not a supple export it can read: each problem named."),
        **UNAVAILABLE,
    },
)
def import_data(doc: DataDocument, store: StoreDep, own: OwnDep, response: Response) -> Held:
    """Restore an export into this home, which must hold nothing yet."""
    response.headers.update(PRIVATE)
    return Held.of(data.import_into(store, own, doc))


@router.post(
    "/data/erase",
    responses={422: described("Not confirmed with the word erase."), **UNAVAILABLE},
)
def erase_data(
    body: EraseIn, request: Request, store: StoreDep, own: OwnDep, response: Response
) -> Held:
    """Erase everything supple keeps about the person: what there was."""
    response.headers.update(PRIVATE)
    state = request.app.state
    erased = data.erase_in_use(store, own, state.settings.home)
    state.timeline_cache.clear()  # timelines carry the person's notes (what hurt, conditions)
    return Held.of(erased)
