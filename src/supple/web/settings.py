"""What an app instance needs to know: where the data lives."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    home: Path
    # Largest request body accepted, in bytes: a routine of 60 steps is far below this.
    max_body_bytes: int = 64 * 1024
