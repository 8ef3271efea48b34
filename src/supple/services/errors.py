"""The errors services raise; each face turns them into its own words in one place."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the person asked for cannot be done; the message says why."""


class NotFound(ServiceError):
    """No routine, stretch or session by that id."""


class Conflict(ServiceError):
    """It exists already, or is built in."""


class Invalid(ServiceError):
    """The request itself is wrong: each problem names the field and the value."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class NotAllowed(ServiceError):
    """The safety screen says not to start a session; `care` says where to get help."""

    def __init__(self, reason: str, care: str, level: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.care = care
        self.level = level
