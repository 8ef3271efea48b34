"""What a plan may hold and what makes one plan better than another: the planner's objective.

The search (search.py for short plans, dynamic.py for long ones) and the brute force
(exhaustive.py) both read the plan space and the objective from here, and nothing else: each
finds the best plan its own way.

The session. How a plan is played depends on its length (Session):
- under 5 minutes: 30 s of marching and 3 s lead-ins; at a desk under 3 minutes no warm-up
  at all, and a gentle first stretch instead (one that moves: a mobilizer);
- from 5 minutes: the usual minute of marching (dose.yaml) and 5 s lead-ins. The warm-up may
  grow by up to 30 s (5-9 minutes), 60 s (10-19) or 120 s (20 and more) to bring a plan to 90%
  of the time asked, after the search (fill_warmup); the search knows it may.

The steps. Each stretch touching the focus or the areas next to it (Needs.near), allowed in
the place, safe for the conditions and not excluded, may be done 1 to 4 rounds (ACSM: 2-4
repetitions); from 5 minutes on, at least the rounds that reach its dose (2 of a 30 s hold),
so every stretch in such a plan is a full dose of it. A mobilizer moves for at most 90 s in
all. Holds are the stretch's own (at least 45 s for older adults, ACSM 30-60 s). A plan under
5 minutes that its own holds cannot bring within 90-100% of the time may shorten a hold by 5
or 10 s (not below 20 s, ACSM 10-30 s; 35 s for older adults) and a mobilizer by 10 to 30 s,
so that a 2-minute break is filled: the best such plan is taken if it fills the time. No two
stretches of one family (variants of one another, directly or through another) are done in
the same position, and with no warm-up the first stretch is a mobilizer.

The objective, lexicographic (a better value on an earlier line always wins; larger is
better, so costs are negated):
0. fill: the session as played (the timeline's total) is within 90-100% of the time asked,
   counting the warm-up's room to grow; never over;
1. dosed: the focus at its dose, sum over focus targets of min(seconds, 60) (ACSM: about 60 s
   per muscle); a per-side stretch gives each side its hold;
2. cautions: the fewest stretches with a caution for the person's conditions;
3. rounds: the remaining time buys more rounds of the stretches for the focus, beyond the
   rounds that reach their dose (up to 4, ACSM), counted in holds (each side of each round;
   a mobilizer's half-minute of moving);
4. focus: then more holds of stretches for the focus (another stretch for it);
5. near: then the holds of stretches for the areas next to the focus, never anything else;
6. changes: the fewest changes of position (standing, chair, kneeling, all fours, the floor,
   lying down last: each change costs its time, and the warm-up stands);
7. cost: variety, the least cost of the stretches used: more for a stretch done in the last
   week (the more recently the more), and a seeded jitter, so a new seed (by default the
   date) gives another plan when equally good ones exist;
8. seconds: then the shorter session.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..library.catalog import Library
from ..library.schema import Stretch
from ..library.vocab import Kind, Position
from ..timeline import WARMUP_STRETCH, Options
from .needs import DOSE_SECONDS, Needs, Place
from .rules import Rules

MAX_ROUNDS = 4  # ACSM: 2-4 repetitions of a stretch
MOBILIZER_MOST = 90  # a mobilizer moves for at most this long in a step
SHORT_MINUTES = 5  # under this: 30 s warm-up, 3 s lead-ins, shorter holds allowed
DESK_BREAK_MINUTES = 3  # at a desk under this: no warm-up, a moving stretch first
LONG_MINUTES = 5  # from this: every stretch at its dose (2-4 rounds)
SHORT_WARMUP = 30
SHORT_LEAD_IN = 3
FILL = 0.9  # a plan takes 90-100% of the time asked
# Shortest holds in a short plan: ACSM 10-30 s for adults, 30-60 s for older adults.
ADULT_SHORTEST = 20
OLDER_SHORTEST = 35
MOBILIZER_SHORTEST = 20

# Variety costs, whole numbers so equal plans compare exactly.
RECENT_DAYS = 7
RECENT_COST = 1_000  # per day closer than a week: yesterday's stretches give way first
JITTER = 1_000  # the seeded part: below one day of recency, so history comes first

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

# (fill, dosed, -cautions, rounds, focus, near, -changes, -cost, -seconds): larger is better.
Key = tuple[int, int, int, int, int, int, int, int, int]


@dataclass(frozen=True)
class Session:
    """How a plan of this length is played, and what the search may do to fill it."""

    options: Options
    warmup_extra: int = 0  # seconds the warm-up may grow, after the search, to fill the time
    gentle_first: bool = False  # no warm-up: the first stretch moves (a mobilizer)
    long: bool = False  # every stretch at least its dose in rounds
    shorter_holds: bool = False  # holds may be a little shorter, to fit a short break

    @property
    def base(self) -> int:
        """The seconds before the first stretch: the warm-up, if any."""
        return self.options.warmup_seconds if self.options.warmup else 0


def eligible(needs: Needs, library: Library, rules: Rules) -> list[Stretch]:
    """Stretches touching the focus or the areas next to it, allowed here, safe, not excluded."""
    wanted = set(needs.targets) | set(needs.near)
    return [
        s
        for s in library.stretches.values()
        if s.id != WARMUP_STRETCH
        and s.id not in needs.exclude
        and wanted.intersection(s.targets)
        and not rules.place_problem(s, needs.place)
        and not rules.unsafe(s, needs.conditions)
    ]


def session_for(
    needs: Needs, stretches: Iterable[Stretch], options: Options | None = None
) -> Session:
    """The session for this length and place; given options are played as they are."""
    minutes = needs.minutes
    long = minutes >= LONG_MINUTES
    shorter = minutes < SHORT_MINUTES
    if options is not None:
        return Session(options=options, long=long, shorter_holds=shorter)
    if shorter:
        moving = any(s.kind is Kind.MOBILIZER for s in stretches)
        if needs.place is Place.DESK and minutes < DESK_BREAK_MINUTES and moving:
            opts = Options(warmup=False, lead_in_seconds=SHORT_LEAD_IN)
            return Session(options=opts, gentle_first=True, shorter_holds=True)
        opts = Options(warmup_seconds=SHORT_WARMUP, lead_in_seconds=SHORT_LEAD_IN)
        return Session(options=opts, shorter_holds=True)
    extra = 30 if not long else 60 if minutes < 20 else 120
    return Session(options=Options(), warmup_extra=extra, long=long)


def window(needs: Needs, session: Session) -> tuple[int, int]:
    """The seconds a plan's steps and warm-up (before it grows) may take to count as filled."""
    budget = needs.minutes * 60
    return math.ceil(FILL * budget) - session.warmup_extra, budget


