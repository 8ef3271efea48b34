"""The Progress page: pain over the weeks, within a session, activities (PSFS), the goal.

Its forms post here (the weekly pain, a PSFS check, the goal) and come back to the page;
a form that is not right comes back with what was typed and what to change.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...progress import (
    PAIN_FRACTION,
    PAIN_POINTS,
    PSFS_MOST,
    PSFS_POINTS,
    Goal,
    psfs_score,
    same_activity,
)
from ...progress import local_date as local
from ...services import progress as service
from ...services.errors import Invalid
from ..deps import StoreDep
from . import router
from .charts import score_chart
from .common import render

SAVED = {
    "pain": "Saved your usual pain this week.",
    "psfs": "Saved your activities.",
    "goal": "Saved your goal.",
}


def _pain_threshold(baseline: int) -> float:
    """Where the first of Ostelo's two thresholds is reached: 2 points or 30% of baseline."""
    return baseline - min(PAIN_POINTS, PAIN_FRACTION * baseline)


def page(
    request: Request,
    store: StoreDep,
    *,
    status_code: int = 200,
    saved: str = "",
    errors: dict[str, list[str]] | None = None,
    typed: dict[str, Any] | None = None,
) -> HTMLResponse:
    found = service.overview(store, date.today())
    pain, fn = found.pain, found.function
    pain_svg = ""
    if pain.baseline is not None:
        each = ", ".join(f"week of {w.week.day} {w.week:%b} {w.pain}" for w in pain.weeks)
        said = f"Usual pain each week, 0 to 10: {each}. {pain.line()}."
        pain_svg = score_chart(
            [(w.week, w.pain) for w in pain.weeks],
            label=said,
            threshold=_pain_threshold(pain.baseline.pain) if len(pain.weeks) > 1 else None,
            threshold_words="meaningful",
            cls="after",
        )
    psfs_svg = ""
    if fn.checks:
        first = psfs_score(s for _, s in fn.checks[0].ratings)
        points = [(local(c.taken_at), psfs_score(s for _, s in c.ratings)) for c in fn.checks]
        each = ", ".join(f"{d.day} {d:%b} {round(v, 1):g}" for d, v in points)
        psfs_svg = score_chart(
            points,
            label=f"Activities score at each check, 0 to 10: {each}. {fn.line()}.",
            threshold=first + PSFS_POINTS if len(fn.checks) > 1 else None,
            threshold_words="meaningful",
            cls="before",
        )
    # The form offers last time's activities, then empty rows up to five.
    rows = [{"activity": a, "score": ""} for a in fn.activities]
    rows += [{"activity": "", "score": ""} for _ in range(PSFS_MOST - len(rows))]
    if typed and "rows" in typed:
        rows = typed["rows"]
    this_week = next((w.pain for w in pain.weeks if w.week == pain.this_week), None)
    return render(
        request,
        "progress.html",
        status_code=status_code,
        p=found,
        pain_svg=pain_svg,
        psfs_svg=psfs_svg,
        first_ratings={same_activity(a): s for a, s in fn.checks[0].ratings} if fn.checks else {},
        same=same_activity,
        rows=rows,
        weekly=(typed or {}).get("weekly", "" if this_week is None else this_week),
        goals=list(Goal),
        saved=SAVED.get(saved, ""),
        errors=errors or {},
        question=service.WEEKLY_QUESTION,
        hint=service.WEEKLY_HINT,
        pain_rule=service.PAIN_RULE,
        psfs_rule=service.PSFS_RULE,
        psfs_ask=service.PSFS_ASK,
        psfs_credit=service.PSFS_CREDIT,
        note=service.NOT_A_PROMISE,
    )


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request, store: StoreDep, saved: str = "") -> HTMLResponse:
    return page(request, store, saved=saved)


def _back(saved: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/progress?saved={saved}#{anchor}", status_code=303)


@router.post("/progress/weekly-pain", response_class=HTMLResponse)
async def weekly_pain_form(request: Request, store: StoreDep) -> Response:
    """The page's form: this week's usual pain, 0-10 (a later answer replaces it)."""
    form = await request.form()
    raw = str(form.get("pain") or "").strip()
    if not re.fullmatch(r"\d{1,2}", raw) or not 0 <= int(raw) <= 10:
        problem = f"Usual pain this week: {raw!r} is not a whole number from 0 to 10."
        if not raw:
            problem = "Usual pain this week: type a number from 0 to 10."
        return page(
            request, store, status_code=422, errors={"pain": [problem]}, typed={"weekly": raw}
        )
    service.record_weekly_pain(store, int(raw), date.today())
    return _back("pain", "pain")


@router.post("/progress/psfs", response_class=HTMLResponse)
async def psfs_form(request: Request, store: StoreDep) -> Response:
    """The page's form: 3 to 5 activities, each with its score 0-10."""
    form = await request.form()
    rows = [
        {
            "activity": str(form.get(f"activity_{n}") or ""),
            "score": str(form.get(f"score_{n}") or "").strip(),
        }
        for n in range(1, PSFS_MOST + 1)
    ]
    problems = []
    given: list[dict[str, Any]] = []
    for n, row in enumerate(rows, 1):
        if not row["activity"].strip() and not row["score"]:
            continue
        if not row["activity"].strip():
            problems.append(f"Activity {n}: name the activity its score is for.")
        elif not re.fullmatch(r"\d{1,2}", row["score"]) or not 0 <= int(row["score"]) <= 10:
            problems.append(f"Activity {n}: give a score, a whole number from 0 to 10.")
        else:
            given.append({"activity": row["activity"], "score": int(row["score"])})
    if not problems:
        try:
            service.record_psfs(store, given)
        except Invalid as err:
            problems = [_readable(p, given, rows) for p in err.problems]
    if problems:
        return page(
            request, store, status_code=422, errors={"psfs": problems}, typed={"rows": rows}
        )
    return _back("psfs", "activities")


def _readable(problem: str, given: list[dict[str, Any]], rows: list[dict[str, str]]) -> str:
    """'ratings[1].activity: ...' as 'Activity 3: ...', numbered as the form's rows are."""
    found = re.match(r"ratings\[(\d+)\]\.\w+: (.*)", problem, re.S)
    if not found:
        return problem[:1].upper() + problem[1:]
    which = given[int(found.group(1))]
    n = next(i for i, r in enumerate(rows, 1) if r["activity"] == which["activity"])
    return f"Activity {n}: {found.group(2)}"


@router.post("/progress/goal", response_class=HTMLResponse)
async def goal_form(request: Request, store: StoreDep) -> Response:
    """The page's form: how often the person means to stretch."""
    form = await request.form()
    try:
        service.set_goal(store, str(form.get("goal") or ""))
    except Invalid as err:
        return page(request, store, status_code=422, errors={"goal": err.problems})
    return _back("goal", "goal")
