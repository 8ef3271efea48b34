"""The web app's speed: player page weight and paint, timeline under load, Home and History.

Starts a real `supple serve` on a free loopback port, then:
- player_page_bytes: every byte the player page loads (HTML, CSS, JS, icon, API JSON, and
  the session's pictures, fetched ahead so they still show if the connection drops), in
  headless Debian chromium with the service worker blocked so nothing comes from a cache;
- first_paint_ms: the browser's first-contentful-paint for the player page, median of runs;
- timeline_p50_ms / p99_ms / rps: GET /api/routines/ID/timeline from 50 concurrent
  keep-alive clients, each paced at --rate requests a second (a bounded load: 50 phones
  asking at once), a bounded number of requests each, on loopback only;
- saturated_p50_ms / p99_ms / rps: the same 50 clients sending as fast as answers come
  back (a closed loop): the server's throughput, where latency is just queueing.
- home_ms / history_ms: GET / and GET /history (the whole page, server to loopback client),
  median of --loads, from a second server whose store holds --sessions sessions of --phases
  phases each (30,000 phase rows by default), written through the store's own API.
  Target: each under 100 ms.
The last line printed is a JSON object.

    python benchmarks/web.py [--clients 50] [--requests 40] [--paints 7] [--sessions 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

from supple.library.catalog import default_library
from supple.safety import questions
from supple.store.db import Store, open_store
from supple.timeline import build_timeline

# The chromium launcher is a test helper: it lives in tests/, not in the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import launch  # noqa: E402

ROUTINE = "atlas-spine-ten"
PAGE_TARGET_MS = 100


def screen_clear(store: Store) -> None:
    store.save_screening({q.id: False for q in questions()}, "clear")


def fill_store(home: Path, sessions: int, phases_each: int) -> int:
    """A store with `sessions` completed sessions, two a day up to now; the phase rows made."""
    library = default_library()
    timeline = build_timeline(library.routines[ROUTINE], library)
    phases = [timeline.phases[i % len(timeline.phases)] for i in range(phases_each)]
    real_now = datetime.now(UTC)
    now = real_now - timedelta(hours=12 * sessions)
    rows = 0
    with open_store(home, clock=lambda: now) as store:
        for n in range(sessions):
            now += timedelta(hours=12)
            ref = store.start_session(
                timeline.routine_id,
                timeline.title,
                planned_seconds=round(timeline.total_seconds),
                client="benchmark",
                speed=1.0,
                demo=False,
                options=timeline.options.model_dump(mode="json"),
            )
            for seq, p in enumerate(phases, 1):
                skipped = (n + seq) % 11 == 0  # a few skips, so the counts are not all "done"
                store.record_phase(
                    ref.id,
                    key=f"{p.index}.{seq}",
                    phase_index=p.index,
                    step_index=p.step_index,
                    kind=p.kind.value,
                    stretch_id=p.stretch_id,
                    side=p.side.value if p.side else None,
                    planned_seconds=p.duration,
                    actual_seconds=1.0 if skipped else p.duration,
                    outcome="skipped" if skipped else "done",
                )
                rows += 1
            store.set_pain(ref.id, before=3 + n % 5, after=1 + n % 4)
            store.end_session(ref.id, "completed")
        now = real_now
        screen_clear(store)
    return rows


def page_ms(port: int, path: str, loads: int) -> float:
    """Median milliseconds for a whole GET of path on one keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    try:
        for _ in range(loads + 1):  # the first load warms the server up and is not counted
            t = time.perf_counter()
            conn.request("GET", path)
            res = conn.getresponse()
            res.read()
            if res.status != 200:
                raise RuntimeError(f"GET {path}: {res.status} {res.reason}")
            times.append((time.perf_counter() - t) * 1000)
    finally:
        conn.close()
    return statistics.median(times[1:])


def start_server(home: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "supple", "serve", "--port", str(port), "--no-browser"],
        env={**os.environ, "SUPPLE_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/routines", timeout=1).close()
            return proc, port
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("supple serve did not start") from None
            time.sleep(0.1)


def page_figures(base: str, paints: int) -> tuple[int, float]:
    with sync_playwright() as p:
        browser = launch(p)
        sizes: dict[str, int] = {}
        ctx = browser.new_context(service_workers="block")
        page = ctx.new_page()
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())))
        page.goto(f"{base}/play/{ROUTINE}", wait_until="networkidle")
        ctx.close()
        times = []
        for _ in range(paints):
            ctx = browser.new_context(service_workers="block")
            page = ctx.new_page()
            page.goto(f"{base}/play/{ROUTINE}", wait_until="load")
            fcp = page.evaluate(
                "new Promise(r => new PerformanceObserver((l) => r(l.getEntries()[0].startTime))"
                ".observe({type: 'paint', buffered: true}))"
            )
            times.append(float(fcp))
            ctx.close()
        browser.close()
    return sum(sizes.values()), statistics.median(times)


