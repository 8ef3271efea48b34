"""Fuzz the API from its own OpenAPI description: never a 500, and every answer as described.

Every check schemathesis has runs on every answer (status codes, content types, headers and
bodies against the declared models) except `positive_data_acceptance`: a request can match
the schema and still be refused for what it means (a stretch id that does not exist, an
unanswered red-flag question), with a 422 that says why.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

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
def test_every_answer_is_as_described_and_none_is_a_server_error(case: schemathesis.Case) -> None:
    response = case.call_and_validate(headers=BEARER, excluded_checks=[positive_data_acceptance])
    if 400 <= response.status_code < 500 and response.status_code != 405:
        assert response.json()["detail"], "a refusal says why"
