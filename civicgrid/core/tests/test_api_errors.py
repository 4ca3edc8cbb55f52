"""Every API error is JSON with a clear message, never an HTML page or a stack trace."""

from __future__ import annotations

import pytest


def test_openapi_document_is_served(client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/regions/" in doc["paths"]


def test_api_docs_page_works_offline(client) -> None:
    page = client.get("/api/docs").content.decode()
    assert "cdn.jsdelivr" not in page and "unpkg" not in page


@pytest.mark.parametrize("path", ["/api/nothing-here", "/api/regions/x/y/z", "/open311/v9"])
def test_unknown_api_path_is_json_404(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_wrong_method_is_json_405(client_for) -> None:
    response = client_for("leader").delete("/api/regions/")
    assert response.status_code == 405
    assert "DELETE" in response.json()["detail"]


def test_invalid_parameter_is_json_422_naming_the_field(client_for) -> None:
    response = client_for("leader").get("/api/regions/?level=planet")
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == "level"


def test_malformed_json_body_is_a_clear_error(client_for) -> None:
    response = client_for("admin").post(
        "/api/regions/import", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]


def test_unexpected_failure_is_json_500_without_a_trace(client_for, monkeypatch) -> None:
    # Make the point-in-grid lookup fail as a broken index would.
    def broken(lon, lat):
        raise RuntimeError("index exploded")

    monkeypatch.setattr("civicgrid.regions.api.grid_for_point", broken)
    response = client_for("leader").get("/api/regions/locate?lon=113&lat=27.5")
    assert response.status_code == 500
    body = response.json()
    assert "exploded" not in response.content.decode()
    assert body["error_id"]


def test_writes_need_the_csrf_token(personas) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["admin"])
    response = client.post(
        "/api/regions/import",
        {"type": "FeatureCollection", "features": []},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
