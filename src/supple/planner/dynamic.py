"""The exact search behind plans of 5 minutes and more: dynamic programming over time.

space.py states the objective. From 5 minutes every stretch is done at least the rounds that
reach its dose, so a focus target is dosed exactly when some stretch in the plan touches it:
the dose line counts the focus targets touched. The lines below it (cautions, rounds, focus,
near, changes, cost) are sums over the steps, packed into one number, and the best plan is
a knapsack over time:

- the candidates are taken position by position; entering a position costs its change (a
  move, and one on the changes line) whatever came before, except standing after the
  warm-up, so the positions may be taken in any order (the plan is played up to down);
- stretches of one family in one position are one item (at most one of them is taken);
- best[state][t] is the best packed value of a plan that takes t time units, where the
  state says whether the current position has been entered, and which of the tracked focus
  targets are touched;
- the fill line picks the times within the window (any, if none is reachable), the dose
  line the most tracked targets touched, then the packed value, then the shorter time.

Targets are tracked only when needed. A first pass tracks none: if its best plan touches
every focus target that some candidate touches, it is the best of all plans (best among
plans that ignore the dose line, and no plan doses more). Else the next passes keep only
plans that fill the time and touch the tracked targets (those the passes before missed,
while they are few, else all of them; targets that the same candidates touch share a bit,
and one touched whenever another is needs none), dropping a state as soon as the items left
cannot touch what it lacks, and not working out times too early to reach the window: a plan
best among those, that touches every target, is best of all, since none beats it on the
first two lines. The items touching the targets fewest items touch are taken first, so such
states go soon. If no plan both fills and touches every target, a last pass tracks them all
and keeps every plan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from ..library.vocab import Position
from ..timeline import Options
from .search import Candidate, Choice, Option
from .space import RANK, Key, changes

FIELD = 1 << 24  # each line of the packed key in its own 24 bits
CAUT_MAX = 1 << 12
CHANGES_MAX = 1 << 12
COST_MAX = FIELD - 1
NEG = -(1 << 400)  # an unreachable time: stays below every real key whatever is added

Table = list[int]


def _pack(caut: int, rounds: int, focus: int, near: int, changes: int, cost: int) -> int:
    out = caut
    for part in (rounds, focus, near, changes, cost):
        out = out * FIELD + part
    return out


START = _pack(CAUT_MAX, 0, 0, 0, CHANGES_MAX, COST_MAX)

ONE_CHANGE = _pack(0, 0, 0, 0, 1, 0)


@dataclass(frozen=True)
class _Move:
    """One way to take an item: a candidate's option, its time in units and its gain."""

    cand: Candidate
    option: Option
    units: int
    gain: int
    touches: int  # tracked focus targets it touches (bits)


@dataclass(frozen=True)
class _Mark:
    """A point in the tables' history: before a group's start (no item), or before an item."""

    group: _Group
    item: list[_Move] | None
    before: dict[int, list[Table | None]]


@dataclass(frozen=True)
class _Group:
    position: Position
    items: list[list[_Move]]  # each item: at most one of its moves is taken
    enter_units: int
    enter_gain: int


