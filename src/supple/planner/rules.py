"""Which stretches are safe for whom, and where: content/conditions.yaml, typed and checked."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import model_validator

from ..library.catalog import Library, content_dir, default_library
from ..library.errors import read_data, unknown, validate
from ..library.schema import Slug, Stretch, Strict, Text
from ..library.vocab import POSITION_WORDS, Equipment, Position
from .needs import Condition, Place


class Level(StrEnum):
    AVOID = "avoid"  # never planned; marked unsafe, with alternatives
    CAUTION = "caution"  # may be planned, with its advice


class Rule(Strict):
    """One reason some stretches are unsafe, or need care, with a condition."""

    id: Slug
    level: Level
    source: Text
    reason: Text
    advice: Text | None = None
    stretches: list[Slug] = []
    positions: list[Position] = []
    alternatives: dict[Slug, list[Slug]] = {}
    # The players leave out the mobilizer positions that flex the spine (flexes_spine):
    # cat-cow's arching half only, for osteoporosis (Giangregorio 2014).
    leaves_out_flexion: bool = False

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if not self.stretches and not self.positions:
            raise ValueError("a rule must name the stretches or the positions it applies to")
        if self.leaves_out_flexion and self.level is not Level.CAUTION:
            raise ValueError(
                "leaves_out_flexion is for a caution: an avoided stretch is not played"
            )
        return self

    def matches(self, stretch: Stretch) -> bool:
        return stretch.id in self.stretches or any(p in self.positions for p in stretch.positions)


class ConditionRules(Strict):
    id: Condition
    name: Text
    summary: Text
    rules: list[Rule] = []


class PlaceRule(Strict):
    """What a place allows: positions and equipment (None: any), and stretches left out."""

    id: Place
    name: Text
    source: Text | None = None
    positions: list[Position] | None = None
    equipment: list[Equipment] | None = None
    exclude: dict[Slug, Text] = {}


class RulesFile(Strict):
    conditions: list[ConditionRules]
    places: list[PlaceRule]


@dataclass(frozen=True)
class Concern:
    """Why one stretch is unsafe, or needs care, for one condition."""

    condition: Condition
    condition_name: str
    level: Level
    rule: str
    reason: str
    advice: str | None
    source: str
    alternatives: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "condition": self.condition.value,
            "level": self.level.value,
            "reason": self.reason,
            "advice": self.advice,
            "source": self.source,
            "alternatives": list(self.alternatives),
        }


class Rules:
    """The condition and place rules, answering questions about stretches."""

    def __init__(self, data: RulesFile, path: Path | str = "conditions.yaml") -> None:
        self.path = str(path)
        self.conditions = {c.id: c for c in data.conditions}
        self.places = {p.id: p for p in data.places}

    def concerns(self, stretch: Stretch, conditions: Iterable[Condition | str]) -> list[Concern]:
        """Every rule of these conditions that matches the stretch, avoid before caution."""
        found: list[Concern] = []
        for cid in conditions:
            cond = self.conditions.get(Condition(cid))
            if cond is None:
                continue
            for rule in cond.rules:
                if rule.matches(stretch):
                    found.append(
                        Concern(
                            condition=cond.id,
                            condition_name=cond.name,
                            level=rule.level,
                            rule=rule.id,
                            reason=rule.reason,
                            advice=rule.advice,
                            source=rule.source,
                            alternatives=tuple(rule.alternatives.get(stretch.id, [])),
                        )
                    )
        return sorted(found, key=lambda c: c.level is not Level.AVOID)

    def by_condition(self, stretch: Stretch) -> list[tuple[ConditionRules, list[Concern]]]:
        """Every condition that touches the stretch, in the file's order, with its concerns."""
        out = []
        for cond in self.conditions.values():
            found = self.concerns(stretch, [cond.id])
            if found:
                out.append((cond, found))
        return out

    def leaves_out_flexion(self, stretch: Stretch, conditions: Iterable[Condition | str]) -> bool:
        """Whether the players leave out this mobilizer's spine-flexing positions."""
        wanted = {Condition(c) for c in conditions}
        return any(
            rule.leaves_out_flexion and rule.matches(stretch)
            for cond in self.conditions.values()
            if cond.id in wanted
            for rule in cond.rules
        )

    def unsafe(self, stretch: Stretch, conditions: Iterable[Condition | str]) -> list[Concern]:
        """Why the stretch must not be done with these conditions; empty if it may be."""
        return [c for c in self.concerns(stretch, conditions) if c.level is Level.AVOID]

    def cautions(self, stretch: Stretch, conditions: Iterable[Condition | str]) -> list[Concern]:
        return [c for c in self.concerns(stretch, conditions) if c.level is Level.CAUTION]

    def place_problem(self, stretch: Stretch, place: Place | str) -> str | None:
        """Why the stretch cannot be done in this place, or None if it can."""
        rule = self.places.get(Place(place))
        if rule is None:
            return None
        if stretch.id in rule.exclude:
            return rule.exclude[stretch.id]
        if rule.positions is not None:
            # Every position it passes through must be possible here, not just the first.
            away = [POSITION_WORDS[p] for p in stretch.positions if p not in rule.positions]
            if away:
                return f"It is done {' or '.join(away)}."
        if rule.equipment is not None:
            missing = [e.value for e in stretch.equipment if e not in rule.equipment]
            if missing:
                return f"It needs a {', '.join(missing)}."
        return None

    def alternatives(
        self,
        stretch_id: str,
        conditions: Iterable[Condition | str],
        library: Library,
        place: Place | str | None = None,
    ) -> list[str]:
        """The stretches offered instead, each safe for all the conditions (and the place)."""
        conds = list(conditions)
        stretch = library.stretch(stretch_id)
        out: list[str] = []
        for concern in self.concerns(stretch, conds):
            for alt_id in concern.alternatives:
                alt = library.stretches.get(alt_id)
                if alt is None or alt_id == stretch_id or alt_id in out:
                    continue
                if self.unsafe(alt, conds):
                    continue
                if place is not None and self.place_problem(alt, place):
                    continue
                out.append(alt_id)
        return out

    def problems(self, library: Library) -> list[str]:
        """What does not fit the library: unknown ids, alternatives missing or themselves unsafe."""
        out: list[str] = []
        ids = library.stretches
        for cond in self.conditions.values():
            for rule in cond.rules:
                where = f"{self.path}: {cond.id}.{rule.id}"
                for sid in [*rule.stretches, *rule.alternatives]:
                    if sid not in ids:
                        out.append(f"{where}: {unknown('stretch', sid, ids)}")
                for sid, alts in rule.alternatives.items():
                    if sid in ids and not rule.matches(ids[sid]):
                        out.append(
                            f"{where}: alternatives for {sid!r}, which the rule does not match"
                        )
                    for alt in alts:
                        if alt not in ids:
                            out.append(f"{where}: {unknown('stretch', alt, ids)}")
                        elif self.unsafe(ids[alt], [cond.id]):
                            out.append(f"{where}: alternative {alt!r} is itself unsafe")
                if rule.level is Level.AVOID:
                    for s in ids.values():
                        if rule.matches(s) and not rule.alternatives.get(s.id):
                            out.append(f"{where}: no alternative offered for {s.id!r}")
                if rule.leaves_out_flexion:
                    for s in ids.values():
                        if rule.matches(s) and not _has_a_half(s):
                            out.append(
                                f"{where}: leaves_out_flexion, but {s.id!r} has no position "
                                "marked flexes_spine beside one that is not"
                            )
        for place in self.places.values():
            for sid in place.exclude:
                if sid not in ids:
                    out.append(f"{self.path}: places.{place.id}: {unknown('stretch', sid, ids)}")
        missing = {c.value for c in Condition} - {c.value for c in self.conditions}
        missing |= {p.value for p in Place} - {p.value for p in self.places}
        out += [f"{self.path}: no rules for {m!r}" for m in sorted(missing)]
        return out


