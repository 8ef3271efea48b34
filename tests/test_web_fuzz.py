"""Fuzz the API from its own OpenAPI description: bad input gets a 4xx, never a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from supple.web.app import create_app
from supple.web.settings import Settings

# The schema is read when the module loads, so its app gets its own temporary home.
HOME = tempfile.TemporaryDirectory(prefix="supple-fuzz-")
# Schemathesis asks as a script does: at its own host name, with the launch token.
SETTINGS = Settings(home=Path(HOME.name), extra_hosts=("testserver",))
BEARER = {"Authorization": f"Bearer {SETTINGS.token}"}
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(SETTINGS))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call(headers=BEARER)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    if 400 <= response.status_code < 500 and response.status_code != 405:
        assert response.json()["detail"], "a refusal says why"
