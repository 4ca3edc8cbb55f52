from __future__ import annotations

from typing import Any

from civicgrid.core.models import Notification
from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.events.models import Event, Photo

FIX = ("events",)


def sees_event(event: Any, user: Any) -> bool:
    """Administrators see every event; a resident sees what they reported; staff see the events
    of their region subtree and/or of their department (both when both are set), plus what they
    reported themselves; staff without a scope see only their own reports."""
    if user.role == "administrator":
        return True
    if event.reporter_id == user.pk:
        return True
    if user.role == "resident":
        return False
    if user.scope_region is None and user.department_id is None:
        return False
    in_region = user.scope_region is None or event.region_id.startswith(user.scope_region.code)
    in_department = user.department_id is None or event.department_id == user.department_id
    return in_region and in_department


ENDPOINTS = [
    ScopedEndpoint(
        name="events-api",
        model=Event,
        fixtures=FIX,
        oracle=sees_event,
        routes=("api:event_list", "api:event_detail", "api:event_step"),
        list_url="/api/events/",
        detail_urls=(lambda e: f"/api/events/{e.pk}",),
        post_urls=((lambda e: f"/api/events/{e.pk}/steps", {"action": "register"}),),
        missing_url="/api/events/987654",
    ),
    ScopedEndpoint(
        name="events-pages",
        model=Event,
        fixtures=FIX,
        oracle=sees_event,
        routes=("events:list", "events:detail", "events:step", "events:reveal_phone"),
        list_url="/events/?queue=all",
        list_format="html",
        row_key=lambda e: str(e.pk),
        detail_urls=(lambda e: f"/events/{e.pk}/",),
        post_urls=(
            (lambda e: f"/events/{e.pk}/steps/register/", {}),
            (lambda e: f"/events/{e.pk}/reveal-phone/", {}),
        ),
        missing_url="/events/987654/",
    ),
    ScopedEndpoint(
        name="events-photos",
        model=Photo,
        fixtures=FIX,
        oracle=lambda p, user: sees_event(p.event, user),
        routes=("events:photo", "events:photo_thumb"),
        detail_urls=(
            lambda p: f"/events/{p.event_id}/photos/{p.pk}/",
            lambda p: f"/events/{p.event_id}/photos/{p.pk}/thumb/",
        ),
        missing_url="/events/1/photos/987654/",
    ),
    ScopedEndpoint(
        name="notifications",
        model=Notification,
        fixtures=FIX,
        oracle=lambda n, user: n.recipient_id == user.pk,
        routes=("core:notifications",),
        list_url="/notifications/",
        list_format="html",
        row_key=lambda n: str(n.pk),
    ),
]

UNSCOPED = {
    "api:event_categories": "the category tree: reference data (test_event_api)",
    "api:event_report": "anyone signed in may report; the result is the caller's own report",
    "events:report": "public: anyone may report a problem (test_event_report)",
    "events:report_done": "shows only the case numbers this browser session reported",
    "events:locate": "answers with a grid's public name for a point (test_event_report)",
    "events:grid_outlines": "grid outlines and names: public map data for the report page",
    "events:hotline": "grid-center operators only; creates a report (test_event_report)",
    "events:stats": "figures computed over the caller's scope only (test_event_stats)",
    # Open311 GeoReport v2: public data (public fields only) and posting with an API key.
    "open311:services": "public Open311 data: the service list (test_open311)",
    "open311:service_definition": "public Open311 data: a service's definition (test_open311)",
    "open311:requests": (
        "GET: public Open311 data, public fields only, screened reports only; POST: Open311 "
        "clients with an API key (test_open311)"
    ),
    "open311:request": "public Open311 data: public fields only (test_open311)",
    "open311:token": "public Open311 data: a token's service_request_id only (test_open311)",
}
