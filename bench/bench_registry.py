"""The registry at scale: bulk import with validation and encryption, ID and name lookups, and
the statistics page, on SQLite and on PostgreSQL.

Full scale is the source district's 3,090,000 people and 950,000 households; SCALE=small uses
30,000 people. Each database runs in its own process (``bench.registry_load``).
"""

from __future__ import annotations

import os
from pathlib import Path

from bench.common import Figure, run_loader

PEOPLE = {"full": 3_090_000, "small": 30_000}
PG_URL = os.environ.get("BENCH_PG_URL", "postgres:///civicgrid_bench")


def _data(scale: str) -> Path:
    """Generated files for this scale, kept under var/ between runs (same seed → same files)."""
    from civicgrid.regions import demo
    from civicgrid.regions.models import Level, Region
    from civicgrid.registry.generator import generate

    people = PEOPLE[scale]
    out = Path("var") / "bench-data" / str(people)
    if not (out / "people.csv").exists():
        demo.seed()
        grids = list(Region.objects.filter(level=Level.GRID).values_list("code", "boundary"))
        out.mkdir(parents=True, exist_ok=True)
        generate(out, people, grids)
    return out


def _run(url: str, data: Path) -> dict:
    return run_loader("bench.registry_load", url, str(data))


def run(scale: str) -> list[Figure]:
    data = _data(scale)
    ms = 1000.0
    figures: list[Figure] = []
    databases = [
        ("sqlite", "sqlite:///" + os.path.abspath("var/bench-registry.sqlite3")),
        ("postgresql", PG_URL),
    ]
    for label, url in databases:
        try:
            r = _run(url, data)
        except RuntimeError as exc:
            figures.append(Figure(f"[{label}] skipped: {str(exc).splitlines()[-1][:60]}", 0, ""))
            continue
        people = r["people"]
        total = r["import_households_s"] + r["import_people_s"]
        figures.append(
            Figure(
                f"[{label}] import {people:,} people + households",
                total,
                "s",
                target="< 180 s on SQLite" if label == "sqlite" else "",
            )
        )
        figures.append(Figure(f"[{label}]   of which people", r["import_people_s"], "s"))
        if "raw_copy_s" in r:
            # Throughput ratio = (rows / import time) / (rows / COPY time).
            figures.append(
                Figure(
                    f"[{label}] import throughput vs raw COPY",
                    r["raw_copy_s"] / total * 100,
                    "%",
                    target=">= 50 %",
                )
            )
            figures.append(Figure(f"[{label}]   raw COPY of the same rows", r["raw_copy_s"], "s"))
        figures.append(
            Figure(
                f"[{label}] ID-number lookup p99",
                r["id_p99"] * ms,
                "ms",
                r["pk_p99"] * ms,
                "primary-key lookup p99",
                "< 5 ms",
            )
        )
        figures.append(
            Figure(
                f"[{label}] name search p99",
                r["name_p99"] * ms,
                "ms",
                r["contains_p50"] * ms,
                "LIKE '%x%' scan p50",
                "< 50 ms",
            )
        )
        figures.append(Figure(f"[{label}] name search p50", r["name_p50"] * ms, "ms"))
        figures.append(
            Figure(
                f"[{label}] statistics page p99",
                r["stats_p99"] * ms,
                "ms",
                r["count_scan_p50"] * ms,
                "COUNT over one grid's people p50",
                "< 50 ms",
            )
        )
    return figures
