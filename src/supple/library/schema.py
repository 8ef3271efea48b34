"""Pydantic schemas for stretches, routines, sources and advice."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from string import Formatter
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .figure import Figure
from .vocab import Equipment, Kind, Position, Target

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=1, max_length=64)
]

# What a person's text may not hold: control characters (C0, DEL, C1: a terminal obeys them,
# so "\x1b[2J" in a title would clear the screen) and the bidi overrides and isolates that
# make text read other than it is stored. A note may run over lines, so it keeps \n and \t.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_NOT_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "line break",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
}


def _char_name(char: str) -> str:
    code = ord(char)
    if code in _CONTROL_NAMES:
        return f"U+{code:04X} ({_CONTROL_NAMES[code]})"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"U+{code:04X} ({unicodedata.name(char).lower()})"
    return f"U+{code:04X} (a control character)"


def refuse_unsafe(text: str, multiline: bool) -> str:
    """The one check on a person's text: no control or bidi-override character, anywhere."""
    found = (_NOT_IN_TEXT if multiline else _NOT_IN_LINE).search(text)
    if found is None:
        return text
    at = found.start()
    where = f"character {at + 1}"
    if multiline and "\n" in text:
        line = text.count("\n", 0, at) + 1
        column = at - text.rfind("\n", 0, at)
        where = f"line {line}, character {column}"
    why = "control and bidi characters can hide or change what the text shows"
    if not multiline and found.group() in "\t\n\r":
        why = "it is one line"
    raise PydanticCustomError(
        "unsafe_character",
        "{char} at {where} is not allowed: {why}",
        {"char": _char_name(found.group()), "where": where, "why": why},
    )


def displayable(text: str) -> str:
    """Text as a terminal may show it, whatever its age: unsafe characters become U+FFFD."""
    return _NOT_IN_TEXT.sub("\ufffd", text)


def _one_line(text: str) -> str:
    return refuse_unsafe(text, multiline=False)


def _any_lines(text: str) -> str:
    return refuse_unsafe(text, multiline=True)


# A title or a name: one line.
Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=600),
    AfterValidator(_one_line),
]
# A note, a step, a summary: may run over lines.
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=600),
    AfterValidator(_any_lines),
]

# A hold longer than this is a typo, not a stretch; a mobilizer may run a few minutes.
MAX_STEP_SECONDS = 600


class Strict(BaseModel):
    """Unknown fields are errors: a misspelt key must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Article(Strict):
    """One of the source articles a program or stretch comes from."""

    id: Slug
    title: Line
    # None where the page does not say who published it: the credit is then its title alone.
    publisher: Line | None = None
    file: str
    summary: Text

    @property
    def credit(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    @property
    def short_credit(self) -> str:
        """Its publisher, or its title where the publisher is not known."""
        return self.publisher or self.title


class Basis(StrEnum):
    SOURCE = "source"
    DEFAULT = "default"


class Hold(Strict):
    """How long one hold lasts, and where that figure comes from."""

    seconds: int = Field(ge=5, le=MAX_STEP_SECONDS)
    range: tuple[int, int] | None = None
    basis: Basis
    guideline: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Hold:
        if self.basis is Basis.DEFAULT and not self.guideline:
            raise ValueError("a default hold time must name the guideline it follows")
        if self.range is not None:
            low, high = self.range
            if not low <= self.seconds <= high:
                raise ValueError(f"seconds {self.seconds} lies outside range {low}-{high}")
        return self


class MovePosition(Strict):
    """A named position a mobilizer moves through."""

    name: Line
    cue: Text
    # The spine bends forward at end range here (cat's rounding): left out for osteoporosis
    # (Giangregorio 2014, Too Fit To Fracture), so only the other positions are played.
    flexes_spine: bool = False


class Mobilizer(Strict):
    """How a mobilizer moves: through its positions, a few seconds each."""

    positions: list[MovePosition] = Field(min_length=2)
    seconds_per_position: int = Field(ge=1, le=30)


class Origin(StrEnum):
    """Where a stretch comes from: one of the articles, or supple's own (a safe alternative)."""

    ARTICLE = "article"
    SUPPLE = "supple"


