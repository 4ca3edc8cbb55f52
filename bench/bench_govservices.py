"""Government services: submit-to-route throughput and the due-date scan over a million open cases.

Loads N generated open applications with their parts (full: 1,000,000 applications and ~1.25 M
parts, small: 50,000; 12 % five-item bundles, 88 % accepted, most clocks not due yet) and measures
the deadline tick's two queries — ``Application.objects.watched(now)`` and
``Part.objects.watched(now)``, as ``deadlines.watch_deadlines`` issues them, with 250 + 250 rows
due — against full scans of the same conditions in the same run, checks that the plans use
``application_watch_idx`` and ``part_watch_idx``, and runs the whole ``watch_deadlines(now)`` with
nothing due and with the 500 rows due (then puts them back). Then submits single-item
applications and five-item bundles, each with one small PDF, through ``submit_application`` and
``accept_application`` (the fan-out into one part per item at the items' departments), against
replaying exactly the rows those two actions wrote with ``bulk_create`` in the same number of
transactions. On SQLite (the bench's database) and on PostgreSQL (``BENCH_PG_URL``), each in its
own process (``bench.govservices_load``).
"""

from __future__ import annotations

import os

from bench.common import Figure, run_loader

APPLICATIONS = {"full": 1_000_000, "small": 50_000}
SUBMISSIONS = {"full": 200, "small": 20}  # single-item applications; half as many bundles
PG_URL = os.environ.get("BENCH_PG_URL", "postgres:///civicgrid_bench")


def _run(url: str, applications: int, submissions: int) -> dict:
    return run_loader("bench.govservices_load", url, str(applications), str(submissions))


NODES = ("Scan", "SEARCH", "SCAN", "Sort", "B-TREE", "Gather")


def _nodes(plan: str, width: int = 110) -> str:
    """The plan's scan and sort nodes, on one line."""
    nodes = [n.lstrip("-> ").strip() for n in plan.split(" / ")]
    kept = [n for n in nodes if any(k in n for k in NODES) and not n.startswith("Sort Key")]
    return " / ".join(kept)[:width]


def _watch_figures(label: str, r: dict) -> list[Figure]:
    ms = 1000.0
    figures: list[Figure] = []
    for model, index in (("application", "application_watch_idx"), ("part", "part_watch_idx")):
        due = f"{r[f'{model}_rows_returned']} of {r[f'{model}_due']:,} due"
        figures.append(
            Figure(
                f"[{label}] {model}s watched(now) p50 ({due})",
                r[f"{model}_scan_p50"] * ms,
                "ms",
                r[f"{model}_full_p50"] * ms,
                "full scan p50",
            )
        )
        figures.append(Figure(f"[{label}]   p99", r[f"{model}_scan_p99"] * ms, "ms"))
        figures.append(
            Figure(
                f"[{label}]   database part (ids only) p50",
                r[f"{model}_ids_p50"] * ms,
                "ms",
                r[f"{model}_full_ids_p50"] * ms,
                "full scan, ids only, p50",
            )
        )
        figures.append(Figure(f"[{label}]   full scan p50", r[f"{model}_full_p50"] * ms, "ms"))
        figures.append(
            Figure(f"[{label}]   full scan p50, ids only", r[f"{model}_full_ids_p50"] * ms, "ms")
        )
        figures.append(
            Figure(
                f"[{label}]   due_at <= now scan (no index), ids p50",
                r[f"{model}_due_at_scan_p50"] * ms,
                "ms",
            )
        )
        used = "yes" if r[f"{model}_index_scan"] else "NO"
        figures.append(Figure(f"[{label}]   {index}: {used} — {_nodes(r[f'{model}_plan'])}", 0, ""))
        figures.append(
            Figure(f"[{label}]   full-scan baseline: {_nodes(r[f'{model}_full_plan'])}", 0, "")
        )
    full_ids = (r["application_full_ids_p50"] + r["part_full_ids_p50"]) * ms
    figures.append(
        Figure(
            f"[{label}] watch_deadlines, nothing due, p50",
            r["tick_empty_p50"] * ms,
            "ms",
            full_ids,
            "the two full scans, ids only",
        )
    )
    figures.append(Figure(f"[{label}]   p99", r["tick_empty_p99"] * ms, "ms"))
    counts = r["tick_counts"]
    figures.append(
        Figure(
            f"[{label}] watch_deadlines, {r['tick_rows']} due: rows per second",
            r["tick_rows"] / r["tick_s"],
            "/s",
            r["tick_rows"] / r["claim_s"],
            "bare claim UPDATEs/s",
        )
    )
    figures.append(
        Figure(
            f"[{label}]   tick over {r['tick_rows']} due ({counts['soon_due']} due soon, "
            f"{counts['overdue']} overdue, {r['tick_notifications']} notifications)",
            r["tick_s"],
            "s",
        )
    )
    return figures


