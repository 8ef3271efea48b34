"""Where the person's own data lives."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def user_dir() -> Path:
    """SUPPLE_HOME if set, else the platform's user data folder; created on first use."""
    env = os.environ.get("SUPPLE_HOME")
    path = Path(env) if env else Path(platformdirs.user_data_dir("supple", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