class ModKind(StrEnum):
    EASIER = "easier"
    HARDER = "harder"


class Modification(Strict):
    kind: ModKind
    text: Text


SIDE_PLACEHOLDERS = frozenset({"side", "other"})


def _check_side_note(note: str) -> None:
    """A side note fills in {side} and {other} and nothing else, so the timeline can format it."""
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in Formatter().parse(note)]
    except ValueError as err:
        raise ValueError(f"'side_note' has a stray brace: {err}") from None
    used = {name for name, _, _ in fields if name is not None}
    if not used & SIDE_PLACEHOLDERS:
        raise ValueError("'side_note' must contain {side} or {other}")
    extra = sorted(used - SIDE_PLACEHOLDERS)
    if extra or any(spec or conv for name, spec, conv in fields if name is not None):
        shown = ", ".join("{" + e + "}" for e in extra) or "a format spec"
        raise ValueError(f"'side_note' may only use {{side}} and {{other}}, not {shown}")


# A side named in the text of a one-sided stretch: the player announces the left side first,
# and only the side note says what "left" means for the stretch ("left foot forward").
_SIDE_WORD = re.compile(r"\b(left|right)\b", re.IGNORECASE)


def _check_side_neutral(s: Stretch) -> None:
    """The card of a per-side stretch names no side: "front foot", "crossed leg", "top leg"."""
    texts: list[tuple[str, str]] = [
        ("summary", s.summary),
        ("feel", s.feel),
        ("stop_if", s.stop_if),
    ]
    for field in ("steps", "breathing", "form_cues", "cautions"):
        texts += [(f"{field}[{i}]", t) for i, t in enumerate(getattr(s, field))]
    texts += [(f"modifications[{i}].text", m.text) for i, m in enumerate(s.modifications)]
    if s.mobilizer is not None:
        for i, pos in enumerate(s.mobilizer.positions):
            where = f"mobilizer.positions[{i}]"
            texts += [(f"{where}.name", pos.name), (f"{where}.cue", pos.cue)]
    for where, text in texts:
        found = _SIDE_WORD.search(text)
        if found:
            raise ValueError(
                f"{where} says {found.group()!r}: a per-side stretch is done on both sides, so its"
                " text names no side ('front foot', 'crossed leg'; '90 degrees' for an angle);"
                " the side_note says what each side means"
            )


