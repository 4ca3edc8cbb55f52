"""Registry fixtures: a few records of every kind in three grids of the test district."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from civicgrid.registry.actions.changes import submit_create
from civicgrid.registry.actions.records import apply_create, identity_values
from civicgrid.registry.identifiers import id_check_digit
from civicgrid.registry.models import RecordType, SharingRule, Tag, VisitLog
from civicgrid.registry.names import initials

GRID_A = "430212100001001"  # worker_a's grid (甲镇 东社区)
GRID_V = "430212100201001"  # 甲镇 石门村 (village_staff)
GRID_B = "430212101201001"  # worker_b's grid (乙镇 枫林村)


def id_number(birth: str = "19900101", seq: str = "123", area: str = "430212") -> str:
    body = f"{area}{birth}{seq}"
    return body + id_check_digit(body)


def person_values(number: str, name: str, **extra: Any) -> dict[str, Any]:
    values = {
        **identity_values(number).as_values(),
        "name": name,
        "name_initials": initials(name),
        "phone": "",
        "relation": "户主",
        "residence_type": "registered",
    }
    values.update(extra)
    return values


@dataclass
class Registry:
    people: dict[str, Any] = field(default_factory=dict)
    households: dict[str, Any] = field(default_factory=dict)
    buildings: dict[str, Any] = field(default_factory=dict)
    facilities: dict[str, Any] = field(default_factory=dict)
    organizations: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def registry(personas: dict[str, Any], departments: dict[str, Any]) -> Registry:
    admin = personas["admin"]
    reg = Registry()
    elderly = Tag.objects.get(code="elderly_60")
    for n, grid in enumerate([GRID_A, GRID_V, GRID_B], start=1):
        building = apply_create(
            RecordType.BUILDING,
            {
                "code": f"B{grid}0001",
                "address": f"测试路{n}号",
                "use": "residential",
                "floors": 3,
                "lon": 113.0,
                "lat": 27.5,
                "grid_id": grid,
            },
            admin,
        )
        household = apply_create(
            RecordType.HOUSEHOLD,
            {
                "number": f"H{grid}00001",
                "address": f"测试路{n}号101",
                "building_id": building.pk,
                "grid_id": grid,
            },
            admin,
        )
        head = apply_create(
            RecordType.PERSON,
            {
                **person_values(id_number(f"195{n}0315", f"{n}11"), f"张建{'国军民'[n - 1]}"),
                "household_id": household.pk,
                "grid_id": grid,
                "tags": [{"tag": elderly.pk, "attributes": {}}],
            },
            admin,
        )
        child = apply_create(
            RecordType.PERSON,
            {
                **person_values(
                    id_number(f"201{n}0601", f"{n}22"),
                    f"张小{'红明华'[n - 1]}",
                    relation="子女",
                    phone=f"1380000000{n}",
                ),
                "household_id": household.pk,
                "grid_id": grid,
            },
            admin,
        )
        facility = apply_create(
            RecordType.FACILITY,
            {
                "code": f"F{grid}01",
                "kind": "garbage_pool",
                "name": f"垃圾池{n}号",
                "lon": 113.0,
                "lat": 27.5,
                "grid_id": grid,
                "responsible_unit": "村委会",
            },
            admin,
        )
        org = apply_create(
            RecordType.ORGANIZATION,
            {
                "credit_code": _credit_code(n),
                "name": f"测试合作社{n}",
                "kind": "cooperative",
                "legal_representative": "张建国",
                "address": "",
                "phone": "",
                "grid_id": grid,
            },
            admin,
        )
        VisitLog.objects.create(
            household=household,
            grid_id=grid,
            visited_on="2026-11-01",
            worker=admin,
            findings="走访正常",
        )
        reg.buildings[grid], reg.households[grid] = building, household
        reg.people[grid], reg.people[grid + ":child"] = head, child
        reg.facilities[grid], reg.organizations[grid] = facility, org
        reg.changes[grid] = submit_create(
            admin,
            RecordType.BUILDING,
            {
                "code": f"B{grid}0099",
                "address": f"新楼{n}号",
                "use": "residential",
                "floors": 2,
                "lon": None,
                "lat": None,
                "grid_id": grid,
            },
            grid,
            f"新楼{n}号",
        )
    # The police may read names, sex and birth dates of people (the sharing catalog).
    SharingRule.objects.create(
        department=departments["D001"],
        record_type="person",
        fields=["name", "sex", "birth_date", "grid"],
    )
    return reg


def _credit_code(n: int) -> str:
    from civicgrid.registry.identifiers import organization_code_check_char, uscc_check_char

    body8 = f"MA4L{n:04d}"
    org = body8 + organization_code_check_char(body8)
    first17 = f"93430212{org}"
    return first17 + uscc_check_char(first17)


@pytest.fixture
def import_job(personas: dict[str, Any], tmp_path: Any) -> Any:
    """A finished import by the reviewer, with an error report on disk."""
    from civicgrid.registry.models import ImportJob

    errors = tmp_path / "errors.csv"
    errors.write_text("line,column,reason\n2,id_number,bad\n", encoding="utf-8")
    return ImportJob.objects.create(
        kind="people",
        file_name="people.csv",
        path="",
        status="done",
        errors_path=str(errors),
        error_rows=1,
        created_by=personas["reviewer"],
    )


@pytest.fixture
def data_source(departments: dict[str, Any], personas: dict[str, Any], tmp_path: Any) -> Any:
    """The police's household-registration source, with one finished import and its report."""
    from civicgrid.registry.actions.sharing_in import DEFAULT_MAPPINGS
    from civicgrid.registry.models import DataSource, SharedImport

    source = DataSource.objects.create(
        department=departments["D001"],
        name="公安户籍",
        kind="household_registration",
        column_mapping=DEFAULT_MAPPINGS["household_registration"],
    )
    report = tmp_path / "report.csv"
    report.write_text("line,outcome,detail\n", encoding="utf-8")
    SharedImport.objects.create(
        source=source,
        file_name="2026-10.csv",
        created_by=personas["approver"],
        report_path=str(report),
    )
    return source
