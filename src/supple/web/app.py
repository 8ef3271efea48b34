"""create_app(settings): the one place a web app is built. Nothing connects at import time."""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from ..library.catalog import default_library
from ..library.errors import closest
from ..library.exchange import OwnRoutines
from ..paths import user_dir
from ..services.errors import Conflict, Invalid, NotAllowed, NotFound, ServiceError
from .docs import add_docs
from .failures import install as install_failures
from .guard import Guard
from .headers import CachedStatic, SecurityHeaders
from .limits import BodyLimit
from .settings import Settings
from .views.common import FormRefused, PageNotFound, render

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
        docs_url=None,  # served from the package's own files (docs.py), never a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.open_store = store
    app.state.timeline_cache = {}
    app.state.library = default_library()
    app.state.own = OwnRoutines(settings.home, app.state.library)

    @app.exception_handler(PageNotFound)
    async def page_not_found(request: Request, exc: PageNotFound) -> HTMLResponse:
        return render(request, "not_found.html", status_code=404, message=str(exc))

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, exc: FormRefused) -> HTMLResponse:
        return render(request, "refused.html", status_code=403, message=str(exc))

    # The one place service errors become HTTP answers. Any other ValueError is a bug: a 500.
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse(*_answer(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names the methods of the first route that matched the path only.
            headers["Allow"] = ", ".join(_methods_at(app, request.url.path)) or headers["Allow"]
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _readable(exc)}, status_code=422)

    from .api import router as api_router
    from .api.data import IMPORT_MAX_BYTES
    from .views import router as pages_router

    install_failures(app)  # the store failing mid-run: a JSON 503/507 (failures.py)
    app.include_router(api_router)
    app.include_router(pages_router)
    add_docs(app)
    app.mount("/static", CachedStatic(directory=HERE / "static"), name="static")
    # The last added runs first: headers on every answer, then the Host, origin and
    # sign-in checks, then the body read up to its limit, then the routes.
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, larger={"/api/data/import": IMPORT_MAX_BYTES}
    )
    app.add_middleware(Guard, settings=settings)
    # Level 5: nearly the size of 9 at a fraction of the CPU, on a server sharing 2 cores.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(SecurityHeaders)
    return app


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


def _methods_at(app: FastAPI, path: str) -> list[str]:
    """Every method the API describes at path (for a 405's Allow header)."""
    found: set[str] = set()
    for template, operations in app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            found.update(m.upper() for m in operations)
    return sorted(found)


def _readable(exc: RequestValidationError) -> list[dict[str, object]]:
    """FastAPI's errors with the input echoed safely (it may be bytes)."""
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e.get("loc", ()))
        message = e.get("msg", "")
        given, expected = e.get("input"), e.get("ctx", {}).get("expected")
        if e.get("type") == "enum" and isinstance(given, str) and isinstance(expected, str):
            near = closest(given, re.findall(r"'([^']*)'", expected))
            message += f"; did you mean: {', '.join(near)}?" if near else ""
        out.append({"field": loc, "message": message, "type": e.get("type", "")})
    return out
