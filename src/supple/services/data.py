"""The person's data as theirs: export it all, import it into an empty home, erase it all.

Health data is special-category data. What supple keeps about a person (sessions and their
phases, pain, hurts, flags, screenings, the weekly pain and PSFS checks, profile, settings,
own routines) goes out as one
versioned JSON document (data_doc.py) and comes back exactly; erasing leaves nothing of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..library.errors import field_path
from ..library.exchange import OwnRoutines, to_exchange
from ..profile import PROFILE_KEY, ProfileError, parse_profile
from .data_doc import FORMAT, VERSION, DataDocument
from .errors import Conflict, Invalid

if TYPE_CHECKING:
    from ..store.db import Store

# Everything supple writes in a home; erasing removes these and leaves anything else.
DATABASE = ("supple.db", "supple.db-wal", "supple.db-shm", "supple.db-journal")
ROUTINES = "routines"
RUNTIME = "server.json"  # a running `supple serve`'s address and token


@dataclass(frozen=True)
class Held:
    """How much supple holds about the person: what an import restored, or an erase removed."""

    sessions: int
    phases: int
    hurts: int
    flags: int
    screenings: int
    settings: int  # meta values, the profile among them
    routines: int
    weekly_pain: int = 0  # weekly usual pain scores
    psfs: int = 0  # PSFS checks
    reminders: int = 0  # reminders shown and answered

    def words(self) -> str:
        """'3 sessions, 1 screening, 2 settings'; 'nothing'."""
        from ..words import plural

        parts = [
            plural(n, word, many)
            for n, word, many in (
                (self.sessions, "session", None),
                (self.weekly_pain, "weekly pain score", None),
                (self.psfs, "activity check", None),
                (self.reminders, "reminder answered", "reminders answered"),
                (self.screenings, "screening", None),
                (self.flags, "flag", None),
                (self.routines, "routine of yours", "routines of yours"),
                (self.settings, "setting", None),
            )
            if n
        ]
        return ", ".join(parts) or "nothing"

    @property
    def empty(self) -> bool:
        return not any(vars(self).values())


def summary(doc: Mapping[str, Any]) -> Held:
    """How much an exported document holds."""
    sessions = doc["sessions"]
    return Held(
        sessions=len(sessions),
        phases=sum(len(s["phases"]) for s in sessions),
        hurts=sum(len(s["hurts"]) for s in sessions),
        flags=len(doc["flags"]),
        screenings=len(doc["screenings"]),
        settings=len(doc["meta"]) + (doc["profile"] is not None) + bool(doc.get("reminders")),
        routines=len(doc["routines"]),
        weekly_pain=len(doc.get("weekly_pain", [])),
        psfs=len(doc.get("psfs", [])),
        reminders=len(doc.get("reminder_events", [])),
    )


def held(store: Store, own: OwnRoutines) -> Held:
    """What the store and the routines folder hold now."""
    from ..store.dump import counts

    rows = counts(store)
    return Held(
        sessions=rows["sessions"],
        phases=rows["phases"],
        hurts=rows["hurts"],
        flags=rows["flags"],
        screenings=rows["screenings"],
        settings=rows["meta"] + rows["reminder_settings"],
        routines=sum(map(len, own.load())),  # damaged files count: they are there
        weekly_pain=rows["weekly_pain"],
        psfs=rows["psfs_assessments"],
        reminders=rows["reminder_events"],
    )


def export(store: Store, own: OwnRoutines, now: datetime | None = None) -> dict[str, Any]:
    """Everything supple holds about the person, as one JSON-ready document (version 3)."""
    from ..store.dump import read_all

    rows = read_all(store)
    meta: dict[str, str] = rows["meta"]
    profile = None
    if meta.get(PROFILE_KEY):
        try:
            profile = parse_profile(meta[PROFILE_KEY]).model_dump(mode="json")
            del meta[PROFILE_KEY]
        except ProfileError:
            pass  # unreadable: it goes out as it was stored, in meta
    mine, bad = own.load()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _time(now or datetime.now(UTC)),
        "profile": profile,
        "meta": meta,
        "sessions": [
            {
                **_times(s),
                "phases": [_times(p) for p in s["phases"]],
                "hurts": [_times(h) for h in s["hurts"]],
            }
            for s in rows["sessions"]
        ],
        "flags": [_times(f) for f in rows["flags"]],
        "screenings": [_times(s) for s in rows["screenings"]],
        "routines": [to_exchange(r) for r in mine.values()],
        "weekly_pain": [{**_times(w), "week": w["week"].isoformat()} for w in rows["weekly_pain"]],
        "psfs": [{"taken_at": _time(c["taken_at"]), "ratings": c["ratings"]} for c in rows["psfs"]],
        "reminders": _times(rows["reminders"]) if rows["reminders"] else None,
        "reminder_events": [_times(e) for e in rows["reminder_events"]],
        # A damaged routine file cannot be read, so it cannot go out: say so in the file.
        "left_out": [str(err) for err in bad],
    }


def _time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _times(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _time(v) if isinstance(v, datetime) else v for k, v in row.items()}


def read_document(data: Any) -> DataDocument:
    """A document checked against the schema; Invalid naming each bad field if it is not."""
    if not isinstance(data, dict):
        raise Invalid([f"expected a JSON object, got {type(data).__name__}"])
    try:
        return DataDocument.model_validate(data)
    except ValidationError as err:
        raise Invalid(_problems(err)) from None


def _problems(err: ValidationError) -> list[str]:
    out = []
    for e in err.errors(include_url=False):
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        elif e["type"] == "missing":
            msg = "required field is missing"
        out.append(f"{field_path(e['loc'])}: {msg}" if e["loc"] else msg)
    return out


def import_into(store: Store, own: OwnRoutines, doc: Any) -> Held:
    """Restore an export into an empty home; Conflict if the home holds anything already."""
    checked = doc if isinstance(doc, DataDocument) else read_document(doc)
    problems = []
    for n, routine in enumerate(checked.routines):
        if routine.id in own.library.routines:
            problems.append(f"routines[{n}].id: {routine.id!r} is a built-in routine's id")
        problems += [f"routines[{n}]: {p}" for p in own.library.routine_problems(routine)]
    if problems:
        raise Invalid(problems)
    there = held(store, own)
    if not there.empty:
        raise Conflict(
            f"this home already holds {there.words()}: import restores into an empty one only "
            "(erase it first, or set SUPPLE_HOME to a new folder)"
        )
    from ..store.dump import write_all

    meta = dict(checked.meta)
    if checked.profile is not None:
        meta[PROFILE_KEY] = checked.profile.model_dump_json()
    rows = checked.model_dump(include={"sessions", "flags", "screenings", "weekly_pain", "psfs"})
    rows["reminder_events"] = [e.model_dump() for e in checked.reminder_events]
    if checked.reminders is not None:
        rows["reminders"] = {
            "schedule": checked.reminders.schedule.model_dump(mode="json"),
            "updated_at": checked.reminders.updated_at,
        }
    written: list[Path] = []
    try:
        for routine in checked.routines:
            written.append(own.save(routine))
        write_all(store, {**rows, "meta": meta})
    except BaseException:
        for path in written:  # all or nothing: the home was empty, so it is again
            path.unlink(missing_ok=True)
        raise
    return held(store, own)


def supple_files(home: Path) -> list[str]:
    """The names in home that supple wrote (its database, your routines, a server's file)."""
    names = (*DATABASE, ROUTINES, RUNTIME)
    return [n for n in names if (home / n).exists() or (home / n).is_symlink()]


def erase(home: Path) -> list[str]:
    """Remove everything supple keeps in home; the store must not be open. What went.

    Files supple did not write are left, and the folder too if any remain.
    """
    removed = supple_files(home)
    for name in removed:
        path = home / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    with contextlib.suppress(OSError):
        home.rmdir()  # only if nothing else is left in it
    return removed


def erase_in_use(store: Store, own: OwnRoutines, home: Path) -> Held:
    """Erase while a server holds the store open: its rows wiped, own routines removed.

    The database file stays, as a new one would be; what it held is overwritten. The
    routines folder stays too (the server writes into it), emptied.
    """
    from ..store.dump import wipe

    there = held(store, own)
    wipe(store)
    folder = home / ROUTINES
    for path in folder.iterdir() if folder.is_dir() else ():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return there


def server_running(home: Path) -> int | None:
    """The process id of a `supple serve` using home, if one seems to be running."""
    try:
        pid = json.loads((home / RUNTIME).read_text(encoding="utf-8"))["pid"]
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return None  # left behind by a server that was killed
    except PermissionError:
        return int(pid)  # someone else's process: running, at least
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return int(pid)
