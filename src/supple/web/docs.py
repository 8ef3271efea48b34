"""/docs: the API's interactive description, served from files inside the package.

FastAPI's own /docs and /redoc load Swagger UI from a CDN and fonts from another host;
supple promises no outside request, so it serves the copy of Swagger UI 5 that the
fastapi-offline package holds (only its files: its page has an inline script, against our CSP).
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>supple API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
</head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/js/docs.js"></script>
</body></html>
"""


def add_docs(app: FastAPI) -> None:
    """Swagger UI at /docs, its files at /docs/assets."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE)

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs/assets", StaticFiles(directory=assets), "docs")
