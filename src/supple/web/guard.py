"""Who may reach the local server, and which writes it takes.

Every request may come from a hostile page the person happens to visit, through their own
browser. Three checks run before any route, in a pure ASGI middleware:

1. Host: only the names this server listens on. A DNS-rebinding page reaches 127.0.0.1
   under its own domain, so its Host header gives it away.
2. Writes (POST, PUT, PATCH, DELETE) come from supple's own pages: a browser says where a
   request comes from (Origin, Sec-Fetch-Site) and a hostile page cannot forge either. A
   request with neither is a script, which the JSON API takes only with the launch token.
3. Off loopback, every route but the sign-in page wants the launch token, exchanged once
   for a session cookie (HttpOnly, SameSite=Strict) from the link printed in the terminal.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .settings import LOOPBACK, Settings
from .tokens import COOKIE, same, session_value

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SIGN_IN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Open the link from your terminal · supple</title></head>
<body><main><h1>Open the link printed in your terminal</h1>
<p>This supple server is reachable from your network, so it answers only a browser that
has opened the link <code>supple serve</code> printed when it started (the one ending in
<code>?token=…</code>). A new link is made each time the server starts.</p></main></body></html>
"""


class Guard:
    """Pure ASGI middleware: the Host check, cross-site write refusal and sign-in."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.names = allowed_names(settings)
        self.port = settings.port
        self.token = settings.token
        self.session = session_value(settings)
        self.sign_in = not settings.loopback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.check(scope)
        if refusal is None:
            await self.app(scope, receive, send)
        else:
            await refusal(scope, receive, send)

    def check(self, scope: Scope) -> Response | None:
        """The refusal for this request, or None to let it through."""
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if not self.host_allowed(host):
            return _refuse(
                400,
                "this server answers only at "
                + ", ".join(sorted(self.names))
                + (f" on port {self.port}" if self.port else "")
                + "; the request named another host",
            )
        path: str = scope["path"]
        auth = headers.get("authorization", "")
        by_bearer = auth[:7].lower() == "bearer " and same(auth[7:].strip(), self.token)
        by_cookie = same(cookie_parser(headers.get("cookie", "")).get(COOKIE, ""), self.session)
        if self.sign_in and not (by_bearer or by_cookie):
            return self.exchange(scope) or _unsigned(path)
        if scope["method"] in UNSAFE:
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site")
            own = f"{scope.get('scheme', 'http')}://{host}".lower()
            api = path.startswith("/api/")
            if (site is not None and site != "same-origin") or (
                origin not in (None, "null") and origin.lower() != own
            ):
                return _refuse(403, "a change sent from another site is refused")
            if site is None and origin == "null" and api:
                # With Referrer-Policy: no-referrer a browser may say "null" for its own
                # page; a form still carries its CSRF token, checked by the page's route.
                return _refuse(403, "a change from an unknown page is refused")
            if site is None and origin is None and not (by_bearer and api):
                return _refuse(
                    403,
                    "a change from outside supple's pages needs the launch token: send "
                    "'Authorization: Bearer <token>' (supple serve writes it to server.json "
                    "in the data folder)",
                )
        return None

    def host_allowed(self, host: str) -> bool:
        name, port = split_host(host)
        if name not in self.names:
            return False
        return self.port is None or (port or 80) == self.port

    def exchange(self, scope: Scope) -> Response | None:
        """A GET carrying the launch token: set the session cookie, then drop the token."""
        if scope["method"] != "GET":
            return None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"))
        given = [v for k, v in query if k == "token"]
        if not given or not same(given[0], self.token):
            return None
        rest = urlencode([(k, v) for k, v in query if k != "token"])
        target = scope["path"] + (f"?{rest}" if rest else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, self.session, httponly=True, samesite="strict", path="/")
        return response


def split_host(host: str) -> tuple[str, int | None]:
    """'[::1]:8765' -> ('::1', 8765); 'localhost' -> ('localhost', None); junk -> ('', None)."""
    host = host.strip().lower()
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = host.partition(":")
    if port and not port.isdigit():
        return "", None
    return name.rstrip("."), int(port) if port else None


def allowed_names(settings: Settings) -> frozenset[str]:
    """Loopback names, the name given with --host, and any extra names (wildcard listening)."""
    names = {*LOOPBACK, settings.host.lower().strip("[]"), *settings.extra_hosts}
    return frozenset(n.lower() for n in names if n)


def _refuse(status: int, detail: str) -> Response:
    return JSONResponse({"detail": detail}, status_code=status)


def _unsigned(path: str) -> Response:
    if path.startswith("/api/") or path == "/openapi.json":
        return _refuse(401, "open the link supple serve printed in your terminal first")
    return HTMLResponse(SIGN_IN_PAGE, status_code=401)
