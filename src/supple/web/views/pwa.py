"""The service worker and manifest, served from the root so they cover every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse

from . import router

STATIC = Path(__file__).resolve().parent.parent / "static"


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(STATIC / "sw.js", media_type="text/javascript")


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(STATIC / "manifest.webmanifest", media_type="application/manifest+json")
