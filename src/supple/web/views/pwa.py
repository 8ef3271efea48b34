"""The service worker, the manifest, and the list of what the worker keeps for offline use."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi.responses import FileResponse, JSONResponse

from ..deps import LibraryDep, OwnDep
from . import router

STATIC = Path(__file__).resolve().parent.parent / "static"

# Every page the menu reaches (base.html), and the app's own files: kept by the worker at
# install, so each opens offline.
PAGES = [
    "/", "/library", "/routines", "/plan", "/history", "/progress", "/profile", "/safety",
    "/reminders", "/gallery", "/data", "/routines/new",
]  # fmt: skip
SHELL = [
    "/static/css/app.css", "/static/css/player.css", "/static/js/api.js", "/static/js/cues.js",
    "/static/js/data.js", "/static/js/engine.js", "/static/js/kinds.js", "/static/js/nav.js",
    "/static/js/notices.js",
    "/static/js/outbox.js", "/static/js/reminders.js",
    "/static/js/player.js", "/static/js/ready.js", "/static/js/routines.js",
    "/static/js/safety.js", "/static/js/sw-register.js", "/static/icon.svg",
    "/static/icons/nav.svg", "/static/icons/icon-192.png", "/manifest.webmanifest",
]  # fmt: skip


# A pose's picture, held and getting into it (static/js/ready.js writes them so).
READY = ("", "&phase=ready")


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(STATIC / "sw.js", media_type="text/javascript")


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(STATIC / "manifest.webmanifest", media_type="application/manifest+json")


@router.get("/offline.json", include_in_schema=False)
def offline(library: LibraryDep, own: OwnDep) -> JSONResponse:
    """What sw.js keeps: `shared` (the same for everyone) and `personal` (pages and answers
    about this person, deleted with their data). The picture addresses are written as the
    pages and the player write them (library.html, _figure.html, static/js/ready.js)."""
    figures = []
    for s in library.stretches.values():
        if s.figure is None:
            continue
        base = f"/figures/{quote(s.id)}.svg"
        figures += [base, f"{base}?side=left", f"{base}?side=right"]
        figures += [f"{base}?side=left&animate=true", f"{base}?side=right&animate=true"]
        figures += [f"{base}?side=left&phase=ready", f"{base}?side=left&animate=true&phase=ready"]
        if len(s.figure.poses) > 1:
            for p in s.figure.poses:
                figures += [f"{base}?side=left&pose={quote(p.name)}" + end for end in READY]
    # Every routine, the person's own too (a kept plan, the desk break, an import): the ones
    # made after this list was read are kept once visited.
    mine, _ = own.load()
    routines = [quote(r) for r in [*library.routines, *mine]]
    personal = [
        *PAGES,
        *(f"/routines/{r}" for r in routines),
        *(f"/play/{r}" for r in routines),
        *(f"/api/routines/{r}/timeline" for r in routines),
        # A stretch's page says what it means for this person (their conditions).
        *(f"/stretches/{quote(s)}" for s in library.stretches),
        "/api/safety/screen",
    ]
    shared = [*SHELL, *figures, "/api/safety/hurt-reasons"]
    return JSONResponse({"shared": shared, "personal": personal})
