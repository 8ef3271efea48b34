"""A database that cannot be used, mid-run: a 503 (a 507 for a full disk) that says what to do.

`supple serve` checks the store before it starts (supple.store.db.check_store), so these
answer only what goes wrong while it runs: a file damaged under it, a disk filling up, a
folder made read-only. The API answers JSON; a page answers a page.
"""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from ..store.errors import StoreUnavailable


class Unavailable(BaseModel):
    """The store cannot be used: why, and what to do (detail), and which case it is (kind)."""

    detail: str
    kind: Literal["damaged", "newer", "read_only", "full"]


# For a route's `responses=`: what it answers when the database cannot be used.
UNAVAILABLE: dict[int | str, dict[str, object]] = {
    503: {"model": Unavailable, "description": "The database is damaged or read-only."},
    507: {"model": Unavailable, "description": "The disk is full: nothing more can be saved."},
}


def status_of(exc: StoreUnavailable) -> int:
    return 507 if exc.kind == "full" else 503


def install(app: FastAPI) -> None:
    """Register the answer to StoreUnavailable on app."""

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> Response:
        status = status_of(exc)
        if request.url.path.startswith("/api/"):
            body = Unavailable(detail=str(exc), kind=exc.kind)
            return JSONResponse(body.model_dump(), status_code=status)
        # Imported here: the pages import the API's routes, which import this module.
        from .views.common import render

        return render(request, "unavailable.html", status_code=status, message=str(exc))
