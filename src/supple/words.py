"""How numbers read in every face: durations, clock times and plurals, written once."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 stretch', '2 stretches', '0 days'."""
    if n == 1:
        return f"1 {word}"
    return f"{n} {many or (word + 'es' if word.endswith(('s', 'ch', 'sh', 'x')) else word + 's')}"


def duration(seconds: float) -> str:
    """A length of time in words: '45 s', '4 min', '4 min 05 s'."""
    minutes, secs = divmod(int(round(seconds)), 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs:02d} s" if secs else f"{minutes} min"


def clock(seconds: float) -> str:
    """A countdown or a time spent: '4:05'."""
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"
