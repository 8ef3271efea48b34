"""engine.py and engine.js, driven by the same key presses on a manual clock, agree exactly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from supple.library.catalog import default_library
from supple.player.engine import Engine, ManualClock, PhaseResult
from supple.timeline import Cue, Options, Phase, build_timeline

JS = Path(__file__).parents[1] / "src" / "supple" / "web" / "static" / "js"
DRIVER = Path(__file__).parent / "js" / "engine_driver.mjs"
NODE = shutil.which("node")

# On CI, .ci/run installs nodejs: there a missing node fails rather than skips.
pytestmark = pytest.mark.skipif(
    NODE is None and not os.environ.get("CI"), reason="needs node (.ci/run installs it)"
)

# Each script: key presses and clock moves, as a person might make them.
SCRIPTS = {
    "straight through": [["start"], ["advance", 2000]],
    "pause, next, back, +15 s": [
        ["start"],
        ["advance", 20.5],
        ["pause"],
        ["advance", 30],
        ["pause"],
        ["advance", 45],
        ["next"],
        ["advance", 1],
        ["back"],
        ["advance", 1.5],
        ["back"],
        ["advance", 12],
        ["more"],
        ["advance", 40],
        ["next"],
        ["next"],
        ["advance", 2000],
    ],
    "that hurts, go on, then quit mid-hold": [
        ["start"],
        ["advance", 80],
        ["hurt"],
        ["advance", 10],
        ["continue"],
        ["advance", 17.25],
        ["pause"],
        ["advance", 5],
        ["quit"],
    ],
    "that hurts on the last stretch": [["start"], ["advance", 420], ["hurt"], ["continue"]],
    "quit at once": [["start"], ["quit"], ["advance", 10]],
}


def _python(timeline_json: str, script: list[list[object]]) -> dict[str, object]:
    from supple.timeline import Timeline

    timeline = Timeline.model_validate_json(timeline_json)
    clock = ManualClock()
    results: list[list[object]] = []
    cues: list[list[object]] = []

    def on_result(r: PhaseResult) -> None:
        results.append([r.phase.index, r.outcome.value, r.actual_seconds, r.key])

    def on_cue(p: Phase, c: Cue) -> None:
        cues.append([p.index, c.kind.value, c.text])

    engine = Engine(timeline, clock, on_result=on_result, on_cue=on_cue)
    keys = {
        "start": engine.start,
        "pause": engine.toggle_pause,
        "next": engine.skip,
        "back": engine.back,
        "more": engine.add_time,
        "hurt": engine.stop_for_pain,
        "continue": engine.continue_after_pain,
        "quit": engine.quit,
    }
    for step in script:
        action = step[0]
        if action == "advance":
            assert isinstance(step[1], int | float)
            clock.advance(step[1])
        else:
            keys[str(action)]()
        engine.tick()
    return {"results": results, "cues": cues, "index": engine.index, "finished": engine.finished}


@pytest.mark.parametrize("name", SCRIPTS)
@pytest.mark.parametrize("routine_id", ["wall-nine", "atlas-spine-ten"])
def test_both_engines_record_the_same_session(tmp_path: Path, name: str, routine_id: str) -> None:
    library = default_library()
    options = Options(rest_seconds=3)
    timeline_json = build_timeline(library.routines[routine_id], library, options).model_dump_json()
    # engine.js is an ES module beside kinds.js: node reads them as modules from a copy.
    for f in ("engine.js", "kinds.js"):
        shutil.copy(JS / f, tmp_path / f)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "timeline.json").write_text(timeline_json)
    (tmp_path / "script.json").write_text(json.dumps(SCRIPTS[name]))
    assert NODE is not None
    out = subprocess.run(
        [
            NODE,
            str(DRIVER),
            str(tmp_path / "engine.js"),
            str(tmp_path / "timeline.json"),
            str(tmp_path / "script.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    js = json.loads(out.stdout)
    py = _python(timeline_json, SCRIPTS[name])
    assert js["results"], "the script recorded nothing"
    assert [r[:2] + [r[3]] for r in js["results"]] == [r[:2] + [r[3]] for r in py["results"]]
    for a, b in zip(js["results"], py["results"], strict=True):
        assert a[2] == pytest.approx(b[2], abs=1e-9)
    assert js["cues"] == py["cues"]
    assert (js["index"], js["finished"]) == (py["index"], py["finished"])
