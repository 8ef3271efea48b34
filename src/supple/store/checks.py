"""The store's checks on what it is given: each refusal is a ValueError naming the field."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from datetime import datetime
from typing import TypeGuard

# Chosen by the client (a phase's or a hurt's key within its session), so kept to a short
# alphabet that cannot surprise a URL, a log line or a terminal.
KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# The canonical form only, so that one session cannot be found under two spellings.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def choice(field: str, value: object, allowed: Iterable[str]) -> None:
    """Refuse value unless it is one of allowed (an enum's values, or a tuple of words)."""
    words = [str(word) for word in allowed]
    if not isinstance(value, str) or value not in words:
        raise ValueError(f"{field}: must be one of {', '.join(words)}; got {value!r}")


def text(field: str, value: object, longest: int) -> None:
    """Refuse anything but a non-blank string of at most longest characters."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field}: must be a non-empty string, got {value!r}")
    # SQLite would keep a longer one; PostgreSQL would refuse it with a less clear error.
    if len(value) > longest:
        raise ValueError(f"{field}: must be at most {longest} characters, got {len(value)}")


def count(field: str, value: object) -> None:
    """Refuse anything but a whole number 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{field}: must be a whole number 0 or more, got {value!r}")


def score(field: str, value: object) -> None:
    """Refuse anything but a whole number from 0 to 10 (a pain or PSFS score)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"{field}: must be a whole number from 0 to 10, got {value!r}")


def finite(value: object) -> TypeGuard[float]:
    """Whether value is a real, finite number (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def seconds(field: str, value: object) -> None:
    """Refuse anything but a finite number of seconds 0 or more."""
    if not finite(value) or value < 0:
        raise ValueError(f"{field}: must be a number of seconds 0 or more, got {value!r}")


def flag(field: str, value: object) -> None:
    """Refuse anything but True or False."""
    if not isinstance(value, bool):
        raise ValueError(f"{field}: must be true or false, got {value!r}")


def key(field: str, value: object) -> None:
    """Refuse a key that is not 1-64 of A-Z, a-z, 0-9 and . _ : -."""
    if not isinstance(value, str) or not KEY.fullmatch(value):
        raise ValueError(f"{field}: must be 1-64 of A-Z a-z 0-9 . _ : -, got {value!r}")


def uuid(field: str, value: object) -> None:
    """Refuse anything but a lowercase 8-4-4-4-12 hex uuid."""
    if not isinstance(value, str) or not UUID.fullmatch(value):
        raise ValueError(f"{field}: must be a lowercase 8-4-4-4-12 hex uuid, got {value!r}")


def options(field: str, value: object) -> None:
    """Refuse anything but None or a JSON object with string keys."""
    if value is None:
        return
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"{field}: must be a dict with string keys, got {value!r}")
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{field}: must hold only JSON values ({error})") from None


def aware(field: str, value: object) -> None:
    """Refuse anything but a timezone-aware datetime."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"{field}: must be a timezone-aware datetime, got {value!r}")
