"""Appointment pages (办事预约).

Residents pick a hall, see its free times over the next working days as a grid of big buttons,
confirm one (for a service item or bundle passed as ``?item=CODE`` / ``?bundle=CODE``), and find
their bookings with the codes to show at the hall. Anyone may look at the grid; booking needs an
account. Hall staff see a day's bookings for the halls in their area and check visitors in by
code. Every appointment is read through the scope chokepoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError
from civicgrid.core.scope import ScopeRule, get_visible_or_404, scope_q
from civicgrid.core.workdays import local_date

from ..actions.appointments import (
    CHECK_IN_ROLES,
    available_actions,
    book,
    bookable_until,
    cancel,
    check_in,
    hall_accepts,
)
from ..models import Appointment, AppointmentState, Bundle, Hall, ServiceItem, Slot

GRID_DAYS = 10  # working days shown on the booking grid

# Which halls a staff account works at: those in its region subtree (halls carry no scope rule of
# their own; they are public reference data). Read through the same chokepoint as every row.
DESK_RULE = ScopeRule(region="region__code")


# --- helpers -----------------------------------------------------------------------------------
@dataclass
class Service:
    """The service item or bundle the visitor is booking for, from ``?item=`` / ``?bundle=``."""

    item: ServiceItem | None = None
    bundle: Bundle | None = None
    unknown: str = ""

    @property
    def target(self) -> ServiceItem | Bundle | None:
        return self.item or self.bundle

    @property
    def params(self) -> dict[str, str]:
        if self.item:
            return {"item": self.item.code}
        if self.bundle:
            return {"bundle": self.bundle.code}
        return {}

    @property
    def param(self) -> str:
        """``item=CODE`` or ``bundle=CODE`` for links that carry the choice along."""
        return urlencode(self.params)

    def items(self) -> list[ServiceItem]:
        if self.item:
            return [self.item]
        if self.bundle:
            return [bi.item for bi in self.bundle.bundle_items.select_related("item")]
        return []


def _service(data: Any) -> Service:
    item_code = (data.get("item") or "").strip()
    bundle_code = (data.get("bundle") or "").strip()
    if item_code:
        item = ServiceItem.objects.filter(code=item_code, active=True).first()
        return Service(item=item) if item else Service(unknown=item_code)
    if bundle_code:
        bundle = Bundle.objects.filter(code=bundle_code, active=True).first()
        return Service(bundle=bundle) if bundle else Service(unknown=bundle_code)
    return Service()


def _appointments() -> Any:
    return Appointment.objects.select_related("slot__hall__region", "item", "bundle", "account")


def desk_halls(user: Any) -> Any:
    """The halls whose bookings ``user`` looks after: none for residents and department staff."""
    q = scope_q(DESK_RULE, user)
    halls = Hall.objects.select_related("region")
    return halls.none() if q is None or not user.is_staff_role else halls.filter(q)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, start + timedelta(days=1)


def _parse_day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


# --- residents: choose a hall, a time, book ----------------------------------------------------
def choose_hall(request: HttpRequest) -> HttpResponse:
    """Where to go: every hall, those that do not accept the chosen service set apart."""
    service = _service(request.GET)
    halls = list(Hall.objects.select_related("region").order_by("region_id", "name"))
    needed = service.items()
    for hall in halls:
        hall.accepts = not needed or hall_accepts(hall, needed)
    return render(
        request,
        "govservices/appointments/halls.html",
        {"halls": halls, "service": service},
    )


@dataclass
class Day:
    day: date
    slots: list[Slot] = field(default_factory=list)


def hall_slots(request: HttpRequest, hall_id: int) -> HttpResponse:
    """A hall's next working days as a grid of times; ``?slot=`` asks to confirm one. POST books
    it (signed-in residents); anyone else is asked to sign in first."""
    hall = get_object_or_404(Hall.objects.select_related("region"), pk=hall_id)
    data = request.POST if request.method == "POST" else request.GET
    service = _service(data)
    error = ""
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            # Back to the same choice after signing in.
            params = urlencode({"slot": data.get("slot", ""), **service.params})
            return redirect_to_login(f"{request.path}?{params}#confirm")
        slot = Slot.objects.filter(hall=hall, pk=_int(data.get("slot"))).first()
        if slot is None:
            error, status = _("Choose a time first."), 400
        elif service.unknown:
            error, status = _("Unknown service code “%(c)s”.") % {"c": service.unknown}, 400
        else:
            slot.hall = hall
            try:
                appointment = book(request.user, slot, item=service.item, bundle=service.bundle)
            except ActionError as exc:
                existing = _live_booking(request.user, slot)
                if existing is not None:
                    # A second tap on "confirm": show the booking the first one made.
                    messages.info(request, _("You have already booked this time."))
                    return redirect("govservices:appointment_detail", pk=existing.pk)
                error, status = exc.message, exc.status
            else:
                messages.success(
                    request,
                    _("Booked. Your code is %(code)s: show it at the hall.")
                    % {"code": appointment.code},
                )
                return redirect("govservices:appointment_detail", pk=appointment.pk)
    now = timezone.now()
    slots = list(
        Slot.objects.filter(
            hall=hall, starts_at__gt=now, starts_at__lte=bookable_until(now, GRID_DAYS)
        ).order_by("starts_at")
    )
    days: dict[date, Day] = {}
    for slot in slots:
        day = local_date(slot.starts_at)
        days.setdefault(day, Day(day)).slots.append(slot)
    chosen_id = _int(data.get("slot"))
    chosen = next((s for s in slots if s.pk == chosen_id and s.free), None)
    accepts = hall_accepts(hall, service.items()) if service.target else True
    return render(
        request,
        "govservices/appointments/slots.html",
        {
            "hall": hall,
            "days": list(days.values()),
            "chosen": chosen,
            "service": service,
            "accepts": accepts,
            "error": error,
            "is_resident": request.user.is_authenticated and request.user.role == Role.RESIDENT,
        },
        status=status,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _live_booking(user: Any, slot: Slot) -> Appointment | None:
    return (
        Appointment.objects.visible_to(user)
        .filter(slot=slot, account=user, state=AppointmentState.BOOKED)
        .first()
    )


@login_required
def my_appointments(request: HttpRequest) -> HttpResponse:
    """The signed-in person's bookings: coming ones first (with the code), then the rest."""
    mine = _appointments().visible_to(request.user).filter(account=request.user)
    now = timezone.now()
    live = Q(state=AppointmentState.BOOKED, slot__ends_at__gt=now)
    upcoming = list(mine.filter(live).order_by("slot__starts_at"))
    for a in upcoming:
        a.actions = available_actions(request.user, a, now)
    earlier = list(mine.exclude(live).order_by("-slot__starts_at", "-id")[:50])
    return render(
        request,
        "govservices/appointments/mine.html",
        {"upcoming": upcoming, "earlier": earlier},
    )