async def one_client(
    port: int, path: str, count: int, latencies: list[float], rate: float | None, offset: float
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    ask = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: keep-alive\r\n\r\n"
    request = ask.encode()
    # Paced clients are spread evenly over one interval, as independent phones would be.
    start = time.perf_counter() + offset
    try:
        for i in range(count):
            if rate:
                # Paced: request i goes out at its slot, whatever happened to the last one.
                await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            t = time.perf_counter()
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head.decode(errors="replace"))
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - t) * 1000)
    finally:
        writer.close()
        await writer.wait_closed()


async def load(
    port: int, clients: int, requests: int, rate: float | None
) -> tuple[list[float], float]:
    latencies: list[float] = []
    path = f"/api/routines/{ROUTINE}/timeline"
    t = time.perf_counter()
    await asyncio.wait_for(
        asyncio.gather(
            *(
                one_client(
                    port, path, requests, latencies, rate, c / (clients * rate) if rate else 0.0
                )
                for c in range(clients)
            )
        ),
        timeout=300,
    )
    return latencies, time.perf_counter() - t


def figures(latencies: list[float], elapsed: float) -> tuple[float, float, float]:
    """p50, p99 (ms) and requests per second."""
    latencies = sorted(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return statistics.median(latencies), p99, len(latencies) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--paints", type=int, default=7)
    parser.add_argument("--rate", type=float, default=10, help="requests/s per paced client")
    parser.add_argument("--sessions", type=int, default=1000, help="in the pages' store")
    parser.add_argument("--phases", type=int, default=30, help="per session")
    parser.add_argument("--loads", type=int, default=15, help="of each page")
    args = parser.parse_args()

    full = Path(tempfile.mkdtemp(prefix="supple-web-bench-full-"))
    t = time.perf_counter()
    rows = fill_store(full, args.sessions, args.phases)
    print(
        f"store: {args.sessions} sessions, {rows} phase rows "
        f"(written in {time.perf_counter() - t:.0f} s)"
    )
    proc, port = start_server(full)
    try:
        pages = {path: page_ms(port, path, args.loads) for path in ("/", "/history")}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    for path, ms in pages.items():
        verdict = "under" if ms < PAGE_TARGET_MS else "OVER"
        print(f"GET {path}: median {ms:.1f} ms of {args.loads} ({verdict} {PAGE_TARGET_MS} ms)")

    home = Path(tempfile.mkdtemp(prefix="supple-web-bench-"))
    with open_store(home) as store:
        screen_clear(store)
    proc, port = start_server(home)
    try:
        base = f"http://127.0.0.1:{port}"
        page_bytes, paint = page_figures(base, args.paints)
        print(f"player page: {page_bytes} bytes in all; first contentful paint {paint:.1f} ms")
        asyncio.run(load(port, 5, 10, None))  # warm up
        paced = figures(*asyncio.run(load(port, args.clients, args.requests, args.rate)))
        saturated = figures(*asyncio.run(load(port, args.clients, args.requests, None)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    result = {
        "player_page_bytes": page_bytes,
        "first_paint_ms": round(paint, 1),
        "timeline_p50_ms": round(paced[0], 2),
        "timeline_p99_ms": round(paced[1], 2),
        "timeline_rps": round(paced[2], 1),
        "saturated_p50_ms": round(saturated[0], 2),
        "saturated_p99_ms": round(saturated[1], 2),
        "saturated_rps": round(saturated[2], 1),
        "clients": args.clients,
        "rate_per_client": args.rate,
        "requests_per_run": args.clients * args.requests,
        "home_ms": round(pages["/"], 1),
        "history_ms": round(pages["/history"], 1),
        "phase_rows": rows,
    }
    print(
        f"timeline, {args.clients} clients at {args.rate:g}/s each: p50 "
        f"{result['timeline_p50_ms']} ms, p99 {result['timeline_p99_ms']} ms, "
        f"{result['timeline_rps']} requests/s"
    )
    print(
        f"timeline, {args.clients} clients flat out: p50 {result['saturated_p50_ms']} ms, "
        f"p99 {result['saturated_p99_ms']} ms, {result['saturated_rps']} requests/s"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
