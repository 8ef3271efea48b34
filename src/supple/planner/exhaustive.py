"""The planner's objective by brute force: every plan scored, for tests and the benchmark.

This shares no search code with the planner: it takes the plan space and the objective from
space.py, lists every way to take each eligible stretch (left out, or one of its rounds and
holds), orders the steps up to down, lets build_timeline time the session and count its
position changes, and keeps the best by the objective. Only for small catalogues: the number
of plans is the product of (choices + 1) over the eligible stretches.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from ..library.catalog import Library
from ..library.schema import Mode, Routine, Step, Stretch
from ..library.vocab import Kind
from ..timeline import Options, PhaseKind, build_timeline
from . import space
from .needs import Needs
from .rules import Rules, default_rules
from .space import Key, Session

__all__ = ["eligible", "exhaustive", "plans", "score"]


def eligible(needs: Needs, library: Library, rules: Rules | None = None) -> list[Stretch]:
    """Stretches touching the focus or next to it, allowed here, safe, not excluded."""
    return space.eligible(needs, library, rules or default_rules())


def _session(needs: Needs, library: Library, rules: Rules, options: Options | None) -> Session:
    return space.session_for(needs, eligible(needs, library, rules), options)


def score(
    routine: Routine,
    needs: Needs,
    library: Library,
    *,
    recent: Mapping[str, int] | None = None,
    options: Options | None = None,
    rules: Rules | None = None,
) -> Key:
    """The objective of a routine, timed with options (None: the plan's own session)."""
    rules = rules or default_rules()
    recent = recent or {}
    session = _session(needs, library, rules, options)
    timeline = build_timeline(routine, library, session.options)
    seconds: dict[object, int] = {}
    cautions = cost = rounds = on_focus = on_near = 0
    focus, near = set(needs.targets), set(needs.near)
    for step in routine.steps:
        s = library.stretch(step.stretch)
        for t in s.targets:
            seconds[t] = seconds.get(t, 0) + step.hold_seconds * step.repetitions
        count = space.holds(s, step.hold_seconds, step.repetitions)
        if focus.intersection(s.targets):
            rounds += space.beyond_dose(s, step.hold_seconds, step.repetitions)
            on_focus += count
        elif near.intersection(s.targets):
            on_near += count
        cautions += bool(rules.cautions(s, needs.conditions))
        cost += space.variety_cost(s.id, needs.seed, recent.get(s.id))
    lo, hi = space.window(needs, session)
    total = timeline.total_seconds
    return space.make_key(
        filled=lo <= total <= hi,
        seconds_by_target=seconds,
        focus=needs.targets,
        rounds=rounds,
        on_focus=on_focus,
        on_near=on_near,
        cautions=cautions,
        position_changes=sum(p.kind is PhaseKind.CHANGE_POSITION for p in timeline.phases),
        cost=cost,
        seconds=int(total),
    )


def plans(
    needs: Needs, library: Library, session: Session, stretches: Sequence[Stretch], shorter: bool
) -> itertools.product[tuple[tuple[int, int] | None, ...]]:
    """Every way to take each stretch: None (left out) or one of its (rounds, hold)."""
    ways = [[None, *space.choices(s, needs, session, shorter)] for s in stretches]
    return itertools.product(*ways)


def exhaustive(
    needs: Needs,
    library: Library,
    *,
    recent: Mapping[str, int] | None = None,
    options: Options | None = None,
    rules: Rules | None = None,
) -> tuple[Key, Routine] | None:
    """The best plan, by trying them all; None if nothing fits."""
    rules = rules or default_rules()
    session = _session(needs, library, rules, options)
    stretches = sorted(
        eligible(needs, library, rules),
        key=lambda s: space.step_order(s.positions[0], s.kind is Kind.MOBILIZER, s.id),
    )
    family = space.families(library)
    budget = needs.minutes * 60

    def best_in(shorter: bool) -> tuple[Key, Routine] | None:
        best: tuple[Key, Routine] | None = None
        for taken in plans(needs, library, session, stretches, shorter):
            chosen = [(s, rh) for s, rh in zip(stretches, taken, strict=True) if rh]
            if not chosen:
                continue
            kinds = [(family[s.id], s.positions[0]) for s, _ in chosen]
            if len(set(kinds)) < len(kinds):
                continue  # two variants in one position
            if session.gentle_first and chosen[0][0].kind is not Kind.MOBILIZER:
                continue
            steps = [_step(s, rh) for s, rh in chosen]
            routine = Routine(id="exhaustive", title="Exhaustive", source=None, steps=steps)
            key = score(routine, needs, library, recent=recent, options=options, rules=rules)
            if -key[-1] <= budget and (best is None or key > best[0]):
                best = (key, routine)
        return best

    found = best_in(False)
    if session.shorter_holds and (found is None or not found[0][0]):
        shorter = best_in(True)
        if shorter is not None and (found is None or shorter[0][0]):
            found = shorter
    return found


def _step(s: Stretch, rounds_hold: tuple[int, int]) -> Step:
    reps, hold = rounds_hold
    mode = Mode.MOBILIZE if s.kind is Kind.MOBILIZER else Mode.HOLD
    return Step(stretch=s.id, hold_seconds=hold, per_side=s.per_side, mode=mode, repetitions=reps)
