"""Demo departments and accounts: 40 departments, one login per role, 184 grid workers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from civicgrid.regions.models import GridAssignment, GridPost, Level, Region

from .models import Department, Role, User

DEMO_PASSWORD = "civicgrid-demo"  # noqa: S105 - printed on the console for the demo district only

DEPARTMENTS = [
    "区发展和改革局",
    "区教育局",
    "区科学技术和工业信息化局",
    "区公安分局",
    "区民政局",
    "区司法局",
    "区财政局",
    "区人力资源和社会保障局",
    "区自然资源局",
    "区生态环境分局",
    "区住房和城乡建设局",
    "区交通运输局",
    "区水利局",
    "区农业农村局",
    "区商务局",
    "区文化旅游广电体育局",
    "区卫生健康局",
    "区退役军人事务局",
    "区应急管理局",
    "区审计局",
    "区市场监督管理局",
    "区统计局",
    "区医疗保障局",
    "区城市管理和综合执法局",
    "区林业局",
    "区行政审批服务局",
    "区信访局",
    "区数据资源局",
    "区税务局",
    "区残疾人联合会",
    "区妇女联合会",
    "区总工会",
    "区不动产登记中心",
    "区疾病预防控制中心",
    "区住房公积金管理部",
    "区消防救援大队",
    "区乡村振兴局",
    "区档案馆",
    "区供销合作社",
    "区气象局",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀兰霞平刚桂英华玲建国红梅文辉志新春晓燕海波"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def seed_departments() -> list[Department]:
    existing = set(Department.objects.values_list("code", flat=True))
    Department.objects.bulk_create(
        Department(code=f"D{i:03d}", name=name, short_name=name.removeprefix("区")[:20])
        for i, name in enumerate(DEPARTMENTS, start=1)
        if f"D{i:03d}" not in existing
    )
    return list(Department.objects.order_by("code"))


def _plan_grid_workers(
    units: list[tuple[Region, list[Region]]],
) -> list[tuple[Region, list[Region]]]:
    """(scope, grids) for each of the 184 grid workers over the 260 grids.

    Single-grid units get their own worker; the urban core's communities one worker per grid; of the
    88 two-grid units, the first twelve have two workers and the other 76 share one worker across
    both grids (scope: the village).
    """
    plan: list[tuple[Region, list[Region]]] = []
    two_worker_units = 12
    for unit, grids in units:
        if len(grids) == 2 and two_worker_units == 0:
            plan.append((unit, grids))
            continue
        if len(grids) == 2:
            two_worker_units -= 1
        plan.extend((grid, [grid]) for grid in grids)
    return plan


@transaction.atomic
def seed(actor: Any = None) -> list[DemoLogin]:
    """Departments, one account per role and the grid workers with their posts (idempotent)."""
    departments = seed_departments()
    if User.objects.filter(username="admin").exists():
        return demo_logins()
    rng = random.Random(184)
    password = make_password(DEMO_PASSWORD)  # hashed once: every demo account shares it
    district = Region.objects.get(level=Level.DISTRICT)
    town = Region.objects.filter(level=Level.TOWN).order_by("code").first()
    village = Region.objects.filter(level=Level.VILLAGE).order_by("code").first()
    police = next(d for d in departments if d.name == "区公安分局")

    def user(username: str, role: str, **extra: Any) -> User:
        return User(
            username=username,
            password=password,
            role=role,
            full_name=extra.pop("full_name", _name(rng)),
            **extra,
        )

    people = [
        user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
        user("leader", Role.LEADER, scope_region=district),
        user("reviewer", Role.REVIEWER, scope_region=district),
        user("clerk", Role.CLERK, scope_region=district),
        user("approver", Role.APPROVER, department=police),
        user("townstaff", Role.SERVICE_STAFF, scope_region=town),
        user("villagestaff", Role.SERVICE_STAFF, scope_region=village),
        user("deputy", Role.DEPUTY, scope_region=district),
        user("resident", Role.RESIDENT, phone="13800000000"),
    ]
    grids = list(Region.objects.filter(level=Level.GRID).order_by("code"))
    parents = {r.code: r for r in Region.objects.filter(level__in=[Level.VILLAGE, Level.COMMUNITY])}
    units = [(parents[code], list(gs)) for code, gs in groupby(grids, key=lambda g: g.code[:12])]
    plan = _plan_grid_workers(units)
    workers = [
        user(f"gw{i:03d}", Role.GRID_WORKER, scope_region=scope)
        for i, (scope, _) in enumerate(plan, start=1)
    ]
    User.objects.bulk_create(people + workers)
    workers = list(User.objects.filter(role=Role.GRID_WORKER).order_by("username"))

    assignments = []
    for worker, (_, worker_grids) in zip(workers, plan, strict=True):
        for grid in worker_grids:
            assignments.append(GridAssignment(grid=grid, worker=worker, post=GridPost.A))
    # B post (AB岗, 网格+村委): the demo village's committee member stands in for its grids.
    village_staff = next(u for u in people if u.username == "villagestaff")
    village_staff = User.objects.get(username=village_staff.username)
    assignments += [
        GridAssignment(grid=grid, worker=village_staff, post=GridPost.B)
        for grid in grids
        if grid.code.startswith(village.code)
    ]
    GridAssignment.objects.bulk_create(assignments)
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    names = [
        "admin",
        "leader",
        "reviewer",
        "clerk",
        "approver",
        "townstaff",
        "villagestaff",
        "gw001",
        "deputy",
        "resident",
    ]
    users = {
        u.username: u
        for u in User.objects.filter(username__in=names).select_related(
            "scope_region", "department"
        )
    }
    logins = []
    for name in names:
        u = users.get(name)
        if u is None:
            continue
        scope = (
            u.scope_region.name if u.scope_region else (u.department.name if u.department else "")
        )
        logins.append(DemoLogin(name, u.get_role_display(), scope))
    return logins
