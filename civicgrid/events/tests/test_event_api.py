"""The events API: report with an idempotency key, list and read in scope, take steps."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.events.models import Event

from .fixtures import POINT_A

pytestmark = pytest.mark.django_db


def test_report_read_and_retry_with_the_same_key(categories: Any, client_for: Any) -> None:
    client = client_for("worker_a")
    body = {"category": "0101", "description": "垃圾池满溢", "lon": POINT_A[0], "lat": POINT_A[1]}
    first = client.post(
        "/api/events/", body, content_type="application/json", headers={"Idempotency-Key": "abc-1"}
    )
    assert first.status_code == 201
    created = first.json()
    assert created["state"] == "reported" and created["grid"] == "430212100001001"
    assert created["timeline"][0]["to_state"] == "reported"
    again = client.post(
        "/api/events/", body, content_type="application/json", headers={"Idempotency-Key": "abc-1"}
    )
    assert again.status_code == 200 and again.json()["id"] == created["id"]
    other = client.post(
        "/api/events/",
        {**body, "description": "别的"},
        content_type="application/json",
        headers={"Idempotency-Key": "abc-1"},
    )
    assert other.status_code == 400 and "different report" in other.json()["detail"]
    assert Event.objects.count() == 1
    assert client.get(f"/api/events/{created['id']}").json()["number"] == created["number"]


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"category": "nope"}, 400, "Unknown category"),
        ({"lon": 100.0, "lat": 30.0}, 400, "outside every grid"),
        ({"lon": 500.0}, 422, "lon"),
        ({"description": ""}, 422, "description"),
        ({"source": "hotline_12345", "contact_phone": "13900000000"}, 403, "hotline"),
    ],
)
def test_bad_reports_get_clear_json_errors(
    categories: Any, client_for: Any, body: dict[str, Any], status: int, text: str
) -> None:
    payload = {"category": "0101", "description": "x", "lon": POINT_A[0], "lat": POINT_A[1]}
    response = client_for("worker_a").post(
        "/api/events/", {**payload, **body}, content_type="application/json"
    )
    assert response.status_code == status
    assert text in str(response.json())
    assert not Event.objects.exists()


def test_steps_through_the_api(events: dict[str, Any], client_for: Any) -> None:
    event = events["reported"]
    reviewer = client_for("reviewer")
    out_of_order = reviewer.post(
        f"/api/events/{event.pk}/steps",
        {"action": "close"},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert out_of_order.status_code == 400 and "cannot go from" in out_of_order.json()["detail"]
    wrong_role = client_for("worker_a").post(
        f"/api/events/{event.pk}/steps", {"action": "register"}, content_type="application/json"
    )
    assert wrong_role.status_code == 403
    ok = reviewer.post(
        f"/api/events/{event.pk}/steps",
        {"action": "register", "urgency": "urgent"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["state"] == "registered"
    assert ok.json()["urgency"] == "urgent" and ok.json()["actions"] == ["dispatch"]
    again = reviewer.post(
        f"/api/events/{event.pk}/steps", {"action": "register"}, content_type="application/json"
    )
    assert again.status_code == 400
    dispatched = reviewer.post(
        f"/api/events/{event.pk}/steps",
        {"action": "dispatch", "department": "D001"},
        content_type="application/json",
    )
    assert dispatched.json()["department"] == "D001"


def test_queues_and_filters(events: dict[str, Any], client_for: Any) -> None:
    reviewer = client_for("reviewer")
    queue = reviewer.get("/api/events/?queue=dispatch").json()
    assert {i["id"] for i in queue["items"]} == {events["reported"].pk, events["by_resident"].pk}
    todo = client_for("other_approver").get("/api/events/?queue=todo").json()
    assert [i["id"] for i in todo["items"]] == [events["to_department"].pk]
    town = client_for("town_staff").get("/api/events/?queue=todo").json()
    assert [i["id"] for i in town["items"]] == [events["to_town"].pk]
    by_region = reviewer.get("/api/events/?region=430212101").json()
    assert {i["id"] for i in by_region["items"]} == {
        events["to_department"].pk,
        events["by_resident"].pk,
    }
    by_category = reviewer.get("/api/events/?category=02").json()
    assert [i["id"] for i in by_category["items"]] == [events["to_town"].pk]


def test_list_query_count_does_not_grow(
    events: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("reviewer")
    with django_assert_max_num_queries(6):
        assert client.get("/api/events/").json()["count"] == 4


def test_categories_list(categories: Any, client_for: Any) -> None:
    rows = client_for("worker_a").get("/api/events/categories").json()
    garbage = next(r for r in rows if r["code"] == "0101")
    assert garbage["parent"] == "01" and garbage["name"] == "垃圾池满溢"
