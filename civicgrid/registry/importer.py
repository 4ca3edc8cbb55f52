"""Bulk import of registry files: CSV or XLSX, validated row by row, committed in batches.

* Bad rows never enter: each is reported with its line, field and reason in an error file (CSV
  with the original columns), and the good rows go in.
* Every batch commits together with the job's counters, so killing the import loses nothing that
  was reported committed; running the same file again skips what is already there (by ID number,
  household number, code or credit code) and creates no duplicates.
* Rows are written with ``executemany`` on SQLite and ``COPY`` on PostgreSQL; ids for people come
  from the sequence (PostgreSQL) or from ``max(id)`` under SQLite's write lock, so tags can be
  linked without reading the rows back. Large files are prepared by forked worker processes
  while this process writes, and large loads build their secondary indexes afterwards
  (``bulkindex``).
"""

from __future__ import annotations

import csv
import gc
import multiprocessing
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.audit import audit
from civicgrid.core.privacy import get_keyring, mask_id_number
from civicgrid.regions.models import Level, Region

from . import stats
from .bulkindex import deferred_indexes, restore_pending
from .divisions import area_checker
from .identifiers import CreditCodeError, IdNumberError, parse_credit_code, parse_id_number
from .models import (
    ID_CONTEXT,
    Building,
    Facility,
    Household,
    ImportJob,
    Organization,
    Person,
    PersonTag,
    ResidenceType,
    Tag,
)
from .names import initials

BATCH_ROWS = 5000
PHONE = re.compile(r"^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$")
RESIDENCE = {
    "registered": "registered",
    "户籍": "registered",
    "resident": "resident",
    "常住": "resident",
    "floating": "floating",
    "流动": "floating",
    "": "registered",
}
SEX = {"M": "M", "F": "F", "男": "M", "女": "F"}

Progress = Callable[[int, int | None], None]


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, truncated, missing columns)."""


class RowProblem(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


@dataclass
class RowError:
    line: int
    column: str
    reason: str
    row: dict[str, str]


@dataclass
class ImportReport:
    total: int = 0
    imported: int = 0
    already_present: int = 0
    errors: list[RowError] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], int | None]:
    """(columns, rows as (line number, {column: text}), row count if known) of a CSV or XLSX."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xls", ".xlsm", ".ods"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    raise ImportFileError(_("Use a .csv or .xlsx file."))


def _read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], int]:
    try:
        with path.open("rb") as handle:
            total = max(
                0, sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) - 1
            )
        handle = path.open(encoding="utf-8-sig", newline="")
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader)]
    except (StopIteration, UnicodeDecodeError) as exc:
        raise ImportFileError(_("The file is empty or not UTF-8 CSV.")) from exc

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            try:
                for values in reader:
                    if any(values):
                        yield reader.line_num, dict(zip(header, values, strict=False))
            except (UnicodeDecodeError, csv.Error) as exc:
                raise ImportFileError(
                    _("The file could not be read past line %(n)d: %(why)s")
                    % {"n": reader.line_num, "why": exc}
                ) from exc

    return header, rows(), total


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]], int]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        data = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportFileError(
            _("The spreadsheet could not be read (damaged or truncated?): %(why)s") % {"why": exc}
        ) from exc
    if not data:
        raise ImportFileError(_("The spreadsheet is empty."))
    header = [_cell(h) for h in data[0]]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for n, values in enumerate(data[1:], start=2):
            cells = [_cell(v) for v in values]
            if any(cells):
                yield n, dict(zip(header, cells, strict=False))

    return header, rows(), len(data) - 1


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- writing ---------------------------------------------------------------------------


def _write_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Append rows: COPY on PostgreSQL, the raw driver's executemany on SQLite (inside the
    caller's transaction either way)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    connection.ensure_connection()
    marks = ", ".join(["?"] * len(columns))
    connection.connection.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
        rows,
    )


def _now() -> Any:
    """The batch's timestamp as the driver wants it (SQLite: Django's text form)."""
    now = timezone.now()
    return connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now


