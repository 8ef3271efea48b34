"""The planner's objective by brute force: every plan scored, for tests and the benchmark.

This shares no search code with the planner: it lists every way to take each eligible
stretch 0 to max_reps times, orders the steps up to down, lets build_timeline time the
session and count its position changes, and keeps the best by the objective in plan.py.
Only for small catalogues: the number of plans is (max_reps + 1) ** eligible stretches.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from ..library.catalog import Library
from ..library.schema import Mode, Routine, Step, Stretch
from ..library.vocab import Kind
from ..timeline import WARMUP_STRETCH, Options, PhaseKind, build_timeline
from .needs import DOSE_SECONDS, Needs
from .plan import variety_cost
from .rules import Rules, default_rules
from .search import RANK

Key = tuple[int, int, int, float]


def eligible(needs: Needs, library: Library, rules: Rules) -> list[Stretch]:
    """Stretches touching the focus, allowed here, safe for the conditions, not excluded."""
    wanted = set(needs.targets)
    return [
        s
        for s in library.stretches.values()
        if s.id != WARMUP_STRETCH
        and s.id not in needs.exclude
        and wanted.intersection(s.targets)
        and not rules.place_problem(s, needs.place)
        and not rules.unsafe(s, needs.conditions)
    ]


def score(
    routine: Routine,
    needs: Needs,
    library: Library,
    *,
    recent: Mapping[str, int] | None = None,
    options: Options | None = None,
    rules: Rules | None = None,
) -> Key:
    """The objective of a routine: (coverage, -position changes, -cost, -seconds)."""
    rules = rules or default_rules()
    recent = recent or {}
    timeline = build_timeline(routine, library, options or Options())
    seconds = {t: 0 for t in needs.targets}
    cost = 0
    for step in routine.steps:
        s = library.stretch(step.stretch)
        for t in s.targets:
            if t in seconds:
                seconds[t] += step.hold_seconds * step.repetitions
        cautioned = bool(rules.cautions(s, needs.conditions))
        cost += variety_cost(s.id, needs.seed, recent.get(s.id), cautioned)
    covered = sum(min(DOSE_SECONDS, v) for v in seconds.values())
    changes = sum(p.kind is PhaseKind.CHANGE_POSITION for p in timeline.phases)
    return (covered, -changes, -cost, -timeline.total_seconds)


def exhaustive(
    needs: Needs,
    library: Library,
    *,
    recent: Mapping[str, int] | None = None,
    options: Options | None = None,
    rules: Rules | None = None,
    max_reps: int = 2,
) -> tuple[Key, Routine] | None:
    """The best plan that fits the time, by trying them all; None if nothing fits."""
    rules = rules or default_rules()
    opts = options or Options()
    budget = needs.minutes * 60
    stretches = sorted(
        eligible(needs, library, rules),
        key=lambda s: (RANK[s.positions[0]], s.kind is Kind.HOLD, s.id),
    )
    best: tuple[Key, Routine] | None = None
    for reps in itertools.product(range(max_reps + 1), repeat=len(stretches)):
        steps = [_step(s, k, needs) for s, k in zip(stretches, reps, strict=True) if k]
        if not steps:
            continue
        routine = Routine(id="exhaustive", title="Exhaustive", source=None, steps=steps)
        key = score(routine, needs, library, recent=recent, options=opts, rules=rules)
        if -key[3] <= budget and (best is None or key > best[0]):
            best = (key, routine)
    return best


def _step(s: Stretch, reps: int, needs: Needs) -> Step:
    mobilizer = s.kind is Kind.MOBILIZER
    hold = s.hold.seconds
    if needs.hold_seconds is not None and not mobilizer:
        hold = max(hold, needs.hold_seconds)
    mode = Mode.MOBILIZE if mobilizer else Mode.HOLD
    return Step(stretch=s.id, hold_seconds=hold, per_side=s.per_side, mode=mode, repetitions=reps)
