"""Departments read only what the sharing catalog grants; their datasets feed the registry."""

from __future__ import annotations

import csv

from civicgrid.core.models import AuditLog
from civicgrid.registry.actions.sharing_in import import_shared
from civicgrid.registry.models import ChangeRequest, DataSource, Person
from civicgrid.registry.tests.fixtures import GRID_A, id_number


def test_department_reads_only_catalog_fields(registry, client_for) -> None:
    items = client_for("approver").get("/api/registry/people/?limit=100").json()["items"]
    assert len(items) == 6
    for item in items:
        assert item["name"]
        assert item["phone"] is None
        assert item["id_number_masked"] is None
        assert item["household"] is None
    export = client_for("approver").get("/registry/export/people.csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(text.splitlines()))
    assert header == ["name", "sex", "birth_date", "grid"]
    assert AuditLog.objects.filter(action="registry.export").count() == 1


def test_department_without_a_catalog_entry_sees_nothing(registry, client_for) -> None:
    assert client_for("other_approver").get("/api/registry/people/").json()["items"] == []
    person = registry.people[GRID_A]
    assert client_for("other_approver").get(f"/api/registry/people/{person.pk}").status_code == 404
    assert client_for("other_approver").get("/registry/export/people.csv").status_code == 404


def write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_police_dataset_is_matched_counted_and_routed(
    registry, departments, personas, tmp_path
) -> None:
    source = DataSource.objects.create(
        department=departments["D001"],
        name="公安户籍",
        kind="household_registration",
        column_mapping={"id_number": "公民身份号码", "name": "姓名", "residence_type": "户口性质"},
        rule="review",
    )
    path = write(
        tmp_path / "police.csv",
        ["公民身份号码", "姓名", "户口性质"],
        [
            [id_number("19510315", "111"), "张建国", "流动"],  # changed → review
            [id_number("19520315", "211"), "张建君", "户籍"],  # name differs → conflict
            [id_number("19530315", "311"), "张建民", "户籍"],  # unchanged
            [id_number("19990101", "999"), "新人", "户籍"],  # new, no household → reported
            ["430212199901011230", "坏号", "户籍"],  # invalid
        ],
    )
    result = import_shared(personas["approver"], source, path, "police.csv")
    assert (
        result.rows,
        result.changed,
        result.conflicts,
        result.unchanged,
        result.new,
        result.invalid,
    ) == (5, 1, 1, 1, 1, 1)
    assert result.sent_to_review == 2
    pending = ChangeRequest.objects.filter(source=f"shared:{source.pk}")
    assert pending.count() == 2
    assert Person.objects.get(pk=registry.people[GRID_A].pk).residence_type == "registered"
    source.rule = "apply"
    source.save()
    again = import_shared(
        personas["approver"],
        source,
        write(
            tmp_path / "p2.csv",
            ["公民身份号码", "姓名", "户口性质"],
            [[id_number("19510315", "111"), "张建国", "流动"]],
        ),
        "p2.csv",
    )
    assert again.applied == 1
    assert Person.objects.get(pk=registry.people[GRID_A].pk).residence_type == "floating"


def test_births_join_the_mothers_household_deaths_are_recorded(
    registry, departments, personas, tmp_path
) -> None:
    source = DataSource.objects.create(
        department=departments["D001"],
        name="卫健出生死亡",
        kind="births_deaths",
        column_mapping={
            "id_number": "身份证号",
            "name": "姓名",
            "deceased_on": "死亡日期",
            "household_of": "母亲身份证号",
        },
        rule="apply",
    )
    mother = id_number("19510315", "111")
    path = write(
        tmp_path / "health.csv",
        ["身份证号", "姓名", "死亡日期", "母亲身份证号"],
        [
            [id_number("20261101", "124"), "张新生", "", mother],
            [id_number("19520315", "211"), "张建军", "2026-11-02", ""],
        ],
    )
    result = import_shared(personas["approver"], source, path, "health.csv")
    assert (result.new, result.changed) == (1, 1)
    birth = ChangeRequest.objects.get(summary__contains="张新生")
    assert birth.grid_id == GRID_A
    assert Person.objects.get(name="张建军").deceased_on.isoformat() == "2026-11-02"


def test_only_the_sources_department_imports(registry, departments, personas, tmp_path) -> None:
    import pytest

    from civicgrid.core.errors import ActionError

    source = DataSource.objects.create(
        department=departments["D001"],
        name="x",
        kind="employment",
        column_mapping={"id_number": "a"},
    )
    with pytest.raises(ActionError):
        import_shared(personas["other_approver"], source, tmp_path / "none.csv", "none.csv")


def test_department_registers_a_source_and_saves_its_mapping(registry, client_for) -> None:
    client = client_for("approver")
    response = client.post(
        "/registry/sharing/",
        {"name": "公安户籍月报", "kind": "household_registration", "rule": "review"},
    )
    assert response.status_code == 302
    source = DataSource.objects.get(name="公安户籍月报")
    assert source.column_mapping["id_number"] == "公民身份号码"
    response = client.post(
        f"/registry/sharing/{source.pk}/",
        {"save_mapping": "1", "rule": "apply", "map_id_number": "证件号码", "map_name": "姓名"},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.rule, source.column_mapping) == (
        "apply",
        {"id_number": "证件号码", "name": "姓名"},
    )
    assert AuditLog.objects.filter(action="registry.source_mapping").exists()
    assert client_for("other_approver").get(f"/registry/sharing/{source.pk}/").status_code == 404
