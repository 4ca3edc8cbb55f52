from __future__ import annotations

import json

import pytest
from django.utils import translation

from civicgrid.conftest import square
from civicgrid.core.models import AuditLog
from civicgrid.regions.actions import RegionImportError, export_regions, import_regions
from civicgrid.regions.models import Region


def feature(code, name, level, parent, geometry=None):
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"code": code, "name": name, "level": level, "parent_code": parent},
    }


def test_export_then_import_round_trips_unchanged(district, personas) -> None:
    exported = export_regions(Region.objects.all())
    assert len(exported["features"]) == 11
    import_regions(personas["admin"], json.loads(json.dumps(exported)))  # fills in centroids
    again = json.loads(json.dumps(export_regions(Region.objects.all())))
    assert again == json.loads(json.dumps(exported))
    summary = import_regions(personas["admin"], again)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 11)


def test_import_creates_children_after_parents_in_any_order(district, personas) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            feature("430212101202001", "新村第1网格", "grid", "430212101202", square(113.05, 27.4)),
            feature("430212101202", "新村", "village", "430212101"),
        ],
    }
    summary = import_regions(personas["admin"], collection)
    assert summary.created == 2
    grid = Region.objects.get(code="430212101202001")
    assert grid.parent.code == "430212101202"
    assert grid.centroid_lon == pytest.approx(113.055, abs=0.006)
    entry = AuditLog.objects.get(action="regions.import")
    assert entry.actor == personas["admin"]
    assert entry.after["created"] == 2


def test_a_bad_file_reports_every_problem_and_writes_nothing(district, personas) -> None:
    before = Region.objects.count()
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    collection = {
        "type": "FeatureCollection",
        "features": [
            feature("430212101203", "好村", "village", "430212101"),  # fine on its own
            feature("430212101204", "", "village", "430212101"),
            feature("430212101205001", "网格", "grid", "430212101299"),
            feature("430212101206", "坏边界村", "village", "430212101", bowtie),
            feature("43021210", "短码", "town", "430212"),
            feature("430212101207", "层级错", "planet", "430212101"),
        ],
    }
    with translation.override("en"), pytest.raises(RegionImportError) as caught:
        import_regions(personas["admin"], collection)
    text = "\n".join(caught.value.errors)
    assert "feature 2" in text and "name is missing" in text
    assert "not a valid polygon" in text
    assert "planet" not in Region.objects.values_list("level", flat=True)
    assert Region.objects.count() == before
    assert not Region.objects.filter(code="430212101203").exists()


def test_unknown_parent_is_reported(district, personas) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [feature("430212101299001", "网格", "grid", "430212101299")],
    }
    with translation.override("en"), pytest.raises(RegionImportError, match="12101299 does not"):
        import_regions(personas["admin"], collection)


def test_api_import_is_for_administrators(client_for) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [feature("430212102", "丙镇", "town", "430212")],
    }
    refused = client_for("leader").post(
        "/api/regions/import", collection, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "Administrator" in refused.json()["detail"] or "管理员" in refused.json()["detail"]
    assert not Region.objects.filter(code="430212102").exists()
    ok = client_for("admin").post(
        "/api/regions/import", collection, content_type="application/json"
    )
    assert ok.status_code == 200
    assert ok.json() == {"created": 1, "updated": 0, "unchanged": 0}


def test_api_import_errors_are_json_with_each_problem(client_for) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [feature("4302121", "坏", "town", "430212")],
    }
    response = client_for("admin").post(
        "/api/regions/import", collection, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert len(body["errors"]) == 1 and "9" in body["errors"][0]


def test_command_exports_and_imports_geojson(district, tmp_path) -> None:
    from django.core.management import call_command

    path = tmp_path / "regions.geojson"
    call_command("regions", "export", str(path), "--within", "430212101")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {f["properties"]["code"] for f in data["features"]} == {
        "430212101",
        "430212101201",
        "430212101201001",
        "430212101201002",
    }
    data["features"][0]["properties"]["name"] = "乙镇（新）"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("regions", "import", str(path))
    assert Region.objects.get(code="430212101").name == "乙镇（新）"
