"""The exact search behind short plans: branch and bound over the candidate stretches.

space.py states the objective; this module finds its optimum for plans under 5 minutes
(dynamic.py does the longer ones). Depth first over the candidates (the most dose first),
each taken in one of its (rounds, hold) choices or left out. A branch is cut when an upper
bound on every line of the objective, compared line by line, cannot beat the best plan found:
  fill: whether the times the candidates left can add (a bitset) reach 90%;
  dosed: the dose the focus still lacks, and a fractional knapsack over the time left (each
    candidate valued at its most capped coverage, at its best rate per second);
  cautions, changes, cost, seconds: what the branch has already (they only grow);
  rounds, focus, near: fractional knapsacks over the time left.
A branch is also dropped when an earlier one reached the same candidate with the same capped
coverage, positions, families used and time, and no worse cautions, rounds, focus, near and cost:
what follows is the same for both, so it can do no better.

With no warm-up (a short desk break) the first stretch must move: the search is run once for
each mobilizer, that one taken and nothing from a position before it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ..library.schema import Mode, Stretch
from ..library.vocab import Position
from ..timeline import Options
from .rules import Concern
from .space import BIT, RANK, Key, changes

Choice = tuple[tuple["Candidate", "Option"], ...]  # in the order found


@dataclass(frozen=True)
class Option:
    """One way to do a candidate: its rounds and hold, its time and what it gives."""

    reps: int
    hold: int
    seconds: int  # the step's time in the timeline
    gains: tuple[int, ...]  # seconds for each focus target (0: not touched)
    rounds: int  # holds past the dose's rounds, if it touches the focus
    focus: int  # holds on the focus line (space.holds), if it touches the focus
    near: int  # holds on the near line, if it touches only the areas next to the focus


@dataclass(frozen=True)
class Candidate:
    """A stretch the planner may use, and the ways it may be done."""

    stretch: Stretch
    position: Position
    mode: Mode
    options: tuple[Option, ...]  # the most stretching first
    cost: int
    cautions: tuple[Concern, ...]
    family: int

    @property
    def gentle(self) -> bool:
        return self.mode is Mode.MOBILIZE


class Rates:
    """A fractional knapsack bound: the most value some candidates give in a given time."""

    def __init__(self, items: Sequence[tuple[float, int]]) -> None:
        # items: (value per second at best, most value), best rate first.
        self.rates = [r for r, _ in items]
        self.weights = [0.0]
        self.values = [0]
        for r, v in items:
            self.weights.append(self.weights[-1] + v / r)
            self.values.append(self.values[-1] + v)

    @classmethod
    def suffixes(cls, items: Sequence[tuple[float, int]]) -> list[Rates]:
        """The bound over items i.., for each i (and none)."""
        order = sorted(
            (k for k, (r, v) in enumerate(items) if r > 0 and v > 0),
            key=lambda k: -items[k][0],
        )
        return [cls([items[k] for k in order if k >= i]) for i in range(len(items) + 1)]

    def most(self, seconds: float) -> int:
        k = bisect.bisect_right(self.weights, seconds) - 1
        if k >= len(self.rates):
            return self.values[-1]
        return int(self.values[k] + self.rates[k] * (seconds - self.weights[k]))


class Search:
    """Finds the best plan over candidates; see the module docstring."""

    def __init__(
        self,
        cands: Sequence[Candidate],
        n_focus: int,
        window: tuple[int, int],
        opts: Options,
        dose: int,
        gentle_first: bool = False,
    ) -> None:
        self.all = sorted(cands, key=lambda c: (-_dose_value(c, dose), c.cost, c.stretch.id))
        self.n = n_focus
        self.lo, self.hi = window
        self.opts = opts
        self.dose = dose
        self.base = opts.warmup_seconds if opts.warmup else 0
        self.gentle_first = gentle_first
        self.best: Key | None = None
        self.best_choice: Choice = ()
        self.nodes = 0

    def run(self) -> None:
        if not self.gentle_first:
            self._run(self.all, forced=False)
            return
        for g in self.all:
            if g.gentle:
                rest = [c for c in self.all if c is not g and RANK[c.position] >= RANK[g.position]]
                self._run([g, *rest], forced=True)

    def _run(self, cands: list[Candidate], forced: bool) -> None:
        self.cands = cands
        self.forced = forced
        m, n = len(cands), self.n
        self.pot = [[0] * n for _ in range(m + 1)]
        self.future_fams = [0] * (m + 1)
        # reach[i]: bit t set when candidates i.. can add t seconds (each change of position
        # may add a move, rests aside: a superset, so a bound).
        reach = [1] * (m + 1)
        for i in range(m - 1, -1, -1):
            r = reach[i + 1]
            for o in cands[i].options:
                r |= reach[i + 1] << (o.seconds + self.opts.rest_seconds)
            reach[i] = r
        spread = 0
        for k in range(len(BIT) + 1):
            spread |= 1 << (k * self.opts.move_seconds)
        self.reach = [_smear(r, spread) for r in reach]
        for i in range(m - 1, -1, -1):
            c = cands[i]
            top = [max(o.gains[t] for o in c.options) for t in range(n)]
            self.pot[i] = [p + g for p, g in zip(self.pot[i + 1], top, strict=True)]
            self.future_fams[i] = self.future_fams[i + 1] | 1 << c.family
        dose = self.dose
        self.dosing = Rates.suffixes(
            [_rate(c, [sum(min(dose, g) for g in o.gains) for o in c.options]) for c in cands]
        )
        self.rounding = Rates.suffixes([_rate(c, [o.rounds for o in c.options]) for c in cands])
        self.focusing = Rates.suffixes([_rate(c, [o.focus for o in c.options]) for c in cands])
        self.nearing = Rates.suffixes([_rate(c, [o.near for o in c.options]) for c in cands])
        self.seen: dict[tuple[object, ...], tuple[int, int, int, int, int]] = {}
        self._dfs(0, (0,) * n, 0, 0, 0, 0, 0, self.base, 0, 0, ())

    def _may_fill(self, i: int, time: int, empty: bool) -> bool:
        """Whether candidates i.. can still bring the time into the window."""
        # reach counts a rest with every step; the first step has none before it.
        extra = self.opts.rest_seconds if empty else 0
        low = max(0, self.lo - time) + extra
        high = self.hi - time + extra
        if high < low:
            return False
        return bool(self.reach[i] >> low & ((1 << (high - low + 1)) - 1))

    def _keep(
        self,
        cov: tuple[int, ...],
        caut: int,
        rounds: int,
        focus: int,
        near: int,
        mask: int,
        time: int,
        cost: int,
        chosen: Choice,
    ) -> None:
        filled = self.lo <= time <= self.hi
        key = (
            int(filled),
            sum(cov),
            -caut,
            rounds,
            focus,
            near,
            -changes(mask, self.opts),
            -cost,
            -time,
        )
        if self.best is None or key > self.best:
            self.best, self.best_choice = key, chosen

    def _dfs(
        self,
        i: int,
        cov: tuple[int, ...],
        caut: int,
        rounds: int,
        focus: int,
        near: int,
        mask: int,
        time: int,
        cost: int,
        fams: int,
        chosen: Choice,
    ) -> None:
        self.nodes += 1
        if chosen:
            self._keep(cov, caut, rounds, focus, near, mask, time, cost, chosen)
        if i == len(self.cands):
            return
        left = self.hi - time
        dosed = sum(cov)
        best = self.best
        if best is not None:
            fill = int(self._may_fill(i, time, not chosen))
            if fill < best[0]:
                return
            lacking = sum(min(self.dose - c, p) for c, p in zip(cov, self.pot[i], strict=True))
            head = (fill, dosed + min(lacking, self.dosing[i].most(left)))
            if head < best[:2]:
                return
            if head == best[:2]:
                tail = (
                    -caut,
                    rounds + self.rounding[i].most(left),
                    focus + self.focusing[i].most(left),
                    near + self.nearing[i].most(left),
                    -changes(mask, self.opts),
                    -cost,
                    -time,
                )
                if tail <= best[2:]:
                    return
        state = (i, cov, mask, fams & self.future_fams[i], time, bool(chosen))
        # What has been gained so far (the rest of the key follows from the state): the same
        # state reached again, no better, cannot end better.
        part = (-caut, rounds, focus, near, -cost)
        seen = self.seen.get(state)
        if seen is not None and part <= seen:
            return
        self.seen[state] = part
        cand = self.cands[i]
        if not fams >> cand.family & 1:
            new_mask = mask | BIT[cand.position]
            step = (
                changes(new_mask, self.opts) - changes(mask, self.opts)
            ) * self.opts.move_seconds
            step += self.opts.rest_seconds if chosen else 0
            for o in cand.options:
                new_time = time + step + o.seconds
                if new_time > self.hi:
                    continue
                new_cov = tuple(min(self.dose, c + g) for c, g in zip(cov, o.gains, strict=True))
                self._dfs(
                    i + 1,
                    new_cov,
                    caut + bool(cand.cautions),
                    rounds + o.rounds,
                    focus + o.focus,
                    near + o.near,
                    new_mask,
                    new_time,
                    cost + cand.cost,
                    fams | 1 << cand.family,
                    (*chosen, (cand, o)),
                )
        if not (self.forced and i == 0):
            self._dfs(i + 1, cov, caut, rounds, focus, near, mask, time, cost, fams, chosen)


def _smear(bits: int, spread: int) -> int:
    """Every t in bits, plus each shift in spread: t + k moves."""
    out, k = 0, 0
    while spread:
        if spread & 1:
            out |= bits << k
        spread >>= 1
        k += 1
    return out


def _dose_value(c: Candidate, dose: int) -> int:
    return max(sum(min(dose, g) for g in o.gains) for o in c.options)


def _rate(c: Candidate, values: Sequence[int]) -> tuple[float, int]:
    """A candidate's best value per second and most value, for one line of the objective."""
    rate = max(v / o.seconds for v, o in zip(values, c.options, strict=True))
    return rate, max(values)