@login_required
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_visible_or_404(_appointments(), request.user, pk=pk)
    return render(
        request,
        "govservices/appointments/detail.html",
        {
            "appointment": appointment,
            "actions": available_actions(request.user, appointment),
            "own": appointment.account_id == request.user.pk,
        },
    )


@login_required
@require_POST
def cancel_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_visible_or_404(_appointments(), request.user, pk=pk)
    try:
        cancel(request.user, appointment)
    except ActionError as exc:
        if appointment.state == AppointmentState.CANCELLED or _now_cancelled(appointment):
            # A second tap on "cancel": the booking is cancelled, which is what was asked.
            messages.info(request, _("This booking is cancelled."))
            return redirect("govservices:appointment_mine")
        messages.error(request, exc.message)
        return redirect("govservices:appointment_detail", pk=pk)
    messages.success(
        request,
        _("Cancelled your booking at %(hall)s, %(at)s.")
        % {
            "hall": appointment.slot.hall.name,
            "at": f"{timezone.localtime(appointment.slot.starts_at):%m-%d %H:%M}",
        },
    )
    return redirect("govservices:appointment_mine")


def _now_cancelled(appointment: Appointment) -> bool:
    return Appointment.objects.filter(pk=appointment.pk, state=AppointmentState.CANCELLED).exists()


