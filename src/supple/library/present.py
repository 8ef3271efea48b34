"""Plain-data views of library items, shared by the CLI, the web pages and the web API."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..planner.rules import Level, Rules, default_rules
from .catalog import Library
from .schema import Origin, Routine, Stretch
from .vocab import TARGET_LABELS, Target


def stretch_summary(s: Stretch) -> dict[str, Any]:
    """The fields a list of stretches carries."""
    return {
        "id": s.id,
        "name": s.name,
        "aliases": list(s.aliases),
        "kind": s.kind.value,
        "per_side": s.per_side,
        "hold_seconds": s.hold.seconds,
        "hold_basis": s.hold.basis.value,
        "positions": [p.value for p in s.positions],
        "equipment": [e.value for e in s.equipment],
        "targets": [t.value for t in s.targets],
        "sources": list(s.sources),
    }


def first_figure(r: Routine, lib: Library) -> str | None:
    """The stretch whose picture stands for the routine (a list, Home): its first pictured."""
    for step in r.steps:
        s = lib.stretches.get(step.stretch)
        if s is not None and s.figure is not None:
            return s.id
    return None


def routine_summary(r: Routine, lib: Library) -> dict[str, Any]:
    """The fields a list of routines carries."""
    return {
        "id": r.id,
        "title": r.title,
        "source": r.source,
        "source_title": lib.source_credit(r.source),
        "built_in": r.id in lib.routines,
        "steps": len(r.steps),
        "work_seconds": sum(s.work_seconds for s in r.steps),
    }


# What a card says, in one wording for the web page, the terminal card and the JSON.
LEVEL_HEADINGS = {"avoid": "Not advised with", "caution": "Take care with"}
FEEL_HEADING = "What you should feel"
STOP_HEADING = "When to stop"  # the text itself begins "Stop if"


@dataclass(frozen=True)
class ConditionNote:
    """What one condition changes about a stretch, generated from content/conditions.yaml."""

    condition: str  # the condition's id
    name: str
    level: str  # avoid | caution
    lines: tuple[str, ...]  # each matching rule's reason, then its advice
    sources: tuple[str, ...]
    alternatives: tuple[tuple[str, str], ...]  # (id, name): each allowed with the condition
    yours: bool = False  # the person's profile has the condition

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "name": self.name,
            "level": self.level,
            "text": self.text,
            "sources": list(self.sources),
            "alternatives": [sid for sid, _ in self.alternatives],
            "yours": self.yours,
        }


def condition_notes(
    s: Stretch, lib: Library, rules: Rules | None = None, mine: Iterable[str] = ()
) -> list[ConditionNote]:
    """Every condition that touches the stretch, not advised first, each with why and instead.

    The one source of a card's condition lines: no card restates a rule in its own words.
    """
    rules = rules or default_rules()
    yours = {str(c) for c in mine}
    notes = []
    for cond, concerns in rules.by_condition(s):
        avoid = any(c.level is Level.AVOID for c in concerns)
        lines = [part for c in concerns for part in (c.reason, c.advice) if part]
        alts = rules.alternatives(s.id, [cond.id], lib)
        notes.append(
            ConditionNote(
                condition=cond.id.value,
                name=cond.name,
                level="avoid" if avoid else "caution",
                lines=tuple(dict.fromkeys(lines)),
                sources=tuple(dict.fromkeys(c.source for c in concerns)),
                alternatives=tuple((a, lib.stretches[a].name) for a in alts),
                yours=cond.id.value in yours,
            )
        )
    return sorted(notes, key=lambda n: n.level != "avoid")


def _label(target: Target) -> str:
    """A target's label inside a sentence: 'hip flexors / psoas', 'IT band / outer hip'."""
    label = TARGET_LABELS[target]
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class CardNotes:
    """The lines of a card that are not the stretch's own fields as written."""

    feel: str | None
    stop_if: str | None
    steps_note: str | None  # the steps are supple's, the article gives only the name
    article_note: str | None  # the article credits it with more than supple counts

    def to_json(self) -> dict[str, Any]:
        return {
            "feel": self.feel,
            "stop_if": self.stop_if,
            "steps_note": self.steps_note,
            "article_note": self.article_note,
        }


def card_notes(s: Stretch) -> CardNotes:
    """What you should feel, when to stop, who wrote the steps, what the article claims."""
    steps_note = None
    article_note = None
    if s.origin is Origin.ARTICLE:
        if s.steps_from is Origin.SUPPLE:
            steps_note = (
                "supple wrote these steps: the article gives only the stretch's name, "
                "how long to hold it and what it works."
            )
        extra = [t for t in s.article_targets if t not in s.targets]
        if extra:
            says = "The articles say" if len(s.sources) > 1 else "The article says"
            article_note = (
                f"{says} it also stretches the {_listed([_label(t) for t in extra])}; "
                "supple's plans count only the muscles it lengthens."
            )
    return CardNotes(
        feel=s.feel, stop_if=s.stop_if, steps_note=steps_note, article_note=article_note
    )
