"""Which grid a point falls in: an STRtree over the grid polygons, built once per process.

The tree is rebuilt only when :class:`~civicgrid.regions.models.BoundaryVersion` moves, and that is
checked at most every ``RECHECK_SECONDS``: a lookup is a tree query and a few prepared-polygon
tests, never a database query.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

RECHECK_SECONDS = 30.0


@dataclass(frozen=True)
class GridHit:
    code: str
    name: str


class GridLocator:
    """An immutable point-in-polygon index over a set of grids."""

    def __init__(self, grids: list[tuple[str, str, dict[str, Any]]], version: int = 0) -> None:
        self.version = version
        self._hits = [GridHit(code, name) for code, name, _ in grids]
        geoms = [shape(geojson) for _, _, geojson in grids]
        for geom in geoms:
            shapely.prepare(geom)
        self._geoms = geoms
        self._tree = STRtree(geoms)

    def __len__(self) -> int:
        return len(self._hits)

    def locate(self, lon: float, lat: float) -> GridHit | None:
        """The grid containing (lon, lat); on a shared edge, the grid with the smallest code."""
        idx = self._tree.query(Point(lon, lat), predicate="intersects")
        if len(idx) == 0:
            return None
        if len(idx) == 1:
            return self._hits[int(idx[0])]
        return min((self._hits[int(i)] for i in idx), key=lambda h: h.code)


_lock = threading.Lock()
_locator: GridLocator | None = None
_checked_at = 0.0


def _current_version() -> int:
    from .models import BoundaryVersion

    row = BoundaryVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return row or 0


def _build(version: int) -> GridLocator:
    from .models import Level, Region

    rows = (
        Region.objects.filter(level=Level.GRID, boundary__isnull=False)
        .order_by("code")
        .values_list("code", "name", "boundary")
    )
    return GridLocator(list(rows), version=version)


def get_locator() -> GridLocator:
    """This process's locator, rebuilt if the boundaries changed since it was built."""
    global _locator, _checked_at
    now = time.monotonic()
    locator = _locator
    if locator is not None and now - _checked_at < RECHECK_SECONDS:
        return locator
    with _lock:
        version = _current_version()
        if _locator is None or _locator.version != version:
            _locator = _build(version)
        _checked_at = now
        return _locator


def invalidate_locator() -> None:
    """Forget this process's locator (other processes notice the version within RECHECK_SECONDS)."""
    global _locator
    with _lock:
        _locator = None


def grid_for_point(lon: float, lat: float) -> GridHit | None:
    """The grid a WGS 84 point falls in, or None when it lies outside every grid."""
    return get_locator().locate(lon, lat)
