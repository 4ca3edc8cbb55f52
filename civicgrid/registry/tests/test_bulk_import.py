"""Bulk import: bad rows reported by line, field and reason; good rows in; re-runs add nothing;
a killed import keeps exactly what it reported committed."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command
from django.utils import translation

from civicgrid.registry.importer import ImportFileError, run_import
from civicgrid.registry.models import GridPersonCount, Household, ImportJob, Person, PersonTag
from civicgrid.registry.tests.fixtures import GRID_A, GRID_B, id_number

HEADER = [
    "id_number",
    "name",
    "phone",
    "household_number",
    "relation",
    "residence_type",
    "grid_code",
    "tags",
    "birth_date",
    "sex",
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def good_people(n: int, grid: str = GRID_A) -> list[list[str]]:
    return [
        [
            id_number(f"1970{(i % 12) + 1:02d}{(i % 28) + 1:02d}", f"{i % 1000:03d}"),
            f"王{'一二三四五六七八九十'[i % 10]}",
            "",
            "",
            "",
            "registered",
            grid,
            "elderly_60" if i % 3 == 0 else "",
            "",
            "",
        ]
        for i in range(n)
    ]


def job_for(path: Path, kind: str = "people") -> ImportJob:
    return ImportJob.objects.create(kind=kind, file_name=path.name, path=str(path))


def test_good_rows_go_in_and_bad_rows_are_reported(district, personas, tmp_path) -> None:
    ok = good_people(3)
    checksum = id_number("19800101", "555")
    bad_checksum = checksum[:-1] + ("1" if checksum[-1] != "1" else "2")
    bad_date = id_number("19800230", "555")  # 30 February
    rows = ok + [
        [bad_checksum, "坏校验", "", "", "", "", GRID_A, "", "", ""],
        [bad_date, "坏日期", "", "", "", "", GRID_A, "", "", ""],
        [id_number("19850505", "666"), "无网格", "", "", "", "", "430212999999999", "", "", ""],
        [ok[0][0], "重复", "", "", "", "", GRID_A, "", "", ""],
        [id_number("19850505", "777"), "性别错", "", "", "", "", GRID_A, "", "", "F"],
        [id_number("19850505", "888"), "生日错", "", "", "", "", GRID_A, "", "1985-05-06", ""],
        [id_number("19850505", "999"), "坏标签", "", "", "", "", GRID_A, "ghost", "", ""],
    ]
    path = write_csv(tmp_path / "people.csv", HEADER, rows)
    with translation.override("en"):
        report = run_import(job_for(path))
    assert report.imported == 3
    assert Person.objects.count() == 3
    reasons = {(e.line, e.column): e.reason for e in report.errors}
    assert set(reasons) == {
        (5, "id_number"),
        (6, "id_number"),
        (7, "grid_code"),
        (8, "id_number"),
        (9, "sex"),
        (10, "birth_date"),
        (11, "tags"),
    }
    assert "check digit" in reasons[(5, "id_number")]
    assert "Duplicate of line 2" in reasons[(8, "id_number")]
    job = ImportJob.objects.get()
    assert (job.status, job.imported, job.error_rows) == ("done", 3, 7)
    with Path(job.errors_path).open(encoding="utf-8-sig") as f:
        lines = list(csv.reader(f))
    assert lines[0][:3] == ["line", "column", "reason"]
    assert len(lines) == 8
    assert PersonTag.objects.count() == 1
    assert (
        sum(GridPersonCount.objects.filter(grid_code=GRID_A).values_list("count", flat=True)) == 3
    )


def test_running_the_same_file_again_creates_no_duplicates(district, tmp_path) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, good_people(12))
    run_import(job_for(path))
    again = run_import(job_for(path))
    assert (again.imported, again.already_present) == (0, 12)
    assert Person.objects.count() == 12
    assert sum(GridPersonCount.objects.values_list("count", flat=True)) == 12


def test_a_killed_import_keeps_what_it_reported(district, tmp_path) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, good_people(25))
    job = job_for(path)

    def die_after_two_batches(done: int, total: int | None) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_import(job, progress=die_after_two_batches, batch_rows=10)
    job.refresh_from_db()
    assert job.imported == 20 == Person.objects.count()
    resumed = run_import(job_for(path), batch_rows=10)
    assert (resumed.imported, resumed.already_present) == (5, 20)
    assert Person.objects.count() == 25


def test_households_then_people_link_heads(district, tmp_path) -> None:
    hh = write_csv(
        tmp_path / "households.csv",
        ["household_number", "address", "building_code", "grid_code"],
        [["H1", "东路1号", "", GRID_A], ["H2", "西路2号", "", GRID_B], ["H3", "无网格", "", "999"]],
    )
    report = run_import(job_for(hh, "households"))
    assert report.imported == 2
    people = write_csv(
        tmp_path / "people.csv",
        HEADER,
        [
            [
                id_number("19600101", "101"),
                "赵大",
                "13800000001",
                "H1",
                "户主",
                "户籍",
                GRID_A,
                "",
                "1960-01-01",
                "男",
            ],
            [id_number("19900101", "202"), "赵二", "", "H1", "子女", "常住", GRID_A, "", "", ""],
            [id_number("19900101", "303"), "无户", "", "H9", "", "", GRID_A, "", "", ""],
        ],
    )
    report = run_import(job_for(people))
    assert report.imported == 2
    assert report.errors[0].column == "household_number"
    assert Household.objects.get(number="H1").head.name == "赵大"


def test_xlsx_imports_like_csv(district, tmp_path) -> None:
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(good_people(4), start=1):
        sheet.write_row(i, 0, row)
    book.close()
    assert run_import(job_for(path)).imported == 4


def test_truncated_xlsx_is_refused_whole(district, tmp_path) -> None:
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for i, row in enumerate(good_people(50), start=1):
        sheet.write_row(i, 0, row)
    book.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert not zipfile.is_zipfile(path)
    with translation.override("en"), pytest.raises(ImportFileError, match="damaged or truncated"):
        run_import(job_for(path))
    assert Person.objects.count() == 0


def test_missing_columns_are_named(district, tmp_path) -> None:
    path = write_csv(tmp_path / "people.csv", ["name", "grid_code"], [["张三", GRID_A]])
    with translation.override("en"), pytest.raises(ImportFileError, match="id_number"):
        run_import(job_for(path))


def test_command_prints_a_summary_and_fails_clearly(district, tmp_path, capsys) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, good_people(3))
    call_command("import", "people", str(path))
    out = capsys.readouterr()
    assert "3 imported" in out.out
    assert "3/3" in out.err  # the progress bar
    with pytest.raises(CommandError):
        call_command("import", "people", str(tmp_path / "missing.csv"))


def test_web_upload_runs_as_a_task_with_progress(
    registry, client_for, tmp_path, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    path = write_csv(
        tmp_path / "people.csv",
        HEADER,
        good_people(5, GRID_B) + [["123", "坏", "", "", "", "", GRID_B, "", "", ""]],
    )
    client = client_for("reviewer")
    with path.open("rb") as f, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/registry/imports/", {"kind": "people", "file": f})
    assert response.status_code == 302
    job = ImportJob.objects.get(file_name="people.csv")
    page = client.get(response["Location"]).content.decode()
    assert 'id="imported">5<' in page
    assert "<progress" in page
    errors = client.get(f"/registry/imports/{job.pk}/errors.csv")
    assert b"123" in b"".join(errors.streaming_content)
    assert client_for("worker_a").get("/registry/imports/").status_code == 403


def _indexes(table: str) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return {
            c
            for c, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"] and not info["unique"]
        }


def test_large_loads_rebuild_secondary_indexes_and_recover_after_a_kill(
    district, tmp_path, monkeypatch, settings
) -> None:
    from django.db import connection

    from civicgrid.registry import bulkindex

    if connection.vendor == "postgresql":
        # Outside tests every batch commits; inside the test's one transaction, PostgreSQL would
        # refuse CREATE INDEX while deferred foreign-key checks are pending, so check them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(bulkindex, "MIN_ROWS", 10)
    before = _indexes("registry_person")
    assert "person_name_from2_idx" in before
    path = write_csv(tmp_path / "people.csv", HEADER, good_people(30))
    run_import(job_for(path), batch_rows=10)
    assert _indexes("registry_person") == before
    assert not list(tmp_path.glob("imports/deferred-indexes-*.json"))

    def killed(definitions: object) -> None:  # the process dies before the rebuild
        raise SystemExit("killed")

    more = write_csv(tmp_path / "more.csv", HEADER, good_people(60)[30:])
    monkeypatch.setattr(bulkindex, "_create", killed)
    with pytest.raises(SystemExit):
        run_import(job_for(more), batch_rows=10)
    assert list(tmp_path.glob("imports/deferred-indexes-*.json"))
    assert "person_name_from2_idx" not in _indexes("registry_person")
    monkeypatch.undo()
    settings.VAR_DIR = tmp_path
    again = run_import(job_for(more), batch_rows=10)  # starts by rebuilding what was left
    assert _indexes("registry_person") == before
    assert again.already_present == 30
    assert Person.objects.count() == 60
