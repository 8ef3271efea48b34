"""How heavy the player page is, how fast it paints, and how the timeline endpoint holds up.

Starts a real `supple serve` on a free loopback port, then:
- player_page_bytes: every byte the player page loads (HTML, CSS, JS, icon, API JSON), in
  headless Debian chromium with the service worker blocked so nothing comes from a cache;
- first_paint_ms: the browser's first-contentful-paint for the player page, median of runs;
- timeline_p50_ms / p99_ms / rps: GET /api/routines/ID/timeline from 50 concurrent
  keep-alive clients, each paced at --rate requests a second (a bounded load: 50 phones
  asking at once), a bounded number of requests each, on loopback only;
- saturated_p50_ms / p99_ms / rps: the same 50 clients sending as fast as answers come
  back (a closed loop): the server's throughput, where latency is just queueing.
The last line printed is a JSON object.

    python benchmarks/web.py [--clients 50] [--requests 40] [--paints 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from supple.browser import launch
from supple.safety import questions
from supple.store import open_store

ROUTINE = "atlas-spine-ten"


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
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode()
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
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="supple-web-bench-"))
    with open_store(home) as store:
        store.save_screening({q.id: False for q in questions()}, "clear")
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
