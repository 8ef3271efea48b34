"""The browser's outbox (static/js/outbox.js) against a real HTTP server, run by node: writes
go out in order; a store that cannot take them just now (503, 507) keeps them for the next
try; a write the server refuses (4xx) is dropped and reported, and never blocks the rest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parents[1] / "src/supple/web/static/js"
DRIVER = Path(__file__).parent / "js" / "outbox_driver.mjs"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None and not os.environ.get("CI"), reason="needs node (.ci/run installs it)"
)


class Answers:
    """What the server answers, in turn (then 204), and what it received."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.seen: list[tuple[str, int]] = []


@pytest.fixture
def answers() -> Answers:
    return Answers([])


@pytest.fixture
def base(answers: Answers) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = answers.statuses.pop(0) if answers.statuses else 204
            answers.seen.append((self.path, status))
            self.send_response(status)
            body = json.dumps({"detail": "no"}).encode() if status != 204 else b""
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(tmp_path: Path, base: str) -> dict[str, object]:
    for f in ("outbox.js", "api.js"):
        shutil.copy(JS / f, tmp_path / f)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    assert NODE is not None
    out = subprocess.run(
        [NODE, str(DRIVER), str(tmp_path / "outbox.js"), base],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found: dict[str, object] = json.loads(out.stdout)
    return found


def test_a_store_that_cannot_take_a_write_keeps_it_for_the_next_try(
    tmp_path: Path, base: str, answers: Answers
) -> None:
    answers.statuses = [204, 503, 507]  # the start goes in; the store is full for a moment
    found = run(tmp_path, base)
    assert found["said"] == [
        {"offline": True, "left": 2},
        {"offline": True, "left": 2},
        {"offline": False, "left": 0},
        {"offline": False, "left": 0},
    ]
    assert found["refused"] == [] and found["left"] == 0
    phases = "/api/sessions/s1/phases"
    assert answers.seen == [
        ("/api/sessions", 204),
        (phases, 503),
        (phases, 507),
        (phases, 204),
        ("/api/sessions/s1/end", 204),
    ]


def test_a_refused_write_is_dropped_and_a_refused_start_drops_its_session(
    tmp_path: Path, base: str, answers: Answers
) -> None:
    answers.statuses = [409]  # the safety screen does not allow the session
    found = run(tmp_path, base)
    assert found["refused"] == [["/api/sessions", 409]]
    assert found["left"] == 0
    assert answers.seen == [("/api/sessions", 409)]  # nothing more went into it
