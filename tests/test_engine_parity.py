"""engine.py and engine.js, driven by the same key presses on a manual clock, agree exactly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

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
    # 80 s in is the first stretch's left hold (60 s warm-up, 5 s to move, 5 s lead-in).
    "too strong on the left, then the right": [
        ["start"],
        ["advance", 80],
        ["hurt"],
        ["advance", 4],
        ["continue-gently"],
        ["advance", 2000],
    ],
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
        "continue-gently": lambda: engine.continue_after_pain(leave_stretch=False),
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


OPTIONS = {
    "one round": Options(rest_seconds=3),
    "two rounds, older holds": Options(rest_seconds=3, rounds=2, older_holds=True),
}


def _js(tmp_path: Path, timeline_json: str, script: list[list[object]]) -> dict[str, object]:
    """The same script played through engine.js by node."""
    # engine.js is an ES module beside kinds.js: node reads them as modules from a copy.
    for f in ("engine.js", "kinds.js"):
        shutil.copy(JS / f, tmp_path / f)
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "timeline.json").write_text(timeline_json)
    (tmp_path / "script.json").write_text(json.dumps(script))
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
    found: dict[str, object] = json.loads(out.stdout)
    return found


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("name", SCRIPTS)
@pytest.mark.parametrize("routine_id", ["wall-nine", "atlas-spine-ten"])
def test_both_engines_record_the_same_session(
    tmp_path: Path, name: str, routine_id: str, options: str
) -> None:
    library = default_library()
    routine = library.routines[routine_id]
    timeline_json = build_timeline(routine, library, OPTIONS[options]).model_dump_json()
    js: Any = _js(tmp_path, timeline_json, SCRIPTS[name])
    py = _python(timeline_json, SCRIPTS[name])
    assert js["results"], "the script recorded nothing"
    assert [r[:2] + [r[3]] for r in js["results"]] == [r[:2] + [r[3]] for r in py["results"]]
    for a, b in zip(js["results"], py["results"], strict=True):
        assert a[2] == pytest.approx(b[2], abs=1e-9)
    assert js["cues"] == py["cues"]
    assert (js["index"], js["finished"]) == (py["index"], py["finished"])


@pytest.mark.parametrize("routine_id", ["wall-nine", "atlas-spine-ten"])
def test_too_strong_on_the_left_still_plays_the_right_in_both_engines(
    tmp_path: Path, routine_id: str
) -> None:
    library = default_library()
    timeline = build_timeline(library.routines[routine_id], library, OPTIONS["one round"])
    script = SCRIPTS["too strong on the left, then the right"]
    js: Any = _js(tmp_path, timeline.model_dump_json(), script)
    py: Any = _python(timeline.model_dump_json(), script)
    for got in (js["results"], py["results"]):
        ends = [(timeline.phases[r[0]].kind.value, timeline.phases[r[0]].side, r[1]) for r in got]
        stopped = ends.index(("hold", "left", "stopped"))
        # The right side follows at once, and is held to the end; then the next stretch.
        assert ends[stopped + 1 : stopped + 3] == [
            ("switch-sides", "right", "done"),
            ("hold", "right", "done"),
        ]
        first = timeline.phases[got[stopped][0]].step_index
        assert timeline.phases[got[stopped + 3][0]].step_index == first + 1
