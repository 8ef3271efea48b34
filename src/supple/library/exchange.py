"""The routine exchange format, and the person's own routines kept in their data folder."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import yaml

from .catalog import Library
from .errors import ContentError, read_data, unknown, validate
from .schema import Routine

Format = Literal["json", "yaml"]

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID = 64  # as the schema's Slug
# A save writes a temp file, then moves it into place. Its name never matches the loader's
# "*.json", so a crash mid-write leaves nothing that reads as a routine.
TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
# A temp file older than this is a crash's leftover; a younger one may be another process
# still writing, so it is left alone.
STALE_SECONDS = 300
LOCK_FILE = ".lock"


def to_exchange(routine: Routine) -> dict[str, Any]:
    """The exchange form: every field, defaults included, so import gives the same routine.

    A routine with no pacing of its own (every built-in) leaves the field out rather than
    writing `pacing: null` into a file a person may edit.
    """
    data = routine.model_dump(mode="json")
    if data["pacing"] is None:
        del data["pacing"]
    return data


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
    """<home>/routines, readable by the person alone."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = home / "routines"
    folder.mkdir(mode=0o700, exist_ok=True)
    with contextlib.suppress(OSError):  # a folder of someone else's: it is theirs to set
        if folder.stat().st_mode & 0o077:
            folder.chmod(0o700)
    return folder


def is_id(routine_id: str) -> bool:
    """Only an id can name a file: anything else (a "../", a slash) is simply unknown."""
    return len(routine_id) <= MAX_ID and SLUG.match(routine_id) is not None


class RoutineExists(Exception):
    """Saving would overwrite a routine that is already there (each face says what to do)."""

    def __init__(self, routine_id: str, built_in: bool = False) -> None:
        self.routine_id = routine_id
        self.built_in = built_in
        if built_in:
            super().__init__(f"{routine_id!r} is a built-in routine")
        else:
            super().__init__(f"you already have a routine {routine_id!r}")


class NoSuchRoutine(LookupError):
    """The person has no routine of that id."""


class Unwritable(Exception):
    """The routines folder cannot be written (read-only, a full disk): nothing was changed."""

    def __init__(self, folder: Path, err: OSError) -> None:
        self.full = err.errno == errno.ENOSPC
        why = "the disk is full" if self.full else (err.strerror or str(err)).lower()
        super().__init__(f"{folder} cannot be written ({why}); nothing was changed")


class DamagedRoutine(ContentError, LookupError):
    """One of the person's routine files that cannot be used: shown as damaged, never played.

    A LookupError too, so a face that only knows "not found" still answers with the reason.
    """

    def __init__(self, routine_id: str, path: Path, problems: list[str]) -> None:
        super().__init__(path, problems)
        self.routine_id = routine_id
        self.path = path
        self.args = (f"your routine {routine_id!r} is damaged: {self.reason} ({path})",)

    @property
    def reason(self) -> str:
        return "; ".join(self.problems)


# One lock per routine file, shared by every OwnRoutines of this process (the web app's
# request threads); a lock on the folder's lock file keeps other processes out too.
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    if sys.platform == "win32":  # no flock: the in-process lock only
        yield
        return
    import fcntl

    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # which lets the lock go


