"""One database's government-services benchmark, run in its own process by ``bench_govservices``:

    python -m bench.govservices_load DATABASE_URL APPLICATIONS SUBMISSIONS

Creates the database if it is missing (never drops it), loads APPLICATIONS generated open
applications and their parts (raw ``executemany`` on SQLite, ``COPY`` on PostgreSQL) unless the
same set is already there, then measures

1. the deadline watch: the tick's two queries (``Application.objects.watched(now)`` and
   ``Part.objects.watched(now)``, as ``deadlines.watch_deadlines`` issues them) against full scans
   of the same conditions, their plans (``application_watch_idx``, ``part_watch_idx``), and the
   whole ``watch_deadlines(now)`` with nothing due and with ``DUE_APPLICATIONS + DUE_PARTS`` rows
   due — every row it touched is put back afterwards;
2. submit-to-route throughput: SUBMISSIONS single-item applications and SUBMISSIONS // 2 five-item
   bundles, each with one small PDF, through ``submit_application`` and ``accept_application``,
   against replaying the very rows those actions wrote (same tables, same values, two
   transactions per application, the file written too) with ``bulk_create``. The applications,
   files, timeline entries, audit entries and notifications of this step are removed afterwards.

Prints one JSON object of figures. The loaded applications are numbered ``BENCH…``; reference
data it needs (the demo district and accounts, five bench items and a bundle, one approver per
bench department, a resident linked to a registry person) is created only where missing. Watch
and due times are relative to a fixed instant ``NOW``, so a loaded set stays valid between runs.
Material files go to a temporary directory under ``var/bench`` (removed at the end).
"""

from __future__ import annotations

import copy
import gc
import itertools
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import latencies, pct
from bench.events_load import ensure_database

NOW = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Asia/Shanghai
EMPTY = NOW - timedelta(days=5)  # before every watch time in the set: a tick with nothing to do
LOCAL = ZoneInfo("Asia/Shanghai")
PREFIX = "BENCH"  # number of every loaded application: BENCH000000000 …
DUE_APPLICATIONS = 250  # watch time come at NOW: half due soon, half overdue
DUE_PARTS = 250
BUNDLE_SHARE = 0.12  # of the applications: a five-item bundle (the rest one item)
STATES = [("submitted", 0.08), ("supplement_requested", 0.04), ("accepted", 0.88)]
PART_STATES = [("accepted", 0.30), ("in_review", 0.50), ("approved", 0.10), ("issued", 0.10)]
FLAGGED = 0.02  # of the running clocks: already overdue (flagged, nothing left to watch)
CHUNK = 10_000  # applications per insert
# The bench catalog: code, name, department, promised working days, back-office steps.
ITEMS = [
    ("BENCH-GS-01", "居民身份证换领", "区公安分局", 3, ["审查", "决定"]),
    ("BENCH-GS-02", "高龄津贴申请", "区民政局", 5, ["审核"]),
    ("BENCH-GS-03", "城乡居民养老保险参保登记", "区人力资源和社会保障局", 5, ["审核", "决定"]),
    ("BENCH-GS-04", "出生医学证明签发", "区卫生健康局", 10, ["审查", "决定"]),
    ("BENCH-GS-05", "城乡居民医保参保登记", "区医疗保障局", 20, ["审核"]),
]
BUNDLE = ("BENCH-GS-B5", "五项联办一件事", 10)
PERSON_FIELDS = [
    {"name": "applicant_name", "label": "申请人", "type": "text", "prefill": "applicant.name"},
    {
        "name": "applicant_id",
        "label": "身份证号",
        "type": "id_number",
        "prefill": "applicant.id_number",
    },
    {"name": "phone", "label": "联系电话", "type": "phone", "prefill": "applicant.phone"},
    {
        "name": "address",
        "label": "户籍地址",
        "type": "text",
        "prefill": "household.address",
        "required": False,
    },
]
ITEM_FORM = [
    *PERSON_FIELDS,
    {"name": "reason", "label": "申请原因", "type": "choice", "choices": ["首次", "到期", "损坏"]},
    {"name": "copies", "label": "份数", "type": "integer", "min": 1, "max": 3},
]
BUNDLE_FORM = [
    *PERSON_FIELDS,
    {"name": "child_name", "label": "新生儿姓名", "type": "text", "max_length": 20},
    {"name": "weight", "label": "出生体重（克）", "type": "integer", "min": 500, "max": 6000},
    {"name": "other_parent_id", "label": "另一方身份证号", "type": "id_number"},
]
RESIDENT = "bench-resident"
CLERK = "clerk"  # the demo district's window clerk
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平"


# --- reference data -------------------------------------------------------------------------------
@dataclass
class Reference:
    items: list[Any]  # the five bench ServiceItems
    bundle: Any
    item_material: dict[int, Any]  # item id → its one asked material
    bundle_material: Any
    approvers: dict[int, int]  # department id → the bench approver's id
    clerk: Any
    resident: Any
    admin: Any
    grids: list[str]


