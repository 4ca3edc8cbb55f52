"""One database's overdue-scan benchmark, run in its own process by ``bench_events``:

    python -m bench.events_load DATABASE_URL EVENTS

Creates the database if it is missing (never drops it), loads EVENTS generated events (raw
``executemany`` on SQLite, ``COPY`` on PostgreSQL) unless the same set is already there, measures
the tick's overdue scan against a full scan of the same condition, checks the plan, runs the
whole tick and puts every row it touched back. Prints one JSON object of figures.

The bench's events are the rows numbered ``BENCH…``; nothing else in the database is changed
(reference data it needs — the demo district, demo accounts, a small category tree — is created
only where missing). Watch times are relative to a fixed instant ``NOW``, so a loaded set stays
valid between runs and the figures of two runs compare.
"""

from __future__ import annotations

import gc
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import latencies, pct

NOW = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Asia/Shanghai
PREFIX = "BENCH"  # number of every bench event: BENCH000000000 …
FINISHED = 0.30  # closed or rated: watch_at NULL
PAST = 0.005  # of all rows: watch_at <= NOW, the tick's work
ESCALATED = 0.03  # of the open rows not yet due: escalated once already, watching level 2
CHUNK = 20_000
# State of an open event, its share, and its step's limit in hours (deadlines.DEFAULT_LIMITS,
# working days taken as 24 h).
OPEN = [
    ("reported", 0.05, 2),
    ("registered", 0.05, 4),
    ("dispatched", 0.15, 72),
    ("handling", 0.45, 72),
    ("returned", 0.05, 72),
    ("handled", 0.15, 24),
    ("verified", 0.10, 24),
]
HOLDS_DEPARTMENT = {"dispatched", "handling", "returned", "handled", "verified"}
SOURCES = ["grid_worker", "resident", "staff", "public", "hotline_12345", "api"]
PLACES = ["路口", "小区东门", "菜市场旁", "河堤", "学校门口", "村部前坪", "公交站", "桥头"]
PROBLEMS = [
    "垃圾池满溢，气味很大，已有两天无人清运",
    "路灯不亮，夜间通行不便，存在安全隐患",
    "占道经营，影响行人和车辆通行",
    "下水道堵塞，雨后积水严重",
    "邻里因噪音发生争执，需要调解",
    "楼道堆放杂物，堵塞消防通道",
]


def ensure_database(url: str) -> None:
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if not cfg["ENGINE"].endswith("postgresql"):
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=cfg.get("HOST") or None,
        port=cfg.get("PORT") or None,
        user=cfg.get("USER") or None,
        password=cfg.get("PASSWORD") or None,
    ) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if found.fetchone() is None:
            conn.execute(
                sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                    "LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                ).format(sql.Identifier(cfg["NAME"]))
            )


def reference_data() -> tuple[list[Any], list[tuple[str, float, float]]]:
    """Leaf categories and (grid code, lon, lat) of every grid, created where missing."""
    from civicgrid.accounts import demo as accounts_demo
    from civicgrid.events.models import Category
    from civicgrid.regions import demo as regions_demo
    from civicgrid.regions.models import Level, Region

    if not Region.objects.filter(level=Level.GRID).exists():
        regions_demo.seed()
    # Departments and one account per role, so the tick finds people to tell (idempotent).
    accounts_demo.seed()
    leaf = Category.objects.filter(active=True, children__isnull=True).select_related("parent")
    leaves = list(leaf.order_by("code"))
    if not leaves:
        departments = {d.code: d for d in accounts_demo.seed_departments()}
        tree = [
            ("01", "市容环境", departments.get("D002"), False, ["垃圾池满溢", "占道经营"]),
            ("02", "矛盾纠纷", None, True, ["邻里纠纷"]),
            ("03", "安全隐患", departments.get("D001"), False, ["消防隐患", "路灯损坏"]),
        ]
        for code, name, department, by_town, children in tree:
            parent, _ = Category.objects.get_or_create(
                code=code,
                defaults={"name": name, "department": department, "handled_by_town": by_town},
            )
            for i, child in enumerate(children, start=1):
                Category.objects.get_or_create(
                    code=f"{code}{i:02d}", defaults={"name": child, "parent": parent}
                )
        leaves = list(leaf.order_by("code"))
    grids = list(
        Region.objects.filter(level=Level.GRID)
        .order_by("code")
        .values_list("code", "centroid_lon", "centroid_lat")
    )
    towns = set(Region.objects.filter(level=Level.TOWN).values_list("code", flat=True))
    grids = [g for g in grids if g[0][:9] in towns]  # a town to hand disputes to
    if not grids:
        raise SystemExit("no grid under a town in this database")
    return leaves, grids