def _sync_folder(folder: Path) -> None:
    """A rename lasts through a power cut only once the folder is written too (POSIX)."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class OwnRoutines:
    """The person's own routines: one JSON file each under <home>/routines."""

    def __init__(self, home: Path, library: Library) -> None:
        self.home = home
        self.folder = home / "routines"
        self.library = library
        with contextlib.suppress(OSError):  # a read-only home can still be read; a save says why
            routines_dir(home)
            self._tidy()

    def path(self, routine_id: str) -> Path:
        if not is_id(routine_id):
            raise NoSuchRoutine(f"you have no routine {routine_id!r}")
        return self.folder / f"{routine_id}.json"

    def _tidy(self) -> None:
        """Remove the temp files a crash left behind; keep every routine file private."""
        now = time.time()
        for path in self.folder.glob(f"{TEMP_PREFIX}*"):
            with contextlib.suppress(OSError):  # gone already, or not ours to remove
                if now - path.stat().st_mtime > STALE_SECONDS:
                    path.unlink()
        for path in self._files():
            with contextlib.suppress(OSError):
                if path.stat().st_mode & 0o077:
                    path.chmod(0o600)

    def _files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.json") if not p.name.startswith("."))

    def ids(self) -> list[str]:
        """The ids of every routine file, damaged ones included, without reading them."""
        return [p.stem for p in self._files()]

    def _read(self, path: Path) -> Routine:
        """One routine file; DamagedRoutine if it cannot be used, FileNotFoundError if gone."""
        routine_id = path.stem
        try:
            routine = parse(path, self.library)
        except ContentError as err:
            if isinstance(err.__cause__, FileNotFoundError):
                raise err.__cause__ from None
            raise DamagedRoutine(routine_id, path, err.problems) from None
        if not is_id(routine_id):
            msg = "the file name is not an id (lowercase words joined by hyphens)"
            raise DamagedRoutine(routine_id, path, [msg])
        if routine.id != routine_id:
            msg = f"id: {routine.id!r} does not match the file name {routine_id!r}"
            raise DamagedRoutine(routine_id, path, [msg])
        if routine.id in self.library.routines:
            msg = f"id: {routine.id!r} is a built-in routine's; give it another id"
            raise DamagedRoutine(routine_id, path, [msg])
        return routine

    def load(self) -> tuple[dict[str, Routine], list[DamagedRoutine]]:
        """Every readable own routine, and what was wrong with any that are not."""
        found: dict[str, Routine] = {}
        bad: list[DamagedRoutine] = []
        for path in self._files():
            try:
                routine = self._read(path)
            except FileNotFoundError:  # deleted since the folder was listed
                continue
            except DamagedRoutine as err:
                bad.append(err)
                continue
            found[routine.id] = routine
        return found, bad

    def get(self, routine_id: str) -> Routine | None:
        """One own routine, None if there is no such file; DamagedRoutine if it is unusable."""
        if not is_id(routine_id):
            return None
        try:
            return self._read(self.path(routine_id))
        except FileNotFoundError:
            return None

    @contextlib.contextmanager
    def locked(self, routine_id: str) -> Iterator[None]:
        """Held around every change to one routine's file, so changes happen one at a time."""
        path = self.path(routine_id)
        with _locks_guard:
            lock = _locks.setdefault(path, threading.Lock())
        with lock, _folder_lock(self.folder):
            yield

    def save(self, routine: Routine, replace: bool = False, must_exist: bool = False) -> Path:
        """Check it, then write it whole: under a new id only, unless replace is asked.

        must_exist: only replace (an edit), never create. A crash mid-write leaves the old
        file whole and no routine half-written.
        """
        if routine.id in self.library.routines:
            raise RoutineExists(routine.id, built_in=True)
        problems = self.library.routine_problems(routine)
        if problems:
            raise ContentError(f"routine {routine.id!r}", problems)
        target = self.path(routine.id)
        try:
            routines_dir(self.home)
            with self.locked(routine.id):
                there = target.exists()
                if must_exist and not there:
                    raise NoSuchRoutine(f"you have no routine {routine.id!r}")
                if there and not replace:
                    raise RoutineExists(routine.id)
                tmp = self._write_temp(routine)
                try:
                    if replace:
                        os.replace(tmp, target)
                    else:
                        self._create(tmp, target)
                finally:
                    tmp.unlink(missing_ok=True)
                _sync_folder(self.folder)
        except OSError as err:
            raise Unwritable(self.folder, err) from err
        return target

    def _write_temp(self, routine: Routine) -> Path:
        fd, name = tempfile.mkstemp(dir=self.folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        try:  # mkstemp makes it 0600
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(dumps(routine, "json"))
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return Path(name)

    @staticmethod
    def _create(tmp: Path, target: Path) -> None:
        """Put tmp in place only if target does not exist (also for a writer without the lock)."""
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise RoutineExists(target.stem) from None
        except OSError:  # a file system without hard links: the lock is all there is
            if target.exists():
                raise RoutineExists(target.stem) from None
            os.replace(tmp, target)

    def delete(self, routine_id: str) -> None:
        path = self.path(routine_id)
        if not path.exists():  # before the lock: a missing folder cannot take a lock file
            raise NoSuchRoutine(unknown("routine of yours", routine_id, self.ids()))
        try:
            with self.locked(routine_id):
                path.unlink()
        except FileNotFoundError:  # deleted by someone else while this waited
            raise NoSuchRoutine(unknown("routine of yours", routine_id, self.ids())) from None
        except OSError as err:
            raise Unwritable(self.folder, err) from err


def all_routines(library: Library, own: OwnRoutines) -> dict[str, Routine]:
    """Built-in routines first, then the person's own."""
    mine, _ = own.load()
    return {**library.routines, **mine}


def find_routine(library: Library, own: OwnRoutines, routine_id: str) -> Routine:
    """A built-in routine, or one of the person's own (reading only its file).

    LookupError if there is none; DamagedRoutine (a LookupError) if its file is unusable.
    """
    if routine_id in library.routines:
        return library.routines[routine_id]
    found = own.get(routine_id)
    if found is not None:
        return found
    message = unknown("routine", routine_id, all_routines(library, own))
    if "did you mean" not in message:
        message += " (your routines and the built-in ones are listed by `supple routines`)"
    raise LookupError(message)
