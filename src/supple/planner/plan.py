"""The planner: a person's Needs -> the best Routine for them, found by exact search.

The objective is lexicographic: a better value on an earlier line always wins.

1. Coverage of the focus at dose: the sum over the focus targets of
   min(seconds spent stretching that target, 60 s). 60 s is ACSM's dose (about 60 s in all
   per muscle, e.g. 2 x 30 s); a per-side stretch gives each side its hold. Only plans whose
   whole session fits in the minutes count: the total from build_timeline, with the warm-up,
   lead-ins, switches, rests and position changes, is at most minutes x 60.
2. Fewest position changes. Steps go standing, chair, kneeling, all fours, seated on the
   floor, then lying, so a person gets down once and never back up mid-routine.
3. Variety and care: the least total cost of the stretches used. A stretch costs more when
   it carries a caution for the person's conditions, more when it was done in the last week
   (the more recently the more), and a seeded jitter orders the rest, so a new seed (by
   default the date) gives a different routine when equally good alternatives exist.

Then the shorter session, then the order found (the search order is fixed): one answer
for given needs, seed, history and library.

Candidates are the stretches that touch a focus target, are allowed in the place, are not
unsafe for any of the conditions and are not excluded; each is held for its own time (45 s
for older adults, ACSM 30-60 s), for 1 to ceil(60 / hold) repetitions, since more adds time
and no coverage. The warm-up is the timeline's minute of marching, so it is not a step.

search.py finds the optimum exactly (branch and bound with bounds that never cut a better
plan); exhaustive.py scores every plan by brute force, and the tests hold the two equal.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..library.catalog import Library
from ..library.schema import Mode, Routine, Step
from ..library.vocab import Kind
from ..timeline import WARMUP_STRETCH, Options, build_timeline
from .needs import DOSE_SECONDS, Needs
from .rules import Concern, Rules, default_rules
from .search import RANK, Candidate, Search, step_seconds

# Variety costs, in whole numbers so equal plans compare exactly.
CAUTION_COST = 1_000_000  # a stretch with a caution for this person: only when nothing else
RECENT_DAYS = 7
RECENT_COST = 10_000  # per day closer than a week: yesterday's stretches give way first
JITTER = 10_000  # the seeded part: below one day of recency, so history comes first


class NoPlan(ValueError):
    """No routine can be made for these needs (nothing safe here, or nothing fits the time)."""


def variety_cost(stretch_id: str, seed: int, days_ago: int | None, cautioned: bool) -> int:
    """What using a stretch costs in objective 3; always at least 1."""
    digest = hashlib.sha256(f"{seed}:{stretch_id}".encode()).digest()
    cost = 1 + int.from_bytes(digest[:4], "big") % JITTER
    if days_ago is not None and 0 <= days_ago < RECENT_DAYS:
        cost += RECENT_COST * (RECENT_DAYS - days_ago)
    if cautioned:
        cost += CAUTION_COST
    return cost


@dataclass(frozen=True)
class Plan:
    """A planned routine and how it scores on the objective."""

    routine: Routine
    total_seconds: float
    budget_seconds: int
    coverage: dict[str, int]  # focus target -> seconds of stretching (not capped)
    dose_seconds: int
    position_changes: int
    variety: int
    cautions: dict[str, list[Concern]] = field(default_factory=dict)
    unreachable: list[str] = field(default_factory=list)  # focus targets nothing safe touches

    @property
    def key(self) -> tuple[int, int, int, float]:
        """The objective as one comparable value: larger is better."""
        covered = sum(min(s, self.dose_seconds) for s in self.coverage.values())
        return (covered, -self.position_changes, -self.variety, -self.total_seconds)

    @property
    def short(self) -> list[str]:
        """Focus targets below their dose: unreachable, or not enough time."""
        return [t for t, s in self.coverage.items() if s < self.dose_seconds]


def candidates(
    needs: Needs,
    library: Library,
    rules: Rules,
    recent: Mapping[str, int] | None = None,
    opts: Options | None = None,
) -> list[Candidate]:
    """The stretches the planner may use for these needs, in search order."""
    opts = opts or Options()
    targets = needs.targets
    recent = recent or {}
    out = []
    for s in library.stretches.values():
        if s.id == WARMUP_STRETCH or s.id in needs.exclude:
            continue
        hit = [t in s.targets for t in targets]
        if not any(hit) or rules.place_problem(s, needs.place):
            continue
        if rules.unsafe(s, needs.conditions):
            continue
        mobilizer = s.kind is Kind.MOBILIZER
        hold = s.hold.seconds
        if needs.hold_seconds is not None and not mobilizer:
            hold = max(hold, needs.hold_seconds)
        reps = max(1, math.ceil(DOSE_SECONDS / hold))
        gains = tuple(hold if h else 0 for h in hit)
        cautions = tuple(rules.cautions(s, needs.conditions))
        out.append(
            Candidate(
                stretch=s,
                position=s.positions[0],
                hold=hold,
                mode=Mode.MOBILIZE if mobilizer else Mode.HOLD,
                gains=gains,
                options=tuple(
                    (
                        k,
                        step_seconds(hold, s.per_side, k, opts),
                        sum(min(DOSE_SECONDS, g * k) for g in gains),
                    )
                    for k in range(reps, 0, -1)
                ),
                cost=variety_cost(s.id, needs.seed, recent.get(s.id), bool(cautions)),
                cautions=cautions,
            )
        )
    # Cheapest first: the first plans found are already good, so the bounds bite early.
    out.sort(key=lambda c: (c.cost, c.stretch.id))
    return out


def _note(concerns: Sequence[Concern]) -> str | None:
    """A step's note: the cautions for this person, in a few words each."""
    if not concerns:
        return None
    parts = [
        f"Take care ({c.condition_name}): {c.reason} {c.advice or ''}".strip() for c in concerns
    ]
    text = " ".join(parts)
    return text if len(text) <= 600 else text[:597] + "..."


