"""How much: rounds, longer holds and the warm-up, read from content/dose.yaml.

Each figure there is marked as an article's (basis: source) or as a default of supple's with
the guideline it follows; the timeline reads them from here.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from pydantic import Field, model_validator

from .library.errors import read_data, validate
from .library.schema import Basis, Slug, Strict, Text


class Rounds(Strict):
    """How many times each stretch is done: the person's choice."""

    choices: list[int] = Field(min_length=1)
    default: int
    basis: Basis
    guideline: Text
    advice: Text

    @model_validator(mode="after")
    def _check(self) -> Rounds:
        if self.default not in self.choices:
            raise ValueError(f"default {self.default} is not one of the choices")
        return self


class OlderHold(Strict):
    """The hold offered to an older adult."""

    seconds: int = Field(ge=30, le=60)  # ACSM's range for older adults
    basis: Basis
    guideline: Text
    advice: Text


class ArticleWarmup(Strict):
    """The warm-up an article asks for."""

    seconds: int = Field(ge=30, le=300)
    basis: Basis
    note: Text


class Warmup(Strict):
    seconds: int = Field(ge=30, le=300)
    basis: Basis
    guideline: Text
    articles: dict[Slug, ArticleWarmup] = {}

    def for_source(self, source: str | None) -> int:
        """The warm-up of a routine from this article (None: a routine of no article)."""
        found = self.articles.get(source or "")
        return found.seconds if found else self.seconds


class Dose(Strict):
    rounds: Rounds
    older_hold: OlderHold
    warmup: Warmup

    @model_validator(mode="after")
    def _check(self) -> Dose:
        for name in ("rounds", "older_hold", "warmup"):
            part = getattr(self, name)
            if part.basis is Basis.DEFAULT and not part.guideline:
                raise ValueError(f"{name}: a default must name the guideline it follows")
        return self


def dose_path() -> Path:
    return Path(str(resources.files("supple").joinpath("content", "dose.yaml")))


@functools.cache
def dose() -> Dose:
    """content/dose.yaml, checked; read once per process."""
    path = dose_path()
    return validate(Dose, read_data(path), path)