def _throughput_figures(label: str, r: dict) -> list[Figure]:
    ms = 1000.0
    figures: list[Figure] = []
    for kind, what in (("item", "1 item"), ("bundle", "5-item bundle")):
        statements = (
            r[f"{kind}_submit_statements"]["total"] + r[f"{kind}_accept_statements"]["total"]
        )
        rows = sum(r[f"{kind}_rows"].values())
        figures.append(
            Figure(
                f"[{label}] submit + accept, {what} + 1 PDF",
                r[f"{kind}_per_s"],
                "apps/s",
                r[f"{kind}_replay_per_s"],
                "bulk_create of the same rows",
            )
        )
        figures.append(
            Figure(
                f"[{label}]   p50 submit / accept",
                r[f"{kind}_submit_p50"] * ms,
                f"ms / {r[f'{kind}_accept_p50'] * ms:.1f} ms",
            )
        )
        figures.append(
            Figure(
                f"[{label}]   {statements} statements, {rows} rows "
                f"({r[f'{kind}_parts']} parts) per application; replay p50",
                r[f"{kind}_replay_p50"] * ms,
                "ms",
            )
        )
    return figures


def run(scale: str) -> list[Figure]:
    applications = APPLICATIONS[scale]
    submissions = SUBMISSIONS[scale]
    figures: list[Figure] = []
    default = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.abspath("var/bench.sqlite3")
    urls = [default] + ([PG_URL] if PG_URL != default else [])
    for url in urls:
        label = "postgresql" if url.startswith("postgres") else "sqlite"
        try:
            r = _run(url, applications, submissions)
        except RuntimeError as exc:
            figures.append(Figure(f"[{label}] skipped: {str(exc).splitlines()[-1][:60]}", 0, ""))
            continue
        label = r["vendor"]
        loaded = f"{r['applications']:,} applications + {r['parts']:,} parts"
        if r["load_s"] is None:
            figures.append(Figure(f"[{label}] {loaded} already loaded", 0, ""))
        else:
            how = "COPY" if label == "postgresql" else "executemany"
            figures.append(Figure(f"[{label}] load {loaded} ({how})", r["load_s"], "s"))
            rate = (r["loaded_applications"] + r["loaded_parts"]) / r["load_s"] / 1000
            figures.append(Figure(f"[{label}]   load rate", rate, "k rows/s"))
            if r.get("clear_s"):
                figures.append(Figure(f"[{label}]   removing the earlier set", r["clear_s"], "s"))
        figures += _watch_figures(label, r)
        figures += _throughput_figures(label, r)
        figures.append(
            Figure(
                f"[{label}] peak RSS of the process (start-up {r['rss_start_mb']:.0f} MB"
                + ("; SQLite's load may add up to 1 GiB of page cache" if label == "sqlite" else "")
                + ")",
                r["rss_peak_mb"],
                "MB",
            )
        )
    return figures
