"""One database's registry benchmark, run in its own process by ``bench_registry``:

    python -m bench.registry_load DATABASE_URL DATA_DIR

Creates a fresh database, imports the generated files, and prints one JSON object of figures.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import sys
import time
from pathlib import Path

from bench.common import latencies, pct


def fresh_database(url: str) -> None:
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(cfg["NAME"] + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=cfg.get("HOST") or None,
        user=cfg.get("USER") or None,
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(cfg["NAME"]))
        )
        conn.execute(
            sql.SQL(
                "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
            ).format(sql.Identifier(cfg["NAME"]))
        )


def timed_import(kind: str, path: Path) -> float:
    from civicgrid.registry.importer import run_import
    from civicgrid.registry.models import ImportJob

    job = ImportJob.objects.create(kind=kind, file_name=path.name, path=str(path))
    started = time.perf_counter()
    report = run_import(job, batch_rows=20000)
    elapsed = time.perf_counter() - started
    if report.imported == 0:
        raise SystemExit(f"{kind}: nothing imported ({len(report.errors)} errors)")
    return elapsed


def raw_copy_seconds() -> float:
    """PostgreSQL: the same rows, exported and copied back into the same tables (indexes and
    all) with plain COPY — the baseline the import is measured against."""
    from django.db import connection

    tables = ["registry_household", "registry_person"]
    dumps = {}
    with connection.cursor() as cursor:
        for table in tables:
            buffer = io.BytesIO()
            with cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    buffer.write(block)
            dumps[table] = buffer.getvalue()
        cursor.execute("TRUNCATE registry_person, registry_household, registry_persontag CASCADE")
    from django.db import transaction

    started = time.perf_counter()
    # One transaction, as the import's batches are: the deferred foreign keys (a household's
    # head is a person) are checked at commit, and the commit is part of the time.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                data = dumps[table]
                for start in range(0, len(data), 1 << 20):
                    copy.write(data[start : start + (1 << 20)])
    return time.perf_counter() - started


def main() -> None:
    url, data_dir = sys.argv[1], Path(sys.argv[2])
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")
    fresh_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection

    from civicgrid.regions import demo as regions_demo

    regions_demo.seed()
    timed_import("buildings", data_dir / "buildings.csv")
    figures: dict[str, float] = {"vendor": connection.vendor}  # type: ignore[dict-item]
    households = timed_import("households", data_dir / "households.csv")
    people = timed_import("people", data_dir / "people.csv")
    figures["import_households_s"] = households
    figures["import_people_s"] = people
    if connection.vendor == "postgresql":
        figures["raw_copy_s"] = raw_copy_seconds()
    # Measure the steady state, not the minutes of post-load maintenance after four million rows:
    # statistics, the visibility map and a checkpoint first, as autovacuum would do.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) registry_person, registry_household")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")

    from civicgrid.registry.models import Person
    from civicgrid.registry.search import PersonQuery, find_by_id_number, search_people
    from civicgrid.registry.stats import grid_figures

    figures["people"] = Person.objects.count()
    rng = random.Random(5)
    with (data_dir / "people.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    sample = [rows[rng.randrange(len(rows))] for _ in range(2000)]
    ids = [(r["id_number"],) for r in sample]
    base = Person.objects.all()
    for (number,) in ids[:100]:  # warm the caches as a running server would be
        find_by_id_number(base, number)
    lookups = latencies(lambda n: find_by_id_number(base, n), ids)
    max_pk = figures["people"]
    pk_lookups = latencies(
        lambda pk: Person.objects.filter(pk=pk).first(),
        [(rng.randint(1, int(max_pk)),) for _ in range(2000)],
    )
    figures.update(
        id_p50=pct(lookups, 50),
        id_p99=pct(lookups, 99),
        pk_p50=pct(pk_lookups, 50),
        pk_p99=pct(pk_lookups, 99),
    )
    # Name searches as clerks type them: a surname, one given-name character, two characters,
    # a full name, pinyin initials.
    queries = []
    for r in sample[:600]:
        name = r["name"]
        queries += [(name[0],), (name[-1],), (name[-2:],), (name,)]
    queries += [("zjg",), ("wxm",), ("ly",)] * 20
    searches = latencies(lambda q: search_people(base, PersonQuery(text=q), limit=20), queries)
    scans = latencies(
        lambda q: list(base.filter(name__contains=q)[:20]), [(r["name"][-1],) for r in sample[:20]]
    )
    figures.update(
        name_p50=pct(searches, 50), name_p99=pct(searches, 99), contains_p50=pct(scans, 50)
    )
    # The statistics page, rendered as a leader sees it.
    from django.test import Client

    from civicgrid.accounts.models import Role, User
    from civicgrid.regions.models import Level, Region

    leader = User.objects.create_user(
        "bench-leader", role=Role.LEADER, scope_region=Region.objects.get(level=Level.DISTRICT)
    )
    client = Client()
    client.force_login(leader)
    codes = list(Region.objects.values_list("code", flat=True))
    pages = latencies(
        lambda c: client.get(f"/registry/stats/?region={c}"),
        [(rng.choice(codes),) for _ in range(200)],
    )
    from django.db.models import Count

    grids = [c for c in codes if len(c) == 15]
    scans = latencies(
        lambda c: list(Person.objects.filter(grid_id=c).values("sex").annotate(n=Count("id"))),
        [(g,) for g in grids[:50]],
    )
    grid_figures("430212")
    figures.update(
        stats_p50=pct(pages, 50), stats_p99=pct(pages, 99), count_scan_p50=pct(scans, 50)
    )
    print(json.dumps(figures))  # noqa: T201


if __name__ == "__main__":
    main()
