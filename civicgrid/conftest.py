"""Shared fixtures: a small district with two towns, and the persona accounts every module uses.

    430212            district 测试区
    430212100           town 甲镇
    430212100001          community 东社区   grids …001001, …001002
    430212100201          village  石门村    grid  …201001
    430212101           town 乙镇
    430212101201          village  枫林村    grids …201001, …201002

Personas: admin, leader (district), reviewer (district), clerk (district), approver (department
D001), other_approver (D002), town_staff (甲镇), village_staff (石门村), worker_a (grid
430212100001001), worker_b (grid 430212101201001), deputy (district), resident, outsider (a staff
account with no scope).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from civicgrid.accounts.models import Department, Role, User
from civicgrid.regions.geo import invalidate_locator
from civicgrid.regions.models import GridAssignment, Level, Region


def square(x: float, y: float, size: float = 0.01) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
    }


@dataclass
class District:
    regions: dict[str, Region]
    grids: list[Region]

    def __getitem__(self, code: str) -> Region:
        return self.regions[code]


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; tests that check it use the real settings explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def district(db: Any) -> District:
    from civicgrid.registry import reference

    # Reference data comes from a data migration; a transactional test elsewhere may have
    # flushed it (test databases reused with --reuse-db are not re-serialised).
    reference.ensure()
    spec = [
        ("430212", "测试区", Level.DISTRICT, None, None),
        ("430212100", "甲镇", Level.TOWN, "430212", None),
        ("430212100001", "东社区", Level.COMMUNITY, "430212100", None),
        ("430212100001001", "东社区第1网格", Level.GRID, "430212100001", square(113.00, 27.50)),
        ("430212100001002", "东社区第2网格", Level.GRID, "430212100001", square(113.01, 27.50)),
        ("430212100201", "石门村", Level.VILLAGE, "430212100", None),
        ("430212100201001", "石门村第1网格", Level.GRID, "430212100201", square(113.02, 27.50)),
        ("430212101", "乙镇", Level.TOWN, "430212", None),
        ("430212101201", "枫林村", Level.VILLAGE, "430212101", None),
        ("430212101201001", "枫林村第1网格", Level.GRID, "430212101201", square(113.00, 27.40)),
        ("430212101201002", "枫林村第2网格", Level.GRID, "430212101201", square(113.01, 27.40)),
    ]
    regions: dict[str, Region] = {}
    for code, name, level, parent, boundary in spec:
        regions[code] = Region.objects.create(
            code=code, name=name, level=level, parent=regions.get(parent), boundary=boundary
        )
    invalidate_locator()
    yield District(regions, [r for r in regions.values() if r.level == Level.GRID])
    invalidate_locator()


@pytest.fixture
def departments(db: Any) -> dict[str, Department]:
    return {
        "D001": Department.objects.create(code="D001", name="区公安分局", short_name="公安"),
        "D002": Department.objects.create(code="D002", name="区民政局", short_name="民政"),
    }


PASSWORD = "correct horse battery"

# Fixtures of later modules, available to every test (the scope harness uses them all).
pytest_plugins = [
    "civicgrid.registry.tests.fixtures",
    "civicgrid.events.tests.fixtures",
    "civicgrid.govservices.tests.fixtures",
    "civicgrid.inquiries.tests.fixtures",
    "civicgrid.ballots.tests.fixtures",
    "civicgrid.ratings.tests.fixtures",
]


@pytest.fixture
def personas(district: District, departments: dict[str, Department]) -> dict[str, User]:
    d = district
    spec: dict[str, dict[str, Any]] = {
        "admin": {"role": Role.ADMINISTRATOR},
        "leader": {"role": Role.LEADER, "scope_region": d["430212"]},
        "reviewer": {"role": Role.REVIEWER, "scope_region": d["430212"]},
        "clerk": {"role": Role.CLERK, "scope_region": d["430212"]},
        "approver": {"role": Role.APPROVER, "department": departments["D001"]},
        "other_approver": {"role": Role.APPROVER, "department": departments["D002"]},
        "town_staff": {"role": Role.SERVICE_STAFF, "scope_region": d["430212100"]},
        "village_staff": {"role": Role.SERVICE_STAFF, "scope_region": d["430212100201"]},
        "worker_a": {"role": Role.GRID_WORKER, "scope_region": d["430212100001001"]},
        "worker_b": {"role": Role.GRID_WORKER, "scope_region": d["430212101201001"]},
        "deputy": {"role": Role.DEPUTY, "scope_region": d["430212"]},
        "resident": {"role": Role.RESIDENT},
        "outsider": {"role": Role.CLERK},
    }
    users = {
        name: User.objects.create_user(username=name, password=PASSWORD, full_name=name, **kw)
        for name, kw in spec.items()
    }
    GridAssignment.objects.create(grid=d["430212100001001"], worker=users["worker_a"], post="A")
    GridAssignment.objects.create(grid=d["430212101201001"], worker=users["worker_b"], post="A")
    return users


@pytest.fixture
def client_for(personas: dict[str, User]) -> Any:
    """``client_for("worker_a")``: a test client signed in as that persona."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(personas[name])
        return client

    return make
