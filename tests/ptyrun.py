"""Run a supple command in a pseudo-terminal, as a person would: for tests and benchmarks."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path


class TerminalRun:
    """`python -m supple ARGS` on a real pty of a given size; output is drained in a thread."""

    def __init__(
        self, args: list[str], env: dict[str, str], size: tuple[int, int] = (40, 110)
    ) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "supple", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **env},
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for_trace(self, trace: Path, event: str, timeout: float = 20) -> dict[str, object]:
        """The first line of the trace file with this event, waiting for it to appear."""

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if trace.exists():
                for line in trace.read_text().splitlines():
                    data = json.loads(line)
                    if data["event"] == event:
                        return dict(data)
            if self.proc.poll() is not None:
                raise RuntimeError(f"supple exited early:\n{self.text()[-2000:]}")
            time.sleep(0.005)
        raise TimeoutError(f"no {event!r} in {trace} after {timeout} s:\n{self.text()[-2000:]}")

    def text(self) -> str:
        return self.output.decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass
