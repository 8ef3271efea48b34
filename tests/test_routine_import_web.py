"""Importing a routine's exchange file in the browser: its text, YAML or JSON, read by the
server as `supple routine import` reads a file."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from supple.library.catalog import default_library
from supple.library.exchange import to_exchange
from webapp import client

MINE = {
    **to_exchange(default_library().routines["wall-nine"]),
    "id": "evening-wall",
    "title": "Evening at the wall",
}


def post(c: object, text: str, kind: str = "application/yaml", **params: str) -> object:
    return c.post(  # type: ignore[attr-defined]
        "/api/routine-files", content=text.encode(), headers={"Content-Type": kind}, params=params
    )


def test_a_yaml_file_is_imported_as_the_terminal_imports_it(home: Path) -> None:
    with client(home) as c:
        made = post(c, yaml.safe_dump(MINE, sort_keys=False))
        assert made.status_code == 201, made.text
        assert made.json()["id"] == "evening-wall"
        kept = c.get("/api/routines/evening-wall").json()
        assert kept["title"] == "Evening at the wall" and kept["steps"] == MINE["steps"]
        assert (home / "routines" / "evening-wall.json").is_file()
        # The same again: the id is taken (409) unless replace=true.
        assert post(c, yaml.safe_dump(MINE)).status_code == 409
        assert post(c, yaml.safe_dump(MINE), replace="true").status_code == 201
        # JSON text works too.
        other = {**MINE, "id": "evening-wall-json"}
        assert post(c, json.dumps(other), "application/json").status_code == 201


def test_a_bad_file_is_refused_naming_what_is_wrong_and_nothing_is_kept(home: Path) -> None:
    with client(home) as c:
        broken = post(c, "id: x\ntitle: [unclosed\n")
        assert broken.status_code == 422 and "not valid YAML" in broken.text
        assert "line" in broken.text
        unknown = {**MINE, "steps": [{**MINE["steps"][0], "stretch": "no-such-stretch"}]}
        refused = post(c, yaml.safe_dump(unknown))
        assert refused.status_code == 422 and "no-such-stretch" in refused.text
        missing = {k: v for k, v in MINE.items() if k != "title"}
        named = post(c, yaml.safe_dump(missing))
        assert named.status_code == 422 and "title" in named.text
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(9)
        )
        assert post(c, bomb).status_code == 422
        latin = c.post(
            "/api/routine-files",
            content=b"title: Caf\xe9\n",
            headers={"Content-Type": "application/yaml"},
        )
        assert latin.status_code == 422 and "not UTF-8" in latin.text
        wrong = post(c, yaml.safe_dump(MINE), "text/plain")
        assert wrong.status_code == 415
        assert not (home / "routines").exists() or not list((home / "routines").glob("*.json"))
