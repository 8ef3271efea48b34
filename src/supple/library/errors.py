"""Reading data files with messages that name the file, the field and what is wrong."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

# libyaml's loader is several times faster, and loading content is on the path to a first frame.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """A data file that cannot be used, with every problem found in it."""

    def __init__(self, source: str | Path, problems: list[str]) -> None:
        self.source = str(source)
        self.problems = problems
        self.lines = [f"{self.source}: {p}" for p in problems]
        super().__init__("\n".join(self.lines))

    @classmethod
    def from_lines(cls, lines: list[str]) -> ContentError:
        """An error from lines that already name their own files."""
        err = cls("", [])
        err.lines = lines
        err.args = ("\n".join(lines),)
        return err

    @classmethod
    def combine(cls, errors: list[ContentError]) -> ContentError:
        """One error carrying the lines of several."""
        return cls.from_lines([line for e in errors for line in e.lines])


def read_data(path: Path) -> Any:
    """Parse a YAML or JSON file; a syntax error becomes a ContentError with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ContentError(path, [f"cannot be read: {err}"]) from err
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=SafeLoader)
    except json.JSONDecodeError as err:
        raise ContentError(path, [f"line {err.lineno}: not valid JSON: {err.msg}"]) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ContentError(path, [f"{where}not valid YAML: {err}"]) from err


def field_path(loc: Iterable[int | str]) -> str:
    """('steps', 2, 'stretch') -> 'steps[2].stretch'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validate(model: type[M], data: Any, source: str | Path) -> M:
    """Validate data against a schema; every failure is named by field and value."""
    if not isinstance(data, dict):
        raise ContentError(source, [f"expected a mapping of fields, got {type(data).__name__}"])
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = []
        for e in err.errors(include_url=False):
            msg = e["msg"]
            if e["type"] == "extra_forbidden":
                msg = "unknown field"
            elif e["type"] == "missing":
                msg = "required field is missing"
            value = "" if e["type"] == "missing" else f" (got {_shown(e['input'])})"
            problems.append(f"{field_path(e['loc'])}: {msg}{value}")
        raise ContentError(source, problems) from None


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The nearest known ids to a mistyped one."""
    choices = list(choices)
    found = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if not found:
        found = [c for c in choices if word in c or c in word][:n]
    return found


def unknown(kind: str, word: str, choices: Iterable[str]) -> str:
    """'unknown stretch 'x'; did you mean: a, b?'"""
    near = closest(word, choices)
    hint = f"; did you mean: {', '.join(near)}?" if near else ""
    return f"unknown {kind} {word!r}{hint}"
