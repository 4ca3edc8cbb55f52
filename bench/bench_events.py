"""Events: finding all overdue items among a million open events stays an index scan.

Loads N generated events (full: 1,000,000, small: 50,000; ~30 % finished with no watch time,
~0.5 % of all past their watch time) and measures the tick's overdue scan — the first page of
``Event.objects.overdue(now).order_by("watch_at")`` — against the same condition evaluated by a
full scan in the same run, checks that the plan uses ``event_watch_idx``, and runs the whole tick
(``escalate_overdue``) over every overdue row, then puts the rows back. On SQLite (the bench's
database) and on PostgreSQL (``BENCH_PG_URL``), each in its own process (``bench.events_load``).
"""

from __future__ import annotations

import os

from bench.common import Figure, run_loader

EVENTS = {"full": 1_000_000, "small": 50_000}
PG_URL = os.environ.get("BENCH_PG_URL", "postgres:///civicgrid_bench")


def _run(url: str, events: int) -> dict:
    return run_loader("bench.events_load", url, str(events))


def run(scale: str) -> list[Figure]:
    events = EVENTS[scale]
    ms = 1000.0
    figures: list[Figure] = []
    default = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.abspath("var/bench.sqlite3")
    urls = [default] + ([PG_URL] if PG_URL != default else [])
    for url in urls:
        label = "postgresql" if url.startswith("postgres") else "sqlite"
        try:
            r = _run(url, events)
        except RuntimeError as exc:
            figures.append(Figure(f"[{label}] skipped: {str(exc).splitlines()[-1][:60]}", 0, ""))
            continue
        label = r["vendor"]
        if r["load_s"] is None:
            figures.append(Figure(f"[{label}] {r['events']:,} events already loaded", 0, ""))
        else:
            how = "COPY" if label == "postgresql" else "executemany"
            figures.append(
                Figure(f"[{label}] load {r['events']:,} events ({how})", r["load_s"], "s")
            )
            figures.append(
                Figure(f"[{label}]   load rate", r["events"] / r["load_s"] / 1000, "k rows/s")
            )
            if r.get("clear_s"):
                figures.append(Figure(f"[{label}]   removing the earlier set", r["clear_s"], "s"))
        due = f"{r['rows_returned']} of {r['overdue']:,} due"
        figures.append(
            Figure(
                f"[{label}] overdue scan p50 ({due})",
                r["scan_p50"] * ms,
                "ms",
                r["full_p50"] * ms,
                "full scan p50",
            )
        )
        figures.append(
            Figure(
                f"[{label}] overdue scan p99",
                r["scan_p99"] * ms,
                "ms",
                r["full_p99"] * ms,
                "full scan p99",
            )
        )
        figures.append(
            Figure(
                f"[{label}]   database part (ids only) p50",
                r["ids_p50"] * ms,
                "ms",
                r["full_ids_p50"] * ms,
                "full scan, ids only, p50",
            )
        )
        figures.append(Figure(f"[{label}]   full scan p50", r["full_p50"] * ms, "ms"))
        figures.append(Figure(f"[{label}]   full scan p50, ids only", r["full_ids_p50"] * ms, "ms"))
        used = "yes" if r["index_scan"] else "no"
        figures.append(Figure(f"[{label}] index scan: {used} — {r['scan_plan'][:110]}", 0, ""))
        figures.append(Figure(f"[{label}]   full-scan baseline: {r['full_plan'][:110]}", 0, ""))
        figures.append(
            Figure(
                f"[{label}] tick: escalations per second",
                r["escalated"] / r["tick_s"],
                "/s",
                r["overdue"] / r["claim_s"],
                "bare claim UPDATEs/s",
            )
        )
        figures.append(
            Figure(
                f"[{label}]   tick over {r['overdue']:,} overdue events "
                f"({r['escalated']:,} escalations, {r['notifications']:,} notifications)",
                r["tick_s"],
                "s",
            )
        )
    return figures