def fill_warmup(needs: Needs, session: Session, seconds: float) -> Options:
    """The session's options with the warm-up grown just enough to fill 90% of the time."""
    opts = session.options
    short = math.ceil(FILL * needs.minutes * 60) - seconds
    if not opts.warmup or short <= 0 or not session.warmup_extra:
        return opts
    grow = min(session.warmup_extra, 5 * math.ceil(short / 5), needs.minutes * 60 - seconds)
    return opts.model_copy(update={"warmup_seconds": opts.warmup_seconds + int(grow)})


def own_hold(stretch: Stretch, needs: Needs) -> int:
    """The stretch's hold for this person: at least the older adult's for a held stretch."""
    if needs.hold_seconds is not None and stretch.kind is Kind.HOLD:
        return max(stretch.hold.seconds, needs.hold_seconds)
    return stretch.hold.seconds


def choices(
    stretch: Stretch, needs: Needs, session: Session, shorter: bool = False
) -> list[tuple[int, int]]:
    """The (rounds, hold) a step of this stretch may take, the most stretching first.

    shorter: the shorter holds too (a short plan that its own holds cannot fill).
    """
    mobilizer = stretch.kind is Kind.MOBILIZER
    hold = own_hold(stretch, needs)
    holds = [hold]
    if shorter and session.shorter_holds:
        if mobilizer:
            holds += [h for h in (hold - 10, hold - 20, hold - 30) if h >= MOBILIZER_SHORTEST]
        else:
            least = OLDER_SHORTEST if needs.hold_seconds is not None else ADULT_SHORTEST
            holds += [h for h in (hold - 5, hold - 10) if h >= least]
    out = []
    for h in holds:
        top = max(1, min(MAX_ROUNDS, MOBILIZER_MOST // h)) if mobilizer else MAX_ROUNDS
        low = 1
        if session.long:  # every round count reaches the dose, so a chosen stretch doses
            low = math.ceil(DOSE_SECONDS / h)
            top = max(top, low)
        out += [(r, h) for r in range(top, low - 1, -1)]
    return sorted(out, key=lambda rh: -rh[0] * rh[1])


def holds(stretch: Stretch, hold: int, reps: int) -> int:
    """A step's holds on the focus and near lines: each side of each round counts one, and a
    mobilizer one for each half-minute (begun) of moving."""
    if stretch.kind is Kind.MOBILIZER:
        return reps * math.ceil(hold / 30)
    return reps * (2 if stretch.per_side else 1)


def beyond_dose(stretch: Stretch, hold: int, reps: int) -> int:
    """A step's holds in the rounds past those that reach its dose (the rounds line)."""
    dose_rounds = math.ceil(DOSE_SECONDS / hold)
    return holds(stretch, hold, max(0, reps - dose_rounds))


def step_seconds(hold: int, per_side: bool, reps: int, opts: Options) -> int:
    """A step's time in the timeline: lead-in, each side with a switch, pauses between reps."""
    sides = 2 if per_side else 1
    one = opts.lead_in_seconds + sides * hold + (sides - 1) * opts.switch_seconds
    return reps * one + (reps - 1) * (opts.rest_seconds or opts.switch_seconds)


def changes(mask: int, opts: Options) -> int:
    """Change-position phases when steps are grouped by position (the warm-up stands)."""
    count = mask.bit_count()
    if opts.warmup and mask & BIT[Position.STANDING]:
        count -= 1
    return count


def variety_cost(stretch_id: str, seed: int, days_ago: int | None) -> int:
    """What using a stretch costs on the variety line; always at least 1."""
    digest = hashlib.sha256(f"{seed}:{stretch_id}".encode()).digest()
    cost = 1 + int.from_bytes(digest[:4], "big") % JITTER
    if days_ago is not None and 0 <= days_ago < RECENT_DAYS:
        cost += RECENT_COST * (RECENT_DAYS - days_ago)
    return cost


def families(library: Library) -> dict[str, int]:
    """Each stretch's family: variants of one another, directly or through another."""
    family: dict[str, int] = {}
    for sid in sorted(library.stretches):
        if sid in family:
            continue
        todo, number = [sid], len(family)
        while todo:
            cur = todo.pop()
            if cur in family:
                continue
            family[cur] = number
            linked = set(library.stretches[cur].variants)
            linked |= {o.id for o in library.stretches.values() if cur in o.variants}
            todo += [x for x in linked if x in library.stretches and x not in family]
    # Families numbered by their first member, so the numbers do not depend on the walk.
    firsts: dict[int, str] = {}
    for sid, number in family.items():
        firsts[number] = min(firsts.get(number, sid), sid)
    renumber = {n: i for i, n in enumerate(sorted(firsts, key=firsts.__getitem__))}
    return {sid: renumber[n] for sid, n in family.items()}


def step_order(position: Position, mobilizer: bool, stretch_id: str) -> tuple[int, bool, str]:
    """How steps are ordered: up to down, and a moving stretch first in each position."""
    return (RANK[position], not mobilizer, stretch_id)


def make_key(
    *,
    filled: bool,
    seconds_by_target: Mapping[object, int],
    focus: Sequence[object],
    rounds: int,
    on_focus: int,
    on_near: int,
    cautions: int,
    position_changes: int,
    cost: int,
    seconds: int,
) -> Key:
    """The objective of a plan from what it gives each focus target and what it costs."""
    dosed = sum(min(DOSE_SECONDS, seconds_by_target.get(t, 0)) for t in focus)
    return (
        int(filled),
        dosed,
        -cautions,
        rounds,
        on_focus,
        on_near,
        -position_changes,
        -cost,
        -seconds,
    )
