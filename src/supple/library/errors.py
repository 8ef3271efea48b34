"""Reading data files with messages that name the file, the field and what is wrong."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode
from yaml.resolver import Resolver

M = TypeVar("M", bound=BaseModel)

# A person's file is read with limits: no data file of supple's comes near them, and a
# hostile one (a 9-line nest of aliases expands to billions of values) must fail at once.
MAX_BYTES = 1024 * 1024
MAX_ALIASES = 100
MAX_VALUES = 1_000_000  # every value counted as often as aliases repeat it


class TooBig(yaml.YAMLError):
    """A YAML document past the limits, found while its nodes are composed."""


class _Limited(Composer):
    """Counts aliases, and the values the document would hold with every alias expanded."""

    def __init__(self) -> None:
        Composer.__init__(self)
        self._aliases = 0
        self._sizes: dict[int, int] = {}  # id(node) -> values under it, aliases expanded

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        alias = self.check_event(AliasEvent)  # type: ignore[attr-defined]  # the parser's
        if alias:
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise TooBig(f"it has more than {MAX_ALIASES} aliases (*name)")
        node = super().compose_node(parent, index)
        if node is None or id(node) in self._sizes:
            return node
        if alias:
            raise TooBig("an alias (*name) refers to a value it is part of")
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._sizes[id(child)] for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        if size > MAX_VALUES:
            raise TooBig(
                f"it would hold more than {MAX_VALUES:,} values once its aliases (*name) "
                "are expanded"
            )
        self._sizes[id(node)] = size
        return node


def _limited_loader() -> type:
    """YAML's safe loader under the counting composer."""
    try:
        # libyaml's parser is several times faster, and content is read before a first frame.
        from yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:

        class PyLoader(_Limited, yaml.SafeLoader):
            def __init__(self, stream: str) -> None:
                yaml.SafeLoader.__init__(self, stream)
                _Limited.__init__(self)

        return PyLoader

    class CLoader(_Limited, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Limited.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return CLoader


SafeLoader: type = _limited_loader()


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


def _size_words(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """A file's text, refused before reading when it is larger than any data file should be."""
    too_big = f"is too big to be a supple file ({{}}; the limit is {_size_words(limit)})"
    try:
        size = path.stat().st_size
        if size > limit:
            raise ContentError(path, [too_big.format(_size_words(size))])
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # a pipe or a device says nothing of its size
    except OSError as err:
        raise ContentError(path, [f"cannot be read: {err}"]) from err
    if len(data) > limit:
        raise ContentError(path, [too_big.format(f"more than {_size_words(limit)}")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ContentError(path, [f"cannot be read: not UTF-8 text ({err})"]) from err


def read_data(path: Path) -> Any:
    """Parse a YAML or JSON file, within limits; a syntax error becomes a ContentError."""
    return parse_data(read_text(path), path, as_json=path.suffix.lower() == ".json")


def parse_data(text: str, source: str | Path, *, as_json: bool = False) -> Any:
    """Parse YAML (or JSON) text, within the same limits as a file; errors name `source`."""
    try:
        if as_json:
            return json.loads(text)
        return yaml.load(text, Loader=SafeLoader)
    except json.JSONDecodeError as err:
        raise ContentError(source, [f"line {err.lineno}: not valid JSON: {err.msg}"]) from err
    except TooBig as err:
        raise ContentError(source, [f"refused: {err}"]) from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise ContentError(source, [f"{where}not valid YAML: {err}"]) from err
    except RecursionError:
        raise ContentError(source, ["refused: its values are nested too deeply"]) from None


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
