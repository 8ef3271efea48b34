"""Progress a person can trust, on a real store: the weekly pain and its meaningful-change rule
(Ostelo 2008), the PSFS (Stratford 1995; Abbott and Schmitt 2014), sessions against a goal,
and what a session does to pain. Demonstrations never count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from store_kit import Clock, phase
from supple.progress import Goal, Trend, pain_trend, psfs_score, psfs_trend
from supple.services import progress
from supple.services.errors import Invalid
from supple.store import HEAD
from supple.store.db import Store, make_engine, migrate, open_store
from supple.store.engine import current_revision
from supple.store.peek import peek

MONDAY = date(2024, 5, 6)
TODAY = date(2024, 6, 12)  # a Wednesday, six weeks on


def weeks(store: Store, *pains: int, first: date = MONDAY) -> None:
    """One usual-pain score a week from `first`, oldest first."""
    for k, pain in enumerate(pains):
        store.set_weekly_pain(first + timedelta(weeks=k), pain)


def pain_of(store: Store, today: date = TODAY) -> progress.PainProgress:
    return progress.overview(store, today, tz=UTC).pain


# -- the meaningful-change rule (Ostelo 2008: 2 points or 30% of the baseline) ---------------


@pytest.mark.parametrize(
    ("baseline", "latest", "trend"),
    [
        (6, 4.1, Trend.BETTER),  # a fall of 1.9: under 2 points, but 30% of 6 is 1.8 (see below)
        (7, 5.1, Trend.UNCLEAR),  # a fall of 1.9 from 7 is 27%: neither threshold
        (6, 4, Trend.BETTER),  # a fall of 2 points
        (8, 6, Trend.BETTER),  # 2 points is enough even where 30% (2.4) is not reached
        (5, 3.5, Trend.BETTER),  # a fall of 1.5 from 5 is 30%: meaningful by the share
        (5, 3.6, Trend.UNCLEAR),  # 1.4 from 5 is 28%
        (10, 8.1, Trend.UNCLEAR),  # 1.9 from 10 is 19%
        (3, 2, Trend.BETTER),  # one point from 3 is 33%
        (4, 3, Trend.UNCLEAR),  # one point from 4 is 25%
        (0, 0, Trend.UNCLEAR),
        (5, 7, Trend.WORSE),  # a rise of 2 points
        (1, 2, Trend.UNCLEAR),  # a rise from a low start is not called worse below 2 points
    ],
)
def test_the_pain_rule(baseline: float, latest: float, trend: Trend) -> None:
    # The issue's "a fall of 1.9 from 6 is not meaningful" does not follow from its own rule:
    # 30% of 6 is 1.8, so 1.9 reaches the share. supple follows the rule as Ostelo states it
    # (either threshold), which is also what makes "1.5 from 5, by 30%" meaningful.
    assert pain_trend(baseline, latest) is trend


def test_a_series_of_weeks_is_judged_from_the_first_week_to_the_latest(store: Store) -> None:
    weeks(store, 6, 7, 5)  # down 1 from 6 (17%): no clear change, whatever happened between
    found = pain_of(store)
    assert (found.trend, found.baseline.pain, found.latest.pain) == (Trend.UNCLEAR, 6, 5)  # type: ignore[union-attr]
    assert found.line() == "Pain 5 in the week of 20 May, down from 6: no clear change yet"
    store.set_weekly_pain(MONDAY + timedelta(weeks=4), 4)  # down 2 from 6
    assert pain_of(store).trend is Trend.BETTER
    assert pain_of(store).line() == "Pain 4 in the week of 3 Jun, down from 6: a meaningful change"


def test_this_week_reads_as_the_issue_asks(store: Store) -> None:
    weeks(store, 6, first=date(2024, 5, 27))
    store.set_weekly_pain(date(2024, 6, 10), 4)  # this week (TODAY is Wednesday the 12th)
    assert pain_of(store).line() == "Pain this week 4, down from 6: a meaningful change"


def test_whole_number_ratings_meet_the_share_from_a_low_baseline(store: Store) -> None:
    # Ratings are whole numbers: from a baseline of 3, one point is 33%, meaningful by the
    # share; from 4, one point is 25%, and it is not.
    weeks(store, 3, 2)
    assert pain_of(store).trend is Trend.BETTER
    weeks(store, 4, 3)  # the same two weeks, answered again
    assert pain_of(store).trend is Trend.UNCLEAR
    store.set_weekly_pain(MONDAY + timedelta(weeks=1), 2)
    assert pain_of(store).trend is Trend.BETTER


def test_one_week_is_a_starting_point_and_none_says_when_it_is_asked(store: Store) -> None:
    assert pain_of(store).line().startswith("No weekly pain score yet")
    assert pain_of(store).trend is None
    weeks(store, 6)
    assert pain_of(store).trend is Trend.BASELINE
    assert pain_of(store).line() == "Pain 6 in the week of 6 May: your starting point"


def test_a_later_answer_in_the_same_week_replaces_the_first(store: Store, clock: Clock) -> None:
    store.set_weekly_pain(MONDAY, 7)
    clock.tick(3600)
    store.set_weekly_pain(MONDAY, 5)
    [only] = store.weekly_pain()
    assert (only.week, only.pain, only.recorded_at) == (MONDAY, 5, clock.now)


def test_worse_or_no_better_after_a_few_weeks_points_to_a_clinician(store: Store) -> None:
    weeks(store, 4, 6)
    assert pain_of(store).trend is Trend.WORSE
    assert "see a doctor or physiotherapist" in (pain_of(store).advice() or "")
    with open_store(Path(str(store.engine.url.database)).parent / "other") as other:
        weeks(other, 6, 6, 5, 6)  # three weeks on, no clear change
        advice = pain_of(other).advice() or ""
        assert "not clearly improved after a few weeks" in advice and "Finucane" in advice
        assert pain_of(other).line().endswith("the same as your first week: no clear change yet")


def test_the_weekly_pain_is_checked_and_named_by_a_monday(store: Store) -> None:
    with pytest.raises(ValueError, match="pain: must be a whole number from 0 to 10"):
        store.set_weekly_pain(MONDAY, 11)
    with pytest.raises(ValueError, match="week: must be the date of a Monday"):
        store.set_weekly_pain(MONDAY + timedelta(days=1), 3)
    with pytest.raises(Invalid, match="pain"):
        progress.record_weekly_pain(store, True, TODAY)  # type: ignore[arg-type]
    assert store.weekly_pain() == []


def test_the_weekly_question_is_due_until_answered_or_left_blank_this_week(store: Store) -> None:
    assert progress.weekly_status(store, TODAY).due
    progress.record_weekly_pain(store, None, TODAY)  # left blank: not asked again this week
    status = progress.weekly_status(store, TODAY)
    assert (status.due, status.pain, status.week_start) == (False, None, date(2024, 6, 10))
    assert progress.weekly_status(store, TODAY + timedelta(days=5)).due  # next week, again
    progress.record_weekly_pain(store, 5, TODAY + timedelta(days=5))
    assert not progress.weekly_status(store, TODAY + timedelta(days=6)).due
    assert [w.pain for w in store.weekly_pain()] == [5]


# -- the PSFS (Stratford 1995): activities the person names, the mean, 2 points meaningful ---


def test_psfs_score_is_the_mean_of_the_activities() -> None:
    assert psfs_score([3, 5, 2]) == pytest.approx(10 / 3)
    assert psfs_score([0, 0, 0, 0, 10]) == 2.0
    with pytest.raises(ValueError):
        psfs_score([])


def test_a_psfs_check_through_the_service_is_stored_and_scored(store: Store, clock: Clock) -> None:
    first = [("Putting on socks", 3), ("Sitting through a film", 5), ("Lifting a child", 2)]
    progress.record_psfs(store, first)
    clock.tick(15 * 86400)
    again = [("putting on  socks", 5), ("Sitting through a film", 7), ("Lifting a child", 4)]
    progress.record_psfs(store, again)
    fn = progress.overview(store, clock.now.date(), tz=UTC).function
    assert [c.ratings for c in fn.checks] == [tuple(first), tuple(again)]
    assert fn.latest_score == pytest.approx(16 / 3)
    assert fn.change is not None and fn.change.change == pytest.approx(2.0)
    assert fn.trend is Trend.BETTER  # 2 points in the mean (Abbott and Schmitt 2014)
    assert fn.line() == "Activities 5.3 of 10, up from 3.3: a meaningful change"


def test_psfs_compares_only_the_activities_rated_both_times() -> None:
    first = [("Socks", 2), ("Film", 4), ("Child", 0)]
    later = [("Socks", 4), ("Film", 5), ("Gardening", 9)]  # child dropped, gardening new
    change = psfs_trend(first, later)
    assert change is not None
    assert (change.activities, change.baseline, change.latest) == (("Socks", "Film"), 3.0, 4.5)
    assert change.trend is Trend.UNCLEAR  # 1.5 points: no clear change yet
    assert psfs_trend(first, [("Running", 10), ("Rowing", 10), ("Cycling", 10)]) is None
    assert psfs_trend([("A", 8), ("B", 8), ("C", 8)], [("a", 6), ("b", 6), ("c", 6)]).trend is (  # type: ignore[union-attr]
        Trend.WORSE
    )


@pytest.mark.parametrize(
    ("ratings", "problem"),
    [
        ([("Socks", 3), ("Film", 4)], "name 3 to 5 activities, got 2"),
        ([(f"A{n}", 3) for n in range(6)], "name 3 to 5 activities, got 6"),
        ([("Socks", 3), ("Film", 11), ("Child", 2)], "ratings[1].score"),
        (
            [("Socks", 3), ("film", 4), ("  Film ", 2)],
            "ratings[2].activity: 'Film' is named twice",
        ),
        ([("Socks", 3), ("Film\u202e", 4), ("Child", 2)], "ratings[1].activity: U+202E"),
        ([("Socks", 3), ("Film\x1b[2J", 4), ("Child", 2)], "ratings[1].activity: U+001B"),
        ([("Socks", 3), ("   ", 4), ("Child", 2)], "ratings[1].activity"),
        ([("Socks", 3), ("x" * 121, 4), ("Child", 2)], "ratings[1].activity"),
    ],
)
def test_a_psfs_check_that_is_not_one_is_refused_naming_why(
    store: Store, ratings: list[tuple[str, int]], problem: str
) -> None:
    with pytest.raises(Invalid) as err:
        progress.record_psfs(store, ratings)
    assert problem in str(err.value)
    assert store.psfs() == []


def test_psfs_is_asked_at_the_start_then_every_two_weeks(store: Store, clock: Clock) -> None:
    today = clock.now.date()
    assert progress.overview(store, today, tz=UTC).function.due
    progress.record_psfs(store, [("Socks", 3), ("Film", 4), ("Child", 2)])
    fn = progress.overview(store, today + timedelta(days=13), tz=UTC).function
    assert (fn.due, fn.next_due) == (False, today + timedelta(days=14))
    fn = progress.overview(store, today + timedelta(days=14), tz=UTC).function
    assert fn.due and "two weeks" in (fn.reminder() or "")


# -- adherence: sessions against the goal; demonstrations never count ------------------------


def session(
    store: Store, clock: Clock, when: datetime, *, demo: bool = False, done: bool = True
) -> None:
    clock.now = when
    sid = store.start_session(
        "wall-nine",
        "Wall nine",
        planned_seconds=60,
        client="browser",
        speed=10.0 if demo else 1.0,
        demo=demo,
        options=None,
    ).id
    phase(store, sid, 0, outcome="done" if done else "skipped")
    store.end_session(sid, "completed")


def at(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def test_once_a_day_counts_days_and_demonstrations_never(store: Store, clock: Clock) -> None:
    # TODAY is Wednesday 12 June: Monday, Tuesday and today, twice on Monday.
    for day in (date(2024, 6, 10), date(2024, 6, 11), TODAY):
        session(store, clock, at(day))
    session(store, clock, at(date(2024, 6, 10), 19))
    session(store, clock, at(date(2024, 6, 9)), demo=True)  # Sunday: a demonstration only
    session(store, clock, at(date(2024, 6, 8)), done=False)  # Saturday: nothing done
    a = progress.overview(store, TODAY, tz=UTC).adherence
    assert (a.goal, a.sessions, a.counted, a.target) == (Goal.ONCE_A_DAY, 4, 3, 7)
    assert (a.current, a.longest, a.unit) == (3, 3, "day")
    # A demonstration on the one missing day does not mend the streak.
    session(store, clock, at(date(2024, 6, 9), 12), demo=True)
    assert progress.overview(store, TODAY, tz=UTC).adherence.current == 3


def test_twice_a_day_needs_two_real_sessions_a_day(store: Store, clock: Clock) -> None:
    progress.set_goal(store, "twice-a-day")
    for day in (date(2024, 6, 10), date(2024, 6, 11)):
        session(store, clock, at(day, 8))
        session(store, clock, at(day, 20))
    session(store, clock, at(TODAY, 8))
    session(store, clock, at(TODAY, 9), demo=True)  # today's second is a demonstration
    a = progress.overview(store, TODAY, tz=UTC).adherence
    assert (a.sessions, a.counted, a.target) == (5, 5, 14)
    assert (a.current, a.longest) == (2, 2)  # today is not over: yesterday's run stands
    session(store, clock, at(TODAY, 21))
    assert progress.overview(store, TODAY, tz=UTC).adherence.current == 3


def test_weekly_goals_count_weeks_that_met_them(store: Store, clock: Clock) -> None:
    progress.set_goal(store, "three-times-a-week")
    # Two weeks before this one, three days each; this week two days so far.
    for monday in (date(2024, 5, 27), date(2024, 6, 3)):
        for k in (0, 2, 4):
            session(store, clock, at(monday + timedelta(days=k)))
    session(store, clock, at(date(2024, 6, 3), 20))  # a second on one day counts once
    for day in (date(2024, 6, 10), date(2024, 6, 11)):
        session(store, clock, at(day))
    session(store, clock, at(TODAY), demo=True)
    a = progress.overview(store, TODAY, tz=UTC).adherence
    assert (a.counted, a.target, a.unit) == (2, 3, "week")
    assert (a.current, a.longest) == (2, 2)  # this week is not over yet
    progress.set_goal(store, "most-days")
    a = progress.overview(store, TODAY, tz=UTC).adherence
    assert (a.target, a.current, a.longest) == (5, 0, 0)


def test_the_goal_is_once_a_day_until_chosen_and_a_bad_one_is_refused(store: Store) -> None:
    assert progress.goal_of(store) is Goal.ONCE_A_DAY
    with pytest.raises(Invalid, match="goal: must be one of twice-a-day, once-a-day"):
        progress.set_goal(store, "hourly")
    assert progress.set_goal(store, "most-days") is Goal.MOST_DAYS
    assert progress.goal_of(store) is Goal.MOST_DAYS


# -- within a session -------------------------------------------------------------------------


def test_the_average_change_within_a_session_leaves_out_demos(store: Store, clock: Clock) -> None:
    for before, after, demo in [(6, 4, False), (5, 4, False), (7, 5, False), (2, 9, True)]:
        clock.tick(86400)
        sid = store.start_session(
            "r", "R", planned_seconds=60, client="terminal", speed=1.0, demo=demo, options=None
        ).id
        store.set_pain(sid, before=before, after=after)
    sid = store.start_session(
        "r", "R", planned_seconds=60, client="terminal", speed=1.0, demo=False, options=None
    ).id
    store.set_pain(sid, before=3)  # no after: not a pair
    within = progress.overview(store, TODAY, tz=UTC).within
    assert (within.sessions, within.average) == (3, pytest.approx(-5 / 3))
    assert within.line() == (
        "After a session your pain is usually 1.7 points lower (3 sessions rated before and after)."
    )


# -- the store: a database from the schema before, with sessions in it ----------------------

AT_0002 = """
INSERT INTO sessions (id, uuid, routine_id, routine_title, client, speed, demo, options,
                      planned_seconds, started_at, ended_at, status, pain_before, pain_after,
                      stretches_done, stretches_skipped, stretches_stopped, seconds)
