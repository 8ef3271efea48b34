"""Typed dependencies the routes share: the library, the store, the person's own routines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request

from ..library.catalog import Library
from ..library.exchange import OwnRoutines

if TYPE_CHECKING:
    from ..store.db import Store


def get_library(request: Request) -> Library:
    lib: Library = request.app.state.library
    return lib


def get_store(request: Request) -> Store:
    store: Store = request.app.state.open_store()
    return store


def get_own(request: Request) -> OwnRoutines:
    own: OwnRoutines = request.app.state.own
    return own


LibraryDep = Annotated[Library, Depends(get_library)]
StoreDep = Annotated["Store", Depends(get_store)]
OwnDep = Annotated[OwnRoutines, Depends(get_own)]