def _lookup(model: type, column: str, keys: set[str]) -> dict[str, int]:
    """``{key: id}`` for the rows of ``model`` whose ``column`` is one of ``keys`` (raw SQL: at
    20,000 keys a batch, the ORM's per-parameter work costs more than the query)."""
    table = model._meta.db_table
    found: dict[str, int] = {}
    keys_list = list(keys)
    with connection.cursor() as cursor:
        for start in range(0, len(keys_list), 30000):  # SQLite's limit on bound parameters
            part = keys_list[start : start + 30000]
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"SELECT {column}, id FROM {table} WHERE {column} = ANY(%s)",  # noqa: S608
                    [part],
                )
            else:
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(
                    f"SELECT {column}, id FROM {table} WHERE {column} IN ({marks})",  # noqa: S608
                    part,
                )
            found.update(cursor.fetchall())
    return found


def _reserve_ids(model: type, count: int) -> list[int]:
    """``count`` fresh primary keys for ``model`` (inside the batch's transaction)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [r[0] for r in cursor.fetchall()]
        # SQLite: the batch transaction began IMMEDIATE, so no one else writes until commit.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


# --- the kinds -------------------------------------------------------------------------------


class Kind:
    """What one kind of file holds and how a row becomes a record.

    :meth:`prepare` is pure Python (no database): it may run in a worker process. Everything that
    needs the database — existence, references, writing — happens in the importing process.
    """

    name: str
    required: list[str]
    optional: list[str] = []
    model: type
    key_field: str

    def __init__(self) -> None:
        self.grids = set(Region.objects.filter(level=Level.GRID).values_list("code", flat=True))

    def grid(self, row: dict[str, str]) -> str:
        code = row.get("grid_code", "")
        if code not in self.grids:
            raise RowProblem("grid_code", _("Unknown grid %(code)s.") % {"code": code or "—"})
        return code

    def prepare(self, row: dict[str, str]) -> tuple[str, dict[str, Any]]:
        """(the row's identity key, the record's values); RowProblem for a bad row."""
        raise NotImplementedError

    def existing(self, keys: list[str]) -> set[str]:
        return set(_lookup(self.model, self.key_field, set(keys)))

    def resolve(self, records: list[dict[str, Any]]) -> list[RowProblem | None]:
        """Look up what the records refer to (one query per batch); a problem per bad record."""
        return [None] * len(records)

    def write(self, records: list[dict[str, Any]]) -> None:
        raise NotImplementedError


def _text(row: dict[str, str], column: str, max_length: int, *, required: bool = True) -> str:
    value = row.get(column, "").strip()
    if required and not value:
        raise RowProblem(column, _("This column is required."))
    if len(value) > max_length:
        raise RowProblem(column, _("Longer than %(n)d characters.") % {"n": max_length})
    return value


def _float(row: dict[str, str], column: str) -> float | None:
    value = row.get(column, "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise RowProblem(column, _("Not a number: %(v)s") % {"v": value}) from None


def _choice(row: dict[str, str], column: str, choices: list[str], default: str) -> str:
    value = row.get(column, "").strip() or default
    if value not in choices:
        raise RowProblem(column, _("Must be one of %(choices)s.") % {"choices": ", ".join(choices)})
    return value


class PeopleKind(Kind):
    name = "people"
    required = ["id_number", "name", "grid_code"]
    optional = [
        "phone",
        "household_number",
        "relation",
        "residence_type",
        "tags",
        "birth_date",
        "sex",
    ]
    model = Person
    key_field = "id_number_index"

    def __init__(self) -> None:
        super().__init__()
        self.keyring = get_keyring()
        self.area_in_use = area_checker()
        self.today = timezone.localdate()
        self.tags = dict(Tag.objects.values_list("code", "pk"))

    def prepare(self, row: dict[str, str]) -> tuple[str, dict[str, Any]]:
        try:
            info = parse_id_number(
                row.get("id_number", ""), area_in_use=self.area_in_use, today=self.today
            )
        except IdNumberError as exc:
            raise RowProblem("id_number", str(exc)) from None
        name = _text(row, "name", 40)
        grid = self.grid(row)
        phone = row.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise RowProblem("phone", _("Not a phone number: %(v)s") % {"v": phone})
        stated_birth = row.get("birth_date", "").strip()
        if stated_birth and stated_birth.replace("-", "") != info.number[6:14]:
            raise RowProblem(
                "birth_date",
                _("%(given)s differs from the ID number's birth date %(derived)s.")
                % {"given": stated_birth, "derived": info.birth_date.isoformat()},
            )
        stated_sex = row.get("sex", "").strip()
        if stated_sex and SEX.get(stated_sex.upper(), SEX.get(stated_sex)) != info.sex:
            raise RowProblem(
                "sex", _("%(given)s differs from the sex in the ID number.") % {"given": stated_sex}
            )
        residence = RESIDENCE.get(row.get("residence_type", "").strip())
        if residence is None:
            raise RowProblem(
                "residence_type",
                _("Must be one of %(choices)s.") % {"choices": ", ".join(ResidenceType.values)},
            )
        tag_ids = []
        for code in filter(None, (t.strip() for t in row.get("tags", "").split(";"))):
            if code not in self.tags:
                raise RowProblem("tags", _("Unknown tag %(code)s.") % {"code": code})
            tag_ids.append(self.tags[code])
        number = info.number
        key = self.keyring.blind_index(number, ID_CONTEXT)
        return key, {
            "enc": self.keyring.encrypt(number, ID_CONTEXT),
            "index": key,
            "masked": mask_id_number(number),
            "name": name,
            "initials": initials(name),
            "sex": info.sex,
            "birth": info.birth_date.isoformat(),
            "phone": phone,
            "household": row.get("household_number", "").strip(),
            "relation": _text(row, "relation", 20, required=False),
            "residence": residence,
            "grid": grid,
            "tags": tag_ids,
        }

    def resolve(self, records: list[dict[str, Any]]) -> list[RowProblem | None]:
        households = _lookup(Household, "number", {r["household"] for r in records} - {""})
        problems: list[RowProblem | None] = []
        for r in records:
            number = r["household"]
            r["household_id"] = households.get(number) if number else None
            problems.append(
                RowProblem("household_number", _("Unknown household %(n)s.") % {"n": number})
                if number and r["household_id"] is None
                else None
            )
        return problems

    def write(self, records: list[dict[str, Any]]) -> None:
        ids = _reserve_ids(Person, len(records))
        now = _now()
        rows, tag_rows, heads = [], [], []
        people: Counter = Counter()
        tags: Counter = Counter()
        for pk, r in zip(ids, records, strict=True):
            rows.append(
                (
                    pk,
                    r["enc"],
                    r["index"],
                    r["masked"],
                    r["name"],
                    r["initials"],
                    r["sex"],
                    r["birth"],
                    r["phone"],
                    r["household_id"],
                    r["relation"],
                    r["residence"],
                    r["grid"],
                    1,
                    now,
                )
            )
            people[(r["grid"], r["sex"], int(r["birth"][:4]))] += 1
            for tag in r["tags"]:
                tag_rows.append((pk, tag, "{}"))
                tags[(r["grid"], tag)] += 1
            if r["household_id"] and r["relation"] in ("户主", "head"):
                heads.append((pk, r["household_id"]))
        _write_rows(
            Person._meta.db_table,
            [
                "id",
                "id_number_enc",
                "id_number_index",
                "id_number_masked",
                "name",
                "name_initials",
                "sex",
                "birth_date",
                "phone",
                "household_id",
                "relation",
                "residence_type",
                "grid_code",
                "version",
                "updated_at",
            ],
            rows,
        )
        _write_rows(PersonTag._meta.db_table, ["person_id", "tag_id", "attributes"], tag_rows)
        if heads:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {Household._meta.db_table} SET head_id = %s "  # noqa: S608
                    "WHERE id = %s AND head_id IS NULL",
                    heads,
                )
        stats.bump_people(people)
        stats.bump_tags(tags)


class HouseholdsKind(Kind):
    name = "households"
    required = ["household_number", "address", "grid_code"]
    optional = ["building_code"]
    model = Household
    key_field = "number"

    def prepare(self, row: dict[str, str]) -> tuple[str, dict[str, Any]]:
        number = _text(row, "household_number", 24)
        return number, {
            "number": number,
            "address": _text(row, "address", 200),
            "grid": self.grid(row),
            "building": row.get("building_code", "").strip(),
        }

    def resolve(self, records: list[dict[str, Any]]) -> list[RowProblem | None]:
        buildings = _lookup(Building, "code", {r["building"] for r in records} - {""})
        problems: list[RowProblem | None] = []
        for r in records:
            r["building_id"] = buildings.get(r["building"]) if r["building"] else None
            problems.append(
                RowProblem("building_code", _("Unknown building %(c)s.") % {"c": r["building"]})
                if r["building"] and r["building_id"] is None
                else None
            )
        return problems

    def write(self, records: list[dict[str, Any]]) -> None:
        now = _now()
        _write_rows(
            Household._meta.db_table,
            ["number", "address", "building_id", "grid_code", "version", "updated_at"],
            [(r["number"], r["address"], r["building_id"], r["grid"], 1, now) for r in records],
        )
        stats.bump_records(Counter((r["grid"], "household") for r in records))


class BuildingsKind(Kind):
    name = "buildings"
    required = ["code", "address", "grid_code"]
    optional = ["use", "floors", "lon", "lat"]
    model = Building
    key_field = "code"

    def prepare(self, row: dict[str, str]) -> tuple[str, dict[str, Any]]:
        floors = row.get("floors", "").strip() or "1"
        if not floors.isdigit() or not 1 <= int(floors) <= 200:
            raise RowProblem("floors", _("Floors must be a whole number from 1 to 200."))
        code = _text(row, "code", 24)
        return code, {
            "code": code,
            "address": _text(row, "address", 200),
            "use": _choice(row, "use", Building.Use.values, "residential"),
            "floors": int(floors),
            "lon": _float(row, "lon"),
            "lat": _float(row, "lat"),
            "grid": self.grid(row),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = _now()
        _write_rows(
            Building._meta.db_table,
            [
                "code",
                "address",
                "use",
                "floors",
                "lon",
                "lat",
                "grid_code",
                "version",
                "updated_at",
            ],
            [
                (
                    r["code"],
                    r["address"],
                    r["use"],
                    r["floors"],
                    r["lon"],
                    r["lat"],
                    r["grid"],
                    1,
                    now,
                )
                for r in records
            ],
        )
        stats.bump_records(Counter((r["grid"], "building") for r in records))


class FacilitiesKind(Kind):
    name = "facilities"
    required = ["code", "kind", "name", "grid_code"]
    optional = ["lon", "lat", "responsible_unit"]
    model = Facility
    key_field = "code"

    def prepare(self, row: dict[str, str]) -> tuple[str, dict[str, Any]]:
        code = _text(row, "code", 24)
        return code, {
            "code": code,
            "kind": _choice(row, "kind", Facility.Kind.values, ""),
            "name": _text(row, "name", 100),
            "lon": _float(row, "lon"),
            "lat": _float(row, "lat"),
            "grid": self.grid(row),
            "unit": _text(row, "responsible_unit", 100, required=False),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = _now()
        _write_rows(
            Facility._meta.db_table,
            [
                "code",
                "kind",
                "name",
                "lon",
                "lat",
                "grid_code",
                "responsible_unit",
                "version",
                "updated_at",
            ],
            [
                (r["code"], r["kind"], r["name"], r["lon"], r["lat"], r["grid"], r["unit"], 1, now)
                for r in records
            ],
        )
        stats.bump_records(Counter((r["grid"], "facility") for r in records))


class OrganizationsKind(Kind):
    name = "organizations"
    required = ["credit_code", "name", "kind", "legal_representative", "grid_code"]
    optional = ["address", "phone"]
    model = Organization
    key_field = "credit_code"

    def prepare(self, row: dict[str, str]) -> tuple[str, dict[str, Any]]:
        try:
            code = parse_credit_code(row.get("credit_code", "")).code
        except CreditCodeError as exc:
            raise RowProblem("credit_code", str(exc)) from None
        return code, {
            "code": code,
            "name": _text(row, "name", 100),
            "kind": _choice(row, "kind", Organization.Kind.values, ""),
            "legal": _text(row, "legal_representative", 40),
            "address": _text(row, "address", 200, required=False),
            "phone": _text(row, "phone", 20, required=False),
            "grid": self.grid(row),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = _now()
        _write_rows(
            Organization._meta.db_table,
            [
                "credit_code",
                "name",
                "kind",
                "legal_representative",
                "address",
                "phone",
                "grid_code",
                "version",
                "updated_at",
            ],
            [
                (
                    r["code"],
                    r["name"],
                    r["kind"],
                    r["legal"],
                    r["address"],
                    r["phone"],
                    r["grid"],
                    1,
                    now,
                )
                for r in records
            ],
        )
        stats.bump_records(Counter((r["grid"], "organization") for r in records))


KINDS: dict[str, type[Kind]] = {
    k.name: k
    for k in (PeopleKind, HouseholdsKind, BuildingsKind, FacilitiesKind, OrganizationsKind)
}


# --- the run -------------------------------------------------------------------------------------


# Files this large are prepared by worker processes while this one reads and writes.
PARALLEL_MIN_ROWS = 50_000


def _prepare_chunk(kind: Kind, chunk: list[tuple[int, dict[str, str]]]) -> list[tuple[Any, ...]]:
    """(key, record, None) or (None, None, (column, reason)) for each row, in order. The rows
    themselves stay with the caller: only the prepared records travel back from a worker."""
    out: list[tuple[Any, ...]] = []
    for _line, row in chunk:
        try:
            key, record = kind.prepare(row)
        except RowProblem as problem:
            out.append((None, None, (problem.column, problem.reason)))
        else:
            out.append((key, record, None))
    return out


def _with_rows(
    chunk: list[tuple[int, dict[str, str]]], prepared: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """(line, key, record, problem, row) for each row of ``chunk``."""
    return [
        (line, key, record, problem, row)
        for (line, row), (key, record, problem) in zip(chunk, prepared, strict=True)
    ]


def _chunks(
    rows: Iterator[tuple[int, dict[str, str]]], size: int
) -> Iterator[list[tuple[int, dict[str, str]]]]:
    chunk: list[tuple[int, dict[str, str]]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER_KIND: Kind | None = None  # set before the worker pool forks; the workers inherit it


def _prepare_in_worker(chunk: list[tuple[int, dict[str, str]]]) -> list[tuple[Any, ...]]:
    assert _WORKER_KIND is not None  # noqa: S101 - set before the pool starts
    return _prepare_chunk(_WORKER_KIND, chunk)


def _prepared(
    kind: Kind, rows: Iterator[tuple[int, dict[str, str]]], size: int, parallel: bool
) -> Iterator[list[tuple[Any, ...]]]:
    """Prepared chunks in file order. For large files, forked worker processes prepare (parse,
    validate, encrypt) while this process reads and writes; at most a few chunks are in flight,
    so memory stays flat."""
    global _WORKER_KIND
    if not parallel:
        for chunk in _chunks(rows, size):
            yield _with_rows(chunk, _prepare_chunk(kind, chunk))
        return
    _WORKER_KIND = kind
    workers = max(2, os.cpu_count() or 2)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        pending: deque[Any] = deque()
        for chunk in _chunks(rows, size):
            pending.append((chunk, pool.apply_async(_prepare_in_worker, (chunk,))))
            if len(pending) > workers:
                chunk_sent, result = pending.popleft()
                yield _with_rows(chunk_sent, result.get())
        while pending:
            chunk_sent, result = pending.popleft()
            yield _with_rows(chunk_sent, result.get())


def create_job(kind: str, file_name: str, chunks: Iterable[bytes], actor: Any = None) -> ImportJob:
    """Record an import of ``kind`` and keep its own copy of the file under ``var/imports/``
    (the error report is written beside it). The command and the web upload both start here."""
    store = Path(settings.VAR_DIR) / "imports"
    store.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, file_name=Path(file_name).name[:200], path="", created_by=actor
        )
        path = store / f"{job.pk}-upload{Path(file_name).suffix.lower()}"
        with path.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        job.path = str(path)
        job.save(update_fields=["path"])
    return job


def run_import(
    job: ImportJob,
    *,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
    parallel: bool | None = None,
) -> ImportReport:
    """Import ``job.path`` as ``job.kind``; update the job as batches commit.

    Raises ImportFileError when the file cannot be read at all (nothing is written then).
    """
    path = Path(job.path)
    kind = KINDS[job.kind]()
    columns, rows, total = read_table(path)
    missing = [c for c in kind.required if c not in columns]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(cols)s. Expected: %(expected)s.")
            % {"cols": ", ".join(missing), "expected": ", ".join(kind.required + kind.optional)}
        )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, total_rows=total)
    if parallel is None:
        parallel = (total or 0) >= PARALLEL_MIN_ROWS and (os.cpu_count() or 1) > 1
    restore_pending()
    report = ImportReport()
    errors_path = path.with_name(path.stem + f".job{job.pk}.errors.csv")
    sqlite = connection.vendor == "sqlite"
    if sqlite:
        # Millions of random-order index inserts: keep the indexes' pages in memory (4 GiB).
        # Foreign keys are checked by the importer itself (grids, households, buildings are
        # looked up in the batch's transaction), so SQLite's per-row checks are switched off.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-4194304")
            cursor.execute("PRAGMA foreign_keys=OFF")
    try:
        # Line-buffered: a killed import leaves every reported rejection in the file.
        with errors_path.open("w", encoding="utf-8-sig", newline="", buffering=1) as error_file:
            writer = csv.writer(error_file)
            writer.writerow(["line", "column", "reason", *columns])

            def reject(line: int, column: str, reason: str, row: dict[str, str]) -> None:
                report.errors.append(RowError(line, column, reason, row))
                if len(report.errors) > 1000:  # keep memory flat; the file has them all
                    report.errors.pop(0)
                writer.writerow([line, column, reason, *(row.get(c, "") for c in columns)])

            try:
                with deferred_indexes(kind.model._meta.db_table, total), _fewer_collections():
                    _load(job, kind, rows, batch_rows, parallel, report, reject, progress, total)
            except ImportFileError as exc:
                _finish(job, report, errors_path, ImportJob.Status.FAILED, str(exc))
                raise
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA cache_size=-65536")
    _finish(job, report, errors_path, ImportJob.Status.DONE, "")
    return report


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the load with the cyclic garbage collector mostly out of the way.

    A load allocates millions of short-lived containers (rows, records) and holds a growing
    ``seen`` map; with the default thresholds the collector keeps re-scanning everything alive,
    which cost 12 % of a 600,000-person import. The load makes no reference cycles, so freezing
    what exists and collecting young objects a hundred times less often loses nothing; the
    previous settings come back afterwards (forked workers inherit the same settings).
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _load(
    job: ImportJob,
    kind: Kind,
    rows: Iterator[tuple[int, dict[str, str]]],
    batch_rows: int,
    parallel: bool,
    report: ImportReport,
    reject: Callable[..., None],
    progress: Progress | None,
    total: int | None,
) -> None:
    """Read, check and write the file batch by batch; duplicates within the file are rejected
    with the line of the first occurrence."""
    seen: dict[str, int] = {}
    for prepared in _prepared(kind, rows, batch_rows, parallel):
        rows_by_line = {item[0]: item[4] for item in prepared}
        batch = []
        for line, key, record, problem, _row in prepared:
            report.total += 1
            if problem is not None:
                reject(line, problem[0], problem[1], rows_by_line[line])
            elif key in seen:
                reject(
                    line,
                    columns_key(kind),
                    _("Duplicate of line %(n)d.") % {"n": seen[key]},
                    rows_by_line[line],
                )
            else:
                seen[key] = line
                batch.append((line, key, record))
        _commit_batch(job, kind, batch, report, reject, rows_by_line)
        if progress:
            progress(report.total, total)


def columns_key(kind: Kind) -> str:
    """The column that identifies a row of ``kind`` (named in duplicate-row errors)."""
    return {
        "people": "id_number",
        "households": "household_number",
        "organizations": "credit_code",
    }.get(kind.name, "code")


def _commit_batch(
    job: ImportJob,
    kind: Kind,
    batch: list[tuple[int, str, dict[str, Any]]],
    report: ImportReport,
    reject: Callable[..., None],
    rows_by_line: dict[int, dict[str, str]],
) -> None:
    with transaction.atomic():
        present = kind.existing([key for _, key, _ in batch]) if batch else set()
        fresh = [(line, record) for line, key, record in batch if key not in present]
        problems = kind.resolve([record for _, record in fresh])
        records = []
        for (line, record), problem in zip(fresh, problems, strict=True):
            if problem is None:
                records.append(record)
            else:
                reject(line, problem.column, problem.reason, rows_by_line[line])
        if records:
            kind.write(records)
        report.imported += len(records)
        report.already_present += len(present)
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=report.total,
            imported=report.imported,
            already_present=report.already_present,
            # every row read so far is imported, already present or rejected
            error_rows=report.total - report.imported - report.already_present,
        )


def _finish(
    job: ImportJob, report: ImportReport, errors_path: Path, status: str, message: str
) -> None:
    errors = report.total - report.imported - report.already_present
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        rows_done=report.total,
        imported=report.imported,
        already_present=report.already_present,
        error_rows=max(errors, 0),
        errors_path=str(errors_path),
        message=message,
        finished_at=timezone.now(),
    )
    audit(
        job.created_by,
        f"registry.import_{job.kind}",
        job,
        after={
            "imported": report.imported,
            "already_present": report.already_present,
            "rejected": max(errors, 0),
            "status": status,
        },
    )