def columns() -> tuple[list[str], list[Any], dict[str, int]]:
    """Column names of events_event (all but id), their defaults and each one's position."""
    from civicgrid.events.models import Event

    names, defaults = [], []
    for field in Event._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(field.column)
        defaults.append(None if field.null else field.get_default())
    return names, defaults, {name: i for i, name in enumerate(names)}


def generate(n: int, leaves: list[Any], grids: list[tuple[str, float, float]]) -> Iterator[list]:
    """Chunks of rows (lists in ``columns()`` order), the same for the same n and reference data."""
    names, defaults, at = columns()
    rng = random.Random(20250602)
    weights = [w for _, w, _ in OPEN]
    departments = {
        c.pk: c.department_id or (c.parent.department_id if c.parent_id else None) for c in leaves
    }
    by_town = {
        c.pk: c.handled_by_town or bool(c.parent_id and c.parent.handled_by_town) for c in leaves
    }
    open_share = 1 - FINISHED
    chunk: list[list] = []
    for i in range(n):
        row = list(defaults)
        category = rng.choice(leaves)
        code, lon, lat = rng.choice(grids)
        row[at["number"]] = f"{PREFIX}{i:09d}"
        row[at["category_id"]] = category.pk
        row[at["urgency"]] = rng.choices(["normal", "urgent", "critical"], [85, 12, 3])[0]
        row[at["source"]] = rng.choice(SOURCES)
        place = rng.choice(PLACES)
        row[at["address"]] = f"{place}{rng.randint(1, 200)}号附近"
        row[at["description"]] = f"{place}{rng.choice(PROBLEMS)}。"
        row[at["region_code"]] = code
        if lon is not None:
            row[at["lon"]] = lon + rng.uniform(-0.002, 0.002)
            row[at["lat"]] = lat + rng.uniform(-0.002, 0.002)
        if rng.random() < FINISHED:
            closed = NOW - timedelta(days=rng.uniform(0.1, 365))
            reported = closed - timedelta(days=rng.uniform(0.2, 10))
            rated = rng.random() < 0.6
            row[at["state"]] = "evaluated" if rated else "closed"
            row[at["reported_at"]] = reported
            row[at["registered_at"]] = reported + (closed - reported) * 0.1
            row[at["dispatched_at"]] = reported + (closed - reported) * 0.2
            row[at["handled_at"]] = reported + (closed - reported) * 0.8
            row[at["verified_at"]] = reported + (closed - reported) * 0.9
            row[at["closed_at"]] = closed
            row[at["updated_at"]] = closed
            if rated:
                row[at["evaluated_at"]] = closed + timedelta(hours=rng.uniform(1, 48))
                row[at["rating"]] = rng.choices(["satisfied", "basic", "unsatisfied"], [80, 15, 5])[
                    0
                ]
                row[at["updated_at"]] = row[at["evaluated_at"]]
            if departments[category.pk]:
                row[at["department_id"]] = departments[category.pk]
        else:
            state, _, hours = rng.choices(OPEN, weights)[0]
            limit = timedelta(hours=hours)
            level = 0
            if rng.random() < PAST / open_share:
                watch = NOW - timedelta(seconds=rng.uniform(1, 72 * 3600))
                due = watch
            else:
                watch = NOW + timedelta(seconds=rng.uniform(60, hours * 3600))
                due = watch
                if rng.random() < ESCALATED:  # escalated once: watching for level 2
                    level, due = 1, watch - limit
            started = due - limit
            reported = started - timedelta(hours=rng.uniform(0, 48))
            row[at["state"]] = state
            row[at["reported_at"]] = reported
            row[at["step_started_at"]] = started
            row[at["due_at"]] = due
            row[at["watch_at"]] = watch
            row[at["escalation_level"]] = level
            row[at["overdue"]] = row[at["late"]] = level > 0
            row[at["updated_at"]] = started
            if state != "reported":
                row[at["registered_at"]] = reported + timedelta(minutes=rng.uniform(5, 90))
            if state in HOLDS_DEPARTMENT:
                row[at["dispatched_at"]] = row[at["registered_at"]] + timedelta(minutes=30)
                if by_town[category.pk]:
                    row[at["handling_town_code"]] = code[:9]
                else:
                    row[at["department_id"]] = departments[category.pk]
            if state in ("handled", "verified"):
                row[at["handled_at"]] = started if state == "handled" else started - limit
            if state == "verified":
                row[at["verified_at"]] = started
            if state == "returned":
                row[at["rework_count"]] = 1
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bench_filter() -> tuple[str, list[str]]:
    """WHERE clause of the bench's rows (a range of the unique index on ``number``)."""
    return "number >= %s AND number < %s", [PREFIX, PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1)]


