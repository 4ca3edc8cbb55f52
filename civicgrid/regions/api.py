"""Regions and grids API: browse the tree, boundaries as GeoJSON, point-in-grid, import/export."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.accounts.models import Role, User
from civicgrid.accounts.permissions import require_role
from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404

from . import actions
from .geo import grid_for_point
from .models import GridAssignment, Level, Region
from .schemas import (
    AssignIn,
    AssignmentOut,
    GeoJSONIn,
    ImportOut,
    LocateOut,
    RegionDetailOut,
    RegionOut,
)

router = Router(tags=["regions"])


class RegionFilter(Schema):
    level: list[Level] | None = None
    parent: str | None = None
    within: str | None = None
    q: str | None = None


def _filtered(request: HttpRequest, filters: RegionFilter) -> Any:
    qs = Region.objects.visible_to(request.user)
    if filters.level:
        qs = qs.filter(level__in=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    if filters.within:
        qs = qs.subtree(filters.within)
    if filters.q:
        qs = qs.filter(Q(name__contains=filters.q) | Q(code__startswith=filters.q))
    return qs


@router.get("/", response=list[RegionOut], url_name="region_list", summary="Regions in your scope")
@paginate(LimitOffsetPagination)
def list_regions(request: HttpRequest, filters: Query[RegionFilter]) -> Any:
    return _filtered(request, filters).defer("boundary")


@router.get(
    "/geojson",
    url_name="region_geojson",
    summary="Regions in your scope as a GeoJSON FeatureCollection (export)",
)
def regions_geojson(request: HttpRequest, filters: Query[RegionFilter]) -> dict[str, Any]:
    return actions.export_regions(_filtered(request, filters))


@router.get(
    "/locate",
    response=LocateOut,
    url_name="region_locate",
    summary="The grid (in your scope) containing a point",
)
def locate(request: HttpRequest, lon: float, lat: float) -> Any:
    hit = grid_for_point(lon, lat)
    if hit is None or not Region.objects.visible_to(request.user).filter(code=hit.code).exists():
        raise ActionError(_("No grid in your scope contains this point."))
    return hit


@router.post(
    "/import",
    response=ImportOut,
    url_name="region_import",
    summary="Create or update regions from GeoJSON (administrators)",
)
def import_regions(request: HttpRequest, payload: GeoJSONIn) -> Any:
    require_role(request.user, Role.ADMINISTRATOR)
    try:
        return actions.import_regions(request.user, payload.dict())
    except actions.RegionImportError as exc:
        raise ActionError(_("The file was not imported."), errors=exc.errors) from exc


@router.get("/{code}", response=RegionDetailOut, url_name="region_detail")
def region_detail(request: HttpRequest, code: str) -> Any:
    region = get_visible_or_404(Region.objects.defer("boundary"), request.user, code=code)
    region.children_count = Region.objects.filter(parent=region).count()
    region.grid_count = Region.objects.subtree(region.code).filter(level=Level.GRID).count()
    region.grid_posts = list(
        GridAssignment.objects.visible_to(request.user).filter(grid=region).select_related("worker")
    )
    return region


@router.get(
    "/{code}/boundary",
    url_name="region_boundary",
    summary="A region's boundary as a GeoJSON Feature",
)
def region_boundary(request: HttpRequest, code: str) -> dict[str, Any]:
    region = get_visible_or_404(Region.objects.all(), request.user, code=code)
    return {
        "type": "Feature",
        "id": region.code,
        "properties": {"code": region.code, "name": region.name, "level": region.level},
        "geometry": region.boundary,
    }


@router.post(
    "/{code}/assignments",
    response=AssignmentOut,
    url_name="region_assign",
    summary="Put a grid worker in a grid's A or B post (administrators)",
)
def assign(request: HttpRequest, code: str, payload: AssignIn) -> Any:
    require_role(request.user, Role.ADMINISTRATOR)
    grid = get_visible_or_404(Region.objects.all(), request.user, code=code)
    worker = User.objects.filter(username=payload.worker).first()
    if worker is None:
        raise ActionError(_("No account is called “%(name)s”.") % {"name": payload.worker})
    try:
        return actions.assign_grid_worker(request.user, grid, worker, payload.post)
    except actions.AssignmentError as exc:
        raise ActionError(str(exc)) from exc
