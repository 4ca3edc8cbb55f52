"""Appointments API (办事预约): halls and their free slots (public), book, list, cancel, check in.

Halls and slots are public, like the catalog: anyone may see when a hall has room. Everything
about an appointment goes through the scope chokepoint: a resident sees their own bookings, hall
staff the bookings of the halls in their area, and anything else answers 404.
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import date, datetime, time
from typing import Any

from django.db.models import F
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404

from ..actions.appointments import available_actions, book, bookable_until, cancel, check_in
from ..models import Appointment, AppointmentState, Bundle, Hall, ServiceItem, Slot

router = Router(tags=["appointments"])


# --- halls and slots (public) ------------------------------------------------------------------
class HallOut(Schema):
    id: int
    name: str
    region: str = Field(description="the region code of the hall")
    region_name: str
    level: str = Field(description="district | town | village | community")
    address: str
    hours: str

    @staticmethod
    def resolve_region(h: Hall) -> str:
        return h.region_id

    @staticmethod
    def resolve_region_name(h: Hall) -> str:
        return h.region.name

    @staticmethod
    def resolve_level(h: Hall) -> str:
        return h.region.level


@router.get(
    "/halls",
    response=list[HallOut],
    auth=None,
    url_name="appointment_halls",
    summary="Halls and service centres that take appointments (public)",
)
def halls(request: HttpRequest) -> Any:
    return Hall.objects.select_related("region")


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    free: int = Field(description="places still free")


@router.get(
    "/halls/{hall_id}/slots",
    response=list[SlotOut],
    auth=None,
    url_name="appointment_hall_slots",
    summary="A hall's future slots with free places, over the next working days (public)",
)
def hall_slots(request: HttpRequest, hall_id: int, days: int = Query(10, ge=1, le=60)) -> Any:
    hall = get_object_or_404(Hall, pk=hall_id)
    now = timezone.now()
    return Slot.objects.filter(
        hall=hall,
        starts_at__gt=now,
        starts_at__lte=bookable_until(now, days),
        booked__lt=F("capacity"),
    ).order_by("starts_at")


# --- appointments (scoped) ---------------------------------------------------------------------
class AppointmentOut(Schema):
    id: int
    code: str = Field(description="the booking code shown at the hall")
    state: str = Field(description=" | ".join(AppointmentState.values))
    slot: int
    hall: int
    hall_name: str
    starts_at: datetime
    ends_at: datetime
    item: str | None = Field(None, description="the service item's code, if booked for one")
    item_name: str | None = None
    bundle: str | None = Field(None, description="the bundle's code, if booked for one")
    bundle_name: str | None = None
    person: str = Field(description="the name of the person who booked")
    booked_at: datetime
    cancelled_at: datetime | None
    checked_in_at: datetime | None
    actions: list[str] = Field(description="what the caller may do now: cancel, check_in")

    # Resolvers let the paginator slice the queryset before rows are turned into dicts.
    @staticmethod
    def resolve_slot(a: Appointment) -> int:
        return a.slot_id

    @staticmethod
    def resolve_hall(a: Appointment) -> int:
        return a.slot.hall_id

    @staticmethod
    def resolve_hall_name(a: Appointment) -> str:
        return a.slot.hall.name

    @staticmethod
    def resolve_starts_at(a: Appointment) -> datetime:
        return a.slot.starts_at

    @staticmethod
    def resolve_ends_at(a: Appointment) -> datetime:
        return a.slot.ends_at

    @staticmethod
    def resolve_item(a: Appointment) -> str | None:
        return a.item.code if a.item_id else None

    @staticmethod
    def resolve_item_name(a: Appointment) -> str | None:
        return a.item.name if a.item_id else None

    @staticmethod
    def resolve_bundle(a: Appointment) -> str | None:
        return a.bundle.code if a.bundle_id else None

    @staticmethod
    def resolve_bundle_name(a: Appointment) -> str | None:
        return a.bundle.name if a.bundle_id else None

    @staticmethod
    def resolve_person(a: Appointment) -> str:
        return a.account.display_name

    @staticmethod
    def resolve_actions(a: Appointment, context: dict[str, Any]) -> list[str]:
        return available_actions(context["request"].user, a)


def _appointments() -> Any:
    return Appointment.objects.select_related("slot__hall", "item", "bundle", "account")


class AppointmentQuery(Schema):
    state: list[str] = Field([], description="one or more states")
    hall: int | None = Field(None, description="a hall's id")
    day: date | None = Field(None, description="the slots' local date (YYYY-MM-DD)")
    code: str = Field("", description="a booking code")


@router.get(
    "",
    response=list[AppointmentOut],
    url_name="appointment_list",
    summary="Appointments you may see: your own, or those of the halls in your area",
)
@paginate(LimitOffsetPagination)
def list_appointments(request: HttpRequest, filters: Query[AppointmentQuery]) -> Any:
    qs = _appointments().visible_to(request.user)
    if filters.state:
        qs = qs.filter(state__in=filters.state)
    if filters.hall is not None:
        qs = qs.filter(slot__hall_id=filters.hall)
    if filters.day is not None:
        tz = timezone.get_default_timezone()
        start = timezone.make_aware(datetime.combine(filters.day, time.min), tz)
        end = timezone.make_aware(datetime.combine(filters.day, time.max), tz)
        qs = qs.filter(slot__starts_at__range=(start, end))
    if filters.code:
        qs = qs.filter(code=filters.code.strip().upper())
    return qs


@router.get("/{appointment_id}", response=AppointmentOut, url_name="appointment_detail")
def appointment_detail(request: HttpRequest, appointment_id: int) -> Any:
    return get_visible_or_404(_appointments(), request.user, pk=appointment_id)


class BookIn(Schema):
    slot: int = Field(description="the slot's id")
    item: str | None = Field(None, max_length=40, description="a service item's code")
    bundle: str | None = Field(None, max_length=40, description="a bundle's code")


@router.post(
    "",
    response={201: AppointmentOut},
    url_name="appointment_book",
    summary="Book a place in a slot (residents)",
)
def book_appointment(request: HttpRequest, body: BookIn) -> Any:
    slot = Slot.objects.select_related("hall__region").filter(pk=body.slot).first()
    if slot is None:
        raise ActionError(_("No such time slot."), errors=[{"field": "slot"}])
    item = _lookup(ServiceItem.objects.all(), body.item, "item") if body.item else None
    bundle = _lookup(Bundle.objects.all(), body.bundle, "bundle") if body.bundle else None
    appointment = book(request.user, slot, item=item, bundle=bundle)
    return Status(201, _appointments().get(pk=appointment.pk))


@router.post("/{appointment_id}/cancel", response=AppointmentOut, url_name="appointment_cancel")
def cancel_appointment(request: HttpRequest, appointment_id: int) -> Any:
    appointment = get_visible_or_404(_appointments(), request.user, pk=appointment_id)
    return cancel(request.user, appointment)


@router.post("/{appointment_id}/check-in", response=AppointmentOut, url_name="appointment_check_in")
def check_in_appointment(request: HttpRequest, appointment_id: int) -> Any:
    appointment = get_visible_or_404(_appointments(), request.user, pk=appointment_id)
    return check_in(request.user, appointment)


def _lookup(qs: Any, code: str, field: str) -> Any:
    row = qs.filter(code=code).first()
    if row is None:
        raise ActionError(_("Unknown code “%(c)s”.") % {"c": code}, errors=[{"field": field}])
    return row
