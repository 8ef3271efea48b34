"""The exact search behind the planner: branch and bound over candidate stretches.

plan.py states the objective; this module finds its optimum. Two phases:

1. The most coverage any plan can reach in the time, C*, by depth-first search over the
   candidates (most coverage first). A branch is cut when a bound on what it can still add
   cannot beat the best found: the coverage its targets still lack, and a 0/1 knapsack over
   the time left (each candidate valued at its own capped coverage, which overlapping
   candidates can only share, never exceed).
2. The optimum plan has coverage C*. Position sets are tried from the fewest changes up,
   each searched with only its own positions' candidates and all of those positions used,
   so each plan is met once; a branch is cut when it can no longer reach C*, or when its
   cost (plus the least that the coverage still needed must cost) is no better than the
   best plan's. Sets with more changes than a plan already at C* are not searched.

Both phases also drop a branch that reached the same coverage and positions at the same
candidate as an earlier one, with no less time and (phase 2) no less cost.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from ..library.schema import Mode, Stretch
from ..library.vocab import Position
from ..timeline import Options
from .rules import Concern

# Up to down, so a person gets down once: standing and the chair before the floor.
POSITION_ORDER = (
    Position.STANDING,
    Position.SEATED_CHAIR,
    Position.KNEELING,
    Position.ALL_FOURS,
    Position.SEATED,
    Position.LYING_FRONT,
    Position.SIDE_LYING,
    Position.LYING_BACK,
)
RANK = {p: i for i, p in enumerate(POSITION_ORDER)}
BIT = {p: 1 << i for i, p in enumerate(POSITION_ORDER)}

Key = tuple[int, int, int, int]  # coverage, -position changes, -cost, -seconds: larger wins
Choice = tuple[tuple["Candidate", int], ...]  # (candidate, repetitions) in the order found


@dataclass(frozen=True)
class Candidate:
    """A stretch the planner may use, what it gives, and what each option costs."""

    stretch: Stretch
    position: Position
    hold: int
    mode: Mode
    gains: tuple[int, ...]  # seconds per repetition for each focus target (0: not touched)
    options: tuple[tuple[int, int, int], ...]  # (repetitions, step seconds, capped coverage)
    cost: int
    cautions: tuple[Concern, ...]

    @property
    def most(self) -> int:
        return self.options[0][2]


def step_seconds(hold: int, per_side: bool, reps: int, opts: Options) -> int:
    """A step's time in the timeline: lead-in, each side with a switch, pauses between reps."""
    sides = 2 if per_side else 1
    one = opts.lead_in_seconds + sides * hold + (sides - 1) * opts.switch_seconds
    return reps * one + (reps - 1) * (opts.rest_seconds or opts.switch_seconds)


