"""What every page shares: the templates and a render helper."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ...library.catalog import Library
from ...library.exchange import OwnRoutines, find_routine
from ...library.schema import Routine
from ...safety import NOT_MEDICAL_ADVICE
from ...words import duration, plural

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
templates.env.globals["not_medical_advice"] = NOT_MEDICAL_ADVICE


templates.env.filters["duration"] = duration
templates.env.globals["plural"] = plural


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


class PageNotFound(Exception):
    """An address naming something that is not there: the app renders not_found.html (404)."""


def routine_or_404(library: Library, own: OwnRoutines, routine_id: str) -> Routine:
    try:
        return find_routine(library, own, routine_id)
    except LookupError as err:
        raise PageNotFound(str(err)) from None