def _words(needs: Needs) -> str:
    names = [n.replace("-", " ") for n in needs.focus]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _routine(needs: Needs, chosen: list[tuple[Candidate, int]], today: date) -> Routine:
    steps = [
        Step(
            stretch=c.stretch.id,
            hold_seconds=c.hold,
            per_side=c.stretch.per_side,
            mode=c.mode,
            repetitions=reps,
            note=_note(c.cautions),
        )
        for c, reps in chosen
    ]
    digest = hashlib.sha256(
        json.dumps(
            [needs.model_dump(mode="json"), [s.model_dump(mode="json") for s in steps]],
            sort_keys=True,
        ).encode()
    ).hexdigest()[:6]
    extra = [needs.place.value.replace("-", " ")]
    extra += [c.value for c in needs.conditions]
    if needs.hold_seconds:
        extra.append(f"{needs.hold_seconds} s holds for older adults")
    return Routine(
        id=f"plan-{today:%Y%m%d}-{digest}",
        title=f"{needs.minutes}-minute plan: {_words(needs)}",
        source=None,
        description=(
            f"Planned by supple ({'; '.join(extra)}), seed {needs.seed}. Each focus area gets "
            f"up to {DOSE_SECONDS} s of stretching in all (ACSM)."
        ),
        steps=steps,
    )


def plan(
    needs: Needs,
    library: Library,
    *,
    recent: Mapping[str, int] | None = None,
    options: Options | None = None,
    rules: Rules | None = None,
    today: date | None = None,
) -> Plan:
    """The best routine for these needs; recent maps stretch ids to days since last done."""
    opts = options or Options()
    rules = rules or default_rules()
    today = today or date.today()
    budget = needs.minutes * 60
    cands = candidates(needs, library, rules, recent, opts)
    targets = needs.targets
    unreachable = [t.value for j, t in enumerate(targets) if not any(c.gains[j] for c in cands)]
    if not cands:
        raise NoPlan(f"nothing in the library is safe here for {_words(needs)}" + _why(needs))
    search = Search(cands, len(targets), budget, DOSE_SECONDS, opts)
    search.run()
    if search.best is None:
        raise NoPlan(
            f"no stretch for {_words(needs)} fits in {needs.minutes} minutes with the warm-up; "
            "allow a few more minutes"
        )
    picked = list(search.best_choice)
    picked.sort(key=lambda cr: (RANK[cr[0].position], cr[0].mode is Mode.HOLD, cr[0].stretch.id))
    routine = _routine(needs, picked, today)
    timeline = build_timeline(routine, library, opts)
    covered, neg_changes, neg_cost, neg_time = search.best
    if timeline.total_seconds != -neg_time:  # the search's arithmetic must be the timeline's
        raise RuntimeError(f"planned {-neg_time} s; the timeline says {timeline.total_seconds}")
    coverage = {t.value: 0 for t in targets}
    for c, reps in picked:
        for j, t in enumerate(targets):
            coverage[t.value] += c.gains[j] * reps
    return Plan(
        routine=routine,
        total_seconds=timeline.total_seconds,
        budget_seconds=budget,
        coverage=coverage,
        dose_seconds=DOSE_SECONDS,
        position_changes=-neg_changes,
        variety=-neg_cost,
        cautions={c.stretch.id: list(c.cautions) for c, _ in picked if c.cautions},
        unreachable=unreachable,
    )


def _why(needs: Needs) -> str:
    bits = []
    if needs.place.value != "anywhere":
        bits.append(f"place {needs.place.value}")
    bits += [c.value for c in needs.conditions]
    return f" ({', '.join(bits)})" if bits else ""