class Search:
    """Finds the best plan over candidates; see the module docstring."""

    def __init__(
        self, cands: Sequence[Candidate], n_targets: int, budget: int, dose: int, opts: Options
    ) -> None:
        self.all = sorted(cands, key=lambda c: -c.most)  # stable: ties keep the cost order
        self.n = n_targets
        self.budget = budget
        self.dose = dose
        self.opts = opts
        self.base = opts.warmup_seconds if opts.warmup else 0
        self.best: Key | None = None
        self.best_choice: Choice = ()
        self.cstar = 0
        self.unit = reduce(math.gcd, [s for c in cands for _, s, _ in c.options], 0) or 1
        self.dp: list[list[int]] = []
        self.nodes = 0

    def changes(self, mask: int) -> int:
        """Change-position phases when steps are grouped by position (the warm-up stands)."""
        count = mask.bit_count()
        if self.opts.warmup and mask & BIT[Position.STANDING]:
            count -= 1
        return count

    def _extend(
        self, cov: tuple[int, ...], mask: int, time: int, first: bool, cand: Candidate
    ) -> list[tuple[int, tuple[int, ...], int, int]]:
        """The ways to add cand that fit the time: (reps, coverage, mask, time), most first."""
        # More repetitions that add no coverage over fewer only cost time: left out.
        new_mask = mask | BIT[cand.position]
        time += (self.changes(new_mask) - self.changes(mask)) * self.opts.move_seconds
        time += 0 if first else self.opts.rest_seconds
        ways: dict[tuple[int, ...], tuple[int, tuple[int, ...], int, int]] = {}
        for reps, secs, _ in reversed(cand.options):  # fewest first, so they win a tie
            new_cov = tuple(
                min(self.dose, c + g * reps) for c, g in zip(cov, cand.gains, strict=True)
            )
            if new_cov not in ways and time + secs <= self.budget:
                ways[new_cov] = (reps, new_cov, new_mask, time + secs)
        return list(reversed(ways.values()))

    def _useful(self, cand: Candidate, cov: tuple[int, ...]) -> bool:
        return any(g and c < self.dose for g, c in zip(cand.gains, cov, strict=True))

    def _keep(self, cov: tuple[int, ...], mask: int, time: int, cost: int, chosen: Choice) -> None:
        key = (sum(cov), -self.changes(mask), -cost, -time)
        if self.best is None or key > self.best:
            self.best, self.best_choice = key, chosen

    @staticmethod
    def _suffix_pot(cands: Sequence[Candidate], n: int) -> list[list[int]]:
        pot = [[0] * n for _ in range(len(cands) + 1)]
        for i in range(len(cands) - 1, -1, -1):
            top = cands[i].options[0][0]
            pot[i] = [p + g * top for p, g in zip(pot[i + 1], cands[i].gains, strict=True)]
        return pot

    def run(self) -> None:
        if not self.all:
            return
        self._widest()
        if self.best is None:
            return
        present = sorted({c.position for c in self.all}, key=RANK.__getitem__)
        masks = []
        for m in range(1, 1 << len(present)):
            mask = sum(BIT[p] for k, p in enumerate(present) if m >> k & 1)
            masks.append((self.changes(mask), mask.bit_count(), mask))
        masks.sort()
        for changes, _, mask in masks:
            if changes > -self.best[1]:
                break  # the best plan already has C* with fewer changes
            sub = [c for c in self.all if BIT[c.position] & mask]
            top = self._suffix_pot(sub, self.n)[0]
            if sum(min(self.dose, t) for t in top) < self.cstar:
                continue
            self._prepare(sub, mask)
            self._dfs(0, (0,) * self.n, 0, self.base, 0, ())

    # Phase 1: the most coverage in the time.

    def _widest(self) -> None:
        cands = self.all
        self.pot = self._suffix_pot(cands, self.n)
        reach = sum(min(self.dose, p) for p in self.pot[0])
        # A greedy plan first: often it already reaches every target, and then it is C*.
        cov, mask, time, cost = (0,) * self.n, 0, self.base, 0
        chosen: Choice = ()
        for cand in cands:
            if self._useful(cand, cov):
                ways = self._extend(cov, mask, time, not chosen, cand)
                if ways:
                    reps, cov, mask, time = ways[0]
                    chosen, cost = (*chosen, (cand, reps)), cost + cand.cost
        self.cstar = sum(cov)
        if chosen:
            self._keep(cov, mask, time, cost, chosen)
        self.timed = self.cstar < reach  # time, not the library, limits the coverage
        if self.timed:
            self.dp = self._knapsack(cands)
            self.wide_seen: dict[tuple[int, tuple[int, ...], int], int] = {}
            self._wide(0, (0,) * self.n, 0, self.base, 0, (), reach)

    def _knapsack(self, cands: Sequence[Candidate]) -> list[list[int]]:
        """dp[i][u]: the most capped coverage candidates i.. give in u time units (0/1)."""
        size = max(0, self.budget - self.base) // self.unit + 1
        dp = [[0] * size]
        for cand in reversed(cands):
            prev = dp[-1]
            row = prev[:]
            for _, s, value in cand.options:
                w = s // self.unit
                if w < size:
                    shifted = [b + value for b in prev[: size - w]]
                    row[w:] = [max(a, b) for a, b in zip(row[w:], shifted, strict=True)]
            dp.append(row)
        dp.reverse()
        return dp

    def _wide(
        self,
        i: int,
        cov: tuple[int, ...],
        mask: int,
        time: int,
        cost: int,
        chosen: Choice,
        reach: int,
    ) -> None:
        self.nodes += 1
        covered = sum(cov)
        if covered > self.cstar:
            self.cstar = covered
            self._keep(cov, mask, time, cost, chosen)
        if i == len(self.all) or self.cstar == reach:
            return
        rem = sum(min(self.dose - c, p) for c, p in zip(cov, self.pot[i], strict=True))
        left = (self.budget - time) // self.unit
        if covered + min(rem, self.dp[i][left]) <= self.cstar:
            return
        state = (i, cov, mask)
        if self.wide_seen.get(state, self.budget + 1) <= time:
            return
        self.wide_seen[state] = time
        cand = self.all[i]
        if self._useful(cand, cov):
            for reps, new_cov, new_mask, new_time in self._extend(
                cov, mask, time, not chosen, cand
            ):
                self._wide(
                    i + 1,
                    new_cov,
                    new_mask,
                    new_time,
                    cost + cand.cost,
                    (*chosen, (cand, reps)),
                    reach,
                )
        self._wide(i + 1, cov, mask, time, cost, chosen, reach)

    # Phase 2: at C*, the fewest position changes, then the least cost.

    def _prepare(self, sub: list[Candidate], mask: int) -> None:
        """Suffix bounds for this position set: what candidates i.. could still add."""
        self.cands = sub
        self.required = mask
        self.seen: dict[tuple[int, tuple[int, ...], int], list[tuple[int, int]]] = {}
        m, n = len(sub), self.n
        self.pot = self._suffix_pot(sub, n)
        self.mincost = [math.inf] * (m + 1)
        self.tcost: list[list[float]] = [[math.inf] * n for _ in range(m + 1)]
        self.left = [0] * (m + 1)  # positions that candidates i.. can still bring
        for i in range(m - 1, -1, -1):
            c = sub[i]
            self.mincost[i] = min(self.mincost[i + 1], c.cost)
            self.tcost[i] = [
                min(t, c.cost) if g else t for t, g in zip(self.tcost[i + 1], c.gains, strict=True)
            ]
            self.left[i] = self.left[i + 1] | BIT[c.position]
        self.dp = self._knapsack(sub) if self.timed else []
        # Cheapest coverage first, for the least cost of the coverage still needed.
        self.thrifty = sorted((c.cost / c.most, c.most, k) for k, c in enumerate(sub))

    def _dfs(
        self, i: int, cov: tuple[int, ...], mask: int, time: int, cost: int, chosen: Choice
    ) -> None:
        self.nodes += 1
        if mask == self.required:
            self._keep(cov, mask, time, cost, chosen)
        if i == len(self.cands) or (mask | self.left[i]) != self.required:
            return
        slack = [min(self.dose - c, p) for c, p in zip(cov, self.pot[i], strict=True)]
        covered, rem = sum(cov), sum(slack)
        if self.dp:
            rem = min(rem, self.dp[i][(self.budget - time) // self.unit])
        if covered + rem < self.cstar or not self._may_beat(covered, slack, cost, time, i):
            return
        state = (i, cov, mask)
        seen = self.seen.setdefault(state, [])
        if any(t <= time and c <= cost for t, c in seen):
            return
        seen.append((time, cost))
        cand = self.cands[i]
        if self._useful(cand, cov):
            for reps, new_cov, new_mask, new_time in self._extend(
                cov, mask, time, not chosen, cand
            ):
                self._dfs(
                    i + 1, new_cov, new_mask, new_time, cost + cand.cost, (*chosen, (cand, reps))
                )
        self._dfs(i + 1, cov, mask, time, cost, chosen)

    def _may_beat(self, covered: int, slack: list[int], cost: int, time: int, i: int) -> bool:
        """Whether a completion of this branch reaching C* could beat the best plan so far."""
        assert self.best is not None
        changes = self.changes(self.required)
        if changes != -self.best[1]:
            return changes < -self.best[1]
        need = self.cstar - covered
        if need <= 0:
            return (cost, time) < (-self.best[2], -self.best[3])
        # A target is forced when the others cannot make up the coverage still needed:
        # some stretch touching it must be added, at no less than its cheapest cost.
        total = sum(slack)
        extra = max(self.mincost[i], self._least_cost(i, need))
        for j, s in enumerate(slack):
            if s and total - s < need:
                extra = max(extra, self.tcost[i][j])
        # Adding anything takes time, so an equal cost could still win on a shorter session.
        return (cost + extra, time + 1) <= (-self.best[2], -self.best[3])

    def _least_cost(self, i: int, need: int) -> float:
        """A lower bound on the cost of adding need coverage from candidates i.. (fractional)."""
        cost = 0.0
        for per_unit, most, k in self.thrifty:
            if k < i:
                continue
            if most >= need:
                return cost + per_unit * need
            cost += per_unit * most
            need -= most
        return math.inf
