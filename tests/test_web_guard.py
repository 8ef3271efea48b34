"""The request guard: Host, cross-site writes, forms' CSRF token, sign-in, headers, bodies."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from store_kit import written
from supple.safety import questions
from supple.web.app import create_app
from supple.web.settings import Settings
from supple.web.tokens import COOKIE, session_value
from supple.web.views import router as pages
from webapp import BASE, client, form, free_port, screened, server

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def unsafe_routes() -> list[tuple[str, str]]:
    """Every write route, its parameters filled in: the API's from its OpenAPI description,
    the pages' from their router, so a new route is covered too."""
    with tempfile.TemporaryDirectory() as home:
        app = create_app(Settings(home=Path(home)))
        described = app.openapi()["paths"]
    found = [
        (method.upper(), path)
        for path, ops in described.items()
        for method in ops
        if method.upper() in UNSAFE
    ]
    found += [(m, r.path) for r in pages.routes if isinstance(r, APIRoute) for m in r.methods]
    return sorted({(m, re.sub(r"\{[^}]+\}", "cat-cow", p)) for m, p in found if m in UNSAFE})


ROUTES = unsafe_routes()


def test_every_write_route_is_listed() -> None:
    paths = {p for _, p in ROUTES}
    assert {"/safety", "/profile", "/plan/keep", "/api/sessions", "/api/routines"} <= paths


@pytest.fixture
def person(home: Path) -> Path:
    """Someone with an emergency answer on record, a knee condition and a flag."""
    with client(home) as c:
        c.put("/api/profile", json={"conditions": ["knee"], "age_band": "adult"})
        answers = {q.id: False for q in questions()}
        c.post("/api/safety/screen", json={"answers": {**answers, "saddle-numbness": True}})
    return home


@pytest.mark.parametrize(("method", "path"), ROUTES)
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://127.0.0.1:9999"},  # a page on another port of this machine
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a data: page
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": BASE},
        {},  # neither: a script without the launch token
    ],
    ids=["other-port", "other-site", "null", "cross-site", "same-site", "no-origin"],
)
def test_a_write_from_anywhere_but_the_app_changes_nothing(
    person: Path, method: str, path: str, headers: dict[str, str]
) -> None:
    before = written(person)
    app = create_app(Settings(home=person))
    with TestClient(app, base_url=BASE) as c:
        body = {"csrf": "guess", "condition": [], "age": "adult"}
        r = c.request(method, path, data=body, headers=headers)
        j = c.request(method, path, json={"answers": {}}, headers=headers)
    assert (r.status_code, j.status_code) == (403, 403), (r.text, j.text)
    assert written(person) == before


def test_a_form_needs_the_token_its_page_carries(person: Path) -> None:
    before = written(person)
    with client(person) as c:
        page = c.get("/safety").text
        token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
        assert token, "the form carries its token"
        clear = {q.id: "no" for q in questions()}
        # Same origin but no token (or last launch's): refused with a page that says why.
        for fields in (clear, {**clear, "csrf": "0" * 64}):
            refused = c.post("/safety", data=fields)
            assert refused.status_code == 403
            assert "Nothing was changed" in refused.text and "reload the page" in refused.text
        assert written(person) == before
        done = c.post("/safety", data={**clear, "csrf": token[1]})
        assert done.status_code == 200
    assert written(person)[0] == "clear"


def test_scripts_write_with_the_launch_token_and_only_to_the_api(person: Path) -> None:
    settings = Settings(home=person)
    with TestClient(create_app(settings), base_url=BASE) as c:
        bearer = {"Authorization": f"Bearer {settings.token}"}
        wrong = {"Authorization": "Bearer not-the-token"}
        profile = {"conditions": [], "age_band": "adult"}
        assert c.put("/api/profile", json=profile, headers=wrong).status_code == 403
        assert c.post("/profile", data=form(c), headers=bearer).status_code == 403
        assert c.put("/api/profile", json=profile, headers=bearer).status_code == 200
        # Reading needs nothing on loopback: the Host check keeps other sites out.
        assert c.get("/api/profile").json()["conditions"] == []


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("[::1]:8765", True),
        ("LOCALHOST:8765", True),
        ("127.0.0.1:8766", False),  # another port
        ("evil.example:8765", False),  # a DNS-rebinding page
        ("127.0.0.1.evil.example:8765", False),
        ("", False),
        ("127.0.0.1:80x", False),
    ],
)
def test_only_the_servers_own_names_are_answered(home: Path, host: str, ok: bool) -> None:
    screened(home)
    with client(home, port=8765) as c:
        got = c.get("/api/history", headers={"Host": host})
        page = c.get("/", headers={"Host": host})
    if ok:
        assert got.status_code == 200 and page.status_code == 200
    else:
        assert got.status_code == 400 and page.status_code == 400
        assert "sessions" not in got.text and "127.0.0.1" in got.json()["detail"]


