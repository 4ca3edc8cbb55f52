"""Grid figures maintained in the same transaction as the changes that move them.

Counters are bumped with ``INSERT … ON CONFLICT DO UPDATE SET count = count + excluded.count`` (both
SQLite and PostgreSQL), so concurrent writers add up instead of overwriting each other, and the
statistics pages read a few hundred counter rows instead of scanning the people table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.utils import timezone

from .models import GridPersonCount, GridRecordCount, GridTagCount

AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-6", 0, 6),
    ("7-17", 7, 17),
    ("18-35", 18, 35),
    ("36-59", 36, 59),
    ("60-79", 60, 79),
    ("80-89", 80, 89),
    ("90+", 90, None),
]


def _upsert(table: str, key_columns: list[str], rows: Iterable[tuple]) -> None:
    rows = [r for r in rows if r[-1]]
    if not rows:
        return
    columns = [*key_columns, "count"]
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - fixed identifiers
        + ", ".join([placeholders] * len(rows))
        + f" ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET count = {table}.count + "
        "excluded.count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for row in rows for v in row])


def bump_people(deltas: Counter[tuple[str, str, int]]) -> None:
    """``deltas[(grid_code, sex, birth_year)] = +n / -n``."""
    _upsert(
        GridPersonCount._meta.db_table,
        ["grid_code", "sex", "birth_year"],
        ((g, s, y, n) for (g, s, y), n in deltas.items()),
    )


def bump_tags(deltas: Counter[tuple[str, int]]) -> None:
    _upsert(
        GridTagCount._meta.db_table,
        ["grid_code", "tag_id"],
        ((g, t, n) for (g, t), n in deltas.items()),
    )


def bump_records(deltas: Counter[tuple[str, str]]) -> None:
    _upsert(
        GridRecordCount._meta.db_table,
        ["grid_code", "record_type"],
        ((g, r, n) for (g, r), n in deltas.items()),
    )


def grid_figures(code_prefix: str, today: date | None = None) -> dict[str, object]:
    """People by sex and age band, tag counts and record counts for a region subtree, from the
    counters alone."""
    from .models import Tag

    today = today or timezone.localdate()
    people = GridPersonCount.objects.filter(grid_code__startswith=code_prefix).values_list(
        "sex", "birth_year", "count"
    )
    by_sex: Counter[str] = Counter()
    bands: dict[str, Counter[str]] = {band: Counter() for band, _, _ in AGE_BANDS}
    for sex, year, count in people:
        if not count:
            continue
        by_sex[sex] += count
        age = today.year - year  # by birth year: within one year of the exact age
        for band, low, high in AGE_BANDS:
            if age >= low and (high is None or age <= high):
                bands[band][sex] += count
                break
    tag_counts: Counter[int] = Counter()
    for tag_id, count in GridTagCount.objects.filter(grid_code__startswith=code_prefix).values_list(
        "tag_id", "count"
    ):
        tag_counts[tag_id] += count
    names = dict(Tag.objects.filter(pk__in=tag_counts).values_list("pk", "name"))
    records: Counter[str] = Counter()
    for record_type, count in GridRecordCount.objects.filter(
        grid_code__startswith=code_prefix
    ).values_list("record_type", "count"):
        records[record_type] += count
    return {
        "people": sum(by_sex.values()),
        "by_sex": dict(by_sex),
        "age_bands": [
            {"band": band, "M": bands[band]["M"], "F": bands[band]["F"]} for band, _, _ in AGE_BANDS
        ],
        "tags": sorted(
            ({"tag": names.get(t, str(t)), "count": c} for t, c in tag_counts.items() if c),
            key=lambda x: -x["count"],
        ),
        "records": dict(records),
    }
