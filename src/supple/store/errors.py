"""Why the store cannot be used, in one line that names the file and says what to do.

Kept free of SQLAlchemy, so the command line and the web app can catch it cheaply.
"""

from __future__ import annotations

from typing import Literal

# damaged: SQLite finds the file corrupt (or not a database at all); newer: a later supple
# wrote it; read_only: the file or its folder cannot be written; full: the disk is full.
Kind = Literal["damaged", "newer", "read_only", "full"]


class StoreUnavailable(Exception):
    """The person's database cannot be opened or written; the message says why and what to do.

    Nothing is changed when this is raised: a damaged or newer file is never migrated,
    recreated or written to.
    """

    def __init__(self, kind: Kind, where: str, detail: str = "") -> None:
        self.kind: Kind = kind
        self.where = where
        self.detail = detail
        super().__init__(_message(kind, where, detail))


def _message(kind: Kind, where: str, detail: str) -> str:
    because = f" ({detail})" if detail else ""
    if kind == "damaged":
        return (
            f"{where} is damaged{because}, so supple will not write to it. Copy it somewhere "
            "safe, then move it aside (or run `supple data erase`) to start afresh."
        )
    if kind == "newer":
        return (
            f"{where} was written by a newer supple{because}. Update supple to use it; "
            "nothing in it was changed."
        )
    if kind == "read_only":
        return (
            f"supple cannot write to {where}{because}. Make it writable for your user, or "
            "set SUPPLE_HOME to a folder you can write to."
        )
    return (
        f"The disk holding {where} is full{because}: nothing more can be saved. Free some "
        "space and try again; what was saved before is kept."
    )
