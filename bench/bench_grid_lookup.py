"""Point-in-grid over the demo district's 260 grids: p50/p99 of ``grid_for_point``.

Baseline, measured in the same run: a linear scan testing every grid polygon in turn.
Target (issue #2): p99 under 1 ms.
"""

from __future__ import annotations

import random

from shapely.geometry import Point

from bench.common import Figure, latencies, percentile
from civicgrid.regions import demo
from civicgrid.regions.geo import get_locator, grid_for_point


def run(scale: str) -> list[Figure]:
    demo.seed()  # the demo district's regions in the bench database, once
    units = demo.build_district()
    grids = [(u.code, u.name, u.feature()["geometry"]) for u in units if u.level == "grid"]
    assert len(get_locator()) == 260  # noqa: S101
    district = units[0].geometry
    minx, miny, maxx, maxy = district.bounds
    rng = random.Random(7)
    n = 100_000 if scale == "full" else 10_000
    points = [(rng.uniform(minx, maxx), rng.uniform(miny, maxy)) for _ in range(n)]

    polygons = [
        (code, u.geometry)
        for (code, _, _), u in zip(grids, (u for u in units if u.level == "grid"), strict=True)
    ]

    def linear(lon: float, lat: float) -> str | None:
        p = Point(lon, lat)
        for code, poly in polygons:
            if poly.intersects(p):
                return code
        return None

    # Same answers first (both prefer the smallest code on a shared edge): a fast wrong index is
    # no index.
    for lon, lat in points[:2000]:
        hit = grid_for_point(lon, lat)
        assert (hit.code if hit else None) == linear(lon, lat)  # noqa: S101
    fast = latencies(grid_for_point, points)
    slow = latencies(linear, points[: n // 10])
    inside = sum(1 for lon, lat in points[:5000] if grid_for_point(lon, lat)) / 5000
    us = 1e6
    return [
        Figure(
            "grid_for_point p50 (260 grids)",
            percentile(fast, 50) * us,
            "µs",
            percentile(slow, 50) * us,
            "linear scan p50",
        ),
        Figure(
            "grid_for_point p99 (260 grids)",
            percentile(fast, 99) * us,
            "µs",
            percentile(slow, 99) * us,
            "linear scan p99",
            "< 1000 µs",
        ),
        Figure("points inside the district", inside * 100, "%"),
    ]
