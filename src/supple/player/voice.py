"""Spoken cues through espeak-ng, when it is installed and asked for."""

from __future__ import annotations

import shutil
import subprocess


class Speaker:
    """Says one cue at a time; a new cue cuts off one still being spoken."""

    def __init__(self, enabled: bool) -> None:
        self.program = shutil.which("espeak-ng") if enabled else None
        self.enabled = enabled
        self._current: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        return self.program is not None

    def missing_message(self) -> str | None:
        if self.enabled and self.program is None:
            return (
                "Voice cues need espeak-ng, which is not installed "
                "(on Debian or Ubuntu: sudo apt-get install espeak-ng); going on with sound only."
            )
        return None

    def say(self, text: str) -> None:
        if self.program is None:
            return
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()
        self._current = subprocess.Popen(
            [self.program, "-s", "160", text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
