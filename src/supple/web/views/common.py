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
from ..tokens import CSRF_FIELD, csrf_token, same

templates = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
templates.env.globals["not_medical_advice"] = NOT_MEDICAL_ADVICE


templates.env.filters["duration"] = duration
templates.env.globals["plural"] = plural
templates.env.globals["csrf_field"] = CSRF_FIELD


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("csrf_token", csrf_token(request.app.state.settings))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


class FormRefused(Exception):
    """A form posted without this launch's token: the app renders refused.html (403)."""


async def form_token(request: Request) -> None:
    """Every form post carries the token its page was given (CSRF_FIELD, hidden)."""
    if request.method != "POST":
        return
    form = await request.form(max_files=0)
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not same(given, csrf_token(request.app.state.settings)):
        raise FormRefused(
            "This form did not come from this supple window, or supple has restarted since "
            "the page was opened. Nothing was changed: go back, reload the page and send it again."
        )


class PageNotFound(Exception):
    """An address naming something that is not there: the app renders not_found.html (404)."""


def routine_or_404(library: Library, own: OwnRoutines, routine_id: str) -> Routine:
    try:
        return find_routine(library, own, routine_id)
    except LookupError as err:
        raise PageNotFound(str(err)) from None