def _has_a_half(stretch: Stretch) -> bool:
    """A mobilizer with positions that flex the spine and positions that do not."""
    if stretch.mobilizer is None:
        return False
    flexes = {p.flexes_spine for p in stretch.mobilizer.positions}
    return flexes == {True, False}


def load_rules(path: Path | None = None) -> Rules:
    """Read and check conditions.yaml; a bad file raises ContentError naming the field."""
    path = path or content_dir() / "conditions.yaml"
    return Rules(validate(RulesFile, read_data(path), path), path)


@functools.cache
def default_rules() -> Rules:
    """The package's own rules, loaded once per process."""
    return load_rules()


def unsafe(
    stretch: Stretch, conditions: Iterable[Condition | str], rules: Rules | None = None
) -> list[Concern]:
    """Why the stretch must not be done with these conditions; empty if it may be."""
    return (rules or default_rules()).unsafe(stretch, conditions)


def cautions(
    stretch: Stretch, conditions: Iterable[Condition | str], rules: Rules | None = None
) -> list[Concern]:
    """What to take care with in this stretch, for these conditions."""
    return (rules or default_rules()).cautions(stretch, conditions)


def alternatives(
    stretch_id: str,
    conditions: Iterable[Condition | str],
    library: Library | None = None,
    place: Place | str | None = None,
    rules: Rules | None = None,
) -> list[str]:
    """The safe stretches offered in place of this one, for these conditions."""
    lib = library or default_library()
    return (rules or default_rules()).alternatives(stretch_id, conditions, lib, place)
