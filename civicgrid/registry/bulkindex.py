"""Bulk loading with deferred indexes: drop a table's non-unique secondary indexes, load, build
them again. Building an index from sorted data is several times faster than millions of random
inserts into it (PostgreSQL's manual recommends the same for large loads).

Unique indexes stay, so duplicates are still refused during the load. The definitions of the
dropped indexes are written to ``var/imports/deferred-indexes-<table>.json`` *before* anything is
dropped: if the process is killed mid-load, :func:`restore_pending` (run at the start of every
import) builds them again. Without them the registry still works, only searches are slower.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

# A load this large relative to the table is worth rebuilding the indexes for.
MIN_ROWS = 200_000


def _pending_file(table: str) -> Path:
    return Path(settings.VAR_DIR) / "imports" / f"deferred-indexes-{table}.json"


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's non-unique indexes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "JOIN pg_class c ON c.relname = i.indexname "
                "JOIN pg_index x ON x.indexrelid = c.oid "
                "WHERE i.tablename = %s AND NOT x.indisunique",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
        return list(cursor.fetchall())


def _create(definitions: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for _name, sql in definitions:
            cursor.execute(sql.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))


def restore_pending() -> None:
    """Build any indexes a killed bulk load left dropped."""
    folder = Path(settings.VAR_DIR) / "imports"
    for path in folder.glob("deferred-indexes-*.json"):
        _create([tuple(d) for d in json.loads(path.read_text(encoding="utf-8"))])
        path.unlink()


@contextmanager
def deferred_indexes(table: str, rows: int | None) -> Iterator[bool]:
    """Drop ``table``'s secondary indexes for a load of ``rows`` rows if it is large enough and
    at least as large as the table itself; yield whether they were dropped."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a model's table
        existing = cursor.fetchone()[0]
    if not rows or rows < MIN_ROWS or rows < existing:
        yield False
        return
    definitions = _secondary_indexes(table)
    pending = _pending_file(table)
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text(json.dumps(definitions), encoding="utf-8")
    with connection.cursor() as cursor:
        for name, _sql in definitions:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield True
    finally:
        _create(definitions)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
        pending.unlink(missing_ok=True)