# --- hall staff: the day's list and check-in ---------------------------------------------------
class CheckInForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Booking code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "mono"}
        ),
    )
    hall = forms.IntegerField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(required=False, widget=forms.HiddenInput)

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


@login_required
def desk(request: HttpRequest, hall_id: int | None = None) -> HttpResponse:
    """A day's bookings at the halls in the user's area, or at one of them (``hall_id``)."""
    return _desk_page(request, hall_id, _parse_day(request.GET.get("day")), CheckInForm())


def _desk_page(
    request: HttpRequest,
    hall_id: int | None,
    day: date,
    form: CheckInForm,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    halls = list(desk_halls(user))
    hall = None
    if hall_id is not None:
        hall = next((h for h in halls if h.pk == hall_id), None)
        if hall is None:
            raise Http404(_("Not found."))
    start, end = _day_bounds(day)
    rows = (
        _appointments()
        .visible_to(user)
        .filter(
            slot__hall__in=[hall] if hall else [h.pk for h in halls],
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .order_by("slot__starts_at", "slot__hall__name", "id")
    )
    rows = list(rows)
    counts = dict.fromkeys(AppointmentState.values, 0)
    for row in rows:
        counts[row.state] += 1
    form.initial = {"hall": hall.pk if hall else None, "day": day}
    return render(
        request,
        "govservices/appointments/desk.html",
        {
            "halls": halls,
            "hall": hall,
            "day": day,
            "today": timezone.localdate(),
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "rows": rows,
            "counts": counts,
            "form": form,
            "can_check_in": user.role in CHECK_IN_ROLES and bool(halls),
        },
        status=status,
    )


@login_required
@require_POST
def check_in_by_code(request: HttpRequest) -> HttpResponse:
    """Check a visitor in by the code they show; an unknown or used code is a form error."""
    user = request.user
    form = CheckInForm(request.POST)
    hall_id = _int(request.POST.get("hall"))
    day = _parse_day(request.POST.get("day"))
    status = 400
    if form.is_valid():
        candidates = _appointments().visible_to(user).filter(code=form.cleaned_data["code"])
        if hall_id is not None:
            candidates = candidates.filter(slot__hall_id=hall_id)
        appointment = candidates.first()
        if appointment is None:
            form.add_error(
                "code",
                _("No booking at this hall has this code.")
                if hall_id
                else _("No booking in your area has this code."),
            )
        else:
            try:
                check_in(user, appointment)
            except ActionError as exc:
                form.add_error("code", exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("Checked in: %(person)s, booked for %(at)s.")
                    % {
                        "person": appointment.account.display_name,
                        "at": f"{timezone.localtime(appointment.slot.starts_at):%H:%M}",
                    },
                )
                back = (
                    reverse("govservices:appointment_hall_day", args=[hall_id])
                    if hall_id
                    else reverse("govservices:appointment_desk")
                )
                return redirect(f"{back}?day={day.isoformat()}")
    return _desk_page(request, hall_id, day, form, status=status)


urlpatterns = [
    path("appointments/", choose_hall, name="appointment_book"),
    path("appointments/halls/<int:hall_id>/", hall_slots, name="appointment_slots"),
    path("appointments/mine/", my_appointments, name="appointment_mine"),
    path("appointments/<int:pk>/", appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/cancel/", cancel_appointment, name="appointment_cancel"),
    path("appointments/desk/", desk, name="appointment_desk"),
    path("appointments/desk/<int:hall_id>/", desk, name="appointment_hall_day"),
    path("appointments/desk/check-in/", check_in_by_code, name="appointment_check_in"),
]
