from __future__ import annotations

from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.core.tests.oracles import sees_region_code
from civicgrid.regions.models import Region

ENDPOINTS = [
    ScopedEndpoint(
        name="regions-api",
        model=Region,
        oracle=lambda row, user: sees_region_code(user, row.code),
        routes=("api:region_list", "api:region_detail", "api:region_boundary"),
        list_url="/api/regions/",
        item_key=lambda item: item["code"],
        row_key=lambda row: row.code,
        detail_urls=(
            lambda r: f"/api/regions/{r.code}",
            lambda r: f"/api/regions/{r.code}/boundary",
        ),
        missing_url="/api/regions/430212999",
    ),
    ScopedEndpoint(
        name="regions-geojson",
        model=Region,
        oracle=lambda row, user: sees_region_code(user, row.code),
        routes=("api:region_geojson",),
        list_url="/api/regions/geojson",
        item_key=lambda item: item["properties"]["code"],
        row_key=lambda row: row.code,
        list_format="json-list",
        extra={"items": lambda body: body["features"]},
    ),
    ScopedEndpoint(
        name="regions-page",
        model=Region,
        oracle=lambda row, user: sees_region_code(user, row.code),
        routes=("regions:detail",),
        row_key=lambda row: row.code,
        detail_urls=(lambda r: f"/regions/{r.code}/",),
        missing_url="/regions/430212999/",
    ),
]

UNSCOPED = {
    "regions:index": "redirects to the top of the user's own scope (tested in test_region_browser)",
    "api:region_locate": "answers only with a grid visible to the caller (test_point_in_grid)",
    "api:region_import": "administrators only (test_region_import)",
    "api:region_assign": "administrators only (test_grid_assignment)",
}
