"""Progress a person can trust: the weekly usual pain, the PSFS, and sessions against a goal.

Every face (`supple progress`, /api/progress, the Progress page, the line on Home) reads one
`Progress` from `overview` and says it in the words written here, so the terminal and the
browser never tell a person two different stories. The rules (what counts as a meaningful
change, what meets the goal) are supple.progress's, with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ..progress import (
    DEFAULT_GOAL,
    PAIN_FRACTION,
    PAIN_POINTS,
    PSFS_DAYS,
    PSFS_POINTS,
    Adherence,
    Goal,
    PsfsChange,
    Trend,
    adherence,
    local_date,
    pain_trend,
    psfs_due,
    psfs_score,
    psfs_trend,
    week_start,
    weekly_pain_due,
    within_sessions,
)
from ..store.meta import PROGRESS_GOAL, WEEKLY_PAIN_SKIPPED
from ..words import plural
from .errors import Invalid

# The PSFS check as the faces send it has its own module; named here too, as every face
# knows it (re-exported).
from .psfs import PsfsCheck as PsfsCheck
from .psfs import PsfsRating as PsfsRating
from .psfs import check_psfs as check_psfs
from .psfs import psfs_data as psfs_data
from .psfs import record_psfs as record_psfs

if TYPE_CHECKING:
    from ..store.db import Store
    from ..store.models import PsfsRecord, WeeklyPainRecord

# The words of the weekly question, the same in the terminal and the browser.
WEEKLY_QUESTION = "Your usual pain this week, from 0 (none) to 10 (the worst you can imagine)"
WEEKLY_HINT = "Asked once a week, to show how your pain changes; leave it empty to skip."
PAIN_RULE = (
    "A fall of at least 2 points, or of 30% of your first week's score, is counted as a "
    "meaningful change (Ostelo 2008); a smaller one is within what a rating varies by anyway."
)
PSFS_CREDIT = "Patient-Specific Functional Scale (PSFS; Stratford et al. 1995)"
PSFS_RULE = (
    "A change of 2 points in the mean, on the activities rated both times, is counted as "
    "meaningful (Abbott and Schmitt 2014)."
)
PSFS_ASK = (
    "Name 3 to 5 activities that your back or hips make hard (for example: putting on "
    "socks, sitting through a film, lifting a child), and rate each from 0 (unable to do it) "
    "to 10 (able to do it as before the problem)."
)
# Clinical.md, from the IFOMPT framework (Finucane 2020): "no improvement after a few weeks of
# self-care" is a reason to see a doctor soon.
FEW_WEEKS = 3
SEE_SOMEONE = (
    "Your pain has not clearly improved after a few weeks: that is a good reason to see a "
    "doctor or physiotherapist (IFOMPT, Finucane 2020)."
)
SEE_SOMEONE_WORSE = (
    "Your pain is higher than when you started: if it keeps getting worse, see a doctor or "
    "physiotherapist."
)
NOT_A_PROMISE = "A meaningful change is a sign of progress, not a promise or a cure."


def _day(d: date) -> str:
    return f"{d.day} {d:%b}"


def _num(value: float) -> str:
    """1 decimal, without a trailing .0: '1.5', '2'."""
    return f"{round(value, 1):g}"


# -- the pieces ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PainProgress:
    """The weekly usual pain over time, and whether it has moved meaningfully."""

    weeks: list[WeeklyPainRecord]  # oldest first
    this_week: date
    due: bool  # still to be asked this week

    @property
    def baseline(self) -> WeeklyPainRecord | None:
        return self.weeks[0] if self.weeks else None

    @property
    def latest(self) -> WeeklyPainRecord | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def trend(self) -> Trend | None:
        if not self.weeks:
            return None
        if len(self.weeks) == 1:
            return Trend.BASELINE
        return pain_trend(self.weeks[0].pain, self.weeks[-1].pain)

    def line(self) -> str:
        """'Pain this week 4, down from 6: a meaningful change'."""
        first, last = self.baseline, self.latest
        if first is None or last is None:
            return "No weekly pain score yet: you will be asked at the start of your next session"
        if last.week == self.this_week:
            lead = f"Pain this week {last.pain}"
        else:
            lead = f"Pain {last.pain} in the week of {_day(last.week)}"
        trend = self.trend
        if trend is Trend.BASELINE:
            return f"{lead}: your starting point"
        if last.pain == first.pain:
            moved = "the same as your first week"
        else:
            moved = f"{'down' if last.pain < first.pain else 'up'} from {first.pain}"
        said = {
            Trend.BETTER: "a meaningful change",
            Trend.WORSE: "higher than when you started",
            Trend.UNCLEAR: "no clear change yet",
        }[trend or Trend.UNCLEAR]
        return f"{lead}, {moved}: {said}"

    def advice(self) -> str | None:
        """Where the trend says to see someone: worse, or no better after a few weeks."""
        first, last = self.baseline, self.latest
        if first is None or last is None:
            return None
        if self.trend is Trend.WORSE:
            return SEE_SOMEONE_WORSE
        weeks = (last.week - first.week).days // 7
        if self.trend is Trend.UNCLEAR and weeks >= FEW_WEEKS:
            return SEE_SOMEONE
        return None


@dataclass(frozen=True)
class WithinSessions:
    """How a session changes pain: the average of after - before, over real sessions."""

    sessions: int
    average: float | None  # negative: lower after

    def line(self) -> str:
        n, avg = self.sessions, self.average
        if avg is None:
            return "Rate your pain before and after a session to see what a session does to it."
        rated = f"({plural(n, 'session')} rated before and after)"
        points = abs(round(avg, 1))
        words = f"{_num(points)} {'point' if points == 1 else 'points'}"
        if avg <= -0.5:
            return f"After a session your pain is usually {words} lower {rated}."
        if avg >= 0.5:
            return (
                f"After a session your pain is usually {words} higher {rated}: stretch only to "
                "mild tightness, never into pain, and check with a clinician if it goes on."
            )
        return f"After a session your pain is usually about the same {rated}."


@dataclass(frozen=True)
class FunctionProgress:
    """The PSFS checks: activities the person named, rated 0-10, every two weeks."""

    checks: list[PsfsRecord]  # oldest first
    change: PsfsChange | None  # first check to latest, on the activities rated both times
    due: bool
    next_due: date | None  # None: due now

    @property
    def activities(self) -> list[str]:
        """The activities of the latest check, in order: the ones to rate again."""
        return [a for a, _ in self.checks[-1].ratings] if self.checks else []

    @property
    def latest_score(self) -> float | None:
        return psfs_score(s for _, s in self.checks[-1].ratings) if self.checks else None

    @property
    def trend(self) -> Trend | None:
        if not self.checks:
            return None
        if len(self.checks) == 1:
            return Trend.BASELINE
        return self.change.trend if self.change else None

    def line(self) -> str:
        """'Activities 6.3 of 10, up from 3.3: a meaningful change'."""
        if not self.checks or self.latest_score is None:
            return "Not rated yet: name 3 to 5 activities your back or hips make hard"
        score = _num(self.latest_score)
        if len(self.checks) == 1:
            return f"Activities {score} of 10: your starting point"
        change = self.change
        if change is None:
            return (
                f"Activities {score} of 10: none of them was rated at your first check, so "
                "there is no change to measure"
            )
        first_n = len(self.checks[0].ratings)
        every = len(change.activities) == len(self.checks[-1].ratings) == first_n
        lead = (
            f"Activities {_num(change.latest)} of 10"
            if every
            else f"The {len(change.activities)} activities rated both times: "
            f"{_num(change.latest)} of 10"
        )
        if round(change.latest, 1) == round(change.baseline, 1):
            moved = "the same as at your first check"
        else:
            way = "up" if change.latest > change.baseline else "down"
            moved = f"{way} from {_num(change.baseline)}"
        said = {
            Trend.BETTER: "a meaningful change",
            Trend.WORSE: "lower than when you started",
            Trend.UNCLEAR: "no clear change yet",
            Trend.BASELINE: "your starting point",
        }[change.trend]
        return f"{lead}, {moved}: {said}"

    def reminder(self) -> str | None:
        """The two-weekly reminder, when a check is due."""
        if not self.due:
            return None
        if not self.checks:
            return "Rate a few everyday activities once, to see your progress in what you can do."
        return "It is two weeks since you last rated your activities: time to rate them again."


@dataclass(frozen=True)
class Progress:
    today: date
    pain: PainProgress
    within: WithinSessions
    function: FunctionProgress
    adherence: Adherence

    def adherence_line(self) -> str:
        a = self.adherence
        return f"This week: {a.counted} of {a.target} (your goal: {a.goal.words})"

    def streak_line(self) -> str:
        a = self.adherence
        return (
            f"{plural(a.current, a.unit)} in a row that met your goal "
            f"(longest: {plural(a.longest, a.unit)})"
        )


# -- reading ----------------------------------------------------------------------------------


def goal_of(store: Store) -> Goal:
    """The person's goal: once a day unless they chose another."""
    saved = store.get_meta(PROGRESS_GOAL)
    return Goal(saved) if saved is not None and saved in Goal._value2member_map_ else DEFAULT_GOAL