def id_number(birth: str, seq: str, area: str = "430212") -> str:
    from civicgrid.registry.identifiers import id_check_digit

    body = f"{area}{birth}{seq}"
    return body + id_check_digit(body)


def reference_data() -> Reference:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from civicgrid.accounts import demo as accounts_demo
    from civicgrid.accounts.models import Department, Role, User
    from civicgrid.govservices.models import Bundle, BundleItem, Material, ServiceItem
    from civicgrid.regions import demo as regions_demo
    from civicgrid.regions.models import Level, Region
    from civicgrid.registry import reference
    from civicgrid.registry.actions.records import apply_create, identity_values
    from civicgrid.registry.models import Person, RecordType
    from civicgrid.registry.names import initials

    if not Region.objects.filter(level=Level.GRID).exists():
        regions_demo.seed()
    reference.ensure()
    accounts_demo.seed()
    grids = list(
        Region.objects.filter(level=Level.GRID).order_by("code").values_list("code", flat=True)
    )
    departments = {d.name: d for d in Department.objects.all()}
    with transaction.atomic():
        for code, name, department, days, steps in ITEMS:
            item, created = ServiceItem.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": "licensing",
                    "department": departments[department],
                    "legal_days": max(days, 20),
                    "promised_days": days,
                    "accept_town": True,
                    "steps": steps,
                    "form": ITEM_FORM,
                },
            )
            if created:
                Material.objects.create(item=item, name="居民身份证", held="id_card")
                Material.objects.create(item=item, name="申请表", order=1)
        bundle, created = Bundle.objects.get_or_create(
            code=BUNDLE[0],
            defaults={"name": BUNDLE[1], "promised_days": BUNDLE[2], "form": BUNDLE_FORM},
        )
        if created:
            for n, code in enumerate(i[0] for i in ITEMS):
                BundleItem.objects.create(
                    bundle=bundle, item=ServiceItem.objects.get(code=code), stage=1, order=n
                )
            Material.objects.create(bundle=bundle, name="户口簿", held="household_register")
            Material.objects.create(bundle=bundle, name="出生医学证明", order=1)
        password = make_password(None)
        for n, (_code, _name, department, _days, _steps) in enumerate(ITEMS, start=1):
            User.objects.get_or_create(
                username=f"bench-approver-{n:02d}",
                defaults={
                    "password": password,
                    "role": Role.APPROVER,
                    "department": departments[department],
                    "full_name": f"审批{n}",
                },
            )
        resident, _ = User.objects.get_or_create(
            username=RESIDENT,
            defaults={"password": password, "role": Role.RESIDENT, "phone": "13900000001"},
        )
    admin = User.objects.get(username="admin")
    if not Person.objects.filter(account=resident).exists():
        household = apply_create(
            RecordType.HOUSEHOLD,
            {"number": "H-BENCH-GS-1", "address": "渌口镇建设路18号", "grid_id": grids[0]},
            admin,
        )
        name = "李春梅"
        person = apply_create(
            RecordType.PERSON,
            {
                **identity_values(id_number("19850315", "486")).as_values(),
                "name": name,
                "name_initials": initials(name),
                "phone": "13900000001",
                "relation": "户主",
                "residence_type": "registered",
                "household_id": household.pk,
                "grid_id": grids[0],
            },
            admin,
        )
        person.account = resident
        person.save(update_fields=["account"])
    items = list(ServiceItem.objects.filter(code__in=[i[0] for i in ITEMS]).order_by("code"))
    asked = Material.objects.filter(held="")
    approvers = dict(
        User.objects.filter(username__startswith="bench-approver-").values_list(
            "department_id", "id"
        )
    )
    return Reference(
        items=items,
        bundle=bundle,
        item_material={m.item_id: m for m in asked.filter(item__in=items)},
        bundle_material=asked.get(bundle=bundle),
        approvers=approvers,
        clerk=User.objects.get(username=CLERK),
        resident=resident,
        admin=admin,
        grids=grids,
    )


# --- the generated set ----------------------------------------------------------------------------
def columns(model: Any) -> tuple[list[str], list[Any], dict[str, int]]:
    """Column names of ``model``'s table (all but id), their defaults (JSON encoded where the
    column is JSON) and each one's position."""
    from django.db.models import JSONField

    names, defaults = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(field.column)
        default = None if field.null else field.get_default()
        if isinstance(field, JSONField) and default is not None:
            default = json.dumps(default)
        defaults.append(default)
    return names, defaults, {name: i for i, name in enumerate(names)}


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=LOCAL).astimezone(UTC)


