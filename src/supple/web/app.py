"""create_app(settings): the one place a web app is built. Nothing connects at import time."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..library.catalog import default_library
from ..library.exchange import OwnRoutines
from ..paths import user_dir
from ..services.errors import Conflict, Invalid, NotAllowed, NotFound, ServiceError
from .settings import Settings
from .views.common import PageNotFound, render

if TYPE_CHECKING:
    from ..store.db import Store

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    """A supple web app over the store in settings.home (the user's data folder by default)."""
    from ..store.db import open_store

    settings = settings or Settings(home=user_dir())

    opened: list[Store] = []
    lock = threading.Lock()

    def store() -> Store:
        """The app's one store, opened (and migrated) on start, or on first use without one."""
        with lock:
            if not opened:
                opened.append(open_store(settings.home))
            return opened[0]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store()  # migrations run on start
        try:
            yield
        finally:
            with lock:
                while opened:
                    opened.pop().close()

    app = FastAPI(
        title="supple",
        summary="A stretching coach for lower back and hip pain: the local API.",
        version="1",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.open_store = store
    app.state.timeline_cache = {}
    app.state.library = default_library()
    app.state.own = OwnRoutines(settings.home, app.state.library)

    @app.exception_handler(PageNotFound)
    async def page_not_found(request: Request, exc: PageNotFound) -> HTMLResponse:
        return render(request, "not_found.html", status_code=404, message=str(exc))

    # The one place service errors become HTTP answers. Any other ValueError is a bug: a 500.
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(*_answer(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _readable(exc)}, status_code=422)

    from .api import router as api_router
    from .views import router as pages_router

    # Refuse oversized bodies before reading them: this is a local app, not a file store.
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


class BodyLimit:
    """Pure ASGI middleware: a 413 for a declared body over the limit, at almost no cost."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                    detail = f"request body too large: the limit is {self.limit} bytes"
                    await JSONResponse({"detail": detail}, status_code=413)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _answer(exc: ServiceError) -> tuple[dict[str, object], int]:
    """A service error as (body, status)."""
    if isinstance(exc, NotAllowed):
        refused: dict[str, object] = {
            "detail": exc.reason,
            "care": exc.care,
            "level": exc.level,
            "screen": "/safety",
        }
        return refused, 409
    if isinstance(exc, Invalid):
        return {"detail": exc.problems}, 422
    status = {NotFound: 404, Conflict: 409}.get(type(exc), 400)
    return {"detail": str(exc)}, status


def _readable(exc: RequestValidationError) -> list[dict[str, object]]:
    """FastAPI's errors with the input echoed safely (it may be bytes)."""
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e.get("loc", ()))
        out.append({"field": loc, "message": e.get("msg", ""), "type": e.get("type", "")})
    return out
