"""Secrets of one launch: the session cookie and the forms' CSRF token, derived from the token."""

from __future__ import annotations

import hashlib
import hmac

from .settings import Settings

COOKIE = "supple_session"
CSRF_FIELD = "csrf"


def _derive(settings: Settings, purpose: str) -> str:
    return hmac.new(settings.token.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def session_value(settings: Settings) -> str:
    """The session cookie's value: a browser that opened the printed link holds it."""
    return _derive(settings, "session")


def csrf_token(settings: Settings) -> str:
    """The hidden field every HTML form carries: a page on another site cannot read it."""
    return _derive(settings, "csrf")


def same(given: str, expected: str) -> bool:
    """A constant-time comparison, so the time taken says nothing about the secret."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())
