"""The event pages: queues by role, the event with its timeline and steps, photos, figures."""

from __future__ import annotations

from typing import Any

import pytest

from civicgrid.core.models import AuditLog, Notification
from civicgrid.events.actions import (
    accept_event,
    close_event,
    handle_event,
    rate_event,
    verify_event,
)

from .fixtures import photo_upload

pytestmark = pytest.mark.django_db


def test_each_role_opens_on_its_own_queue(events: dict[str, Any], client_for: Any) -> None:
    def listed(name: str) -> set[int]:
        page = client_for(name).get("/events/")
        return {e.pk for e in page.context["page"]}

    assert listed("reviewer") == {events["reported"].pk, events["by_resident"].pk}
    assert listed("other_approver") == {events["to_department"].pk}
    assert listed("town_staff") == {events["to_town"].pk}
    assert listed("worker_a") == set()  # nothing handled yet in grid A
    assert listed("resident") == {events["by_resident"].pk}


def test_steps_from_the_event_page_with_photos(events: dict[str, Any], client_for: Any) -> None:
    event = events["to_department"]
    handler = client_for("other_approver")
    page = handler.get(f"/events/{event.pk}/")
    assert page.status_code == 200 and page.context["actions"] == ["accept", "send_back"]
    assert handler.post(f"/events/{event.pk}/steps/accept/").status_code == 302
    response = handler.post(
        f"/events/{event.pk}/steps/handle/", {"note": "已清运", "photos": [photo_upload()]}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.state == "handled" and event.photos.filter(stage="handled").count() == 1
    photo = event.photos.get(stage="handled")
    image = handler.get(f"/events/{event.pk}/photos/{photo.pk}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert handler.get(f"/events/{event.pk}/photos/{photo.pk}/thumb/").status_code == 200


def test_a_refused_step_shows_why_and_keeps_the_note(
    events: dict[str, Any], client_for: Any
) -> None:
    event = events["to_department"]
    client = client_for("other_approver")
    client.post(f"/events/{event.pk}/steps/accept/")
    response = client.post(
        f"/events/{event.pk}/steps/handle/", {"note": "   "}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Say what was done."]
    stale = client.post(f"/events/{event.pk}/steps/accept/", {"note": "再点一次"})
    assert stale.status_code == 400
    assert "再点一次" in stale.content.decode()
    event.refresh_from_db()
    assert event.state == "handling"


def test_revealing_the_callers_phone_is_audited(
    categories: Any, client_for: Any, personas: Any
) -> None:
    from civicgrid.events.actions import Report, report_event

    from .fixtures import POINT_A

    event, _ = report_event(
        personas["reviewer"],
        Report(
            category="0101",
            description="x",
            lon=POINT_A[0],
            lat=POINT_A[1],
            contact_name="王",
            contact_phone="13911112222",
        ),
        source="hotline_12345",
    )
    page = client_for("reviewer").get(f"/events/{event.pk}/").content.decode()
    assert "139****2222" in page and "13911112222" not in page
    revealed = client_for("reviewer").post(f"/events/{event.pk}/reveal-phone/")
    assert "13911112222" in revealed.content.decode()
    assert (
        AuditLog.objects.filter(action="events.reveal_contact", object_id=str(event.pk)).count()
        == 1
    )


def test_figures_per_category_and_department(
    events: dict[str, Any], personas: Any, client_for: Any
) -> None:
    event = events["to_department"]
    handler = personas["other_approver"]
    accept_event(handler, event)
    handle_event(handler, event, note="done")
    verify_event(personas["worker_b"], event, passed=True)
    close_event(personas["reviewer"], event)
    rate_event(personas["reviewer"], event, rating="satisfied")
    page = client_for("leader").get("/events/stats/?by=category")
    rows = {r.key: r for r in page.context["figures"]}
    env = rows["01"]
    assert env.total == 2 and env.finished == 1 and env.open == 1
    assert env.on_time_rate == 1.0 and env.satisfaction == 1.0
    assert env.step_hours["handle"] is not None
    total = page.context["figures"][-1]
    assert total.total == 4
    by_department = client_for("leader").get("/events/stats/?by=department").context["figures"]
    assert {r.key for r in by_department[:-1]} == {"D002", ""}
    # A department sees figures over its own cases only.
    mine = client_for("other_approver").get("/events/stats/").context["figures"][-1]
    assert mine.total == 1
    assert client_for("resident").get("/events/stats/").status_code == 403


def test_notifications_page_marks_read(
    events: dict[str, Any], client_for: Any, personas: Any
) -> None:
    reviewer = personas["reviewer"]
    assert Notification.objects.filter(recipient=reviewer, read_at__isnull=True).count() == 4
    client = client_for("reviewer")
    assert "badge" in client.get("/events/").content.decode()
    page = client.get("/notifications/")
    assert page.status_code == 200 and len(page.context["notifications"]) == 4
    assert not Notification.objects.filter(recipient=reviewer, read_at__isnull=True).exists()
