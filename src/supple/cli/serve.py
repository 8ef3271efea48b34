"""`supple serve`: the local web app."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .common import console

WILDCARDS = ("0.0.0.0", "::", "")
RUNTIME_FILE = "server.json"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    browser: Annotated[bool, typer.Option(help="Open the web app in your browser.")] = True,
) -> None:
    """Start the web app on this computer and open it in the browser."""
    import uvicorn

    from ..paths import user_dir
    from ..store.db import check_store
    from ..web.app import create_app
    from ..web.settings import Settings

    home = user_dir()
    check_store(home)  # damaged, newer, read-only, full: one line and exit 1, never a trace
    settings = Settings(
        home=home, host=host, port=port, extra_hosts=own_names() if host in WILDCARDS else ()
    )
    shown = (lan_address() or "127.0.0.1") if host in WILDCARDS else host
    url = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"
    if not settings.loopback:
        # Health data on the network: only a browser holding this launch's token gets in.
        console.print(
            f"[bold yellow]Warning:[/] listening on {escape(host)} makes supple reachable from "
            "your network; it answers only a browser that opened the link below. Use it only on "
            "a network you trust."
        )
        url = f"{url}?token={settings.token}"
    console.print(f"supple is at [bold]{url}[/]  (Ctrl-C to stop)", soft_wrap=True)
    runtime = write_runtime(home, url, settings.token)
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    finally:
        runtime.unlink(missing_ok=True)


def write_runtime(home: Path, url: str, token: str) -> Path:
    """server.json in the data folder (0600): the URL and this launch's token, for scripts."""
    path = home / RUNTIME_FILE
    data = {"url": url, "token": token, "pid": os.getpid()}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    with contextlib.suppress(OSError):
        path.chmod(0o600)  # an older file keeps its mode through O_TRUNC
    return path


def own_names() -> tuple[str, ...]:
    """This machine's names and addresses: the Host a browser on the network will send."""
    host = socket.gethostname()
    names = {host, f"{host}.local", socket.getfqdn()}
    for name in list(names):
        with contextlib.suppress(OSError):
            names.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
    lan = lan_address()
    if lan:
        names.add(lan)
    return tuple(sorted(n.lower() for n in names if n))


def lan_address() -> str | None:
    """The address other machines reach this one at (the default route's), or None.

    Connecting a UDP socket only picks the route: no packet is sent.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never a real host
            return str(s.getsockname()[0])
        except OSError:
            return None
