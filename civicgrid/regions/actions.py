"""Every change to regions, boundaries and grid posts goes through these functions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from civicgrid.core.audit import audit

from .geo import invalidate_locator
from .models import (
    CODE_LENGTH,
    BoundaryVersion,
    GridAssignment,
    GridPost,
    Level,
    Region,
    validate_region_code,
)


class RegionImportError(Exception):
    """The file was refused as a whole; ``errors`` lists every problem found, by feature."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    codes: list[str] = field(default_factory=list)


def parse_boundary(geometry: Any) -> tuple[dict[str, Any], float, float]:
    """Validate a GeoJSON geometry; return it normalised with its representative point."""
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValueError(_("A boundary must be a GeoJSON Polygon or MultiPolygon."))
    try:
        geom = shape(geometry)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise ValueError(_("The boundary's coordinates are malformed.")) from exc
    if geom.is_empty:
        raise ValueError(_("The boundary is empty."))
    if not geom.is_valid:
        raise ValueError(
            _("The boundary is not a valid polygon: %(why)s") % {"why": explain_validity(geom)}
        )
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise ValueError(_("The boundary lies outside longitude/latitude range (WGS 84)."))
    point = geom.representative_point()
    # Through JSON so the stored value compares equal to what the database gives back (lists).
    return json.loads(json.dumps(mapping(geom))), point.x, point.y


def _bump_boundary_version() -> None:
    updated = BoundaryVersion.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        BoundaryVersion.objects.create(pk=1, version=1)
    transaction.on_commit(invalidate_locator)


