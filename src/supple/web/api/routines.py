"""/api/routines: built-in and own routines, the exchange format, and timelines."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from ...library.errors import ContentError, parse_data, validate
from ...library.exchange import (
    DamagedRoutine,
    NoSuchRoutine,
    RoutineExists,
    Unwritable,
    all_routines,
    dumps,
    find_routine,
)
from ...library.present import routine_summary
from ...library.schema import Routine
from ...services.person import person_of
from ...services.sessions import chosen_options, prepare
from ...timeline import Options, Timeline, build_timeline
from ..deps import LibraryDep, OwnDep, StoreDep
from .problems import CONFLICT, NOT_FOUND

router = APIRouter(tags=["routines"])


class RoutineCard(BaseModel):
    """A routine in a list: `supple routines --json` gives the same fields."""

    id: str
    title: str
    source: str | None
    source_title: str | None
    built_in: bool
    steps: int
    work_seconds: int


class RoutinePublic(Routine):
    """A routine in the exchange format, with what a page shows beside it."""

    total_seconds: float  # as a session with the default options
    work_seconds: int
    built_in: bool
    source_title: str | None
    stretch_names: dict[str, str]


def _find(routine_id: str, library: LibraryDep, own: OwnDep) -> Routine:
    try:
        return find_routine(library, own, routine_id)
    except DamagedRoutine as err:  # there, but its file cannot be used: say why
        raise HTTPException(422, str(err)) from None
    except LookupError as err:
        raise HTTPException(404, str(err)) from None


def _save(routine: Routine, own: OwnDep, replace: bool, must_exist: bool = False) -> None:
    """Every write: checked (422), exclusive unless replacing (409), one at a time per id."""
    try:
        own.save(routine, replace=replace, must_exist=must_exist)
    except ContentError as err:
        raise HTTPException(422, err.problems) from None
    except NoSuchRoutine as err:
        raise HTTPException(404, str(err)) from None
    except RoutineExists as err:
        hint = "save a copy under another id" if err.built_in else "replace=true overwrites it"
        raise HTTPException(409, f"{err}; {hint}") from None
    except Unwritable as err:
        raise HTTPException(507 if err.full else 503, str(err)) from None


@router.get("/routines")
def list_routines(library: LibraryDep, own: OwnDep) -> list[RoutineCard]:
    """Built-in routines, then the person's own."""
    return [
        RoutineCard.model_validate(routine_summary(r, library))
        for r in all_routines(library, own).values()
    ]


@router.get("/routines/{routine_id}", responses=NOT_FOUND)
def get_routine(routine_id: str, library: LibraryDep, own: OwnDep) -> RoutinePublic:
    """A routine in the exchange format, with its total time as a session (default options)."""
    r = _find(routine_id, library, own)
    total = build_timeline(r, library).total_seconds
    names = {s.stretch: library.stretches[s.stretch].name for s in r.steps}
    return RoutinePublic(
        **r.model_dump(),
        total_seconds=total,
        work_seconds=sum(s.work_seconds for s in r.steps),
        built_in=r.id in library.routines,
        source_title=library.source_credit(r.source),
        stretch_names=names,
    )


@router.get(
    "/routines/{routine_id}/export",
    response_class=Response,
    responses={
        200: {
            "description": "The exchange file, as JSON or YAML (format=yaml).",
            "content": {"application/json": {}, "application/yaml": {}},
        },
        **NOT_FOUND,
    },
)
def export_routine(
    routine_id: str, library: LibraryDep, own: OwnDep, format: Literal["json", "yaml"] = "json"
) -> Response:
    """The exchange file, to download."""
    r = _find(routine_id, library, own)
    media = "application/yaml" if format == "yaml" else "application/json"
    return Response(
        dumps(r, format),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{r.id}.{format}"'},
    )


@router.post("/routines", status_code=201, responses=CONFLICT)
def create_routine(
    routine: Routine, library: LibraryDep, own: OwnDep, replace: bool = False
) -> RoutineCard:
    """Keep a new routine of the person's own (also how an exchange file is imported).

    An id already used is a 409, unless replace=true.
    """
    _save(routine, own, replace=replace)
    return RoutineCard.model_validate(routine_summary(routine, library))


YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")


@router.post(
    "/routine-files",
    status_code=201,
    responses=CONFLICT,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/yaml": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "string"}},
            },
        }
    },
)
async def import_routine(
    request: Request, library: LibraryDep, own: OwnDep, replace: bool = False
) -> RoutineCard:
    """Keep a routine from an exchange file's text, YAML or JSON, read as `supple routine
    import` reads a file: every problem named by field (422); an id in use is a 409."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in (*YAML_TYPES, "application/json"):
        raise HTTPException(415, "send the file's text as application/yaml or application/json")
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(422, "the file is not UTF-8 text") from None
    try:
        data = parse_data(text, "the file", as_json=kind == "application/json")
        routine = validate(Routine, data, "the file")
    except ContentError as err:
        raise HTTPException(422, err.problems) from None
    await run_in_threadpool(_save, routine, own, replace)
    return RoutineCard.model_validate(routine_summary(routine, library))


@router.put("/routines/{routine_id}", responses={**NOT_FOUND, **CONFLICT})
def replace_routine(
    routine_id: str, routine: Routine, library: LibraryDep, own: OwnDep
) -> RoutineCard:
    """Change one of the person's own routines (its steps, their order, times, title)."""
    if routine.id != routine_id:
        raise HTTPException(422, f"id: {routine.id!r} does not match the address {routine_id!r}")
    if routine_id in library.routines:
        raise HTTPException(409, f"{routine_id!r} is built in; save a copy under another id")
    _save(routine, own, replace=True, must_exist=True)
    return RoutineCard.model_validate(routine_summary(routine, library))


@router.delete("/routines/{routine_id}", status_code=204, responses={**NOT_FOUND, **CONFLICT})
def delete_routine(routine_id: str, library: LibraryDep, own: OwnDep) -> Response:
    """Delete one of the person's own routines."""
    if routine_id in library.routines:
        raise HTTPException(409, f"{routine_id!r} is built in and cannot be deleted")
    try:
        own.delete(routine_id)
    except LookupError as err:
        raise HTTPException(404, str(err)) from None
    except Unwritable as err:
        raise HTTPException(507 if err.full else 503, str(err)) from None
    return Response(status_code=204)


CACHED_TIMELINES = 256


@router.get("/routines/{routine_id}/timeline", responses={200: {"model": Timeline}, **NOT_FOUND})
async def get_timeline(
    request: Request,
    routine_id: str,
    library: LibraryDep,
    own: OwnDep,
    store: StoreDep,
    # Each left out: the routine's own (its pacing, else the defaults).
    warmup: bool | None = None,
    warmup_seconds: Annotated[int | None, Query(ge=30, le=300)] = None,
    lead_in: Annotated[int | None, Query(ge=0, le=60)] = None,
    rest: Annotated[int | None, Query(ge=0, le=300)] = None,
    rounds: Annotated[int, Query(ge=1, le=3, description="Each stretch done 1-3 times.")] = 1,
    older_holds: Annotated[
        bool, Query(description="Every hold at least the older adult's (45 s).")
    ] = False,
) -> Response:
    """The session's phases, cues and words for this person: the browser player plays this."""
    r = _find(routine_id, library, own)
    opts = chosen_options(
        r,
        warmup=warmup,
        warmup_seconds=warmup_seconds,
        lead_in=lead_in,
        rest=rest,
        rounds=rounds,
        older_holds=older_holds,
    )
    person = person_of(store)
    # Built once per routine content, options and person: an edit or a new flag is a new key.
    cache: dict[tuple[str, Options, str], bytes] = request.app.state.timeline_cache
    key = (r.model_dump_json(), opts, repr(person))
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHED_TIMELINES:
            cache.clear()
        found = cache[key] = prepare(library, r, opts, person).model_dump_json().encode()
    return Response(found, media_type="application/json")
