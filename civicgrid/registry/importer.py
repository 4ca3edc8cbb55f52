"""Bulk import of registry files: CSV or XLSX, validated row by row, committed in batches.

* Bad rows never enter: each is reported with its line, field and reason in an error file (CSV
  with the original columns), and the good rows go in.
* Every batch commits together with the job's counters, so killing the import loses nothing that
  was reported committed; running the same file again skips what is already there (by ID number,
  household number, code or credit code) and creates no duplicates.
* Rows are written with ``executemany`` on SQLite and ``COPY`` on PostgreSQL; ids for people come
  from the sequence (PostgreSQL) or from ``max(id)`` under SQLite's write lock, so tags can be
  linked without reading the rows back.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.audit import audit
from civicgrid.core.privacy import get_keyring, mask_id_number
from civicgrid.regions.models import Level, Region

from . import stats
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
                    if not any(v.strip() for v in values):
                        continue
                    yield (
                        reader.line_num,
                        dict(zip(header, (v.strip() for v in values), strict=False)),
                    )
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


# --- writing --------------------------------------------------------------------------------------


def _write_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows,
            )


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


# --- the kinds ----------------------------------------------------------------------------


class Kind:
    """What one kind of file holds and how a row becomes a record."""

    name: str
    required: list[str]
    optional: list[str] = []
    model: type
    key_column: str
    key_field: str

    def __init__(self) -> None:
        self.grids = set(Region.objects.filter(level=Level.GRID).values_list("code", flat=True))
        self.counters: Counter = Counter()

    def grid(self, row: dict[str, str]) -> str:
        code = row.get("grid_code", "")
        if code not in self.grids:
            raise RowProblem("grid_code", _("Unknown grid %(code)s.") % {"code": code or "—"})
        return code

    def key(self, row: dict[str, str]) -> str:
        value = row.get(self.key_column, "").strip()
        if not value:
            raise RowProblem(self.key_column, _("This column is required."))
        return value

    def existing(self, keys: list[str]) -> set[str]:
        return set(
            self.model.objects.filter(**{f"{self.key_field}__in": keys}).values_list(
                self.key_field, flat=True
            )
        )

    def prepare(self, rows: list[dict[str, str]]) -> None:
        """Look up what the batch refers to (households, buildings) in one query each."""

    def clean(self, row: dict[str, str]) -> dict[str, Any]:
        raise NotImplementedError

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
    key_column = "id_number"
    key_field = "id_number_index"

    def __init__(self) -> None:
        super().__init__()
        self.keyring = get_keyring()
        self.area_in_use = area_checker()
        self.today = timezone.localdate()
        self.tags = dict(Tag.objects.values_list("code", "pk"))
        self.households: dict[str, tuple[int, str]] = {}

    def key(self, row: dict[str, str]) -> str:
        raw = row.get("id_number", "")
        try:
            info = parse_id_number(raw, area_in_use=self.area_in_use, today=self.today)
        except IdNumberError as exc:
            raise RowProblem("id_number", str(exc)) from None
        row["_id"] = info  # type: ignore[assignment]
        return self.keyring.blind_index(info.number, ID_CONTEXT)

    def prepare(self, rows: list[dict[str, str]]) -> None:
        numbers = {r.get("household_number", "") for r in rows} - {""}
        self.households = {
            n: (pk, g)
            for n, pk, g in Household.objects.filter(number__in=numbers).values_list(
                "number", "pk", "grid_id"
            )
        }

    def clean(self, row: dict[str, str]) -> dict[str, Any]:
        info = row["_id"]  # type: ignore[index]
        name = _text(row, "name", 40)
        grid = self.grid(row)
        phone = row.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise RowProblem("phone", _("Not a phone number: %(v)s") % {"v": phone})
        stated_birth = row.get("birth_date", "").strip()
        if stated_birth and stated_birth.replace("-", "") != info.birth_date.strftime("%Y%m%d"):
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
        household_id = None
        number = row.get("household_number", "").strip()
        if number:
            found = self.households.get(number)
            if found is None:
                raise RowProblem("household_number", _("Unknown household %(n)s.") % {"n": number})
            household_id = found[0]
        tag_ids = []
        for code in filter(None, (t.strip() for t in row.get("tags", "").split(";"))):
            if code not in self.tags:
                raise RowProblem("tags", _("Unknown tag %(code)s.") % {"code": code})
            tag_ids.append(self.tags[code])
        return {
            "info": info,
            "name": name,
            "grid": grid,
            "phone": phone,
            "household_id": household_id,
            "relation": _text(row, "relation", 20, required=False),
            "residence": residence,
            "tags": tag_ids,
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        ids = _reserve_ids(Person, len(records))
        now = timezone.now()
        rows, tag_rows, heads = [], [], []
        people: Counter = Counter()
        tags: Counter = Counter()
        encrypt, index = self.keyring.encrypt, self.keyring.blind_index
        for pk, r in zip(ids, records, strict=True):
            info = r["info"]
            rows.append(
                (
                    pk,
                    encrypt(info.number, ID_CONTEXT),
                    index(info.number, ID_CONTEXT),
                    mask_id_number(info.number),
                    r["name"],
                    initials(r["name"]),
                    info.sex,
                    info.birth_date,
                    r["phone"],
                    r["household_id"],
                    r["relation"],
                    r["residence"],
                    r["grid"],
                    1,
                    now,
                )
            )
            people[(r["grid"], info.sex, info.birth_date.year)] += 1
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
    key_column = "household_number"
    key_field = "number"

    def prepare(self, rows: list[dict[str, str]]) -> None:
        codes = {r.get("building_code", "") for r in rows} - {""}
        self.buildings = dict(Building.objects.filter(code__in=codes).values_list("code", "pk"))

    def clean(self, row: dict[str, str]) -> dict[str, Any]:
        number = _text(row, "household_number", 24)
        building = row.get("building_code", "").strip()
        if building and building not in self.buildings:
            raise RowProblem("building_code", _("Unknown building %(c)s.") % {"c": building})
        return {
            "number": number,
            "address": _text(row, "address", 200),
            "grid": self.grid(row),
            "building_id": self.buildings.get(building),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = timezone.now()
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
    key_column = "code"
    key_field = "code"

    def clean(self, row: dict[str, str]) -> dict[str, Any]:
        floors = row.get("floors", "").strip() or "1"
        if not floors.isdigit() or not 1 <= int(floors) <= 200:
            raise RowProblem("floors", _("Floors must be a whole number from 1 to 200."))
        return {
            "code": _text(row, "code", 24),
            "address": _text(row, "address", 200),
            "use": _choice(row, "use", Building.Use.values, "residential"),
            "floors": int(floors),
            "lon": _float(row, "lon"),
            "lat": _float(row, "lat"),
            "grid": self.grid(row),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = timezone.now()
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
    key_column = "code"
    key_field = "code"

    def clean(self, row: dict[str, str]) -> dict[str, Any]:
        return {
            "code": _text(row, "code", 24),
            "kind": _choice(row, "kind", Facility.Kind.values, ""),
            "name": _text(row, "name", 100),
            "lon": _float(row, "lon"),
            "lat": _float(row, "lat"),
            "grid": self.grid(row),
            "unit": _text(row, "responsible_unit", 100, required=False),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = timezone.now()
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
    key_column = "credit_code"
    key_field = "credit_code"

    def key(self, row: dict[str, str]) -> str:
        try:
            return parse_credit_code(row.get("credit_code", "")).code
        except CreditCodeError as exc:
            raise RowProblem("credit_code", str(exc)) from None

    def clean(self, row: dict[str, str]) -> dict[str, Any]:
        return {
            "code": parse_credit_code(row["credit_code"]).code,
            "name": _text(row, "name", 100),
            "kind": _choice(row, "kind", Organization.Kind.values, ""),
            "legal": _text(row, "legal_representative", 40),
            "address": _text(row, "address", 200, required=False),
            "phone": _text(row, "phone", 20, required=False),
            "grid": self.grid(row),
        }

    def write(self, records: list[dict[str, Any]]) -> None:
        now = timezone.now()
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


def run_import(
    job: ImportJob, *, progress: Progress | None = None, batch_rows: int = BATCH_ROWS
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
    report = ImportReport()
    errors_path = path.with_name(path.stem + f".job{job.pk}.errors.csv")
    seen: dict[str, int] = {}
    with errors_path.open("w", encoding="utf-8-sig", newline="") as error_file:
        writer = csv.writer(error_file)
        writer.writerow(["line", "column", "reason", *columns])

        def reject(line: int, column: str, reason: str, row: dict[str, str]) -> None:
            report.errors.append(RowError(line, column, reason, row))
            if len(report.errors) > 1000:  # keep memory flat; the file has them all
                report.errors.pop(0)
            writer.writerow([line, column, reason, *(row.get(c, "") for c in columns)])

        batch: list[tuple[int, str, dict[str, str]]] = []
        try:
            for line, row in rows:
                report.total += 1
                try:
                    key = kind.key(row)
                except RowProblem as problem:
                    reject(line, problem.column, problem.reason, row)
                    continue
                if key in seen:
                    reject(
                        line, kind.key_column, _("Duplicate of line %(n)d.") % {"n": seen[key]}, row
                    )
                    continue
                seen[key] = line
                batch.append((line, key, row))
                if len(batch) >= batch_rows:
                    _commit_batch(job, kind, batch, report, reject)
                    error_file.flush()
                    batch = []
                    if progress:
                        progress(report.total, total)
            if batch:
                _commit_batch(job, kind, batch, report, reject)
        except ImportFileError as exc:
            _finish(job, report, errors_path, ImportJob.Status.FAILED, str(exc))
            raise
    _finish(job, report, errors_path, ImportJob.Status.DONE, "")
    if progress:
        progress(report.total, total)
    return report


def _commit_batch(
    job: ImportJob,
    kind: Kind,
    batch: list[tuple[int, str, dict[str, str]]],
    report: ImportReport,
    reject: Callable[..., None],
) -> None:
    with transaction.atomic():
        present = kind.existing([key for _, key, _ in batch])
        fresh = [(line, row) for line, key, row in batch if key not in present]
        kind.prepare([row for _, row in fresh])
        records = []
        for line, row in fresh:
            try:
                records.append(kind.clean(row))
            except RowProblem as problem:
                reject(line, problem.column, problem.reason, row)
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


def error_report_text(job: ImportJob) -> str:
    """The error file's content (for the download view)."""
    path = Path(job.errors_path)
    return path.read_text(encoding="utf-8-sig") if path.exists() else ""
