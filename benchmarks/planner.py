"""How well the planner fills the time asked, how fast it is, and how often it finds the optimum.

Plans a few hundred random needs (minutes 2-60, focus, place, conditions, age, seed, a
random week of history) on the full library, after loading the library and the rules once,
and reports:
- fill: the session as played (the timeline's total, with its own warm-up and lead-ins) over
  the time asked: p5 and median, and the share within 90-100% (a need with no plan counts
  as outside); the same over a grid of minutes x places x no condition or one condition,
  with the default focus;
- dose: the share of focus targets that something safe here touches which reach their dose
  (60 s, counting only the muscles a stretch truly lengthens);
- latency of plan(): p50, p99 (target under 50 ms) and max;
- optimal_fraction: on small catalogues (a few stretches of the real library, some with
  other hold times, some timeline options given), the planner's objective equals the best
  found by exhaustive search over every plan (target 1.0).
The last line printed is a JSON object.

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
from supple.planner.space import choices, session_for
from supple.timeline import WARMUP_STRETCH, Options

CONDITIONS = [c.value for c in Condition]
PLACES = [p.value for p in Place]
OPTIONS = [
    None,  # the plan's own session
    Options(),
    Options(rest_seconds=10),
    Options(warmup=False),
    Options(lead_in_seconds=3, switch_seconds=7, move_seconds=12),
]
GRID_MINUTES = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 45, 50, 60)


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


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def quality(cases: list[tuple[Needs, dict[str, int]]], prefix: str) -> dict[str, float]:
    """Fill and dose over these needs, and plan()'s latency."""
    lib = default_library()
    fills, times = [], []
    dosed = reachable = failed = 0
    for needs, recent in cases:
        gc.collect()  # a collection mid-plan would be timed as the planner's
        start = time.perf_counter()
        try:
            got = plan(needs, lib, recent=recent)
        except NoPlan:
            failed += 1
            fills.append(0.0)
            continue
        finally:
            times.append((time.perf_counter() - start) * 1000)
        fills.append(got.total_seconds / (needs.minutes * 60))
        for target, seconds in got.coverage.items():
            if target not in got.unreachable:
                reachable += 1
                dosed += seconds >= got.dose_seconds
    return {
        f"{prefix}fill_p5": round(_percentile(fills, 0.05), 3),
        f"{prefix}fill_median": round(statistics.median(fills), 3),
        f"{prefix}within_90_100": round(sum(0.9 <= f <= 1.0 for f in fills) / len(fills), 4),
        f"{prefix}dose_coverage": round(dosed / max(1, reachable), 4),
        f"{prefix}no_plan": failed,
        f"{prefix}p50_ms": round(statistics.median(times), 2),
        f"{prefix}p99_ms": round(_percentile(times, 0.99), 2),
        f"{prefix}max_ms": round(max(times), 2),
        f"{prefix}needs": len(cases),
    }


def grid_cases() -> list[tuple[Needs, dict[str, int]]]:
    return [
        (Needs(minutes=m, place=p, conditions=[c] if c else [], seed=m), {})
        for m in GRID_MINUTES
        for p in PLACES
        for c in [None, *CONDITIONS]
    ]


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
        needs = random_needs(rng, max_minutes=14)
        opts = rng.choice(OPTIONS)
        found = eligible(needs, lib, rules)
        session = session_for(needs, found, opts)
        plans = math.prod(len(choices(s, needs, session, True)) + 1 for s in found)
        if plans > 4000:
            continue  # too many plans to try them all quickly
        recent = random_week(rng, lib)
        best = exhaustive(needs, lib, recent=recent, options=opts)
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
    lib = default_library()
    default_rules()
    cases = [(random_needs(rng), random_week(rng, lib)) for _ in range(args.needs)]
    result = {
        **quality(cases, ""),
        **quality(grid_cases(), "grid_"),
        **optimality(args.small, rng),
    }
    print(
        f"  fill (played / asked) over {args.needs} random needs: p5 {result['fill_p5']}, "
        f"median {result['fill_median']}, {result['within_90_100']:.1%} within 90-100% "
        f"({result['no_plan']} with no plan)"
    )
    print(
        f"  over the grid of {result['grid_needs']} (minutes x places x conditions): "
        f"p5 {result['grid_fill_p5']}, median {result['grid_fill_median']}, "
        f"{result['grid_within_90_100']:.1%} within 90-100%"
    )
    print(
        f"  focus targets at dose: {result['dose_coverage']:.1%} (grid "
        f"{result['grid_dose_coverage']:.1%}) of those something safe here touches"
    )
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