def _workdays() -> tuple[list[datetime], list[datetime]]:
    """Ends (23:59:59 local) of the weekdays from NOW's day on, and of those before it (latest
    first). Holidays are ignored: the set needs a realistic spread, not the calendar."""
    today = NOW.astimezone(LOCAL).date()
    ahead = [today + timedelta(days=d) for d in range(0, 70)]
    behind = [today - timedelta(days=d) for d in range(1, 30)]
    return (
        [_end_of(d) for d in ahead if d.weekday() < 5],
        [_end_of(d) for d in behind if d.weekday() < 5],
    )


@dataclass
class Pools:
    """Encrypted and masked applicant values, forms: a few hundred, reused over the rows."""

    applicants: list[tuple[str, bytes, str, bytes, str]]
    forms: list[tuple[str, bytes]]


def pools(rng: random.Random) -> Pools:
    from civicgrid.core.privacy import get_keyring, mask_id_number, mask_phone
    from civicgrid.govservices.actions.applications import (
        FORM_CONTEXT,
        ID_CONTEXT,
        PHONE_CONTEXT,
    )

    keyring = get_keyring()
    applicants, forms = [], []
    for n in range(256):
        number = id_number(
            f"19{rng.randint(40, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}", f"{n:03d}"
        )
        phone = f"13{rng.randint(100000000, 999999999)}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        applicants.append(
            (
                name,
                keyring.encrypt(number, ID_CONTEXT),
                mask_id_number(number),
                keyring.encrypt(phone, PHONE_CONTEXT),
                mask_phone(phone),
            )
        )
        public = {
            "applicant_name": name,
            "applicant_id": mask_id_number(number),
            "phone": mask_phone(phone),
            "address": f"渌口镇建设路{n}号",
            "reason": rng.choice(["首次", "到期", "损坏"]),
            "copies": 1,
        }
        sensitive = {"applicant_id": number, "phone": phone}
        forms.append(
            (
                json.dumps(public, ensure_ascii=False),
                keyring.encrypt(json.dumps(sensitive, ensure_ascii=False), FORM_CONTEXT),
            )
        )
    return Pools(applicants, forms)


