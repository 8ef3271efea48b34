"""The JSON API under /api; the pages and the browser player use it."""

from fastapi import APIRouter

from . import data, history, plan, progress, reminders, routines, safety, sessions, stretches
from .problems import COMMON

# Every route may be refused by the guard, the body limit or the store: one shape, declared.
router = APIRouter(prefix="/api", responses=COMMON)
for module in (stretches, routines, sessions, history, progress, reminders, safety, plan, data):
    router.include_router(module.router)
