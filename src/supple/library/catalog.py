"""The library: every stretch, built-in routine, article and piece of advice, checked."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

from .errors import ContentError, read_data, unknown, validate
from .schema import Advice, Article, Mode, Routine, Stretch
from .vocab import Equipment, Kind, Position, Target

# Offered when a person has not played anything yet: gentle, mostly lying down, and the
# article behind it gives the six rules for stretching safely.
FIRST_ROUTINE = "atlas-spine-ten"


def content_dir() -> Path:
    return Path(str(resources.files("supple") / "content"))


@dataclass(frozen=True)
class Library:
    """Typed, validated content: the one source every other part reads."""

    articles: dict[str, Article]
    stretches: dict[str, Stretch]
    routines: dict[str, Routine]
    advice: tuple[Advice, ...]

    def stretch(self, stretch_id: str) -> Stretch:
        try:
            return self.stretches[stretch_id]
        except KeyError:
            raise LookupError(unknown("stretch", stretch_id, self.stretches)) from None

    def find(
        self,
        targets: frozenset[Target] | None = None,
        position: Position | None = None,
        equipment: Equipment | None = None,
    ) -> list[Stretch]:
        """Stretches matching every filter given (any of the targets)."""
        out = []
        for s in self.stretches.values():
            if targets and not targets.intersection(s.targets):
                continue
            if position and position not in s.positions:
                continue
            if equipment and equipment not in s.equipment:
                continue
            out.append(s)
        return out

    def routine_problems(self, routine: Routine) -> list[str]:
        """What makes a routine unplayable with this library (unknown stretches, bad modes)."""
        problems = []
        for i, step in enumerate(routine.steps):
            where = f"steps[{i}]"
            stretch = self.stretches.get(step.stretch)
            if stretch is None:
                problems.append(
                    f"{where}.stretch: {unknown('stretch', step.stretch, self.stretches)}"
                )
                continue
            if step.mode is Mode.MOBILIZE and stretch.mobilizer is None:
                problems.append(
                    f"{where}.mode: {stretch.id!r} is held still; it has no mobilize form"
                )
            if step.mode is Mode.HOLD and stretch.kind is Kind.MOBILIZER:
                problems.append(f"{where}.mode: {stretch.id!r} is a mobilizer; use mode 'mobilize'")
        return problems

    def source_credit(self, source: str | None) -> str:
        """How a routine's source reads: an article's title and publisher, or the text given."""
        if source is None:
            return "your own"
        article = self.articles.get(source)
        return article.credit if article else source


T = TypeVar("T", Stretch, Routine)


def _load_dir(folder: Path, model: type[T]) -> dict[str, T]:
    """Every file of a folder; all bad files are reported together, not just the first."""
    items: dict[str, T] = {}
    errors: list[ContentError] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            item = validate(model, read_data(path), path)
        except ContentError as err:
            errors.append(err)
            continue
        if item.id != path.stem:
            msg = f"id: {item.id!r} does not match the file name {path.stem!r}"
            errors.append(ContentError(path, [msg]))
        items[item.id] = item
    if errors:
        raise ContentError.combine(errors)
    return items


def _cross_check(lib: Library, root: Path) -> list[str]:
    problems = []
    for s in lib.stretches.values():
        where = root / "stretches" / f"{s.id}.yaml"
        for src in s.sources:
            if src not in lib.articles:
                problems.append(f"{where}: sources: {unknown('article', src, lib.articles)}")
        for v in s.variants:
            other = lib.stretches.get(v)
            if other is None:
                problems.append(f"{where}: variants: {unknown('stretch', v, lib.stretches)}")
            elif s.id not in other.variants:
                problems.append(f"{where}: variants: {v!r} does not list {s.id!r} back")
    for r in lib.routines.values():
        where = root / "routines" / f"{r.id}.yaml"
        problems += [f"{where}: {p}" for p in lib.routine_problems(r)]
        if r.source is not None and r.source not in lib.articles:
            problems.append(f"{where}: source: {unknown('article', r.source, lib.articles)}")
    for a in lib.advice:
        for src in a.sources:
            if src not in lib.articles:
                problems.append(
                    f"{root / 'advice.yaml'}: {a.id}: {unknown('article', src, lib.articles)}"
                )
    return problems


def load_library(root: Path | None = None) -> Library:
    """Read and check every content file; raise ContentError listing all problems."""
    root = root or content_dir()
    articles_data = read_data(root / "articles.yaml") or []
    articles = {
        a.id: a
        for i, d in enumerate(articles_data)
        for a in [validate(Article, d, f"{root / 'articles.yaml'}[{i}]")]
    }
    advice_data = read_data(root / "advice.yaml") or []
    advice = tuple(
        validate(Advice, d, f"{root / 'advice.yaml'}[{i}]") for i, d in enumerate(advice_data)
    )
    stretches = _load_dir(root / "stretches", Stretch)
    routines = _load_dir(root / "routines", Routine)
    lib = Library(
        articles=articles,
        stretches=dict(sorted(stretches.items(), key=lambda kv: kv[1].name.lower())),
        routines=routines,
        advice=advice,
    )
    problems = _cross_check(lib, root)
    if problems:
        raise ContentError.from_lines(problems)
    return lib


@functools.cache
def default_library() -> Library:
    """The package's own content, loaded once per process."""
    return load_library()
