"""The criteria: every staff member reads them, an administrator configures them."""

from __future__ import annotations

from typing import Any

from civicgrid.ratings.models import Criterion


def test_staff_read_the_ten_criteria(client_for: Any, ratings_criteria: Any) -> None:
    names = [c["name"] for c in client_for("worker_a").get("/api/ratings/criteria").json()]
    assert names[0] == "爱党爱国" and len(names) == 10
    assert client_for("resident").get("/api/ratings/criteria").json() == []


def test_an_administrator_adds_and_changes_a_criterion(
    client_for: Any, ratings_criteria: Any
) -> None:
    client = client_for("admin")
    response = client.post(
        "/api/ratings/criteria",
        {"name": "崇德向善", "order": 11, "active": False},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    clash = client.post(
        f"/api/ratings/criteria/{pk}", {"name": "爱党爱国"}, content_type="application/json"
    )
    assert clash.status_code == 400
    assert clash.json()["detail"] == "A criterion named “爱党爱国” already exists."
    page = client.post(f"/ratings/criteria/?edit={pk}", {"name": "崇德向善", "order": 11})
    assert page.status_code == 302
    assert Criterion.objects.get(pk=pk).active is False


def test_others_may_not_configure(client_for: Any, ratings_criteria: Any) -> None:
    response = client_for("village_staff").post(
        "/api/ratings/criteria", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client_for("leader").post("/ratings/criteria/", {"name": "x"}).status_code == 403
    assert Criterion.objects.count() == 10
