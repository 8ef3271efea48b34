"""The HTML pages: one module per page type."""

from fastapi import APIRouter, Depends

from .common import form_token

# Every form post is checked for this launch's CSRF token before its route runs.
router = APIRouter(include_in_schema=False, dependencies=[Depends(form_token)])

from . import data, figures, pages, planner, progress, pwa, reminders, routines  # noqa: E402,F401  (they add their routes)