def load(n: int, leaves: list[Any], grids: list[tuple[str, float, float]]) -> dict[str, float]:
    """Make the bench's rows exactly the generated n. Returns the seconds spent removing an
    earlier set (``clear_s``) and loading this one (``load_s``, the insert or COPY and its
    commit; statistics and VACUUM come after); nothing when the set is already there."""
    from django.db import connection, transaction

    from civicgrid.events.models import FINISHED_STATES, Event

    where, params = bench_filter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COUNT(watch_at) FROM events_event WHERE {where}", params)  # noqa: S608
        count, watched = cursor.fetchone()
    mine = Event.objects.filter(number__startswith=PREFIX)
    past = mine.filter(watch_at__lte=NOW).exists()
    # An open event with nothing to watch is what an interrupted tick leaves: load afresh.
    stale = mine.filter(watch_at__isnull=True).exclude(state__in=FINISHED_STATES).exists()
    if count == n and watched and past and not stale:
        return {}
    names, _, _ = columns()
    times = {"clear_s": 0.0}
    if count:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM events_event WHERE {where}", params)  # noqa: S608
        if connection.vendor == "postgresql":
            # Give the space back, or the full-scan baseline would read a million dead rows.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM FULL events_event")
        times["clear_s"] = time.perf_counter() - started
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            statement = f"COPY events_event ({', '.join(names)}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for chunk in generate(n, leaves, grids):
                    for row in chunk:
                        copy.write_row(row)
        times["load_s"] = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) events_event")
            cursor.execute("CHECKPOINT")
    else:
        dates = [i for i, name in enumerate(names) if name.endswith("_at")]
        insert = (
            f"INSERT INTO events_event ({', '.join(names)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(names))})"
        )
        connection.ensure_connection()
        raw = connection.connection
        raw.execute("PRAGMA cache_size=-1048576")  # 1 GiB for the load only
        with transaction.atomic():
            for chunk in generate(n, leaves, grids):
                for row in chunk:
                    for i in dates:  # as Django stores them: naive UTC text
                        if row[i] is not None:
                            row[i] = str(row[i].replace(tzinfo=None))
                raw.executemany(insert, chunk)
        times["load_s"] = time.perf_counter() - started
        raw.execute("PRAGMA cache_size=-65536")  # back to the application's setting
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_event")
    return times


def plan(queryset: Any) -> str:
    return " / ".join(line.strip() for line in queryset.explain().splitlines() if line.strip())


def main() -> None:
    url, n = sys.argv[1], int(sys.argv[2])
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")
    ensure_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.db import connection, transaction
    from django.db.models import DateTimeField, Value
    from django.db.models.functions import Coalesce

    from civicgrid.core.models import Notification, TimelineEntry
    from civicgrid.events.actions import escalate_overdue
    from civicgrid.events.models import Event

    leaves, grids = reference_data()
    figures: dict[str, Any] = {"vendor": connection.vendor, "load_s": None}
    figures.update(load(n, leaves, grids))
    figures["events"] = Event.objects.filter(number__startswith=PREFIX).count()
    figures["table_rows"] = Event.objects.count()
    figures["watched"] = Event.objects.filter(watch_at__isnull=False).count()
    overdue_ids = set(Event.objects.overdue(NOW).values_list("id", flat=True))
    figures["overdue"] = len(overdue_ids)

    # 1. The tick's scan, as escalate_overdue issues it (without its select_related).
    def scan() -> list[Event]:
        return list(Event.objects.overdue(NOW).order_by("watch_at")[:500])

    # 2. The same condition where no index can help: every row's watch time is computed.
    far = datetime(9999, 1, 1, tzinfo=UTC)
    coalesced = Event.objects.annotate(w=Coalesce("watch_at", Value(far, DateTimeField())))

    def full_scan() -> list[Event]:
        return list(coalesced.filter(w__lte=NOW).order_by("w")[:500])

    # Same answer first: a fast wrong index is no index.
    assert set(coalesced.filter(w__lte=NOW).values_list("id", flat=True)) == overdue_ids  # noqa: S101
    first = [e.watch_at for e in scan()]
    assert first == [e.watch_at for e in full_scan()] and first == sorted(first)  # noqa: S101
    assert len(first) == min(500, len(overdue_ids))  # noqa: S101

    for _ in range(20):  # warm the caches, as a server that ticks every minute would have them
        scan()
    # Every ~100 scans Python makes a full (generation 2) collection of the whole heap — Django,
    # the app, the drivers: ~25 ms here, which would be the p99 of 500 scans whatever the
    # query. Freeze what start-up allocated, as a preloading server does, so the tail measured
    # is the query's.
    gc.collect()
    gc.freeze()
    scans = latencies(scan, [()] * 500)
    full_scan()
    baseline = latencies(full_scan, [()] * (10 if n > 200_000 else 30))
    # The database's part alone: the same two queries returning only ids, no model instances.
    ids = latencies(
        lambda: list(Event.objects.overdue(NOW).order_by("watch_at")[:500].values_list("id")),
        [()] * 500,
    )
    full_ids = latencies(
        lambda: list(coalesced.filter(w__lte=NOW).order_by("w")[:500].values_list("id")),
        [()] * len(baseline),
    )
    figures.update(
        ids_p50=pct(ids, 50),
        full_ids_p50=pct(full_ids, 50),
        scan_p50=pct(scans, 50),
        scan_p99=pct(scans, 99),
        full_p50=pct(baseline, 50),
        full_p99=pct(baseline, 99),
        rows_returned=len(first),
    )

    # 3. The plans.
    figures["scan_plan"] = plan(Event.objects.overdue(NOW).order_by("watch_at")[:500])
    figures["full_plan"] = plan(coalesced.filter(w__lte=NOW).order_by("w")[:500])
    figures["index_scan"] = "event_watch_idx" in figures["scan_plan"]

    # 4. The whole tick over every overdue row, then every touched row put back as it was.
    fields = ("id", "state", "watch_at", "overdue", "late", "escalation_level")
    before = list(Event.objects.filter(id__in=overdue_ids).values_list(*fields))
    last_note = TimelineEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_message = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def restore() -> None:
        ops = connection.ops
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE events_event SET watch_at = %s, overdue = %s, late = %s, "
                "escalation_level = %s WHERE id = %s",
                [
                    (ops.adapt_datetimefield_value(w), o, la, level, pk)
                    for pk, _, w, o, la, level in before
                ],
            )
            TimelineEntry.objects.filter(id__gt=last_note).delete()
            Notification.objects.filter(id__gt=last_message).delete()

    try:
        started = time.perf_counter()
        counts = escalate_overdue(NOW)
        figures["tick_s"] = time.perf_counter() - started
        figures.update(counts)
        figures["notes"] = TimelineEntry.objects.filter(id__gt=last_note).count()
        figures["notifications"] = Notification.objects.filter(id__gt=last_message).count()
        figures["left_overdue"] = Event.objects.overdue(NOW).count()
    finally:
        restore()
    assert list(Event.objects.filter(id__in=overdue_ids).values_list(*fields)) == before  # noqa: S101

    # Baseline of the tick: the claim alone, one conditional single-row UPDATE per event in its
    # own transaction (writing back the values it already has), without notes or notifications.
    def claim(pk: int, state: str, watch: datetime, overdue: bool) -> None:
        with transaction.atomic():
            Event.objects.filter(pk=pk, state=state, watch_at=watch).update(overdue=overdue)

    started = time.perf_counter()
    claimed = latencies(claim, [row[:4] for row in before])
    figures["claim_s"] = time.perf_counter() - started
    figures["claim_p50"] = pct(claimed, 50)
    assert Event.objects.overdue(NOW).count() == len(overdue_ids)  # noqa: S101
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) events_event")
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