class Stretch(Strict):
    """One stretch of the library: what it is, how to do it, and where it comes from."""

    id: Slug
    name: Line
    aliases: list[Line] = []
    kind: Kind
    positions: list[Position] = Field(min_length=1)
    equipment: list[Equipment] = []
    per_side: bool
    # What "this side" means for a per-side stretch, with {side} and/or {other} in it:
    # "{side} ankle crossed over the {other} knee". The figure's left pose is its {side}=left.
    side_note: Text | None = None
    hold: Hold
    # Required for a mobilizer; on a hold it means the stretch may also be moved through.
    mobilizer: Mobilizer | None = None
    # The muscles it truly lengthens: what the planner counts. Where an article claims more
    # (a hip-flexor stretch with the hips bent), its claim is kept in article_targets.
    targets: list[Target] = Field(min_length=1)
    article_targets: list[Target] = []
    summary: Text
    # What a beginner should feel (where the pull should be), and when to stop (sharp,
    # shooting or spreading pain, numbness or tingling, and what is particular to the
    # stretch): every card says both.
    feel: Text
    stop_if: Text
    steps: list[Text] = Field(min_length=2)
    # Who wrote the steps: the article, or supple where the article gives only a name, a hold
    # and targets (the card then says the steps are supple's, and 'basis' says what on).
    steps_from: Origin = Origin.ARTICLE
    breathing: list[Text] = Field(min_length=1)
    form_cues: list[Text] = Field(min_length=1)
    cautions: list[Text] = []
    modifications: list[Modification] = []
    variants: list[Slug] = []
    # How the stretch is drawn: a pose per position (per mobilizer position), and props.
    figure: Figure | None = None
    sources: list[Slug] = []
    origin: Origin = Origin.ARTICLE
    # Why supple added a stretch no article has (origin: supple), or where the steps of an
    # article's stretch come from when the article gives none (steps_from: supple).
    basis: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Stretch:
        if self.kind is Kind.MOBILIZER and self.mobilizer is None:
            raise ValueError("a mobilizer needs 'mobilizer' with its positions and pace")
        if self.origin is Origin.ARTICLE and not self.sources:
            raise ValueError("'sources' must name at least one article (or give origin: supple)")
        if self.origin is Origin.SUPPLE and not self.basis:
            raise ValueError("a stretch of supple's own (origin: supple) needs a 'basis' note")
        if self.origin is Origin.SUPPLE and self.steps_from is not Origin.SUPPLE:
            raise ValueError(
                "a stretch of supple's own has supple's steps: give steps_from: supple"
            )
        if self.steps_from is Origin.SUPPLE and not self.basis:
            raise ValueError(
                "steps written by supple (steps_from: supple) need a 'basis' note saying what"
                " the article gives and where the steps come from"
            )
        if self.article_targets and self.origin is Origin.SUPPLE:
            raise ValueError("'article_targets' is an article's claim; this stretch has no article")
        if self.article_targets and set(self.article_targets) == set(self.targets):
            raise ValueError("'article_targets' is only for where the article claims otherwise")
        if self.figure is not None and self.mobilizer is not None:
            posed = {p.name for p in self.figure.poses}
            missing = [p.name for p in self.mobilizer.positions if p.name not in posed]
            if missing:
                raise ValueError(f"figure: no pose for the position(s) {', '.join(missing)}")
        if self.per_side and self.side_note is None:
            raise ValueError("a per-side stretch needs a 'side_note' saying what each side means")
        if not self.per_side and self.side_note is not None:
            raise ValueError("'side_note' is only for a per-side stretch (per_side: true)")
        if self.side_note is not None:
            _check_side_note(self.side_note)
        if self.per_side:
            _check_side_neutral(self)
        if self.id in self.variants:
            raise ValueError("a stretch cannot be a variant of itself")
        for field in (
            "positions",
            "equipment",
            "targets",
            "article_targets",
            "variants",
            "sources",
        ):
            values = getattr(self, field)
            if len(set(values)) != len(values):
                raise ValueError(f"'{field}' lists a value twice")
        return self


class Mode(StrEnum):
    """How a routine step is done: held still, or moved through (a mobilizer)."""

    HOLD = "hold"
    MOBILIZE = "mobilize"


class Step(Strict):
    """One stretch in a routine, with its dose."""

    stretch: Slug
    hold_seconds: int = Field(ge=5, le=MAX_STEP_SECONDS)
    per_side: bool
    mode: Mode = Mode.HOLD
    repetitions: int = Field(default=1, ge=1, le=10)
    note: Text | None = None

    @property
    def work_seconds(self) -> int:
        """Time spent in the stretch itself: every side and repetition, no lead-ins."""
        return self.hold_seconds * (2 if self.per_side else 1) * self.repetitions


class Pacing(Strict):
    """How a session of this routine is paced, when the routine says (a plan timed to its minutes).

    Left out, a figure is the session's default (dose.yaml's warm-up for the article, 5 s to get
    ready, no rest); a person's own choice when they start still wins.
    """

    warmup: bool = True
    warmup_seconds: int | None = Field(default=None, ge=30, le=300)
    lead_in_seconds: int | None = Field(default=None, ge=0, le=60)
    rest_seconds: int | None = Field(default=None, ge=0, le=300)


class Routine(Strict):
    """An ordered program of stretches: the exchange format, also used for built-ins."""

    id: Slug
    title: Line
    source: Slug | None
    description: Text | None = None
    steps: list[Step] = Field(min_length=1, max_length=60)
    pacing: Pacing | None = None


class Advice(Strict):
    """One piece of advice from the articles, in our words, with its sources."""

    id: Slug
    kind: Literal["rule", "frequency", "safety", "posture"]
    title: Line
    text: Text
    sources: list[Slug] = Field(min_length=1)
    guideline: Text | None = None