def generate(n: int, ref: Reference, as_text: bool) -> Iterator[tuple[list[list], list[list]]]:
    """Chunks of (application rows, part rows), the same for the same n and reference data. A
    part's ``application_id`` holds the application's position in its chunk until the chunk's
    ids are known. ``as_text``: datetimes as SQLite stores them (naive UTC text)."""
    from civicgrid.govservices.models import Application, Part

    _, app_defaults, a = columns(Application)
    _, part_defaults, p = columns(Part)
    rng = random.Random(20250602)
    pool = pools(rng)
    picks = random.Random(7).sample(range(n), min(n, DUE_APPLICATIONS + DUE_PARTS))
    due_application = set(picks[:DUE_APPLICATIONS])
    due_part = set(picks[DUE_APPLICATIONS:])
    ahead, behind = _workdays()
    items = [(i.pk, i.name, i.department_id, i.promised_days) for i in ref.items]
    bundle = (ref.bundle.pk, ref.bundle.name, ref.bundle.promised_days)
    clerk = ref.clerk.pk
    state_names = [s for s, _ in STATES]
    state_weights = [w for _, w in STATES]
    part_names = [s for s, _ in PART_STATES]
    part_weights = [w for _, w in PART_STATES]
    hour = timedelta(hours=1)
    last_day = timedelta(hours=23, minutes=59, seconds=59)  # deadline → its day's first moment
    fmt: Callable[[datetime | None], Any] = (
        (lambda d: None if d is None else str(d.replace(tzinfo=None))) if as_text else (lambda d: d)
    )

    def clock(days: int, due_now: bool) -> tuple[datetime, datetime | None, bool, bool]:
        """(due_at, watch_at, soon_due, overdue) of a running clock of ``days`` working days."""
        if due_now:  # its watch time has come: half due soon, half overdue
            if rng.random() < 0.5:
                return ahead[0], ahead[0] - last_day, False, False
            due = behind[rng.randrange(3)]
            return due, due, True, False
        if rng.random() < FLAGGED:
            return behind[rng.randrange(10)], None, True, True
        left = rng.randrange(days)  # working days left after today
        due = ahead[left]
        if left == 0:  # the last working day: due soon already, watching the deadline
            return due, due, True, False
        # Watched from the first moment of the deadline's day (deadlines.clock).
        return due, due - last_day, False, False

    apps: list[list] = []
    parts: list[list] = []
    for i in range(n):
        row = list(app_defaults)
        is_bundle = rng.random() < BUNDLE_SHARE and i not in due_part
        if is_bundle:
            target_id, title, promised = bundle
            row[a["bundle_id"]] = target_id
            targets = items
        else:
            item = rng.choice(items)
            target_id, title, _, promised = item
            row[a["item_id"]] = target_id
            targets = [item]
        if i in due_application or i in due_part:
            state = rng.choice(["submitted", "accepted"]) if i in due_application else "accepted"
        else:
            state = rng.choices(state_names, state_weights)[0]
        name, id_enc, id_masked, phone_enc, phone_masked = rng.choice(pool.applicants)
        form, form_enc = rng.choice(pool.forms)
        row[a["number"]] = f"{PREFIX}{i:09d}"
        row[a["title"]] = title
        row[a["state"]] = state
        row[a["channel"]] = rng.choice(["online", "online", "mobile", "window", "town_centre"])
        row[a["region_code"]] = rng.choice(ref.grids)
        row[a["applicant_name"]] = name
        row[a["applicant_id_enc"]] = id_enc
        row[a["applicant_id_masked"]] = id_masked
        row[a["applicant_phone_enc"]] = phone_enc
        row[a["applicant_phone_masked"]] = phone_masked
        row[a["form_data"]] = form
        row[a["form_sensitive"]] = form_enc
        row[a["promised_days"]] = promised
        if state == "supplement_requested":  # paused: nothing to watch
            used = rng.randrange(promised)
            submitted = NOW - timedelta(days=rng.uniform(1, 20))
            row[a["days_used"]] = used
            row[a["responsible_clerk_id"]] = clerk
            due, watch, soon, overdue = None, None, False, False
        else:
            due, watch, soon, overdue = clock(promised, i in due_application)
            submitted = min(
                due - timedelta(days=promised * 1.4, hours=rng.uniform(0, 10)), NOW - hour
            )
        row[a["submitted_at"]] = row[a["clock_started_at"]] = fmt(submitted)
        updated = submitted
        if state == "accepted":
            accepted = min(submitted + timedelta(hours=rng.uniform(0.5, 20)), NOW - hour / 2)
            row[a["accepted_at"]] = fmt(accepted)
            row[a["responsible_clerk_id"]] = clerk
            updated = accepted
            running = 0
            for item_id, _title, department, days in targets:
                part = list(part_defaults)
                part_state = (
                    "accepted" if i in due_part else rng.choices(part_names, part_weights)[0]
                )
                part[p["application_id"]] = len(apps)
                part[p["item_id"]] = item_id
                part[p["department_id"]] = department
                part[p["state"]] = part_state
                part[p["started_at"]] = fmt(accepted)
                part[p["updated_at"]] = fmt(accepted)
                if part_state in ("accepted", "in_review"):
                    running += 1
                    p_due, p_watch, p_soon, p_overdue = clock(days, i in due_part)
                    part[p["due_at"]] = fmt(p_due)
                    part[p["watch_at"]] = fmt(p_watch)
                    part[p["soon_due"]] = p_soon
                    part[p["overdue"]] = p_overdue
                    if part_state == "in_review":
                        part[p["assignee_id"]] = ref.approvers[department]
                else:
                    decided = accepted + timedelta(hours=rng.uniform(2, 30))
                    part[p["assignee_id"]] = ref.approvers[department]
                    part[p["step_index"]] = 1
                    part[p["decided_at"]] = part[p["updated_at"]] = fmt(min(decided, NOW))
                    part[p["days_taken"]] = rng.randint(0, days)
                    if part_state == "issued":
                        part[p["issued_at"]] = part[p["decided_at"]]
                        part[p["certificate_number"]] = f"ZS{i:09d}{item_id}"
                parts.append(part)
            if not running and i not in due_application:  # every part decided: clock stopped
                watch, soon = None, False
        row[a["due_at"]] = fmt(due)
        row[a["watch_at"]] = fmt(watch)
        row[a["soon_due"]] = soon
        row[a["overdue"]] = overdue
        row[a["updated_at"]] = fmt(updated)
        apps.append(row)
        if len(apps) == CHUNK:
            yield apps, parts
            apps, parts = [], []
    if apps:
        yield apps, parts


def _tables() -> tuple[str, str]:
    from civicgrid.govservices.models import Application, Part

    return Application._meta.db_table, Part._meta.db_table


def bench_filter() -> tuple[str, list[str]]:
    """WHERE clause of the bench's applications (a range of the unique index on ``number``)."""
    return "number >= %s AND number < %s", [PREFIX, PREFIX[:-1] + chr(ord(PREFIX[-1]) + 1)]


