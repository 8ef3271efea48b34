"""Run a session: start it (behind the safety gate), record its phases, hurts and pain, end it.

Both players record through these functions, and every face reads a session back through
`get`, so the terminal summary, the browser's end page, `supple history` and the History page
count the same way (progress.tally) and say the same words (SessionView.lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..kinds import END_STATUSES, STRETCH_KINDS, HurtReason, Outcome, PhaseKind, SessionStatus, Side
from ..library.catalog import Library
from ..library.exchange import OwnRoutines, find_routine
from ..library.schema import Routine
from ..planner.needs import AgeBand
from ..planner.rules import default_rules
from ..progress import Tally
from ..safety import hurt_reason
from ..safety.screen import HurtReason as HurtWords
from ..store.meta import LAST_ROUTINE
from ..timeline import Options, Phase, Timeline, build_timeline, options_for
from ..words import clock, plural
from .errors import Invalid, NotFound
from .person import Person, person_of, stretch_notes
from .safety import require_may_start, standing

if TYPE_CHECKING:
    # The store loads SQLAlchemy: `supple start` prepares its timeline before that.
    from ..store.db import Store
    from ..store.models import SessionRecord

# A session played faster than this is a demonstration, not stretching.
REAL_TIME = 1.0

SessionRef = int | str  # the store's id, or the UUID a player made


@dataclass(frozen=True)
class Started:
    id: int
    uuid: str
    created: bool  # False when a player sent the same UUID again
    planned_seconds: int  # as stored: a retry answers with the first start's
    demo: bool
    timeline: Timeline


@dataclass(frozen=True)
class SessionView:
    """A session as every face shows it."""

    record: SessionRecord

    @property
    def tally(self) -> Tally:
        r = self.record
        return Tally(r.stretches_done, r.stretches_skipped, r.stretches_stopped, r.seconds)

    @property
    def whole(self) -> bool:
        """Played to the end with nothing skipped or stopped."""
        return self.record.status == SessionStatus.COMPLETED and self.tally.whole

    def headline(self) -> str:
        status = self.record.status
        if status == SessionStatus.COMPLETED:
            return "Finished the whole routine." if self.tally.whole else "Finished the routine."
        if status == SessionStatus.QUIT:
            return "Ended early."
        if status == SessionStatus.INTERRUPTED:
            return "Interrupted: the session was left open."
        return "In progress."

    def ended(self) -> str:
        """How it ended, in a word or two: for a table cell."""
        status = self.record.status
        words = {
            SessionStatus.COMPLETED: "whole routine" if self.tally.whole else "finished",
            SessionStatus.QUIT: "ended early",
            SessionStatus.INTERRUPTED: "interrupted",
        }.get(SessionStatus(status), "in progress")
        return words + (", demo" if self.record.demo else "")

    def counts(self) -> str:
        t = self.tally
        return (
            f"{plural(t.done, 'stretch')} done, {t.skipped} skipped, {t.stopped} stopped for pain."
        )

    def lines(self) -> list[str]:
        r = self.record
        lines = [self.headline(), self.counts(), f"Time: {clock(self.tally.seconds)}"]
        pain = [
            f"{when} {value}"
            for when, value in (("before", r.pain_before), ("after", r.pain_after))
            if value is not None
        ]
        if pain:
            lines.append(f"Pain {', '.join(pain)} (0-10).")
        if r.demo:
            lines.append(
                f"A demonstration at {r.speed:g}x speed: not counted in your streak or minutes."
            )
        return lines


def routine_of(library: Library, own: OwnRoutines, routine_id: str) -> Routine:
    try:
        return find_routine(library, own, routine_id)
    except LookupError as err:
        raise NotFound(str(err)) from None


def prepare(
    library: Library, routine: Routine, options: Options | None, person: Person
) -> Timeline:
    """The timeline a player plays for this person: the routine's phases with their notes.

    No options: the routine's own (the warm-up its article asks for). For this person: what
    they should know before they start (from the safety screen), the notes on each stretch,
    the spine's rounding left out with osteoporosis, and the older adult's hold offered.
    """
    profile = person.profile
    return build_timeline(
        routine,
        library,
        options,
        stretch_notes(library, person),
        start_notes=person.start_notes,
        no_flexion=frozenset(
            st.stretch
            for st in routine.steps
            if default_rules().leaves_out_flexion(library.stretch(st.stretch), profile.conditions)
        ),
        older_adult=profile.age_band is AgeBand.OLDER,
    )


def session_options(routine: Routine, **given: Any) -> Options:
    """A face's session options for this routine (the routine's own where not given).

    Each value is checked: a bad one is refused (Invalid) naming the option and why.
    """
    try:
        return options_for(routine, **given)
    except ValidationError as err:
        raise Invalid(
            [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors()]
        ) from None


def chosen_options(
    routine: Routine,
    *,
    warmup: bool | None = None,
    warmup_seconds: int | None = None,
    lead_in: int | None = None,
    rest: int | None = None,
    rounds: int = 1,
    older_holds: bool = False,
) -> Options:
    """The options a person chose in a face (`supple start`'s flags, the timeline's query).

    What is left out (None) is the routine's own: its pacing, else the warm-up its article asks
    for; rounds (1-3) and `older_holds` (at least the older adult's hold) follow dose.yaml.
    A bad value: Invalid.
    """
    chosen = {
        "warmup": warmup,
        "warmup_seconds": warmup_seconds,
        "lead_in_seconds": lead_in,
        "rest_seconds": rest,
    }
    given: dict[str, Any] = {k: v for k, v in chosen.items() if v is not None}
    return session_options(routine, **given, rounds=rounds, older_holds=older_holds)


def timeline_for(
    store: Store,
    library: Library,
    own: OwnRoutines,
    routine_id: str,
    options: Options | Mapping[str, Any] | None,
) -> Timeline:
    """This person's timeline of a routine; options given in part are the routine's own else."""
    routine = routine_of(library, own, routine_id)
    if options is not None and not isinstance(options, Options):
        options = session_options(routine, **options)
    return prepare(library, routine, options, person_of(store))


def start(
    store: Store, timeline: Timeline, *, client: str, speed: float = 1.0, uuid: str | None = None
) -> Started:
    """Open the session record for this timeline, if the safety screen allows it.

    A session left open (a closed tab, a killed terminal) is closed as interrupted first.
    The same UUID sent again returns the session it started, unchanged.
    """
    from ..store.db import UnknownSession

    if uuid is not None:
        try:
            found = store.session(store.session_id(uuid))
            return Started(found.id, found.uuid, False, found.planned_seconds, found.demo, timeline)
        except UnknownSession:
            pass
    require_may_start(standing(store))
    try:
        ref = store.start_session(
            timeline.routine_id,
            timeline.title,
            planned_seconds=round(timeline.total_seconds),
            client=client,
            speed=speed,
            demo=speed > REAL_TIME,
            options={**timeline.options.model_dump(mode="json"), "speed": speed},
            uuid=uuid,
            close_open=True,
        )
    except ValueError as err:
        raise Invalid([str(err)]) from None
    store.set_meta(LAST_ROUTINE, timeline.routine_id)
    planned = round(timeline.total_seconds)
    return Started(ref.id, ref.uuid, ref.created, planned, speed > REAL_TIME, timeline)


def _id(store: Store, ref: SessionRef) -> int:
    from ..store.db import UnknownSession

    try:
        return store.session_id(ref)
    except UnknownSession as err:
        raise NotFound(str(err)) from None


@dataclass(frozen=True)
class PhaseReport:
    """A phase that ended, as a player reports it; `key` makes a resend harmless."""

    key: str
    phase_index: int
    step_index: int | None
    kind: PhaseKind
    stretch_id: str | None
    side: Side | None
    planned_seconds: float
    actual_seconds: float
    outcome: Outcome

    @classmethod
    def of(cls, phase: Phase, outcome: Outcome, actual_seconds: float, key: str) -> PhaseReport:
        """A timeline phase as it ended."""
        return cls(
            key=key,
            phase_index=phase.index,
            step_index=phase.step_index,
            kind=phase.kind,
            stretch_id=phase.stretch_id,
            side=phase.side,
            planned_seconds=phase.duration,
            actual_seconds=actual_seconds,
            outcome=outcome,
        )


def record_phase(store: Store, ref: SessionRef, phase: PhaseReport) -> bool:
    """Store a finished phase once; False if that key was already stored."""
    if phase.kind in STRETCH_KINDS and phase.step_index is None:
        # It would be stored and then count as nothing: refuse it instead.
        raise Invalid(["step_index: a hold or mobilize phase needs its routine step"])
    session_id = _id(store, ref)
    try:
        return store.record_phase(
            session_id,
            key=phase.key,
            phase_index=phase.phase_index,
            step_index=phase.step_index,
            kind=phase.kind.value,
            stretch_id=phase.stretch_id,
            side=phase.side.value if phase.side else None,
            planned_seconds=phase.planned_seconds,
            actual_seconds=round(phase.actual_seconds, 3),
            outcome=phase.outcome.value,
        )
    except ValueError as err:
        raise Invalid([str(err)]) from None


def record_hurt(
    store: Store,
    ref: SessionRef,
    *,
    key: str,
    phase_index: int,
    stretch_id: str,
    side: Side | None,
    reason: HurtReason,
    stretch_name: str | None = None,
) -> HurtWords:
    """That hurt: the stretch is flagged; sharp or spreading pain and numbness bring the screen
    back; the advice to show."""
    session_id = _id(store, ref)
    words = hurt_reason(reason.value)
    try:
        stored = store.record_hurt(
            session_id,
            key=key,
            phase_index=phase_index,
            stretch_id=stretch_id,
            side=side.value if side else None,
            reason=reason.value,
        )
    except ValueError as err:
        raise Invalid([str(err)]) from None
    if stored and words.rescreen:
        store.mark_screen_due(f"{words.label.lower()} during {stretch_name or stretch_id}")
    return words


def set_pain(
    store: Store, ref: SessionRef, *, before: int | None = None, after: int | None = None
) -> None:
    try:
        store.set_pain(_id(store, ref), before=before, after=after)
    except ValueError as err:
        raise Invalid([str(err)]) from None


def end(store: Store, ref: SessionRef, status: SessionStatus) -> SessionView:
    """Close the session as completed or quit, and read it back."""
    if status not in END_STATUSES:
        raise Invalid([f"status: must be completed or quit, got {status.value!r}"])
    session_id = _id(store, ref)
    store.end_session(session_id, status.value)
    return SessionView(store.session(session_id))


def get(store: Store, ref: SessionRef) -> SessionView:
    return SessionView(store.session(_id(store, ref)))


def view_data(view: SessionView) -> dict[str, Any]:
    """A session as JSON, for `GET /api/sessions/{id}` and `supple history --json`."""
    r = view.record
    t = view.tally
    return {
        "id": r.id,
        "uuid": r.uuid,
        "routine_id": r.routine_id,
        "routine_title": r.routine_title,
        "client": r.client,
        "status": r.status,
        "demo": r.demo,
        "speed": r.speed,
        "options": r.options,
        "started_at": r.started_at.isoformat(),
        "ended_at": r.ended_at.isoformat() if r.ended_at else None,
        "planned_seconds": r.planned_seconds,
        "actual_seconds": t.seconds,
        "pain_before": r.pain_before,
        "pain_after": r.pain_after,
        "stretches": {"done": t.done, "skipped": t.skipped, "stopped": t.stopped},
        "whole": view.whole,
        "summary": view.lines(),
        "phases": [
            {
                "key": p.key,
                "phase_index": p.phase_index,
                "step_index": p.step_index,
                "kind": p.kind,
                "stretch_id": p.stretch_id,
                "side": p.side,
                "planned_seconds": p.planned_seconds,
                "actual_seconds": p.actual_seconds,
                "outcome": p.outcome,
                "ended_at": p.ended_at.isoformat(),
            }
            for p in r.phases
        ],
    }
