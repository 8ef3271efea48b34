"""The routine exchange format, and the person's own routines kept in their data folder."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Literal

import yaml

from .catalog import Library
from .errors import ContentError, read_data, unknown, validate
from .schema import Routine

Format = Literal["json", "yaml"]


def to_exchange(routine: Routine) -> dict[str, Any]:
    """The exchange form: every field, defaults included, so import gives the same routine."""
    return routine.model_dump(mode="json")


def dumps(routine: Routine, fmt: Format = "json") -> str:
    data = to_exchange(routine)
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def parse(path: Path, library: Library) -> Routine:
    """Read an exchange file, checking its schema and that every stretch exists."""
    routine = validate(Routine, read_data(path), path)
    problems = library.routine_problems(routine)
    if problems:
        raise ContentError(path, problems)
    return routine


def routines_dir(home: Path) -> Path:
    folder = home / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class RoutineExists(Exception):
    """Saving would overwrite a routine that is already there."""


class OwnRoutines:
    """The person's own routines: one JSON file each under <home>/routines."""

    def __init__(self, home: Path, library: Library) -> None:
        self.folder = routines_dir(home)
        self.library = library

    def path(self, routine_id: str) -> Path:
        return self.folder / f"{routine_id}.json"

    def load(self) -> tuple[dict[str, Routine], list[ContentError]]:
        """Every readable own routine, and what was wrong with any that are not."""
        found: dict[str, Routine] = {}
        bad: list[ContentError] = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                routine = parse(path, self.library)
            except ContentError as err:
                bad.append(err)
                continue
            found[routine.id] = routine
        return found, bad

    def save(self, routine: Routine, replace: bool = False) -> Path:
        """Write atomically: a crash mid-write leaves the old file whole."""
        if routine.id in self.library.routines:
            raise RoutineExists(
                f"{routine.id!r} is a built-in routine; import it under another id with --id"
            )
        target = self.path(routine.id)
        if target.exists() and not replace:
            raise RoutineExists(
                f"you already have a routine {routine.id!r}; add --replace to overwrite it"
            )
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(dumps(routine, "json"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def delete(self, routine_id: str) -> None:
        path = self.path(routine_id)
        if not path.exists():
            raise LookupError(unknown("routine of yours", routine_id, self.load()[0]))
        path.unlink()


def all_routines(library: Library, own: OwnRoutines) -> dict[str, Routine]:
    """Built-in routines first, then the person's own."""
    mine, _ = own.load()
    return {**library.routines, **mine}


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def find_routine(library: Library, own: OwnRoutines, routine_id: str) -> Routine:
    """A built-in routine, or one of the person's own (reading only its file)."""
    if routine_id in library.routines:
        return library.routines[routine_id]
    # Only a slug can name a file: anything else (a "../", a slash) is simply unknown.
    path = own.path(routine_id) if SLUG.match(routine_id) else None
    if path is not None and path.is_file():
        return parse(path, library)
    raise LookupError(unknown("routine", routine_id, all_routines(library, own)))
