"""Where the person's own data lives, kept to them alone: the folder 0700, its files 0600."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

import platformdirs

from .store.errors import StoreUnavailable

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def user_dir() -> Path:
    """SUPPLE_HOME if set, else the platform's user data folder; created on first use."""
    env = os.environ.get("SUPPLE_HOME")
    path = Path(env) if env else Path(platformdirs.user_data_dir("supple", appauthor=False))
    return private_folder(path)


def private_folder(path: Path) -> Path:
    """path as a folder only its owner may enter: created 0700, and a looser one tightened."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    except OSError as err:
        raise unwritable(path, err) from None
    tighten(path, FOLDER_MODE)
    return path


def tighten(path: Path, most: int) -> None:
    """Take away any permission beyond `most` (POSIX only); never adds one."""
    if os.name != "posix":
        return  # Windows keeps a user's data folder private by its own ACLs
    try:
        found = path.stat()
    except OSError:
        return
    # Someone else's file, or a shared folder (the sticky bit, as /tmp has): not ours to
    # change, even when SUPPLE_HOME points there.
    if found.st_uid != os.geteuid() or found.st_mode & stat.S_ISVTX:
        return
    mode = stat.S_IMODE(found.st_mode)
    if mode & ~most:
        with contextlib.suppress(OSError):
            path.chmod(mode & most)


def unwritable(path: Path, err: OSError) -> StoreUnavailable:
    """An OSError met creating or writing path, as the one-line store error."""
    if err.errno == errno.ENOSPC:
        return StoreUnavailable("full", str(path))
    return StoreUnavailable("read_only", str(path), err.strerror or str(err))
