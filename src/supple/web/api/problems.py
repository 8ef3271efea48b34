"""How the API says no: one shape for every refusal, declared on every route."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..failures import UNAVAILABLE


class FieldProblem(BaseModel):
    """One field of a request that was not right."""

    field: str  # where: "body.steps.0.hold_seconds", "query.position"
    message: str
    type: str


class Problem(BaseModel):
    """A refusal: what was wrong, in words a person can act on."""

    detail: str | list[str] | list[FieldProblem]


class CareRefusal(Problem):
    """A session the safety screen does not allow: why, and where to get care."""

    care: str
    level: str
    screen: str


def described(text: str, model: type[BaseModel] = Problem) -> dict[str, Any]:
    return {"model": model, "description": text}


# Any route may answer these: the guard, the body limit, FastAPI's parsing, the store.
COMMON: dict[int | str, dict[str, Any]] = {
    400: described("The Host is not this server's, or the body is not valid JSON."),
    401: described("Off this machine: open the link `supple serve` printed first."),
    403: described("A change from another site, or a script without the launch token."),
    413: described("The body is larger than the limit."),
    415: described("A file upload: not accepted."),
    422: described("A field is missing or not valid: each problem named."),
    **UNAVAILABLE,
}

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: described("Nothing by that name or id.")}
CONFLICT: dict[int | str, dict[str, Any]] = {409: described("It clashes with what is there.")}
