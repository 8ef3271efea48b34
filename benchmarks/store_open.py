"""Opening the store: what SQLite's quick check at open costs, on a year and more of sessions.

Fills a store as benchmarks/web.py does (--sessions sessions of --phases phases each, 30,000
phase rows by default, through the store's own API), then measures, median of --opens:
- quick_check_ms: PRAGMA quick_check alone, on a warm connection;
- open_ms: open_store() then close() (folder and file modes, quick check, revision), as every
  command and `supple serve` pay it; open_cold_ms: the same in a fresh process, imports
  included, as `supple history` pays it.
Target: quick_check_ms under 50. The last line printed is a JSON object.

    python benchmarks/store_open.py [--sessions 1000] [--phases 30] [--opens 15]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from web import fill_store

from supple.store.db import open_store

TARGET_MS = 50


def median_ms(run: object, times: int) -> float:
    found = []
    for _ in range(times):
        t = time.perf_counter()
        run()  # type: ignore[operator]
        found.append((time.perf_counter() - t) * 1000)
    return statistics.median(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--phases", type=int, default=30)
    parser.add_argument("--opens", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="supple-open-") as folder:
        home = Path(folder)
        rows = fill_store(home, args.sessions, args.phases)
        db = home / "supple.db"
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA quick_check").fetchall()  # warm the OS's cache once

            def quick_check() -> None:
                assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]

            check_ms = median_ms(quick_check, args.opens)
        conn.close()
        open_ms = median_ms(lambda: open_store(home).close(), args.opens)
        code = "from supple.store.db import open_store; open_store().close()"
        env = {**os.environ, "SUPPLE_HOME": str(home)}
        cold_ms = median_ms(
            lambda: subprocess.run([sys.executable, "-c", code], env=env, check=True),
            max(3, args.opens // 3),
        )
        size_mb = db.stat().st_size / 2**20

    figures = {
        "phase_rows": rows,
        "db_mb": round(size_mb, 1),
        "quick_check_ms": round(check_ms, 1),
        "open_ms": round(open_ms, 1),
        "open_cold_ms": round(cold_ms, 1),
        "target_quick_check_ms": TARGET_MS,
    }
    for name, value in figures.items():
        print(f"{name:>22}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
