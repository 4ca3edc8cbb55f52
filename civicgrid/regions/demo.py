"""The demo district: 渌口区 (430212) with 8 towns, 139 village-level units and 260 grids.

Names of the towns come from the source articles (the eighth, 龙潭镇, from the district's own list);
village and community names are invented but plausible. Codes follow GB/T 2260's shape but are
illustrative, not the official statistical codes. Boundaries are generated: the district outline is
a hand-drawn approximation of the real one, and towns, villages and grids are nested Voronoi cells
clipped to their parent, so every level tiles the one above it exactly (to floating-point
precision).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry

DISTRICT_CODE = "430212"
DISTRICT_NAME = "渌口区"

# Approximate outline of the district, lon/lat (WGS 84): the Xiang river's bend at 渌口 in the
# north, rolling country to the south. About 1,000 km², like the real district.
DISTRICT_OUTLINE = [
    (113.05, 27.74),
    (113.17, 27.73),
    (113.24, 27.68),
    (113.33, 27.65),
    (113.38, 27.57),
    (113.36, 27.48),
    (113.30, 27.41),
    (113.21, 27.37),
    (113.12, 27.38),
    (113.04, 27.43),
    (112.98, 27.51),
    (112.97, 27.60),
    (113.00, 27.68),
]

# name, approximate seat, number of villages, communities (urban communities first)
TOWNS: list[tuple[str, tuple[float, float], int, list[str]]] = [
    (
        "渌口镇",
        (113.15, 27.69),
        14,
        ["渌江社区", "东湖社区", "王家洲社区", "株洲铺社区", "新华社区"],
    ),
    ("南洲镇", (113.06, 27.66), 17, ["南洲社区"]),
    ("淦田镇", (113.03, 27.55), 18, ["淦田社区"]),
    ("古岳峰镇", (113.27, 27.62), 17, []),
    ("朱亭镇", (113.08, 27.45), 19, ["朱亭社区"]),
    ("龙船镇", (113.31, 27.53), 15, ["龙船社区"]),
    ("龙门镇", (113.17, 27.42), 15, ["龙门社区"]),
    ("龙潭镇", (113.19, 27.55), 14, []),
]
URBAN_COMMUNITIES = 3  # the first three communities of 渌口镇: the urban core
URBAN_GRIDS_EACH = 12  # 3 × 12 = 36 urban grids

_FIRST = "石枫黄青白杨柳松竹梅桃李金银龙凤虎狮泉湖塘湾坪冲岭山峰田洲桥铺江溪花樟茶"
_SECOND = "门林龙阳溪塘冲湾坪岭山峰田洲桥铺江口港水源泉石园家湖岗坳冲亭"


@dataclass
class Unit:
    """A region to be created: code, name, level, parent code and its boundary geometry."""

    code: str
    name: str
    level: str
    parent: str | None
    geometry: BaseGeometry

    def feature(self) -> dict[str, Any]:
        return {
            "type": "Feature",
            "properties": {
                "code": self.code,
                "name": self.name,
                "level": self.level,
                "parent_code": self.parent,
            },
            "geometry": mapping(self.geometry),
        }


def _sample_inside(
    rng: random.Random,
    poly: BaseGeometry,
    near: tuple[float, float] | None = None,
    spread: float | None = None,
) -> Point:
    minx, miny, maxx, maxy = poly.bounds
    for _ in range(10_000):
        if near is not None and spread is not None:
            p = Point(rng.gauss(near[0], spread), rng.gauss(near[1], spread))
        else:
            p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if poly.contains(p):
            return p
    return poly.representative_point()


def _tile(
    parent: BaseGeometry, seeds: list[Point], relax: int = 2, fixed: int = 0
) -> list[BaseGeometry]:
    """Voronoi cells of ``seeds`` clipped to ``parent``, one per seed, in seed order.

    ``relax`` rounds of Lloyd relaxation even out the cell sizes; the first ``fixed`` seeds keep
    their place (so a town seat stays where it is).
    """
    if len(seeds) == 1:
        return [parent]
    envelope = parent.envelope.buffer(0.1)
    for round_ in range(relax + 1):
        cells = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=envelope, ordered=True)
        clipped = [cell.intersection(parent) for cell in cells.geoms]
        if round_ == relax:
            break
        moved = []
        for i, (seed, cell) in enumerate(zip(seeds, clipped, strict=True)):
            c = cell.centroid
            moved.append(seed if i < fixed or not parent.contains(c) else c)
        seeds = moved
    # No rounding of coordinates: snapping a child's vertices could push it over its parent's edge.
    return clipped


def _village_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_FIRST) + rng.choice(_SECOND) + "村"
        if name not in taken and name[0] != name[1]:
            taken.add(name)
            names.append(name)
    return names


def build_district(seed: int = 430212) -> list[Unit]:
    """Every region of the demo district, parents before children."""
    rng = random.Random(seed)
    district = Polygon(DISTRICT_OUTLINE)
    units = [Unit(DISTRICT_CODE, DISTRICT_NAME, "district", None, district)]

    town_cells = _tile(district, [Point(seat) for _, seat, _, _ in TOWNS], relax=1, fixed=8)
    taken: set[str] = set()
    # 224 grids outside the urban core over 136 units: the 7 other communities and 81 of the 129
    # villages (spread evenly) get two grids, the other 48 villages one.
    total_villages = sum(n for _, _, n, _ in TOWNS)
    two_grid_villages = {int(i * total_villages / 81) + 1 for i in range(81)}
    village_counter = 0
    for t, ((town_name, seat, n_villages, communities), town_geom) in enumerate(
        zip(TOWNS, town_cells, strict=True)
    ):
        town_code = f"{DISTRICT_CODE}{100 + t:03d}"
        units.append(Unit(town_code, town_name, "town", DISTRICT_CODE, town_geom))
        seeds: list[Point] = []
        for c in range(len(communities)):
            urban = t == 0 and c < URBAN_COMMUNITIES
            seeds.append(_sample_inside(rng, town_geom, near=seat, spread=0.006 if urban else 0.02))
        seeds += [_sample_inside(rng, town_geom) for _ in range(n_villages)]
        unit_cells = _tile(town_geom, seeds, fixed=len(communities))
        names = communities + _village_names(rng, n_villages, taken)
        for u, (name, cell) in enumerate(zip(names, unit_cells, strict=True)):
            is_community = u < len(communities)
            code = f"{town_code}{u + 1:03d}" if is_community else f"{town_code}{200 + u:03d}"
            level = "community" if is_community else "village"
            units.append(Unit(code, name, level, town_code, cell))
            if t == 0 and u < URBAN_COMMUNITIES:
                n_grids = URBAN_GRIDS_EACH
            elif is_community:
                n_grids = 2
            else:
                village_counter += 1
                n_grids = 2 if village_counter in two_grid_villages else 1
            grid_seeds = [_sample_inside(rng, cell) for _ in range(n_grids)]
            for g, grid_cell in enumerate(_tile(cell, grid_seeds), start=1):
                units.append(Unit(f"{code}{g:03d}", f"{name}第{g}网格", "grid", code, grid_cell))
    return units


def district_geojson(seed: int = 430212) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [u.feature() for u in build_district(seed)]}


def seed(actor: Any = None) -> int:
    """Create the demo district's regions (idempotent: an existing district is left as it is)."""
    from .actions import import_regions
    from .models import Region

    if Region.objects.filter(code=DISTRICT_CODE).exists():
        return 0
    summary = import_regions(actor, district_geojson())
    return summary.created
