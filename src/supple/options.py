"""How a routine becomes a session: the options a person can change, and a routine's own."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .dose import dose
from .library.schema import Pacing, Routine


def _default_warmup() -> int:
    return dose().warmup.seconds


class Options(BaseModel):
    """How a routine becomes a session: the parts the person can change.

    `options_for(routine)` gives a routine's own: its pacing, else the warm-up its article
    asks for.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    warmup: bool = True
    # Light movement first (ACSM: stretch a warm muscle); dose.yaml has the figures.
    warmup_seconds: int = Field(default_factory=_default_warmup, ge=30, le=300)
    lead_in_seconds: int = Field(default=5, ge=0, le=60)
    switch_seconds: int = Field(default=5, ge=0, le=60)
    # Between stretches; also between rounds, where at least a switch's length is kept.
    rest_seconds: int = Field(default=0, ge=0, le=300)
    # Extra time to get up or down when the next stretch is in another position.
    move_seconds: int = Field(default=5, ge=0, le=60)
    # Each stretch done this many times in a row (dose.yaml: rounds, ACSM 2-4 repetitions).
    rounds: int = Field(default=1, ge=1, le=3)
    # Every hold at least the older adult's (dose.yaml: older_hold, ACSM 30-60 s).
    older_holds: bool = False


def options_for(routine: Routine, **given: Any) -> Options:
    """A session of this routine: its own pacing (else the warm-up its article asks for),
    with what `given` says over it."""
    own: dict[str, Any] = {"warmup_seconds": dose().warmup.for_source(routine.source)}
    if routine.pacing is not None:
        own.update(routine.pacing.model_dump(exclude_none=True))
    return Options.model_validate({**own, **given})


def pacing_of(options: Options) -> Pacing:
    """The pacing that makes a routine play with these options (a plan keeps its timing)."""
    return Pacing(
        warmup=options.warmup,
        warmup_seconds=options.warmup_seconds if options.warmup else None,
        lead_in_seconds=options.lead_in_seconds,
        rest_seconds=options.rest_seconds or None,
    )
