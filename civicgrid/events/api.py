"""Events API: categories, report, list and read events in scope, take steps of the loop.

Reports accept an ``Idempotency-Key`` header: a retry with the same key and body answers with
the event the first request created (200 instead of 201).
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.accounts.models import Department
from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404
from civicgrid.core.workflow import timeline
from civicgrid.regions.models import Region

from .actions import (
    ACTIONS,
    Report,
    StepInput,
    available_actions,
    report_event,
    source_for,
    take_step,
)
from .models import Category, Event, Source
from .queries import EventFilter, filter_events

router = Router(tags=["events"])


class CategoryOut(Schema):
    code: str
    name: str
    name_en: str
    parent: str | None = Field(None, description="the parent category's code")
    department: str | None = Field(None, description="default handling department's code")
    handled_by_town: bool
    default_urgency: str


@router.get("/categories", response=list[CategoryOut], url_name="event_categories")
def categories(request: HttpRequest) -> Any:
    rows = Category.objects.visible_to(request.user).filter(active=True)
    return [
        {
            "code": c.code,
            "name": c.name,
            "name_en": c.name_en,
            "parent": c.parent.code if c.parent_id else None,
            "department": c.department.code if c.department_id else None,
            "handled_by_town": c.handled_by_town,
            "default_urgency": c.default_urgency,
        }
        for c in rows.select_related("parent", "department")
    ]


class EventOut(Schema):
    id: int
    number: str
    state: str
    category: str
    category_name: str
    urgency: str
    source: str
    description: str
    address: str
    lon: float | None
    lat: float | None
    grid: str
    department: str | None
    handling_town: str | None
    reported_at: datetime
    due_at: datetime | None
    due_provisional: bool
    overdue: bool
    escalation_level: int
    rating: str
    actions: list[str] = Field(description="steps the caller may take now")

    # Resolvers let the paginator slice the queryset before rows are turned into dicts.
    @staticmethod
    def resolve_category(e: Event) -> str:
        return e.category.code

    @staticmethod
    def resolve_category_name(e: Event) -> str:
        return e.category.name

    @staticmethod
    def resolve_grid(e: Event) -> str:
        return e.region_id

    @staticmethod
    def resolve_department(e: Event) -> str | None:
        return e.department.code if e.department_id else None

    @staticmethod
    def resolve_handling_town(e: Event) -> str | None:
        return e.handling_town_id

    @staticmethod
    def resolve_actions(e: Event, context: dict[str, Any]) -> list[str]:
        return available_actions(context["request"].user, e)


class TimelineOut(Schema):
    at: datetime
    from_state: str
    to_state: str
    actor: str
    note: str
    photos: list[int]


class EventDetailOut(EventOut):
    reject_reason: str
    contact_phone: str = Field(description="masked")
    photos: list[dict[str, Any]]
    timeline: list[TimelineOut]

    @staticmethod
    def resolve_contact_phone(e: Event) -> str:
        return e.contact_phone_masked

    @staticmethod
    def resolve_photos(e: Event) -> list[dict[str, Any]]:
        return [
            {
                "id": p.pk,
                "stage": p.stage,
                "url": f"/events/{e.pk}/photos/{p.pk}/",
                "thumbnail": f"/events/{e.pk}/photos/{p.pk}/thumb/",
            }
            for p in e.photos.all()
        ]

    @staticmethod
    def resolve_timeline(e: Event) -> list[dict[str, Any]]:
        return [
            {
                "at": t.at,
                "from_state": t.from_state,
                "to_state": t.to_state,
                "actor": t.actor.display_name if t.actor else "",
                "note": t.note,
                "photos": t.attachments,
            }
            for t in timeline(e)
        ]


def _fresh(event: Event) -> Event:
    return Event.objects.select_related("category", "department").get(pk=event.pk)


class EventQuery(Schema):
    state: list[str] = Field([], description="one or more states")
    category: str = Field("", description="a category code (its subcategories included)")
    region: str = Field("", description="a region code: events in that subtree")
    department: str = Field("", description="a department code")
    overdue: bool | None = None
    queue: str = Field("", description="dispatch | todo | verify | mine")


@router.get("/", response=list[EventOut], url_name="event_list", summary="Events in your scope")
@paginate(LimitOffsetPagination)
def list_events(request: HttpRequest, filters: Query[EventQuery]) -> Any:
    qs = filter_events(
        Event.objects.visible_to(request.user),
        request.user,
        EventFilter(
            states=filters.state,
            category=filters.category,
            region=filters.region,
            department=filters.department,
            overdue=filters.overdue,
            queue=filters.queue,
        ),
    )
    return qs.select_related("category", "department")


@router.get("/{event_id}", response=EventDetailOut, url_name="event_detail")
def event_detail(request: HttpRequest, event_id: int) -> Any:
    return get_visible_or_404(
        Event.objects.select_related("category", "department"), request.user, pk=event_id
    )


class ReportIn(Schema):
    category: str = Field(description="category code (Open311 service_code)")
    description: str = Field(min_length=1, max_length=2000)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    address: str = Field("", max_length=200)
    urgency: str = ""
    building: int | None = None
    facility: int | None = None
    contact_name: str = Field("", max_length=40)
    contact_phone: str = Field("", max_length=20)
    source: str = Field("", description="hotline_12345 or hotline_12349 for a hotline operator")


@router.post(
    "/",
    response={200: EventDetailOut, 201: EventDetailOut},
    url_name="event_report",
    summary="Report a problem (Idempotency-Key header supported)",
)
def report(request: HttpRequest, body: ReportIn) -> Any:
    source = source_for(request.user)
    if body.source:
        if body.source not in (Source.HOTLINE_12345, Source.HOTLINE_12349):
            raise ActionError(_("Unknown source “%(s)s”.") % {"s": body.source})
        source = body.source
    key = request.headers.get("Idempotency-Key", "")
    event, created = report_event(
        request.user,
        Report(
            category=body.category,
            description=body.description,
            lon=body.lon,
            lat=body.lat,
            address=body.address,
            urgency=body.urgency,
            building_id=body.building,
            facility_id=body.facility,
            contact_name=body.contact_name,
            contact_phone=body.contact_phone,
        ),
        source=source,
        idempotency=(f"user:{request.user.pk}", key) if key else None,
    )
    return Status(201 if created else 200, _fresh(event))


class StepIn(Schema):
    action: str = Field(description=" | ".join(ACTIONS))
    note: str = Field("", max_length=2000)
    category: str = ""
    urgency: str = ""
    grid: str = ""
    department: str = ""
    town: str = ""
    rating: str = ""


@router.post("/{event_id}/steps", response=EventDetailOut, url_name="event_step")
def step(request: HttpRequest, event_id: int, body: StepIn) -> Any:
    event = get_visible_or_404(
        Event.objects.select_related("category", "region"), request.user, pk=event_id
    )
    data = StepInput(note=body.note, urgency=body.urgency, rating=body.rating)
    if body.category:
        data.category = _lookup(Category.objects.filter(active=True), "code", body.category)
    if body.grid:
        data.region = _lookup(Region.objects.all(), "code", body.grid)
    if body.department:
        data.department = _lookup(Department.objects.all(), "code", body.department)
    if body.town:
        data.town = _lookup(Region.objects.all(), "code", body.town)
    take_step(request.user, event, body.action, data)
    return _fresh(event)


def _lookup(qs: Any, field: str, value: str) -> Any:
    row = qs.filter(**{field: value}).first()
    if row is None:
        raise ActionError(_("Unknown code “%(c)s”.") % {"c": value})
    return row