def import_regions(actor: Any, collection: Any) -> ImportSummary:
    """Create or update regions from a GeoJSON FeatureCollection, all or nothing.

    Each feature's properties carry ``code``, ``name``, ``level`` and (below the district)
    ``parent_code``; the geometry is the boundary, or null. Parents may come earlier in the same
    file or already exist. Every problem in the file is collected and reported at once with the
    feature's position; if there is any, nothing is written.
    """
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise RegionImportError([_("The file is not a GeoJSON FeatureCollection.")])
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise RegionImportError([_("The FeatureCollection has no features.")])

    errors: list[str] = []
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, feature in enumerate(features, start=1):
        where = _("feature %(n)d") % {"n": n}
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            errors.append(f"{where}: " + _("properties are missing."))
            continue
        code = str(props.get("code") or "").strip()
        name = str(props.get("name") or "").strip()
        level = str(props.get("level") or "").strip()
        parent_code = str(props.get("parent_code") or "").strip()
        if code:
            where = f"{where} ({code})"
        if not name:
            errors.append(f"{where}: " + _("name is missing."))
        if len(name) > 60:
            errors.append(f"{where}: " + _("name is longer than 60 characters."))
        if level not in CODE_LENGTH:
            errors.append(
                f"{where}: "
                + _("level must be one of %(levels)s.") % {"levels": ", ".join(Level.values)}
            )
            continue
        if code in seen:
            errors.append(f"{where}: " + _("the code appears twice in the file."))
            continue
        seen.add(code)
        boundary = None
        centroid: tuple[float, float] | tuple[None, None] = (None, None)
        if feature.get("geometry") is not None:
            try:
                boundary, lon, lat = parse_boundary(feature["geometry"])
                centroid = (lon, lat)
            except ValueError as exc:
                errors.append(f"{where}: {exc}")
        rows.append(
            {
                "where": where,
                "code": code,
                "name": name,
                "level": level,
                "parent_code": parent_code or None,
                "boundary": boundary,
                "centroid": centroid,
            }
        )
    if errors:
        raise RegionImportError(errors)

    rows.sort(key=lambda r: len(r["code"]))  # parents before children
    summary = ImportSummary()
    with transaction.atomic():
        existing = {r.code: r for r in Region.objects.filter(code__in=[r["code"] for r in rows])}
        parents = {
            r.code: r
            for r in Region.objects.filter(
                code__in=[r["parent_code"] for r in rows if r["parent_code"]]
            )
        }
        boundaries_changed = False
        for row in rows:
            parent = parents.get(row["parent_code"]) if row["parent_code"] else None
            if row["parent_code"] and parent is None:
                errors.append(
                    f"{row['where']}: "
                    + _("parent region %(code)s does not exist.") % {"code": row["parent_code"]}
                )
                continue
            problems = validate_region_code(row["code"], row["level"], parent)
            if problems:
                errors.extend(f"{row['where']}: {p}" for p in problems)
                continue
            values = {
                "name": row["name"],
                "level": row["level"],
                "parent": parent,
                "boundary": row["boundary"],
                "centroid_lon": row["centroid"][0],
                "centroid_lat": row["centroid"][1],
            }
            region = existing.get(row["code"])
            if region is None:
                region = Region.objects.create(code=row["code"], **values)
                summary.created += 1
                boundaries_changed |= row["boundary"] is not None
            else:
                changed = [k for k, v in values.items() if getattr(region, k) != v]
                if changed:
                    for k in changed:
                        setattr(region, k, values[k])
                    region.save(update_fields=[*changed, "updated_at"])
                    summary.updated += 1
                    boundaries_changed |= "boundary" in changed
                else:
                    summary.unchanged += 1
            parents[region.code] = region
            summary.codes.append(region.code)
        if errors:
            transaction.set_rollback(True)
            raise RegionImportError(errors)
        if boundaries_changed:
            _bump_boundary_version()
        audit(
            actor,
            "regions.import",
            object_type="regions.region",
            object_repr=_("%(n)d regions") % {"n": len(rows)},
            after={
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
        )
    return summary


def export_regions(regions: Any) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``regions`` that :func:`import_regions` reads back."""
    features = []
    for region in regions.select_related("parent").order_by("code"):
        features.append(
            {
                "type": "Feature",
                "id": region.code,
                "properties": {
                    "code": region.code,
                    "name": region.name,
                    "level": region.level,
                    "parent_code": region.parent.code if region.parent_id else None,
                },
                "geometry": region.boundary,
            }
        )
    return {"type": "FeatureCollection", "features": features}


class AssignmentError(Exception):
    pass


def assign_grid_worker(
    actor: Any, grid: Region, worker: Any, post: str = GridPost.A
) -> GridAssignment:
    """Put ``worker`` in ``grid``'s A or B post (AB岗), replacing whoever held that post.

    The A post is a grid worker's; the B post may also be held by village service staff (the
    village committee's half of 网格+村委 AB岗). Either way the holder's own data scope must
    contain the grid, or they could not see the grid they stand in for.
    """
    from civicgrid.accounts.models import Role

    if grid.level != Level.GRID:
        raise AssignmentError(_("Grid workers are assigned to grids only."))
    if post not in GridPost.values:
        raise AssignmentError(_("The post must be A or B."))
    allowed = {Role.GRID_WORKER} if post == GridPost.A else {Role.GRID_WORKER, Role.SERVICE_STAFF}
    if worker.role not in allowed:
        raise AssignmentError(
            _("The A post is for grid workers; the B post for grid workers or village staff.")
        )
    scope = worker.scope_region_code
    if scope is None or not grid.code.startswith(scope):
        raise AssignmentError(
            _("%(name)s's data scope does not contain this grid; change the scope first.")
            % {"name": worker.display_name}
        )
    with transaction.atomic():
        previous = GridAssignment.objects.select_for_update().filter(grid=grid, post=post).first()
        before = {"worker": previous.worker.username} if previous else None
        GridAssignment.objects.filter(grid=grid, worker=worker).delete()
        if previous is not None:
            previous.delete()
        assignment = GridAssignment.objects.create(grid=grid, worker=worker, post=post)
        audit(
            actor,
            "regions.assign_worker",
            grid,
            before=before,
            after={"worker": worker.username, "post": post},
        )
    return assignment