VALUES (1, '0f8fad5b-d9cb-469f-a165-70867728950e', 'wall-nine', 'Wall nine', 'terminal', 1.0,
        0, NULL, 600, '2024-05-06 18:30:00.000000', '2024-05-06 18:40:00.000000',
        'completed', 6, 3, 2, 0, 0, 60.0),
       (2, '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'wall-nine', 'Wall nine', 'browser', 4.0,
        1, NULL, 600, '2024-05-07 18:30:00.000000', NULL, 'in-progress', NULL, NULL,
        0, 0, 0, 0.0);
INSERT INTO phases (id, session_id, key, phase_index, step_index, kind, stretch_id, side,
                    planned_seconds, actual_seconds, outcome, ended_at)
VALUES (1, 1, 'k1', 0, 0, 'hold', 'cat-cow', NULL, 30, 30, 'done', '2024-05-06 18:31:00.000000'),
       (2, 1, 'k2', 1, 1, 'hold', 'wall-quad', NULL, 30, 30, 'done', '2024-05-06 18:32:00.000000');
INSERT INTO meta (key, value) VALUES ('last_routine', 'wall-nine');
"""


def test_a_database_at_0002_with_sessions_is_migrated_and_keeps_them(home: Path) -> None:
    home.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{home / 'supple.db'}")
    try:
        migrate(engine, "0002")
        with engine.begin() as conn:
            for statement in AT_0002.split(";"):
                if statement.strip():
                    conn.exec_driver_sql(statement)
        before = {
            t: conn_rows(engine, f"SELECT * FROM {t} ORDER BY 1") for t in ("sessions", "phases")
        }
    finally:
        engine.dispose()
    assert peek(home) is None  # an older schema: the quick look leaves it to the full store

    with open_store(home) as store:
        assert current_revision(store.engine) == HEAD
        for table, rows in before.items():
            assert conn_rows(store.engine, f"SELECT * FROM {table} ORDER BY 1") == rows, table
        real = store.session(1)
        assert (real.pain_before, real.pain_after, len(real.phases)) == (6, 3, 2)
        assert store.weekly_pain() == [] and store.psfs() == []
        found = progress.overview(store, date(2024, 5, 8), tz=UTC)
        assert (found.within.sessions, found.within.average) == (1, -3.0)
        assert found.adherence.sessions == 1  # the demonstration left out
        store.set_weekly_pain(MONDAY, 5)
        progress.record_psfs(store, [("Socks", 3), ("Film", 4), ("Child", 2)])
    state = peek(home)
    assert state is not None and state.last_weekly_pain == MONDAY
    assert state.last_psfs_at is not None and state.meta == {"last_routine": "wall-nine"}


def conn_rows(engine: object, query: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return [tuple(r) for r in conn.execute(text(query))]


def test_the_new_tables_keep_their_checks_and_cascade(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    progress.record_psfs(store, [("Socks", 3), ("Film", 4), ("Child", 2)])
    with pytest.raises(IntegrityError, match="ck_psfs_ratings_score"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE psfs_ratings SET score = 11")
    with pytest.raises(IntegrityError, match="ck_weekly_pain_pain"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO weekly_pain VALUES ('2024-05-06', 12, '2024-05-06')")
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM psfs_assessments")
        assert conn.exec_driver_sql("SELECT count(*) FROM psfs_ratings").scalar() == 0
