"""The planner: a person's Needs -> the best Routine for them, and how to play it.

space.py states what a plan may hold and the objective; search.py (plans under 5 minutes)
and dynamic.py (5 minutes and more) find its optimum exactly; exhaustive.py scores every
plan by brute force, and the tests hold them equal. Here the candidates are made, the steps
put in order (up to down, a moving stretch first in each position), the warm-up grown to fill
the time where the search left room, and the plan put in words: a title that says how long
it takes, a summary of what the time buys, a readable id, and one line when it cannot fill
the time (why, and what would help).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..library.catalog import Library
from ..library.schema import Mode, Routine, Step, Stretch
from ..library.vocab import TARGET_LABELS, Kind, Target
from ..options import pacing_of
from ..timeline import Options, build_timeline
from ..words import duration, plural
from .dynamic import Dynamic
from .needs import DOSE_SECONDS, Condition, Needs, Place
from .rules import Concern, Rules, default_rules
from .search import Candidate, Choice, Option, Search
from .space import (
    FILL,
    MAX_ROUNDS,
    RANK,
    RECENT_DAYS,
    Key,
    Session,
    beyond_dose,
    choices,
    eligible,
    families,
    fill_warmup,
    holds,
    session_for,
    step_order,
    step_seconds,
    variety_cost,
    window,
)

__all__ = ["RECENT_DAYS", "NoPlan", "Plan", "candidates", "plan"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
PLACE_WORDS = {
    Place.ANYWHERE: "anywhere",
    Place.NO_FLOOR: "off the floor",
    Place.DESK: "at a desk",
}


CONDITION_WORDS = {
    Condition.HIP_POSTERIOR: "a hip replacement (posterior approach)",
    Condition.HIP_ANTERIOR: "a hip replacement (anterior approach)",
    Condition.PREGNANCY: "pregnancy",
    Condition.OSTEOPOROSIS: "osteoporosis",
    Condition.KNEE: "knee trouble",
    Condition.SCIATICA: "sciatica",
    Condition.NO_FLOOR: "no getting down to the floor",
}


class NoPlan(ValueError):
    """No routine can be made for these needs (nothing safe here, or nothing fits the time)."""


@dataclass(frozen=True)
class Plan:
    """A planned routine, the session to play it with, and how it scores."""

    routine: Routine
    options: Options  # play it with these: the warm-up and lead-ins it was timed with
    total_seconds: float  # as played: warm-up, lead-ins, switches, rests, position changes
    budget_seconds: int
    coverage: dict[str, int]  # focus target -> seconds of stretching (not capped)
    near: dict[str, int]  # areas next to the focus that the plan also works -> seconds
    dose_seconds: int
    position_changes: int
    variety: int
    key: Key  # the objective, with the warm-up before it grew (space.py)
    cautions: dict[str, list[Concern]] = field(default_factory=dict)
    unreachable: list[str] = field(default_factory=list)  # focus targets nothing safe touches
    shortfall: str | None = None  # why it does not fill 90% of the time, and what would help
    summary: str = ""  # what the time buys, in a sentence or two

    @property
    def short(self) -> list[str]:
        """Focus targets below their dose: unreachable, or not enough time."""
        return [t for t, s in self.coverage.items() if s < self.dose_seconds]

    @property
    def fill(self) -> float:
        """The share of the time asked that the session takes."""
        return self.total_seconds / self.budget_seconds

    @property
    def filled(self) -> bool:
        return FILL <= self.fill <= 1


def candidates(
    needs: Needs,
    stretches: Sequence[Stretch],
    rules: Rules,
    session: Session,
    recent: Mapping[str, int] | None = None,
    family: Mapping[str, int] | None = None,
    shorter: bool = False,
) -> list[Candidate]:
    """The stretches the planner may use for these needs, with the ways each may be done."""
    focus, near = needs.targets, needs.near
    recent = recent or {}
    family = family or {}
    kinds: dict[tuple[int, int], int] = {}
    out: list[Candidate] = []
    for s in stretches:
        options = []
        for reps, hold in choices(s, needs, session, shorter):
            secs = step_seconds(hold, s.per_side, reps, session.options)
            gains = tuple(hold * reps if t in s.targets else 0 for t in focus)
            count = holds(s, hold, reps)
            on_focus = any(gains)
            on_near = not on_focus and any(t in s.targets for t in near)
            beyond = beyond_dose(s, hold, reps) * on_focus
            options.append(
                Option(reps, hold, secs, gains, beyond, count * on_focus, count * on_near)
            )
        if not options:
            continue
        cautions = tuple(rules.cautions(s, needs.conditions))
        out.append(
            Candidate(
                stretch=s,
                position=s.positions[0],
                mode=Mode.MOBILIZE if s.kind is Kind.MOBILIZER else Mode.HOLD,
                options=tuple(options),
                cost=variety_cost(s.id, needs.seed, recent.get(s.id)),
                cautions=cautions,
                # Variants done in the same position are one family here: one of them at most.
                family=kinds.setdefault(
                    (family.get(s.id, -1 - len(out)), RANK[s.positions[0]]), len(kinds)
                ),
            )
        )
    out.sort(key=lambda c: c.stretch.id)
    return out


def plan(
    needs: Needs,
    library: Library,
    *,
    recent: Mapping[str, int] | None = None,
    options: Options | None = None,
    rules: Rules | None = None,
    today: date | None = None,
) -> Plan:
    """The best routine for these needs; recent maps stretch ids to days since last done.

    No options: the session for the plan's length (space.session_for), the warm-up grown to
    fill the time. Options given: played as they are (the tests' brute force uses this).
    """
    rules = rules or default_rules()
    today = today or date.today()
    stretches = eligible(needs, library, rules)
    session = session_for(needs, stretches, options)
    family = families(library)
    cands = candidates(needs, stretches, rules, session, recent, family)
    focus = needs.targets
    unreachable = [
        t.value for j, t in enumerate(focus) if not any(c.options[0].gains[j] for c in cands)
    ]
    if not cands:
        raise NoPlan(
            f"nothing in the library is safe {_where(needs)} for {_words(needs)}" + _help(needs)
        )
    best, chosen = _search(needs, session, cands)
    if session.shorter_holds and (best is None or not best[0]):
        # The stretches' own holds cannot fill this short break: a little shorter, then.
        more = candidates(needs, stretches, rules, session, recent, family, shorter=True)
        best2, chosen2 = _search(needs, session, more)
        if best2 is not None and (best is None or best2[0]):
            best, chosen = best2, chosen2
    if best is None:
        raise NoPlan(
            f"no stretch for {_words(needs)} fits in {plural(needs.minutes, 'minute')} "
            f"{_where(needs)}; allow a few more minutes"
        )
    picked = sorted(
        chosen, key=lambda co: step_order(co[0].position, co[0].gentle, co[0].stretch.id)
    )
    steps = [
        Step(
            stretch=c.stretch.id,
            hold_seconds=o.hold,
            per_side=c.stretch.per_side,
            mode=c.mode,
            repetitions=o.reps,
            note=_note(c.cautions),
        )
        for c, o in picked
    ]
    draft = Routine(id="plan", title="Plan", source=None, steps=steps)
    planned = build_timeline(draft, library, session.options).total_seconds
    key = best
    if planned != -key[-1]:  # the search's arithmetic must be the timeline's
        raise RuntimeError(f"planned {-key[-1]} s; the timeline says {planned}")
    # The warm-up grows only to bring the plan to 90% (the search counted on it), never more.
    grow = options is None and key[0] == 1
    played = fill_warmup(needs, session, planned) if grow else session.options
    # Only the warm-up differs between the two sessions.
    total = planned + (played.warmup_seconds - session.options.warmup_seconds) * played.warmup
    coverage = {t.value: 0 for t in focus}
    near = {t.value: 0 for t in needs.near}
    for c, o in picked:
        for t in c.stretch.targets:
            if t.value in coverage:
                coverage[t.value] += o.hold * o.reps
            if t.value in near:
                near[t.value] += o.hold * o.reps
    near = {t: s for t, s in near.items() if s}
    budget = needs.minutes * 60
    shortfall = None
    if total < FILL * budget:
        shortfall = _shortfall(needs, session, cands, picked, total)
    missing = [
        t
        for t in unreachable
        if not any(Target(t) in s.targets for s in library.stretches.values())
    ]
    summary = _summary(needs, played, picked, coverage, near, unreachable, missing, total)
    minutes = max(1, math.ceil(total / 60))
    routine = Routine(
        id=_readable_id(needs, minutes, today),
        title=f"{minutes}-minute plan: {_words(needs)}",
        source=None,
        description=_description(needs, today, summary),
        steps=steps,
        pacing=pacing_of(played),
    )
    return Plan(
        routine=routine,
        options=played,
        total_seconds=total,
        budget_seconds=budget,
        coverage=coverage,
        near=near,
        dose_seconds=DOSE_SECONDS,
        position_changes=-key[-3],
        variety=-key[-2],
        key=key,
        cautions={c.stretch.id: list(c.cautions) for c, _ in picked if c.cautions},
        unreachable=unreachable,
        shortfall=shortfall,
        summary=summary,
    )


def _search(
    needs: Needs, session: Session, cands: Sequence[Candidate]
) -> tuple[Key | None, Choice]:
    """The best plan over these candidates: dynamic programming, or branch and bound."""
    win = window(needs, session)
    n = len(needs.targets)
    engine: Search | Dynamic
    if session.long and not session.gentle_first:
        engine = Dynamic(cands, n, win, session.options, DOSE_SECONDS)
    else:
        engine = Search(cands, n, win, session.options, DOSE_SECONDS, session.gentle_first)
    engine.run()
    return engine.best, engine.best_choice


def _note(concerns: Sequence[Concern]) -> str | None:
    """A step's note: the cautions for this person, in a few words each."""
    if not concerns:
        return None
    parts = [
        f"Take care ({c.condition_name}): {c.reason} {c.advice or ''}".strip() for c in concerns
    ]
    text = " ".join(parts)
    return text if len(text) <= 600 else text[:597] + "..."


def _and(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _words(needs: Needs) -> str:
    return _and([n.replace("-", " ") for n in needs.focus])


def _labels(targets: Sequence[str]) -> str:
    return _and([_lower(TARGET_LABELS[Target(t)]) for t in targets])


def _lower(label: str) -> str:
    """A label in running text: lower case, but an abbreviation ("IT band") stays as it is."""
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in label.split(" "))


def _where(needs: Needs) -> str:
    where = PLACE_WORDS[needs.place]
    if needs.conditions:
        where += " with " + _and([CONDITION_WORDS[c] for c in needs.conditions])
    return where


def _help(needs: Needs) -> str:
    """What would help when nothing can be planned: another place, or another focus."""
    if needs.place is not Place.ANYWHERE:
        return "; try planning anywhere (on the floor too), or another focus"
    return "; try another focus"


def _readable_id(needs: Needs, minutes: int, today: date) -> str:
    """'hips-10min-nov28': the focus, the minutes it takes and the day."""
    names = list(needs.focus)
    slug = "-".join(names[:2]) + ("-more" if len(names) > 2 else "")
    return f"{slug}-{minutes}min-{MONTHS[today.month - 1]}{today.day}"


def _description(needs: Needs, today: date, summary: str) -> str:
    when = f"{today.day} {MONTHS[today.month - 1].capitalize()} {today.year}"
    text = f"Planned by supple on {when} for {_words(needs)}, {_where(needs)}. {summary}"
    return text if len(text) <= 600 else text[:597] + "..."


def _rounds(picked: Sequence[tuple[Candidate, Option]]) -> str:
    reps = sorted({o.reps for _, o in picked})
    if len(picked) == 1:
        return "once" if reps == [1] else f"{reps[0]} rounds"
    if reps == [1]:
        return "once each"
    if len(reps) == 1:
        return f"{reps[0]} rounds each"
    return f"{reps[0]}-{reps[-1]} rounds each"


def _summary(
    needs: Needs,
    played: Options,
    picked: Sequence[tuple[Candidate, Option]],
    coverage: Mapping[str, int],
    near: Mapping[str, int],
    unreachable: Sequence[str],
    missing: Sequence[str],
    total: float,
) -> str:
    """What the time buys: the warm-up, the stretches and rounds, the dose, the areas."""
    warm = f"a {duration(played.warmup_seconds)} warm-up, then " if played.warmup else ""
    first = ""
    if not played.warmup:
        first = ", a moving one first" if len(picked) > 1 else ", one that moves"
    parts = [
        f"{duration(total)} in all: {warm}{plural(len(picked), 'stretch')}{first} "
        f"({_rounds(picked)})."
    ]
    reached = [t for t, s in coverage.items() if s >= DOSE_SECONDS]
    lacking = [t for t, s in coverage.items() if s < DOSE_SECONDS and t not in unreachable]
    dose = "about 60 s a muscle, as the ACSM advises"
    if reached and not lacking:
        line = f"Every focus area gets its full time ({dose})"
        if len(reached) == 1:
            line = f"Full time for the {_labels(reached)} ({dose})"
        if any(o.reps > 2 for _, o in picked):
            line += f"; up to {MAX_ROUNDS} rounds give the main stretches more"
        parts.append(line + ".")
    elif reached:
        parts.append(
            f"Full time for the {_labels(reached)} ({dose}); more time would give it to the "
            f"{_labels(lacking)} too."
        )
    elif lacking:
        parts.append(f"Too short for the {_labels(lacking)} to get the full time ({dose}).")
    if missing:
        parts.append(f"No stretch in supple's library works the {_labels(missing)}.")
    others = [t for t in unreachable if t not in missing]
    if others:
        parts.append(f"Nothing safe here stretches the {_labels(others)}.")
    if near:
        parts.append(f"Also works the areas next to the focus: {_labels(list(near))}.")
    return " ".join(parts)


def _shortfall(
    needs: Needs,
    session: Session,
    cands: Sequence[Candidate],
    picked: Sequence[tuple[Candidate, Option]],
    total: float,
) -> str:
    """One line: why the plan does not fill 90% of the time, and what would help."""
    asked = plural(needs.minutes, "minute")
    # Everything there is: each family in each position at its most rounds, every change.
    most_of: dict[int, int] = {}
    for c in cands:
        most_of[c.family] = max(most_of.get(c.family, 0), c.options[0].seconds)
    positions = {c.position for c in cands}
    most = session.base + session.warmup_extra + sum(most_of.values())
    most += len(positions) * session.options.move_seconds
    fits = math.floor(total / (FILL * 60))
    ask = f", or ask for {plural(fits, 'minute')}" if 2 <= fits < needs.minutes else ""
    if most >= FILL * needs.minutes * 60:
        return (
            f"No mix of the stretches for {_words(needs)} {_where(needs)} comes within 10% of "
            f"{asked}: this plan takes {duration(total)}{ask}."
        )
    care = ""
    if any(c.cautions for c in cands) and not any(c.cautions for c, _ in picked):
        care = ", and this plan leaves out those that need care with your conditions"
    help_ = "add areas to the focus"
    if needs.place is not Place.ANYWHERE:
        help_ = "plan anywhere (on the floor too) or " + help_
    return (
        f"Not enough stretches for {_words(needs)} {_where(needs)} to fill {asked}: all of "
        f"them, at up to {MAX_ROUNDS} rounds each, take about {duration(most)}{care}. For a "
        f"longer session, {help_}{ask}."
    )