def _skipped_week(store: Store) -> date | None:
    try:
        return date.fromisoformat(store.get_meta(WEEKLY_PAIN_SKIPPED) or "")
    except ValueError:
        return None


def overview(store: Store, today: date, *, tz: tzinfo | None = None) -> Progress:
    """Where the person stands: pain over the weeks, within sessions, activities, the goal.

    `today` and `tz` say which week and day it is for the person (local time by default).
    Demonstrations count for none of it.
    """
    briefs = [b for b in store.session_briefs() if not b.demo]
    weeks = store.weekly_pain()
    this_week = week_start(today)
    last = weeks[-1].week if weeks else None
    pain = PainProgress(
        weeks=weeks,
        this_week=this_week,
        due=weekly_pain_due(this_week, last, _skipped_week(store)),
    )
    n, average = within_sessions(
        (b.pain_before, b.pain_after)
        for b in briefs
        if b.pain_before is not None and b.pain_after is not None
    )
    checks = store.psfs()
    last_check = local_date(checks[-1].taken_at, tz) if checks else None
    due = psfs_due(last_check, today)
    function = FunctionProgress(
        checks=checks,
        change=psfs_trend(checks[0].ratings, checks[-1].ratings) if len(checks) > 1 else None,
        due=due,
        next_due=None if due or last_check is None else last_check + timedelta(days=PSFS_DAYS),
    )
    # As streaks have always counted: a session with at least one stretch done.
    days = [local_date(b.started_at, tz) for b in briefs if b.stretches_done > 0]
    return Progress(
        today=today,
        pain=pain,
        within=WithinSessions(n, average),
        function=function,
        adherence=adherence(days, goal_of(store), today),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def progress_data(p: Progress) -> dict[str, Any]:
    """What `supple progress --json` prints and GET /api/progress returns."""
    pain, fn, a = p.pain, p.function, p.adherence
    change = fn.change
    first_only = fn.latest_score if len(fn.checks) == 1 else None
    return {
        "today": p.today.isoformat(),
        "home_line": pain.line(),
        "pain": {
            "measure": "Usual pain this week, numeric rating scale (NPRS) 0-10",
            "weeks": [{"week_start": w.week.isoformat(), "pain": w.pain} for w in pain.weeks],
            "baseline": pain.baseline.pain if pain.baseline else None,
            "latest": pain.latest.pain if pain.latest else None,
            "trend": pain.trend.value if pain.trend else None,
            "meaningful": pain.trend is Trend.BETTER,
            "due_this_week": pain.due,
            "summary": pain.line(),
            "advice": pain.advice(),
            "rule": PAIN_RULE,
            "thresholds": {"points": PAIN_POINTS, "fraction_of_baseline": PAIN_FRACTION},
        },
        "within_sessions": {
            "sessions": p.within.sessions,
            "average_change": None if p.within.average is None else round(p.within.average, 2),
            "summary": p.within.line(),
        },
        "function": {
            "measure": PSFS_CREDIT,
            "checks": [
                {
                    "taken_at": c.taken_at.isoformat(),
                    "score": round(psfs_score(s for _, s in c.ratings), 2),
                    "ratings": [{"activity": a, "score": s} for a, s in c.ratings],
                }
                for c in fn.checks
            ],
            "activities": fn.activities,
            "score": _round(fn.latest_score),
            # The first check and the latest, on the activities rated at both.
            "compared": list(change.activities) if change else [],
            "baseline": _round(change.baseline if change else first_only),
            "latest": _round(change.latest if change else first_only),
            "change": _round(change.change if change else None),
            "trend": fn.trend.value if fn.trend else None,
            "meaningful": fn.trend is Trend.BETTER,
            "due": fn.due,
            "next_due": fn.next_due.isoformat() if fn.next_due else None,
            "summary": fn.line(),
            "reminder": fn.reminder(),
            "rule": PSFS_RULE,
            "threshold_points": PSFS_POINTS,
        },
        "adherence": {
            "goal": a.goal.value,
            "goal_words": a.goal.words,
            "week_start": a.week_start.isoformat(),
            "sessions_this_week": a.sessions,
            "counted_this_week": a.counted,
            "target_this_week": a.target,
            "streak": {"current": a.current, "longest": a.longest, "unit": a.unit},
            "summary": p.adherence_line(),
            "streak_summary": p.streak_line(),
        },
        "note": NOT_A_PROMISE,
    }


# -- writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyStatus:
    """This week's usual-pain question: whether it is still to be asked, and the answer."""

    week_start: date
    due: bool
    pain: int | None


def weekly_status(store: Store, today: date) -> WeeklyStatus:
    this_week = week_start(today)
    weeks = store.weekly_pain()
    mine = next((w.pain for w in weeks if w.week == this_week), None)
    last = weeks[-1].week if weeks else None
    return WeeklyStatus(this_week, weekly_pain_due(this_week, last, _skipped_week(store)), mine)


def weekly_data(s: WeeklyStatus) -> dict[str, Any]:
    return {
        "week_start": s.week_start.isoformat(),
        "due": s.due,
        "pain": s.pain,
        "question": WEEKLY_QUESTION,
        "hint": WEEKLY_HINT,
    }


def record_weekly_pain(store: Store, pain: int | None, today: date) -> WeeklyStatus:
    """This week's usual pain (0-10), or None: left blank, so not asked again this week."""
    this_week = week_start(today)
    if pain is None:
        store.set_meta(WEEKLY_PAIN_SKIPPED, this_week.isoformat())
    else:
        try:
            store.set_weekly_pain(this_week, pain)
        except ValueError as err:
            raise Invalid([str(err)]) from None
    return weekly_status(store, today)


def set_goal(store: Store, goal: str) -> Goal:
    """Set how often the person means to stretch; Invalid naming the choices if not one."""
    if goal not in Goal._value2member_map_:
        choices = ", ".join(g.value for g in Goal)
        raise Invalid([f"goal: must be one of {choices}; got {goal!r}"])
    store.set_meta(PROGRESS_GOAL, goal)
    return Goal(goal)