def load(n: int, ref: Reference) -> dict[str, float]:
    """Make the bench's rows exactly the generated n applications and their parts. Returns the
    seconds spent removing an earlier set (``clear_s``) and loading this one (``load_s``: inserts
    and commit; statistics and VACUUM after); nothing when the set is already there."""
    from django.db import connection, transaction

    from civicgrid.govservices.models import Application, Part

    applications, parts = _tables()
    where, params = bench_filter()
    mine = Application.objects.filter(number__startswith=PREFIX)
    count = mine.count()
    due = (
        Application.objects.watched(NOW).count(),
        Part.objects.watched(NOW).count(),
    )
    # Fewer rows due than loaded is what an interrupted tick leaves: load afresh.
    if count == n and due == (
        min(n, DUE_APPLICATIONS),
        min(max(n - DUE_APPLICATIONS, 0), DUE_PARTS),
    ):
        return {}
    times = {"clear_s": 0.0}
    if count:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {parts} WHERE application_id IN "  # noqa: S608
                f"(SELECT id FROM {applications} WHERE {where})",
                params,
            )
            cursor.execute(f"DELETE FROM {applications} WHERE {where}", params)  # noqa: S608
        if connection.vendor == "postgresql":
            # Give the space back, or the full-scan baselines would read a million dead rows.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM FULL {parts}")
                cursor.execute(f"VACUUM FULL {applications}")
        times["clear_s"] = time.perf_counter() - started
    app_names, _, _ = columns(Application)
    part_names, _, part_at = columns(Part)
    owner = part_at["application_id"]
    ids_sql = f"SELECT id FROM {applications} WHERE number >= %s AND number <= %s ORDER BY number"  # noqa: S608
    postgres = connection.vendor == "postgresql"
    rows = {"applications": 0, "parts": 0}
    started = time.perf_counter()
    if postgres:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            app_copy = f"COPY {applications} ({', '.join(app_names)}) FROM STDIN"
            part_copy = f"COPY {parts} ({', '.join(part_names)}) FROM STDIN"
            for app_rows, part_rows in generate(n, ref, as_text=False):
                with raw.copy(app_copy) as copy_:
                    for row in app_rows:
                        copy_.write_row(row)
                raw.execute(ids_sql, [app_rows[0][0], app_rows[-1][0]])
                ids = [r[0] for r in raw.fetchall()]
                assert len(ids) == len(app_rows)  # noqa: S101
                with raw.copy(part_copy) as copy_:
                    for row in part_rows:
                        row[owner] = ids[row[owner]]
                        copy_.write_row(row)
                rows["applications"] += len(app_rows)
                rows["parts"] += len(part_rows)
        times["load_s"] = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {applications}")
            cursor.execute(f"VACUUM (ANALYZE) {parts}")
            cursor.execute("CHECKPOINT")
    else:
        insert_app = (
            f"INSERT INTO {applications} ({', '.join(app_names)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(app_names))})"
        )
        insert_part = (
            f"INSERT INTO {parts} ({', '.join(part_names)}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(part_names))})"
        )
        connection.ensure_connection()
        raw = connection.connection
        raw.execute("PRAGMA cache_size=-1048576")  # 1 GiB for the load only
        with transaction.atomic():
            for app_rows, part_rows in generate(n, ref, as_text=True):
                raw.executemany(insert_app, app_rows)
                first, last = app_rows[0][0], app_rows[-1][0]
                ids = [r[0] for r in raw.execute(ids_sql.replace("%s", "?"), [first, last])]
                assert len(ids) == len(app_rows)  # noqa: S101
                for row in part_rows:
                    row[owner] = ids[row[owner]]
                raw.executemany(insert_part, part_rows)
                rows["applications"] += len(app_rows)
                rows["parts"] += len(part_rows)
        times["load_s"] = time.perf_counter() - started
        raw.execute("PRAGMA cache_size=-65536")  # back to the application's setting
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {applications}")
            cursor.execute(f"ANALYZE {parts}")
    times.update(loaded_applications=rows["applications"], loaded_parts=rows["parts"])
    return times


COSTS = re.compile(r"\s*\(cost=[^)]*\)|^\d+ \d+ \d+ ")  # PostgreSQL's costs, SQLite's node ids


