"""`supple serve`: the local web app."""

from __future__ import annotations

import threading
import webbrowser
from typing import Annotated

import typer

from .common import console


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    browser: Annotated[bool, typer.Option(help="Open the web app in your browser.")] = True,
) -> None:
    """Start the web app on this computer and open it in the browser."""
    import uvicorn

    from ..paths import user_dir
    from ..web.app import create_app
    from ..web.settings import Settings

    if host not in ("127.0.0.1", "localhost", "::1"):
        # Health data: reachable only from this machine unless the person asks otherwise.
        console.print(
            f"[bold yellow]Warning:[/] listening on {host} makes your stretching and pain "
            "records reachable by anyone on your network. Use it only on a network you trust."
        )
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
    console.print(f"supple is at [bold]{url}[/]  (Ctrl-C to stop)")
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    app = create_app(Settings(home=user_dir()))
    uvicorn.run(app, host=host, port=port, log_level="warning")