def test_every_answer_carries_the_security_headers(home: Path) -> None:
    with client(home) as c:
        answers = [
            c.get("/"),
            c.get("/api/routines"),
            c.get("/static/css/app.css"),
            c.get("/no-such-page"),
            c.get("/", headers={"Host": "evil.example"}),
            c.post("/api/plan", json={}, headers={"Origin": "https://evil.example"}),
        ]
    for r in answers:
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
    assert answers[2].headers["cache-control"] == "no-cache" and answers[2].headers["etag"]


def test_pages_have_no_inline_script_or_style(home: Path) -> None:
    screened(home)
    with client(home) as c:
        for path in ("/", "/library", "/routines", "/plan", "/history", "/safety", "/profile"):
            page = c.get(path).text
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), path
            assert " style=" not in page and "<style" not in page and " on" + "click=" not in page


def test_answers_are_compressed(home: Path) -> None:
    with client(home) as c:
        r = c.get("/api/stretches", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert len(r.content) > 1024  # httpx has unpacked it: the JSON list of stretches
    assert json.loads(r.content)[0]["id"]
    assert len(gzip.compress(r.content)) < len(r.content) / 2


def test_off_loopback_every_route_wants_the_printed_link(home: Path) -> None:
    screened(home)
    settings = Settings(home=home, host="192.0.2.7", port=8765)
    base = "http://192.0.2.7:8765"
    with TestClient(create_app(settings), base_url=base, headers={"Origin": base}) as c:
        for path in ("/", "/history", "/static/css/app.css", "/docs"):
            r = c.get(path)
            assert r.status_code == 401 and "Open the link printed in your terminal" in r.text
        assert c.get("/api/history").status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        signed = c.get(f"/history?token={settings.token}&page=1", follow_redirects=False)
        assert signed.status_code == 303 and signed.headers["location"] == "/history?page=1"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie
        assert settings.token not in cookie  # the cookie is not the token
        c.cookies.set(COOKIE, session_value(settings))
        assert c.get("/history").status_code == 200
        assert c.get("/api/history").status_code == 200
        # Signed in, a write from another site is still refused.
        assert c.put("/api/profile", json={}, headers={"Origin": "http://x"}).status_code == 403
        c.cookies.clear()
        bearer = {"Authorization": f"Bearer {settings.token}"}
        assert c.get("/api/history", headers=bearer).status_code == 200


def test_file_uploads_are_refused(home: Path) -> None:
    with client(home) as c:
        r = c.post("/profile", data=form(c), files={"f": ("x.txt", b"x" * 100)})
        j = c.post("/api/routines", files={"f": ("r.json", b"{}")})
    assert r.status_code == 415 and j.status_code == 415
    assert "file uploads are not accepted" in j.json()["detail"]


def chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1])  # type: ignore[index]


def test_a_chunked_body_is_cut_off_at_the_limit(home: Path) -> None:
    with server(home) as base:
        port = int(base.rsplit(":", 1)[1])
        pid = int(json.loads((home / "server.json").read_text())["pid"])
        before = rss_kib(pid)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.monotonic()
        try:
            conn.request(
                "POST",
                "/api/routines",
                body=chunks(10 * 1024 * 1024),
                headers={"Origin": base, "Content-Type": "application/json"},
                encode_chunked=True,
            )
            got = conn.getresponse()
            status, detail = got.status, json.loads(got.read())["detail"]
        except (BrokenPipeError, ConnectionResetError):
            status, detail = 413, "the server closed the connection"  # it stopped reading
        finally:
            conn.close()
        grown = rss_kib(pid) - before
    assert status == 413, detail
    assert time.monotonic() - started < 5
    assert grown < 8 * 1024, f"the server grew by {grown} KiB"


def test_serve_on_the_network_answers_only_the_printed_link(home: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "supple", "serve", "--host", "0.0.0.0", "--port", str(port)]
        + ["--no-browser"],
        env={**os.environ, "SUPPLE_HOME": str(home), "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        printed = ""
        while "?token=" not in printed:
            line = proc.stdout.readline()
            assert line, f"supple serve stopped: {printed}"
            printed += line
        assert "reachable from your network" in printed
        link = re.search(r"(http://\S+)/\?token=(\S+)", printed)
        assert link, printed
        base, token = link[1], link[2]
        deadline = time.monotonic() + 20
        while True:
            try:
                first = urllib.request.urlopen(base + "/", timeout=1)
            except urllib.error.HTTPError as err:
                first = err
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert first.status == 401 and "printed in your terminal" in first.read().decode()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(f"{base}/?token={token}") as signed:  # follows the 303, cookie kept
            assert signed.status == 200 and "supple" in signed.read().decode()
        with opener.open(base + "/api/history") as got:
            assert got.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
