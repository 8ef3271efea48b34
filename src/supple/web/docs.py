"""/docs: the API's interactive description, served from files inside the package.

FastAPI's own /docs and /redoc load Swagger UI from a CDN and fonts from another host;
supple promises no outside request, so it serves the copy the swagger-ui-bundle package holds.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
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

    app.mount(
        "/docs/assets", StaticFiles(directory=Path(swagger_ui_bundle.swagger_ui_path)), "docs"
    )
