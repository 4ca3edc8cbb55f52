"""Scope declarations of the appointment routes, for the harness (core/tests/test_scope_harness).

The rows are made by :func:`appointment_rows` when the harness first asks for them (after the
``halls`` fixture): today's bookings at halls of both towns by two residents, in every state, so
the hall desk (which shows one day) lists them all.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.govservices.models import Appointment, AppointmentState, Hall, Slot
from civicgrid.regions.models import Region

FIX = ("halls",)


def appointment_rows() -> list[Appointment]:
    """Every appointment, creating the harness's set first if there is none yet."""
    if not Appointment.objects.exists():
        _make_rows()
    return list(Appointment.objects.select_related("slot__hall"))


def hall_rows() -> list[Hall]:
    """Every hall, with the harness's bookings (and 乙镇's hall) made first."""
    appointment_rows()
    return list(Hall.objects.all())


def _make_rows() -> None:
    town_b = Hall.objects.create(
        name="乙镇便民服务中心", region=Region.objects.get(code="430212101")
    )
    residents = [
        User.objects.get(username="resident"),
        User.objects.create_user(username="resident_b", role=Role.RESIDENT),
    ]
    today = timezone.localdate()
    tz = timezone.get_default_timezone()
    now = timezone.now()
    states = [AppointmentState.BOOKED, AppointmentState.CHECKED_IN, AppointmentState.CANCELLED]
    halls = [*Hall.objects.exclude(pk=town_b.pk).order_by("pk"), town_b]
    n = 0
    for hall in halls:
        starts = timezone.make_aware(datetime.combine(today, time(9, 0)), tz)
        slot = Slot.objects.create(
            hall=hall, starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=4
        )
        for account in residents:
            state = states[n % len(states)]
            n += 1
            Appointment.objects.create(
                slot=slot,
                account=account,
                code=f"SCOPE{n:03d}",
                state=state,
                booked_at=now,
                cancelled_at=now if state == AppointmentState.CANCELLED else None,
                checked_in_at=now if state == AppointmentState.CHECKED_IN else None,
            )
        slot.booked = slot.appointments.filter(state=AppointmentState.BOOKED).count()
        slot.save(update_fields=["booked"])


def works_at(hall: Any, user: Any) -> bool:
    """Hall staff: administrators everywhere; staff whose region scope contains the hall's
    region (by code prefix), if they have no department constraint; nobody else."""
    if user.role == "administrator":
        return True
    if user.role == "resident" or user.department_id is not None or user.scope_region is None:
        return False
    return hall.region_id.startswith(user.scope_region.code)


def sees_appointment(appointment: Any, user: Any) -> bool:
    """Administrators see every booking; a person sees their own; staff see the bookings of the
    halls in their region subtree; department-only staff (approvers) and staff without a scope
    see none."""
    if user.role == "administrator" or appointment.account_id == user.pk:
        return True
    return works_at(appointment.slot.hall, user)


ENDPOINTS = [
    ScopedEndpoint(
        name="appointments-api",
        model=Appointment,
        fixtures=FIX,
        rows=appointment_rows,
        oracle=sees_appointment,
        routes=(
            "api:appointment_list",
            "api:appointment_detail",
            "api:appointment_cancel",
            "api:appointment_check_in",
        ),
        list_url="/api/services/appointments",
        detail_urls=(lambda a: f"/api/services/appointments/{a.pk}",),
        post_urls=(
            (lambda a: f"/api/services/appointments/{a.pk}/cancel", {}),
            (lambda a: f"/api/services/appointments/{a.pk}/check-in", {}),
        ),
        missing_url="/api/services/appointments/987654",
    ),
    ScopedEndpoint(
        name="appointments-pages",
        model=Appointment,
        fixtures=FIX,
        rows=appointment_rows,
        oracle=sees_appointment,
        routes=("govservices:appointment_detail", "govservices:appointment_cancel"),
        detail_urls=(lambda a: f"/services/appointments/{a.pk}/",),
        post_urls=((lambda a: f"/services/appointments/{a.pk}/cancel/", {}),),
        missing_url="/services/appointments/987654/",
    ),
    ScopedEndpoint(
        name="appointments-mine",
        model=Appointment,
        fixtures=FIX,
        rows=appointment_rows,
        oracle=lambda a, user: a.account_id == user.pk,
        routes=("govservices:appointment_mine",),
        list_url="/services/appointments/mine/",
        list_format="html",
        row_key=lambda a: str(a.pk),
    ),
    ScopedEndpoint(
        name="appointments-desk",
        model=Appointment,
        fixtures=FIX,
        rows=appointment_rows,
        oracle=lambda a, user: works_at(a.slot.hall, user),
        routes=("govservices:appointment_desk",),
        list_url="/services/appointments/desk/",
        list_format="html",
        row_key=lambda a: str(a.pk),
    ),
    ScopedEndpoint(
        name="appointments-hall-day",
        model=Hall,
        fixtures=FIX,
        rows=hall_rows,
        oracle=works_at,
        routes=("govservices:appointment_hall_day",),
        detail_urls=(lambda h: f"/services/appointments/desk/{h.pk}/",),
        missing_url="/services/appointments/desk/987654/",
    ),
]

UNSCOPED = {
    "api:appointment_halls": "public: the halls that take appointments (test_appointments)",
    "api:appointment_hall_slots": "public: a hall's free times, no personal data",
    "api:appointment_book": "residents book for themselves; the result is the caller's own",
    "govservices:appointment_book": "public: the list of halls to book at",
    "govservices:appointment_slots": (
        "public: a hall's free times; booking is for signed-in residents (test_appointments)"
    ),
    "govservices:appointment_check_in": (
        "looks the code up only among the caller's visible appointments; an unknown or "
        "out-of-scope code is the same form error (test_appointments)"
    ),
}