def plan(queryset: Any) -> str:
    """The query plan on one line, without costs."""
    lines = (COSTS.sub("", line.strip()) for line in queryset.explain().splitlines())
    return " / ".join(line for line in lines if line)


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- 1. the deadline watch ------------------------------------------------------------------------
def measure_watch(n: int) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.db.models import DateTimeField, Value
    from django.db.models.functions import Coalesce

    from civicgrid.core.models import Notification, TimelineEntry
    from civicgrid.govservices.deadlines import watch_deadlines
    from civicgrid.govservices.models import Application, Part

    figures: dict[str, Any] = {}
    repeat = 300 if n > 200_000 else 100  # index scans timed; full scans a tenth or less
    far = datetime(9999, 1, 1, tzinfo=UTC)
    # As watch_deadlines reads them: select_related, in watch order, a batch of 500.
    tick_related = {"application": ("responsible_clerk",), "part": ("item", "assignee")}
    for label, model in (("application", Application), ("part", Part)):
        related = tick_related[label]
        figures[f"{label}_watched"] = model.objects.filter(watch_at__isnull=False).count()
        figures[f"{label}_rows"] = model.objects.count()
        due_ids = set(model.objects.watched(NOW).values_list("id", flat=True))
        figures[f"{label}_due"] = len(due_ids)
        coalesced = model.objects.annotate(w=Coalesce("watch_at", Value(far, DateTimeField())))

        def scan(model: Any = model, related: tuple[str, ...] = related) -> list[Any]:
            return list(
                model.objects.watched(NOW).select_related(*related).order_by("watch_at")[:500]
            )

        def full_scan(coalesced: Any = coalesced, related: tuple[str, ...] = related) -> list[Any]:
            return list(coalesced.filter(w__lte=NOW).select_related(*related).order_by("w")[:500])

        # Same answer first: a fast wrong index is no index.
        assert set(coalesced.filter(w__lte=NOW).values_list("id", flat=True)) == due_ids  # noqa: S101
        first = [r.watch_at for r in scan()]
        assert first == [r.watch_at for r in full_scan()] and first == sorted(first)  # noqa: S101
        assert not model.objects.watched(EMPTY).exists()  # noqa: S101
        for _ in range(20):
            scan()
        scans = latencies(scan, [()] * repeat)
        full_scan()
        baseline = latencies(full_scan, [()] * (10 if n > 200_000 else 30))
        ids = latencies(
            lambda model=model: list(
                model.objects.watched(NOW).order_by("watch_at")[:500].values_list("id")
            ),
            [()] * repeat,
        )
        full_ids = latencies(
            lambda coalesced=coalesced: list(
                coalesced.filter(w__lte=NOW).order_by("w")[:500].values_list("id")
            ),
            [()] * len(baseline),
        )
        # What one would write without a watch column: every row's deadline compared.
        by_due = model.objects.filter(due_at__lte=NOW, overdue=False)
        due_scan = latencies(
            lambda by_due=by_due: list(by_due.values_list("id")), [()] * len(baseline)
        )
        figures.update(
            {
                f"{label}_scan_p50": pct(scans, 50),
                f"{label}_scan_p99": pct(scans, 99),
                f"{label}_full_p50": pct(baseline, 50),
                f"{label}_ids_p50": pct(ids, 50),
                f"{label}_full_ids_p50": pct(full_ids, 50),
                f"{label}_due_at_scan_p50": pct(due_scan, 50),
                f"{label}_rows_returned": len(first),
                f"{label}_plan": plan(
                    model.objects.watched(NOW).select_related(*related).order_by("watch_at")[:500]
                ),
                f"{label}_full_plan": plan(coalesced.filter(w__lte=NOW).order_by("w")[:500]),
                f"{label}_due_at_plan": plan(by_due.values_list("id")),
            }
        )
        figures[f"{label}_index_scan"] = f"{label}_watch_idx" in figures[f"{label}_plan"]

    # The whole tick with nothing due: its two (empty) index range scans.
    empty = latencies(lambda: watch_deadlines(EMPTY), [()] * 50)
    figures["tick_empty_p50"] = pct(empty, 50)
    figures["tick_empty_p99"] = pct(empty, 99)

    # The whole tick with every due row, then every touched row put back as it was.
    fields = ("id", "state", "watch_at", "soon_due", "overdue")
    before = {
        model: list(model.objects.watched(NOW).values_list(*fields))
        for model in (Application, Part)
    }
    last_note = TimelineEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_message = Notification.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def restore() -> None:
        ops = connection.ops
        with transaction.atomic(), connection.cursor() as cursor:
            for model, rows in before.items():
                cursor.executemany(
                    f"UPDATE {model._meta.db_table} SET watch_at = %s, soon_due = %s, "  # noqa: S608
                    "overdue = %s WHERE id = %s",
                    [(ops.adapt_datetimefield_value(w), s, o, pk) for pk, _, w, s, o in rows],
                )
            TimelineEntry.objects.filter(id__gt=last_note).delete()
            Notification.objects.filter(id__gt=last_message).delete()

    try:
        started = time.perf_counter()
        counts = watch_deadlines(NOW)
        figures["tick_s"] = time.perf_counter() - started
        figures["tick_counts"] = counts
        figures["tick_notes"] = TimelineEntry.objects.filter(id__gt=last_note).count()
        figures["tick_notifications"] = Notification.objects.filter(id__gt=last_message).count()
        figures["tick_left_due"] = (
            Application.objects.watched(NOW).count() + Part.objects.watched(NOW).count()
        )
    finally:
        restore()
    for model, rows in before.items():
        assert list(model.objects.watched(NOW).values_list(*fields)) == rows  # noqa: S101

    # Baseline of the tick: the claim alone, one conditional single-row UPDATE per row in its own
    # transaction (writing back the values it already has), without notes or notifications.
    def claim(model: Any, pk: int, state: str, watch: datetime, soon: bool) -> None:
        with transaction.atomic():
            model.objects.filter(pk=pk, state=state, watch_at=watch).update(soon_due=soon)

    started = time.perf_counter()
    for model, rows in before.items():
        latencies(claim, [(model, *row[:4]) for row in rows])
    figures["claim_s"] = time.perf_counter() - started
    figures["tick_rows"] = sum(len(rows) for rows in before.values())
    return figures


