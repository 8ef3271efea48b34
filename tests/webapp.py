"""Helpers for the web tests: an app on a real SQLite file, and a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from supple.safety import questions
from supple.store.db import open_store
from supple.web.app import create_app
from supple.web.settings import Settings
from supple.web.tokens import CSRF_FIELD, csrf_token


def screened(home: Path) -> None:
    """The person answered the red-flag questions: none applies."""
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")


BASE = "http://127.0.0.1:8765"


@contextmanager
def client(home: Path, **settings: object) -> Iterator[TestClient]:
    """The app on home's SQLite file, asked as the app's own pages ask (Origin: the app)."""
    app = create_app(Settings(home=home, **settings))  # type: ignore[arg-type]
    with TestClient(app, base_url=BASE, headers={"Origin": BASE}) as c:
        yield c


def form(c: TestClient, **fields: object) -> dict[str, object]:
    """A form's fields with the CSRF token its page carries."""
    return {CSRF_FIELD: csrf_token(c.app.state.settings), **fields}  # type: ignore[attr-defined]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(home: Path) -> Iterator[str]:
    """`supple serve` as a subprocess on a free port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "supple", "serve", "--port", str(port), "--no-browser"],
        env={**os.environ, "SUPPLE_HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/api/routines", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise RuntimeError(f"supple serve did not start:\n{out}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
