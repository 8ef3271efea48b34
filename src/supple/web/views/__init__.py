"""The HTML pages: one module per page type."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)

from . import figures, pages, planner, pwa, routines  # noqa: E402,F401  (they add their routes)