# --- 2. submit-to-route throughput ----------------------------------------------------------------
def pdf_upload(name: str = "证明.pdf", size: int = 2000) -> Any:
    """A small but real PDF file (as the test fixtures make them)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n" + b"%" * max(size - 60, 0) + b"\n%%EOF\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


ROW_MODELS = (
    "govservices.Application",
    "govservices.SubmittedMaterial",
    "govservices.Notice",
    "govservices.Part",
    "core.TimelineEntry",
    "core.AuditLog",
    "core.Notification",
)


def _models() -> list[Any]:
    from django.apps import apps

    return [apps.get_model(label) for label in ROW_MODELS]


def _marks() -> dict[Any, int]:
    return {
        m: m.objects.order_by("-id").values_list("id", flat=True).first() or 0 for m in _models()
    }


def _since(marks: dict[Any, int]) -> dict[Any, list[Any]]:
    return {m: list(m.objects.filter(id__gt=mark).order_by("id")) for m, mark in marks.items()}


INSERT_INTO = re.compile(r'^INSERT INTO "?(\w+)"?', re.IGNORECASE)


def _statements(queries: list[dict[str, str]]) -> dict[str, Any]:
    """How many statements of each kind, and the tables inserted into."""
    kinds: dict[str, int] = {}
    tables: dict[str, int] = {}
    for q in queries:
        sql = q["sql"].lstrip()
        word = sql.split(None, 1)[0].upper() if sql else ""
        kinds[word] = kinds.get(word, 0) + 1
        match = INSERT_INTO.match(sql)
        if match:
            tables[match.group(1)] = tables.get(match.group(1), 0) + 1
    return {"total": len(queries), "kinds": kinds, "inserts": tables}


def _clone(row: Any, **changes: Any) -> Any:
    from django.db.models.base import ModelState

    new = copy.copy(row)
    new._state = ModelState()
    new.pk = None
    for name, value in changes.items():
        setattr(new, name, value)
    return new


REPLAYED = itertools.count(1)


class Replay:
    """The rows one submit + accept wrote, written again for a new application with
    ``bulk_create``: the submit's rows in one transaction, the accept's in another."""

    def __init__(self, submitted: dict[Any, list[Any]], accepted: dict[Any, list[Any]]) -> None:
        self.submitted = submitted
        self.accepted = accepted
        self.data = pdf_upload().read()

    def __call__(self) -> None:
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage
        from django.db import transaction

        from civicgrid.core.models import AuditLog, Notification, TimelineEntry
        from civicgrid.govservices.models import Application, Notice, Part, SubmittedMaterial

        number = f"BL{os.getpid() % 10000:04d}{next(REPLAYED):08d}"
        s, a = self.submitted, self.accepted
        with transaction.atomic():
            (old,) = s[Application]
            (app,) = Application.objects.bulk_create([_clone(old, number=number)])
            ref = {str(old.pk): str(app.pk)}
            materials = []
            for m in s[SubmittedMaterial]:
                path = default_storage.save(
                    f"govservices/materials/bench/{number}.pdf", ContentFile(self.data)
                )
                materials.append(_clone(m, application_id=app.pk, file=path))
            SubmittedMaterial.objects.bulk_create(materials)
            for model in (TimelineEntry, AuditLog):
                model.objects.bulk_create(
                    [_clone(r, object_id=ref.get(r.object_id, r.object_id)) for r in s[model]]
                )
        with transaction.atomic():
            Notice.objects.bulk_create(
                [_clone(r, application_id=app.pk, number=f"{number}-S1") for r in a[Notice]]
            )
            parts = Part.objects.bulk_create([_clone(r, application_id=app.pk) for r in a[Part]])
            ref.update({str(o.pk): str(p.pk) for o, p in zip(a[Part], parts, strict=True)})
            for model in (TimelineEntry, AuditLog, Notification):
                model.objects.bulk_create(
                    [_clone(r, object_id=ref.get(r.object_id, r.object_id)) for r in a[model]]
                )


def measure_throughput(ref: Reference, count: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from civicgrid.govservices.actions.applications import (
        Submission,
        accept_application,
        submit_application,
    )
    from civicgrid.govservices.models import Application

    kinds = {
        "item": (
            ref.items[0],
            {"reason": "到期", "copies": "1"},
            ref.item_material[ref.items[0].pk],
            count,
        ),
        "bundle": (
            ref.bundle,
            {
                "child_name": "李小宝",
                "weight": "3200",
                "other_parent_id": id_number("19900101", "123"),
            },
            ref.bundle_material,
            max(count // 2, 3),
        ),
    }
    figures: dict[str, Any] = {}
    start_marks = _marks()
    try:
        for kind, (target, values, material, runs) in kinds.items():

            def submit(
                target: Any = target, values: dict = values, material: Any = material
            ) -> Any:
                upload = pdf_upload()
                application, created = submit_application(
                    ref.resident, Submission(target, dict(values), {material.pk: [upload]})
                )
                assert created  # noqa: S101
                return application

            for _ in range(3):  # warm up: translations, the division table, the calendar
                accept_application(ref.clerk, submit())
            # One more, recorded: the statements each step issues and the rows it writes.
            marks = _marks()
            with CaptureQueriesContext(connection) as submit_queries:
                application = submit()
            after_submit = _marks()
            with CaptureQueriesContext(connection) as accept_queries:
                accept_application(ref.clerk, application)
            written, accepted = _since(marks), _since(after_submit)
            submitted = {
                m: [r for r in rows if r.pk <= after_submit[m]] for m, rows in written.items()
            }
            figures[f"{kind}_submit_statements"] = _statements(submit_queries.captured_queries)
            figures[f"{kind}_accept_statements"] = _statements(accept_queries.captured_queries)
            figures[f"{kind}_rows"] = {
                m._meta.label: len(submitted[m]) + len(accepted[m]) for m in submitted
            }
            parts = application.parts.count()
            figures[f"{kind}_parts"] = parts

            gc.collect()
            submit_s, accept_s = [], []
            clock = time.perf_counter
            started = clock()
            for _ in range(runs):
                t0 = clock()
                application = submit()
                t1 = clock()
                accept_application(ref.clerk, application)
                t2 = clock()
                submit_s.append(t1 - t0)
                accept_s.append(t2 - t1)
            elapsed = clock() - started
            replay = Replay(submitted, accepted)
            replay()
            started = clock()
            replays = latencies(replay, [()] * runs)
            replay_elapsed = clock() - started
            assert Application.objects.get(pk=application.pk).parts.count() == parts  # noqa: S101
            figures.update(
                {
                    f"{kind}_runs": runs,
                    f"{kind}_per_s": runs / elapsed,
                    f"{kind}_submit_p50": pct(submit_s, 50),
                    f"{kind}_accept_p50": pct(accept_s, 50),
                    f"{kind}_total_p50": pct(
                        [x + y for x, y in zip(submit_s, accept_s, strict=True)], 50
                    ),
                    f"{kind}_replay_per_s": runs / replay_elapsed,
                    f"{kind}_replay_p50": pct(replays, 50),
                }
            )
    finally:
        cleanup(start_marks)
    return figures


def cleanup(marks: dict[Any, int]) -> None:
    """Remove every row written since ``marks`` (applications with their parts, materials and
    notices; timeline, audit and notification entries)."""
    from django.db import transaction

    from civicgrid.govservices.models import Application

    with transaction.atomic():
        for model, mark in reversed(list(marks.items())):
            if model is Application or model._meta.app_label != "govservices":
                model.objects.filter(id__gt=mark).delete()


def leftovers(ref: Reference) -> None:
    """Applications an interrupted run of the throughput step left behind."""
    from civicgrid.govservices.models import Application

    Application.objects.filter(applicant_account=ref.resident).delete()


def main() -> None:
    url, n, submissions = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicgrid.settings")
    ensure_database(url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    from civicgrid.govservices.models import Application, Part

    under = Path(settings.VAR_DIR) / "bench"
    under.mkdir(parents=True, exist_ok=True)
    media = Path(tempfile.mkdtemp(prefix="govservices-media-", dir=under))
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    figures: dict[str, Any] = {"vendor": connection.vendor, "load_s": None}
    try:
        with override_settings(STORAGES=storages, MEDIA_ROOT=str(media)):
            ref = reference_data()
            leftovers(ref)
            figures["rss_start_mb"] = _rss_mb()
            figures.update(load(n, ref))
            figures["rss_after_load_mb"] = _rss_mb()
            figures["applications"] = Application.objects.filter(number__startswith=PREFIX).count()
            figures["parts"] = Part.objects.filter(application__number__startswith=PREFIX).count()
            gc.collect()
            # As the events bench: freeze start-up's heap so the tail measured is the query's.
            gc.freeze()
            figures.update(measure_watch(n))
            figures.update(measure_throughput(ref, submissions))
            figures["files_written"] = sum(1 for p in media.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(media, ignore_errors=True)
    figures["rss_peak_mb"] = _rss_mb()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in _tables():
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    print(json.dumps(figures, default=str))


if __name__ == "__main__":
    main()
