"""A hostile page in chromium tries every write on the local server: nothing changes.

The attacker's page is served from another port (same site, other origin) or another host
name (another site), as a page the person happens to visit while supple is running.
"""

from __future__ import annotations

import html
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from browser import CHROMIUM, chromium  # noqa: F401 (the browser fixture)
from store_kit import written
from supple.safety import questions
from webapp import server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)


def attack_page(app: str) -> str:
    """Auto-submitted forms (urlencoded and text/plain), fetches with and without CORS-safe
    content types, and a frame of the app."""
    clear = {q.id: "no" for q in questions()}
    routine = {"id": "planted", "title": "Planted", "source": None, "steps": [STEP]}
    screen = json.dumps({"answers": {q.id: False for q in questions()}})
    forms = [
        ("/safety", clear),
        ("/profile", {"age": "adult"}),
        ("/plan/keep", {"routine": json.dumps(routine), "id": "planted", "action": "start"}),
        ("/history/flags/cat-cow/clear", {}),
        ("/plan", {"minutes": "10"}),
    ]
    parts = []
    for i, (path, fields) in enumerate(forms):
        inputs = "".join(
            f'<input name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in fields.items()
        )
        parts.append(
            f'<iframe name="t{i}"></iframe>'
            f'<form method="post" action="{app}{path}" target="t{i}">{inputs}</form>'
        )
    # A text/plain form whose body reads as JSON: the classic way round a JSON-only API.
    name, value = screen[:-2] + ', "x": "', '"}'
    parts.append(
        '<iframe name="tj"></iframe>'
        f'<form method="post" enctype="text/plain" action="{app}/api/safety/screen" target="tj">'
        f'<input name="{html.escape(name)}" value="{html.escape(value)}"></form>'
    )
    parts.append(f'<iframe id="framed" src="{app}/history"></iframe>')
    writes = [
        ("POST", "/api/safety/screen", screen),
        ("PUT", "/api/profile", json.dumps({"conditions": [], "age_band": "adult"})),
        ("POST", "/api/routines", json.dumps(routine)),
        ("DELETE", "/api/routines/mine", ""),
        ("DELETE", "/api/flags/cat-cow", ""),
        ("POST", "/api/sessions", json.dumps({"routine_id": "wall-nine"})),
    ]
    script = f"""
    const app = {json.dumps(app)};
    const writes = {json.dumps(writes)};
    for (const f of document.forms) f.submit();
    const tries = [];
    for (const [method, path, body] of writes) {{
      const opts = {{ method, body: body || undefined }};
      tries.push(fetch(app + path, {{ ...opts, mode: "no-cors",
                                      headers: {{ "Content-Type": "text/plain" }} }}));
      const json = {{ "Content-Type": "application/json" }};
      tries.push(fetch(app + path, {{ ...opts, headers: json }}));
      tries.push(fetch(app + path, {{ ...opts, mode: "no-cors", credentials: "include" }}));
      // A Blob of no type is sent with no Content-Type at all, which a JSON API may parse.
      tries.push(fetch(app + path, {{ method, mode: "no-cors", body: new Blob([body]) }}));
    }}
    Promise.allSettled(tries).then(() => {{ document.title = "done"; }});
    """
    return f"<!doctype html><title>cats</title>{''.join(parts)}<script>{script}</script>"


STEP = {"stretch": "figure-4-supine", "hold_seconds": 30, "per_side": True}
UUID = "6f1c1f5e-2b8a-4c1e-9d3a-5a4e2f7b9c10"


def serve_attacker(page: str) -> tuple[ThreadingHTTPServer, int]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


@pytest.mark.parametrize("attacker_host", ["127.0.0.1", "localhost"])
def test_a_hostile_page_changes_nothing_and_the_apps_own_pages_still_do(
    browser: Browser, home: Path, attacker_host: str
) -> None:
    with server(home) as base:
        # The person: an emergency answer on record, a knee, a flag, a routine of their own.
        own = {"id": "mine", "title": "Mine", "source": None, "steps": [STEP]}
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        pg = context.new_page()
        pg.goto(base + "/")
        answers = {q.id: False for q in questions()}
        hurt = {"key": "h", "phase_index": 3, "stretch_id": "cat-cow", "reason": "sharp"}
        for method, path, body in [
            ("PUT", "/api/profile", {"conditions": ["knee"], "age_band": "adult"}),
            ("POST", "/api/routines", own),
            ("POST", "/api/safety/screen", {"answers": answers}),
            ("POST", "/api/sessions", {"routine_id": "paleohacks-nine", "id": UUID}),
            ("POST", f"/api/sessions/{UUID}/hurt", hurt),
            ("POST", "/api/safety/screen", {"answers": {**answers, "saddle-numbness": True}}),
        ]:
            r = pg.request.fetch(base + path, method=method, data=body, headers={"Origin": base})
            assert r.ok, r.text()
        before = written(home)
        assert before[0] == "emergency" and before[3] == ["cat-cow"]

        blocked: list[str] = []
        pg.on("console", lambda m: "frame-ancestors" in m.text and blocked.append(m.text))
        httpd, port = serve_attacker(attack_page(base))
        try:
            pg.goto(f"http://{attacker_host}:{port}/")
            expect(pg).to_have_title("done", timeout=10_000)
            pg.wait_for_timeout(1500)  # the forms' answers land in their frames
        finally:
            httpd.shutdown()
            httpd.server_close()
        assert written(home) == before
        assert blocked, "the app refuses to be framed"

        # The same changes from supple's own pages go through.
        pg.goto(base + "/profile")
        pg.uncheck("input[name=condition][value=knee]")
        pg.click("#profile-form button[type=submit]")
        pg.goto(base + "/safety")
        for q in questions():
            pg.check(f"input[name='{q.id}'][value=no]")
        pg.click("#screen-form button[type=submit]")
        expect(pg.locator("#screen-result")).to_be_visible()
        after = written(home)
        assert after[0] == "clear" and '"conditions":[]' in str(after[1])
        context.close()


def test_the_api_docs_load_from_supple_alone(browser: Browser, home: Path) -> None:
    with server(home) as base:
        pg = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        elsewhere: list[str] = []
        pg.on("console", lambda m: m.type == "error" and errors.append(m.text))
        pg.on(
            "request", lambda r: not r.url.startswith((base, "data:")) and elsewhere.append(r.url)
        )
        pg.goto(base + "/docs")
        expect(pg.locator(".opblock").first).to_be_visible()
        assert pg.locator(".opblock-tag", has_text="sessions").count() == 1
        assert pg.request.get(base + "/redoc").status == 404  # loaded a CDN: off
        pg.close()
    assert errors == [] and elsewhere == []
