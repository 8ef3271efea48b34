"""The Store's progress measures: the weekly usual pain and the Patient-Specific Functional
Scale, kept apart from db.py so that each module holds one part of what the store keeps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import checks, upserts
from .models import PsfsRatingRow, PsfsRecord, PsfsRow, WeeklyPainRecord, WeeklyPainRow


class Measures:
    """Recording and reading the weekly pain and the PSFS; Store gives the transactions."""

    # Provided by Store: a session factory, one write transaction, and the clock's now.
    _sessions: Callable[[], Session]

    def _write(self) -> AbstractContextManager[Session]:
        raise NotImplementedError

    def _now(self) -> datetime:
        raise NotImplementedError

    def set_weekly_pain(self, week: date, pain: int) -> None:
        """Record the usual pain (0-10) of the week starting on Monday `week`; a later
        answer for the same week replaces the earlier one."""
        if not isinstance(week, date) or isinstance(week, datetime) or week.weekday() != 0:
            raise ValueError(f"week: must be the date of a Monday, got {week!r}")
        checks.score("pain", pain)
        now = self._now()
        with self._write() as session:
            query = upserts.insert(session, WeeklyPainRow).values(
                week=week, pain=pain, recorded_at=now
            )
            query = query.on_conflict_do_update(
                index_elements=["week"],
                set_={"pain": query.excluded.pain, "recorded_at": query.excluded.recorded_at},
            )
            session.execute(query)

    def weekly_pain(self) -> list[WeeklyPainRecord]:
        """Every week's usual pain, oldest week first."""
        query = select(WeeklyPainRow).order_by(WeeklyPainRow.week)
        with self._sessions() as session:
            return [
                WeeklyPainRecord(week=row.week, pain=row.pain, recorded_at=row.recorded_at)
                for row in session.scalars(query)
            ]

    def add_psfs(self, ratings: Sequence[tuple[str, int]]) -> PsfsRecord:
        """Record one PSFS check: each activity named (in order) with its score 0-10."""
        if not ratings:
            raise ValueError("ratings: at least one activity and its score")
        for n, pair in enumerate(ratings):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise ValueError(f"ratings[{n}]: must be (activity, score), got {pair!r}")
            checks.text(f"ratings[{n}].activity", pair[0], 120)
            checks.score(f"ratings[{n}].score", pair[1])
        now = self._now()
        with self._write() as session:
            row = PsfsRow(taken_at=now)
            row.ratings = [
                PsfsRatingRow(position=n, activity=activity, score=score)
                for n, (activity, score) in enumerate(ratings)
            ]
            session.add(row)
            session.flush()
            return PsfsRecord(id=row.id, taken_at=now, ratings=tuple(ratings))

    def psfs(self) -> list[PsfsRecord]:
        """Every PSFS check, oldest first, with its ratings in the order given."""
        query = (
            select(PsfsRow)
            .options(selectinload(PsfsRow.ratings))
            .order_by(PsfsRow.taken_at, PsfsRow.id)
        )
        with self._sessions() as session:
            return [
                PsfsRecord(
                    id=row.id,
                    taken_at=row.taken_at,
                    ratings=tuple((r.activity, r.score) for r in row.ratings),
                )
                for row in session.scalars(query)
            ]