class Dynamic:
    """Finds the best plan over candidates; see the module docstring."""

    def __init__(
        self,
        cands: Sequence[Candidate],
        n_focus: int,
        window: tuple[int, int],
        opts: Options,
        dose: int,
    ) -> None:
        self.cands = list(cands)
        self.n = n_focus
        self.lo, self.hi = window
        self.opts = opts
        self.dose = dose
        self.base = opts.warmup_seconds if opts.warmup else 0
        self.best: Key | None = None
        self.best_choice: Choice = ()
        self.passes = 0
        self.reachable = {t for t in range(n_focus) for c in cands if c.options[0].gains[t]}

    def run(self) -> None:
        self.passes = 1
        chosen = self._solve([])
        if chosen is None:
            return
        if not self.reachable - self._touched(chosen):
            self.best, self.best_choice = self._key(chosen), chosen
            return
        # Only plans that fill the time and touch the targets tracked: those the first pass
        # missed, then all. Nothing beats a plan that fills and touches every target.
        everything = sorted(self.reachable)
        tracked = sorted(self.reachable - self._touched(chosen))
        while True:
            self.passes += 1
            found = self._solve(tracked, full=True)
            if found is None:
                break  # none fills the time and touches the tracked targets
            missed = self.reachable - self._touched(found)
            if not missed:
                self.best, self.best_choice = self._key(found), found
                return
            # Each target tracked doubles the work at worst: add those missed while they are
            # few, else track them all at once.
            more = set(tracked) | missed
            tracked = sorted(more) if 2 * len(more) <= len(everything) else everything
        # No plan both fills the time and touches every target: all plans, every target tracked.
        self.passes += 1
        found = self._solve(everything)
        assert found is not None  # the first pass found a plan, so there is one
        self.best, self.best_choice = self._key(found), found

    def _touched(self, chosen: Choice) -> set[int]:
        return {t for _, o in chosen for t in range(self.n) if o.gains[t]}

    def _key(self, chosen: Choice) -> Key:
        """The plan's key, counted from its steps."""
        mask = 0
        cov = [0] * self.n
        caut = rounds = focus = near = cost = 0
        time = self.base - self.opts.rest_seconds
        for c, o in chosen:
            mask |= 1 << RANK[c.position]
            cov = [v + g for v, g in zip(cov, o.gains, strict=True)]
            caut += bool(c.cautions)
            rounds += o.rounds
            focus += o.focus
            near += o.near
            cost += c.cost
            time += o.seconds + self.opts.rest_seconds
        moves = changes(mask, self.opts)
        time += moves * self.opts.move_seconds
        return (
            int(self.lo <= time <= self.hi),
            sum(min(self.dose, v) for v in cov),
            -caut,
            rounds,
            focus,
            near,
            -moves,
            -cost,
            -time,
        )

    def _solve(
        self,
        targets: list[int],
        full: bool = False,
    ) -> Choice | None:
        """The best plan tracking these targets; None if no plan fits.

        full: only plans that fill the time and touch every one of the targets (states that
        can no longer touch them all are dropped as soon as they cannot).
        """
        opts = self.opts
        rest = opts.rest_seconds
        sizes = [o.seconds + rest for c in self.cands for o in c.options]
        unit = reduce(math.gcd, [*sizes, opts.move_seconds], 0) or 1
        room = self.hi - self.base + rest  # steps and their rests, with one rest too many
        if room < 0:
            return None
        size = room // unit + 1
        # Targets that the same candidates touch are touched together: one bit for them.
        kinds: dict[frozenset[int], list[int]] = {}
        for t in targets:
            who = frozenset(k for k, c in enumerate(self.cands) if c.options[0].gains[t])
            kinds.setdefault(who, []).append(t)
        if full:
            # A target touched by every candidate that touches another is touched whenever
            # that one is: only the other needs tracking when all must be touched.
            kinds = {w: ts for w, ts in kinds.items() if not any(o < w for o in kinds)}
        t_bit = {t: 1 << k for k, same in enumerate(kinds.values()) for t in same}
        weight = {1 << k: len(same) for k, same in enumerate(kinds.values())}
        every = (1 << len(kinds)) - 1
        groups = self._groups(unit, t_bit)
        # What the items after each one can still touch, and the time they can still add, for
        # dropping hopeless states, and the times too early to reach the window.
        later: list[int] = []
        lows: list[int] = []
        seen = addable = 0
        first = max(0, -(-(self.lo - self.base + rest) // unit))
        for group in reversed(groups):
            for item in reversed(group.items):
                later.append(seen)
                lows.append(max(0, first - addable) if full else 0)
                for mv in item:
                    seen |= mv.touches
                addable += max(mv.units for mv in item) + group.enter_units
        later.reverse()
        lows.reverse()
        k = 0

        start: Table = [NEG] * size
        start[0] = START
        states: dict[int, list[Table | None]] = {0: [start, None]}
        history: list[_Mark] = []
        for group in groups:
            history.append(_Mark(group, None, states))
            merged: dict[int, list[Table | None]] = {}
            # Entering the position from a state outside it: its table shifted by the change
            # (the same for every item of the position, so made once).
            entering: dict[int, Table] = {}
            w, d = group.enter_units, group.enter_gain
            for bits, (done, entered) in states.items():
                table = _max(done, entered)
                merged[bits] = [table, None]
                entering[bits] = [NEG] * min(w, size) + [b + d for b in table[: max(0, size - w)]]
            states = merged
            for item in group.items:
                history.append(_Mark(group, item, states))
                states = self._take(states, entering, item, size, lows[k])
                if full:
                    states = {b: st for b, st in states.items() if b | later[k] == every}
                k += 1
        final = {bits: _max(done, entered) for bits, (done, entered) in states.items()}
        if full:
            final = {b: table for b, table in final.items() if b == every}
        pick = self._pick(final, unit, weight, full)
        if pick is None:
            return None
        bits, t = pick
        return self._trace(history, states, bits, t)

    def _groups(self, unit: int, t_bit: dict[int, int]) -> list[_Group]:
        opts = self.opts
        by_pos: dict[Position, dict[int, list[Candidate]]] = {}
        for c in sorted(self.cands, key=lambda c: (RANK[c.position], c.family, c.stretch.id)):
            by_pos.setdefault(c.position, {}).setdefault(c.family, []).append(c)
        groups = []
        for position in sorted(by_pos, key=RANK.__getitem__):
            free = opts.warmup and position is Position.STANDING
            items = []
            for members in by_pos[position].values():
                moves = []
                for c in members:
                    touches = 0
                    for t in range(self.n):
                        if c.options[0].gains[t]:
                            touches |= t_bit.get(t, 0)
                    for o in c.options:
                        gain = _pack(-int(bool(c.cautions)), o.rounds, o.focus, o.near, 0, -c.cost)
                        moves.append(
                            _Move(
                                c,
                                o,
                                (o.seconds + opts.rest_seconds) // unit,
                                gain,
                                touches,
                            )
                        )
                items.append(moves)
            enter_units = 0 if free else opts.move_seconds // unit
            groups.append(_Group(position, items, enter_units, 0 if free else -ONE_CHANGE))
        # The order the tables are built in is free (a position's change is paid once, on
        # entering it, whatever comes before): the items touching the targets fewest items
        # touch go first, so that a state lacking one is dropped soon after.
        few: dict[int, int] = {}
        for group in groups:
            for item in group.items:
                for bit in _bits(item[0].touches):
                    few[bit] = few.get(bit, 0) + 1

        def rarity(item: list[_Move]) -> int:
            return min((few[b] for b in _bits(item[0].touches)), default=len(self.cands) + 1)

        for group in groups:
            group.items.sort(key=rarity)
        groups.sort(key=lambda g: min((rarity(i) for i in g.items), default=len(self.cands) + 1))
        return groups

    @staticmethod
    def _take(
        states: dict[int, list[Table | None]],
        entering: dict[int, Table],
        item: list[_Move],
        size: int,
        low: int = 0,
    ) -> dict[int, list[Table | None]]:
        """The tables after an item: each state as it was, or with one of the item's moves.

        entering: each state's table before the position, shifted by its change. low: times
        below it cannot reach the window any more; they are left as they were.
        """
        new: dict[int, list[Table | None]] = {b: [d, e] for b, (d, e) in states.items()}
        fresh: set[int] = set()
        for bits, (_, entered) in states.items():
            # Taking a move from outside the position first pays its change: the same as
            # taking it from inside, from the table shifted by the change.
            outside = entering.get(bits)
            source = entered if outside is None else _max(entered, outside)
            if source is None:
                continue
            for mv in item:
                if mv.units >= size:
                    continue
                to = bits | mv.touches
                slot = new.setdefault(to, [None, None])
                if to not in fresh:
                    slot[1] = list(slot[1]) if slot[1] is not None else [NEG] * size
                    fresh.add(to)
                target = slot[1]
                assert target is not None
                w, d = mv.units, mv.gain
                at = max(w, low)
                # target[at:] is shorter than source[at - w:]: times past the end are dropped.
                target[at:] = [
                    a if a >= b + d else b + d
                    for a, b in zip(target[at:], source[at - w :], strict=False)
                ]
        return new

    def _pick(
        self, final: dict[int, Table], unit: int, weight: dict[int, int], full: bool
    ) -> tuple[int, int] | None:
        """The best (state, time) by fill, tracked dose, packed key, then the shorter time."""
        rest = self.opts.rest_seconds
        best: tuple[int, int, int, int] | None = None
        where: tuple[int, int] | None = None
        for bits, table in final.items():
            dosed = sum(w for b, w in weight.items() if bits & b)
            for t in range(1, len(table)):
                value = table[t]
                if value < 0:
                    continue
                total = self.base + t * unit - rest
                filled = self.lo <= total <= self.hi
                if full and not filled:
                    continue
                rank = (int(filled), dosed, value, -t)
                if best is None or rank > best:
                    best, where = rank, (bits, t)
        return where

    def _trace(
        self,
        history: list[_Mark],
        states: dict[int, list[Table | None]],
        bits: int,
        t: int,
    ) -> Choice:
        """Walk the tables back from the best (state, time) to the moves that made it."""
        done, entered = states[bits]
        value = _max(done, entered)[t]
        inside = entered is not None and entered[t] == value
        chosen: list[tuple[Candidate, Option]] = []
        for mark in reversed(history):
            group, item, before = mark.group, mark.item, mark.before
            if item is None:
                if inside:  # the group's items were undone down to the group's start
                    raise AssertionError("the trace entered a group it never left")
                old_done, old_entered = before[bits]
                inside = not (old_done is not None and old_done[t] == value)
                assert inside is False or (old_entered is not None and old_entered[t] == value)
                continue
            prev = before.get(bits)
            table = prev[1 if inside else 0] if prev is not None else None
            if table is not None and table[t] == value:
                continue  # the item was not taken
            assert inside, "a state outside the group changes only by taking an item"
            step = self._undo(before, group, item, bits, t, value)
            mv, bits, t, value, inside = step
            chosen.append((mv.cand, mv.option))
        chosen.reverse()
        return tuple(chosen)

    @staticmethod
    def _undo(
        before: dict[int, list[Table | None]],
        group: _Group,
        item: list[_Move],
        bits: int,
        t: int,
        value: int,
    ) -> tuple[_Move, int, int, int, bool]:
        for mv in item:
            for old_bits, (done, entered) in before.items():
                if old_bits | mv.touches != bits:
                    continue
                for was_in, table in ((True, entered), (False, done)):
                    if table is None:
                        continue
                    w = mv.units + (0 if was_in else group.enter_units)
                    d = mv.gain + (0 if was_in else group.enter_gain)
                    if w <= t and table[t - w] + d == value:
                        return mv, old_bits, t - w, table[t - w], was_in
        raise AssertionError("no move explains the table")


def _bits(mask: int) -> list[int]:
    """Each bit set in mask, as its own mask."""
    return [1 << k for k in range(mask.bit_length()) if mask >> k & 1]


def _max(a: Table | None, b: Table | None) -> Table:
    if a is None:
        assert b is not None
        return b
    if b is None:
        return a
    return [x if x >= y else y for x, y in zip(a, b, strict=True)]
