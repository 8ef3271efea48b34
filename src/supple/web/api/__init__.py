"""The JSON API under /api; the pages and the browser player use it."""

from fastapi import APIRouter

from . import history, plan, routines, safety, sessions, stretches

router = APIRouter(prefix="/api")
for module in (stretches, routines, sessions, history, safety, plan):
    router.include_router(module.router)
