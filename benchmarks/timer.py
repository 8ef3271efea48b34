"""How closely `supple start` keeps time, and how fast its first frame comes.

Runs a long routine on the real clock at --speed 20 in a real pseudo-terminal and compares
every phase boundary with the ideal schedule (the timeline's start times / speed, from the
first phase). Then times launch -> first frame of `supple start ID`, beside a bare
`python -c pass` measured in the same run. The last line printed is a JSON object.

    python benchmarks/timer.py [--routine atlas-spine-ten] [--speed 20] [--launches 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from supple.ptyrun import TerminalRun
from supple.safety import questions
from supple.store import open_store


def prepare_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="supple-bench-"))
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")
        store.set_meta("first_run_seen", "benchmark")
    return home


def read_trace(path: Path) -> list[dict[str, float]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def session_timing(routine: str, speed: float) -> dict[str, float]:
    home = prepare_home()
    trace = home / "trace.jsonl"
    env = {"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)}
    run = TerminalRun(["start", routine, "--speed", str(speed)], env=env)
    try:
        run.wait_for_trace(trace, "first-frame")
        run.send("\r")  # skip the pain score
        end = run.wait_for_trace(trace, "end", timeout=3600)
    finally:
        run.close()
    events = read_trace(trace)
    phases = [e for e in events if e["event"] == "phase"]
    t0 = phases[0]["t"]
    # Each boundary: when the player started the phase, against when it ideally should have.
    errors = [(e["t"] - (t0 + e["ideal"] / speed)) * 1000 for e in phases]
    errors.append((end["t"] - (t0 + end["ideal"] / speed)) * 1000)
    abs_errors = [abs(x) for x in errors]
    return {
        "phases": len(phases),
        "session_real_seconds": round(end["t"] - t0, 3),
        "max_error_ms": round(max(abs_errors), 3),
        "median_error_ms": round(statistics.median(abs_errors), 3),
        "final_drift_ms": round(errors[-1], 3),
    }


def first_frame_ms(routine: str) -> float:
    home = prepare_home()
    trace = home / "trace.jsonl"
    run = TerminalRun(
        ["start", routine], env={"SUPPLE_HOME": str(home), "SUPPLE_TRACE": str(trace)}
    )
    try:
        frame = run.wait_for_trace(trace, "first-frame")
    finally:
        run.close()
    return (float(frame["t"]) - run.started) * 1000  # type: ignore[arg-type]


def python_startup_ms() -> float:
    t = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return (time.monotonic() - t) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routine", default="atlas-spine-ten")
    parser.add_argument("--speed", type=float, default=20)
    parser.add_argument("--launches", type=int, default=7)
    args = parser.parse_args()

    timing = session_timing(args.routine, args.speed)
    print(
        f"{args.routine} at x{args.speed:g}: {timing['phases']} phase boundaries over "
        f"{timing['session_real_seconds']} s"
    )
    print(
        f"  boundary error: max {timing['max_error_ms']} ms, "
        f"median {timing['median_error_ms']} ms, final drift {timing['final_drift_ms']} ms"
    )

    frames = [first_frame_ms(args.routine) for _ in range(args.launches)]
    bare = [python_startup_ms() for _ in range(args.launches)]
    result = {
        **timing,
        "first_frame_ms": round(statistics.median(frames), 1),
        "first_frame_max_ms": round(max(frames), 1),
        "python_startup_ms": round(statistics.median(bare), 1),
        "launches": args.launches,
    }
    result["first_frame_ratio"] = round(result["first_frame_ms"] / result["python_startup_ms"], 1)
    print(
        f"  first frame: median {result['first_frame_ms']} ms over {args.launches} launches "
        f"(bare python: {result['python_startup_ms']} ms)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
