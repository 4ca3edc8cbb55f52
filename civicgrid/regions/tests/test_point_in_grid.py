from __future__ import annotations

from civicgrid.conftest import square
from civicgrid.regions.actions import import_regions
from civicgrid.regions.geo import GridLocator, grid_for_point


def test_point_inside_a_grid_finds_it(district) -> None:
    hit = grid_for_point(113.005, 27.505)
    assert hit is not None and hit.code == "430212100001001"
    assert grid_for_point(113.015, 27.405).code == "430212101201002"


def test_point_outside_every_grid_finds_none(district) -> None:
    assert grid_for_point(112.0, 27.0) is None
    assert grid_for_point(113.005, 27.45) is None  # between the two towns' grids


def test_point_on_a_shared_edge_goes_to_the_smaller_code(district) -> None:
    assert grid_for_point(113.01, 27.505).code == "430212100001001"


def test_locator_follows_boundary_changes(
    district, personas, django_capture_on_commit_callbacks
) -> None:
    assert grid_for_point(113.035, 27.505) is None
    with django_capture_on_commit_callbacks(execute=True):
        import_regions(
            personas["admin"],
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": square(113.03, 27.50),
                        "properties": {
                            "code": "430212100201002",
                            "name": "石门村第2网格",
                            "level": "grid",
                            "parent_code": "430212100201",
                        },
                    }
                ],
            },
        )
    assert grid_for_point(113.035, 27.505).code == "430212100201002"


def test_locator_over_multipolygons() -> None:
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(0, 0, 1)["coordinates"], square(5, 5, 1)["coordinates"]],
    }
    locator = GridLocator([("g1", "一", multi)])
    assert locator.locate(5.5, 5.5).code == "g1"
    assert locator.locate(3, 3) is None


def test_api_locates_only_within_the_callers_scope(client_for) -> None:
    own = client_for("worker_a").get("/api/regions/locate?lon=113.005&lat=27.505")
    assert own.status_code == 200
    assert own.json() == {"code": "430212100001001", "name": "东社区第1网格"}
    other = client_for("worker_a").get("/api/regions/locate?lon=113.005&lat=27.405")
    assert other.status_code == 400
    assert "scope" in other.json()["detail"] or "范围" in other.json()["detail"]


def test_api_rejects_non_numeric_coordinates(client_for) -> None:
    response = client_for("leader").get("/api/regions/locate?lon=east&lat=27.5")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lon"
