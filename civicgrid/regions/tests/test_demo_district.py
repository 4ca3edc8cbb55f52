from __future__ import annotations

from collections import Counter

import pytest
import shapely

from civicgrid.accounts import demo as accounts_demo
from civicgrid.accounts.models import Role, User
from civicgrid.regions import demo
from civicgrid.regions.models import GridAssignment, Level, Region


@pytest.fixture(scope="module")
def units():
    return demo.build_district()


def test_demo_district_has_the_source_figures(units) -> None:
    levels = Counter(u.level for u in units)
    assert levels == {"district": 1, "town": 8, "village": 129, "community": 10, "grid": 260}
    towns = {u.name for u in units if u.level == "town"}
    assert {"渌口镇", "南洲镇", "淦田镇", "古岳峰镇", "朱亭镇", "龙船镇", "龙门镇"} <= towns


def test_urban_core_is_three_communities_of_36_grids(units) -> None:
    urban = [u.code for u in units if u.level == "community"][:3]
    grids = [u for u in units if u.level == "grid" and u.parent in urban]
    assert len(grids) == 36


def test_grids_tile_the_district_without_gaps_or_overlaps(units) -> None:
    district = units[0].geometry
    grids = [u.geometry for u in units if u.level == "grid"]
    union = shapely.union_all(grids)
    assert all(g.is_valid and not g.is_empty for g in grids)
    # Gaps and overlaps both show up as area differences; allow only rounding to 1e-6 degrees.
    assert district.symmetric_difference(union).area < district.area * 1e-5
    assert abs(sum(g.area for g in grids) - union.area) < district.area * 1e-5


def test_each_grid_lies_in_its_village(units) -> None:
    by_code = {u.code: u for u in units}
    for grid in (u for u in units if u.level == "grid"):
        parent = by_code[grid.parent].geometry
        assert grid.geometry.difference(parent).area < 1e-9, grid.code


def test_seeding_creates_184_grid_workers_covering_every_grid_and_is_idempotent(db) -> None:
    demo.seed()
    accounts_demo.seed()
    assert Region.objects.filter(level=Level.GRID).count() == 260
    assert User.objects.filter(role=Role.GRID_WORKER).count() == 184
    a_posts = GridAssignment.objects.filter(post="A")
    assert a_posts.values("grid").distinct().count() == 260
    for a in a_posts.select_related("grid", "worker__scope_region")[:300]:
        assert a.grid.code.startswith(a.worker.scope_region.code)
    assert {u.role for u in User.objects.all()} == set(Role.values)
    demo.seed()
    accounts_demo.seed()
    assert Region.objects.count() == 408
    assert User.objects.count() == 184 + 9
