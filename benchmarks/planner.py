"""How fast the planner is on the real library, and how often it finds the optimum.

Times plan() over a few hundred random needs (minutes, focus, place, conditions, age,
seed, a random week of history) on the full library, after loading the library and the
rules once. Then draws small catalogues (a few stretches of the real library, some with
other hold times, random timeline options) and compares the planner's objective with the
best found by exhaustive search over every plan. The last line printed is a JSON object.

    python benchmarks/planner.py [--needs 300] [--small 120] [--seed 1]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import statistics
import time

from supple.library.catalog import Library, default_library
from supple.library.schema import Hold, Stretch
from supple.library.vocab import Kind, area_names
from supple.planner.exhaustive import eligible, exhaustive, score
from supple.planner.needs import Condition, Needs, Place
from supple.planner.plan import NoPlan, plan
from supple.planner.rules import default_rules
from supple.timeline import WARMUP_STRETCH, Options

CONDITIONS = [c.value for c in Condition]
PLACES = [p.value for p in Place]
OPTIONS = [
    Options(),
    Options(rest_seconds=10),
    Options(warmup=False),
    Options(lead_in_seconds=3, switch_seconds=7, move_seconds=12),
]


def random_needs(rng: random.Random, max_minutes: int = 60) -> Needs:
    fields: dict[str, object] = {
        "minutes": rng.randint(2, max_minutes),
        "place": rng.choice(PLACES),
        "conditions": rng.sample(CONDITIONS, rng.choice([0, 0, 1, 1, 2])),
        "age_band": rng.choice(["adult", "older"]),
        "seed": rng.randint(0, 10**9),
    }
    if rng.random() < 0.7:  # else the default focus, lower back and hips
        fields["focus"] = rng.sample(area_names(), rng.randint(1, 4))
    return Needs.model_validate(fields)


def random_week(rng: random.Random, lib: Library) -> dict[str, int]:
    ids = rng.sample(sorted(lib.stretches), rng.randint(0, min(8, len(lib.stretches))))
    return {sid: rng.randint(0, 6) for sid in ids}


def timing(n: int, rng: random.Random) -> dict[str, float]:
    lib = default_library()
    default_rules()
    cases = [(random_needs(rng), random_week(rng, lib)) for _ in range(n)]
    times, failed = [], 0
    for needs, recent in cases:
        gc.collect()  # a collection mid-plan would be timed as the planner's
        start = time.perf_counter()
        try:
            plan(needs, lib, recent=recent)
        except NoPlan:
            failed += 1
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[math.ceil(0.99 * len(times)) - 1], 2),
        "max_ms": round(times[-1], 2),
        "needs": n,
        "no_plan": failed,
    }


def small_library(rng: random.Random) -> Library:
    lib = default_library()
    ids = rng.sample(sorted(set(lib.stretches) - {WARMUP_STRETCH}), rng.randint(2, 6))
    stretches: dict[str, Stretch] = {WARMUP_STRETCH: lib.stretch(WARMUP_STRETCH)}
    for sid in ids:
        s = lib.stretch(sid)
        if s.kind is Kind.HOLD and rng.random() < 0.3:
            hold = Hold(seconds=rng.choice([15, 20, 25, 40, 50]), basis="source")
            s = s.model_copy(update={"hold": hold})
        stretches[sid] = s
    return Library(articles=lib.articles, stretches=stretches, routines={}, advice=())


def optimality(n: int, rng: random.Random) -> dict[str, float]:
    rules = default_rules()
    optimal = compared = 0
    while compared < n:
        lib = small_library(rng)
        needs = random_needs(rng, max_minutes=12)
        found = eligible(needs, lib, rules)
        holds = [
            max(s.hold.seconds, needs.hold_seconds or 0) if s.kind is Kind.HOLD else s.hold.seconds
            for s in found
        ]
        reps = max([math.ceil(60 / h) for h in holds] or [1]) + 1
        if (reps + 1) ** len(found) > 4000:
            continue  # too many plans to try them all quickly
        opts = rng.choice(OPTIONS)
        recent = random_week(rng, lib)
        best = exhaustive(needs, lib, recent=recent, options=opts, max_reps=reps)
        try:
            got = plan(needs, lib, recent=recent, options=opts)
            key = score(got.routine, needs, lib, recent=recent, options=opts)
        except NoPlan:
            key = None
        compared += 1
        optimal += (best[0] if best else None) == key
    return {"optimal_fraction": round(optimal / compared, 4), "small_catalogues": compared}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--needs", type=int, default=300)
    parser.add_argument("--small", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    result = {**timing(args.needs, rng), **optimality(args.small, rng)}
    print(
        f"  plan(): p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"max {result['max_ms']} ms over {args.needs} random needs on the full library"
    )
    print(
        f"  optimum found in {result['optimal_fraction']:.0%} of "
        f"{result['small_catalogues']} small catalogues (exhaustive search)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
