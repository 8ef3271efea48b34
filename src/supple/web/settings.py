"""What an app instance needs to know: where the data lives, and who may reach it."""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    home: Path
    # Largest request body accepted, in bytes (as received, chunked or not): a routine of 60
    # steps is far below this.
    max_body_bytes: int = 64 * 1024
    # The address `supple serve` listens on and its port; the Host header must name one of
    # them (a DNS-rebinding page's Host is its own domain). None: any port.
    host: str = "127.0.0.1"
    port: int | None = None
    # Made fresh at each launch: scripts send it as a bearer token; off loopback, the link
    # printed in the terminal carries it and it is exchanged for a session cookie.
    token: str = Field(default_factory=lambda: secrets.token_urlsafe(32))
    # Extra names the Host header may carry (the machine's own names when listening on all
    # interfaces).
    extra_hosts: tuple[str, ...] = ()

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK
