"""Appointments (办事预约): open time slots at a hall, book a place, cancel, check in.

A slot's ``booked`` counter is the only thing people race for. Booking claims a place with one
conditional UPDATE (``booked < capacity``), so however many people press "book" for the last place
at once, the database lets exactly one increment through and the others get :class:`Conflict`.
Cancelling and checking in move the appointment with an UPDATE conditioned on its current state,
so a cancel racing a check-in cannot both land. Every change is audited in the same transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.workdays import add_working_days, end_of_day, is_working_day, local_date
from civicgrid.regions.models import Level

from ..models import Appointment, AppointmentState, Bundle, Hall, ServiceItem, Slot

DEFAULT_TIMES: tuple[tuple[int, int], ...] = ((9, 0), (10, 0), (11, 0), (14, 0), (15, 0), (16, 0))
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read out at a counter
CODE_LENGTH = 8
CHECK_IN_ROLES = frozenset({Role.CLERK, Role.SERVICE_STAFF})
MAX_DAYS = 60  # how far ahead slots may be opened or listed, in working days


# --- opening slots -----------------------------------------------------------------------------
def working_days_from(first_day: date, days: int) -> list[date]:
    """The first ``days`` working days (工作日) from ``first_day`` on, ``first_day`` included if
    it is one. One query per calendar day looked at; meant for administrators' runs."""
    found: list[date] = []
    day = first_day
    # A run of N working days fits in 2·N calendar days plus the longest holiday.
    for _i in range(2 * days + 31):
        if len(found) == days:
            break
        if is_working_day(day):
            found.append(day)
        day += timedelta(days=1)
    return found


def open_slots(
    actor: Any,
    hall: Hall,
    first_day: date,
    days: int,
    times: Iterable[tuple[int, int]] = DEFAULT_TIMES,
    minutes: int = 60,
    capacity: int = 4,
) -> int:
    """Open bookable slots at ``hall`` on the first ``days`` working days from ``first_day``
    (weekends and public holidays are skipped, make-up working days included), one slot of
    ``minutes`` with ``capacity`` places at each of ``times`` (local hour, minute). Slots that
    already exist and times already past are left alone; returns how many slots were created.
    Administrators only."""
    if getattr(actor, "role", None) != Role.ADMINISTRATOR:
        raise NotAllowed(_("Only administrators open appointment slots."))
    if not 1 <= days <= MAX_DAYS:
        raise ActionError(_("Open between 1 and %(n)d working days.") % {"n": MAX_DAYS})
    if not 1 <= capacity <= 500:
        raise ActionError(_("A slot holds between 1 and 500 people."))
    if not 5 <= minutes <= 8 * 60:
        raise ActionError(_("A slot lasts between 5 minutes and 8 hours."))
    tz = timezone.get_default_timezone()
    now = timezone.now()
    wanted: list[datetime] = []
    for day in working_days_from(first_day, days):
        for hour, minute in times:
            try:
                starts = timezone.make_aware(datetime.combine(day, time(hour, minute)), tz)
            except ValueError:
                raise ActionError(
                    _("%(h)s:%(m)s is not a time of day.") % {"h": hour, "m": minute}
                ) from None
            if starts > now:
                wanted.append(starts)
    if not wanted:
        return 0
    with transaction.atomic():
        existing = set(
            Slot.objects.filter(hall=hall, starts_at__in=wanted).values_list("starts_at", flat=True)
        )
        new = [
            Slot(
                hall=hall,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=minutes),
                capacity=capacity,
            )
            for starts in wanted
            if starts not in existing
        ]
        # A second run at the same moment may insert the same slots: the unique (hall, time)
        # constraint keeps one of each, and the count below says what this run added.
        Slot.objects.bulk_create(new, ignore_conflicts=True)
        created = Slot.objects.filter(hall=hall, starts_at__in=wanted).count() - len(existing)
        if created:
            audit(
                actor,
                "govservices.open_slots",
                hall,
                after={
                    "first_day": first_day.isoformat(),
                    "days": days,
                    "capacity": capacity,
                    "created": created,
                },
            )
    return created


# --- the booking window ------------------------------------------------------------------------
def bookable_until(now: datetime, days: int) -> datetime:
    """The end of the ``days``-th working day counted from ``now``'s day (today counts if it is
    a working day): residents see and book slots up to then. About three queries."""
    days = max(1, min(days, MAX_DAYS))
    today = local_date(now)
    ahead = days - 1 if is_working_day(today) else days
    if ahead == 0:
        return end_of_day(today)
    return add_working_days(now, ahead).at


def hall_accepts(hall: Hall, items: Iterable[ServiceItem]) -> bool:
    """The district's hall accepts every item (一窗受理); a town or village centre only the items
    delegated to its level (下放)."""
    level = hall.region.level
    if level == Level.DISTRICT:
        return True
    if level == Level.TOWN:
        return all(item.accept_town for item in items)
    if level in (Level.VILLAGE, Level.COMMUNITY):
        return all(item.accept_village for item in items)
    return False


# --- booking -----------------------------------------------------------------------------------
def new_code() -> str:
    """A booking code of 8 characters from an alphabet that reads out unambiguously."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def book(
    actor: Any,
    slot: Slot,
    *,
    item: ServiceItem | None = None,
    bundle: Bundle | None = None,
) -> Appointment:
    """Book one place in ``slot`` for the signed-in resident ``actor``, optionally for the
    service ``item`` or ``bundle`` they mean to apply for (which the hall must accept).

    The place is claimed with one conditional UPDATE: if the slot is full, ``Conflict`` and
    nothing is written. A second live booking of the same slot by the same person is refused
    with ActionError, and the place claimed for it is given back in the same transaction. The
    slot must start in the future."""
    if not getattr(actor, "is_authenticated", False) or actor.role != Role.RESIDENT:
        raise NotAllowed(_("Appointments are booked by residents signed in with their account."))
    if item is not None and bundle is not None:
        raise ActionError(_("Book for one service item or one bundle, not both."))
    _check_service(slot, item, bundle)
    now = timezone.now()
    if slot.starts_at <= now:
        raise ActionError(
            _("This time has passed; choose a later one."), errors=[{"field": "slot"}]
        )
    if _has_live_booking(actor, slot):
        raise ActionError(_("You have already booked this time."), errors=[{"field": "slot"}])
    with transaction.atomic():
        claimed = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
            booked=F("booked") + 1
        )
        if not claimed:
            raise Conflict(_("This time is fully booked; choose another."))
        appointment = _create_appointment(actor, slot, item, bundle, now)
        if appointment is None:
            # Another request of the same person won the constraint (a double click): give the
            # place back before refusing, so the counter matches the live bookings.
            Slot.objects.filter(pk=slot.pk).update(booked=F("booked") - 1)
            raise ActionError(_("You have already booked this time."), errors=[{"field": "slot"}])
        audit(
            actor,
            "govservices.book",
            appointment,
            after={
                "slot": slot.pk,
                "item": item.code if item else None,
                "bundle": bundle.code if bundle else None,
            },
        )
    slot.refresh_from_db(fields=["booked"])
    return appointment


def _check_service(slot: Slot, item: ServiceItem | None, bundle: Bundle | None) -> None:
    if item is not None:
        if not item.active:
            raise ActionError(
                _("This service item is no longer offered."), errors=[{"field": "item"}]
            )
        items = [item]
    elif bundle is not None:
        if not bundle.active:
            raise ActionError(_("This bundle is no longer offered."), errors=[{"field": "bundle"}])
        items = [bi.item for bi in bundle.bundle_items.select_related("item")]
    else:
        return
    if not hall_accepts(slot.hall, items):
        raise ActionError(
            _("%(hall)s does not accept “%(service)s”; choose the district's hall.")
            % {"hall": slot.hall.name, "service": item or bundle},
            errors=[{"field": "bundle" if bundle else "item"}],
        )


def _has_live_booking(actor: Any, slot: Slot) -> bool:
    return Appointment.objects.filter(
        slot=slot, account=actor, state=AppointmentState.BOOKED
    ).exists()


def _create_appointment(
    actor: Any,
    slot: Slot,
    item: ServiceItem | None,
    bundle: Bundle | None,
    now: datetime,
) -> Appointment | None:
    """The new appointment, or None if the person already holds a live booking of the slot.
    Each attempt runs in a savepoint, so a refused insert leaves the transaction usable."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Appointment.objects.create(
                    slot=slot,
                    account=actor,
                    item=item,
                    bundle=bundle,
                    code=new_code(),
                    booked_at=now,
                )
        except IntegrityError:
            if _has_live_booking(actor, slot):
                return None
            # Otherwise the random code was taken (about one chance in 10^11): draw again.
    raise ActionError(_("Could not issue a booking code; try again."))


# --- cancelling and checking in ----------------------------------------------------------------
def available_actions(
    user: Any, appointment: Appointment, now: datetime | None = None
) -> list[str]:
    """What ``user`` may do to ``appointment`` now (for showing the right buttons): ``cancel``
    (the person who booked, before the slot starts), ``check_in`` (hall staff, on the day).
    Assumes the caller fetched the appointment through the scope; needs no query."""
    if appointment.state != AppointmentState.BOOKED or not getattr(user, "is_authenticated", False):
        return []
    now = now or timezone.now()
    actions: list[str] = []
    if appointment.account_id == user.pk and appointment.slot.starts_at > now:
        actions.append("cancel")
    if user.role in CHECK_IN_ROLES and local_date(appointment.slot.starts_at) == local_date(now):
        actions.append("check_in")
    return actions


def cancel(actor: Any, appointment: Appointment) -> Appointment:
    """Cancel ``appointment`` and give its place back. Only the person who booked it, only while
    it is booked and before its slot starts; if staff check it in at the same moment, one of the
    two wins and the other gets ``Conflict``."""
    if not getattr(actor, "is_authenticated", False) or appointment.account_id != actor.pk:
        raise NotAllowed(_("Only the person who booked can cancel this appointment."))
    _check_booked(appointment)
    now = timezone.now()
    if appointment.slot.starts_at <= now:
        raise ActionError(_("This time has already begun; the booking can no longer be cancelled."))
    with transaction.atomic():
        changed = Appointment.objects.filter(
            pk=appointment.pk, state=AppointmentState.BOOKED
        ).update(state=AppointmentState.CANCELLED, cancelled_at=now)
        if not changed:
            raise Conflict(_stale_message(appointment))
        Slot.objects.filter(pk=appointment.slot_id).update(booked=F("booked") - 1)
        appointment.state = AppointmentState.CANCELLED
        appointment.cancelled_at = now
        audit(
            actor,
            "govservices.cancel_appointment",
            appointment,
            before={"state": AppointmentState.BOOKED},
            after={"state": AppointmentState.CANCELLED},
        )
    appointment.slot.refresh_from_db(fields=["booked"])
    return appointment


def check_in(actor: Any, appointment: Appointment) -> Appointment:
    """Check in the visitor of ``appointment`` at the hall (到厅签到). Window clerks and centre
    staff whose scope contains the hall, on the slot's own (local) day, only while booked; a
    double click or a cancel at the same moment gets a clear refusal, never a second check-in."""
    if getattr(actor, "role", None) not in CHECK_IN_ROLES:
        raise NotAllowed(_("Only window clerks and centre staff check visitors in."))
    # Pages and the API fetch through the scope first; this guards every other caller.
    if not Appointment.objects.visible_to(actor).filter(pk=appointment.pk).exists():
        raise NotAllowed(_("This hall is outside your area."))
    _check_booked(appointment)
    now = timezone.now()
    day = local_date(appointment.slot.starts_at)
    if day != local_date(now):
        raise ActionError(
            _("This booking is for %(day)s; check the visitor in on that day.")
            % {"day": day.isoformat()}
        )
    with transaction.atomic():
        changed = Appointment.objects.filter(
            pk=appointment.pk, state=AppointmentState.BOOKED
        ).update(state=AppointmentState.CHECKED_IN, checked_in_at=now, checked_in_by=actor)
        if not changed:
            raise Conflict(_stale_message(appointment))
        appointment.state = AppointmentState.CHECKED_IN
        appointment.checked_in_at = now
        appointment.checked_in_by = actor
        audit(
            actor,
            "govservices.check_in",
            appointment,
            before={"state": AppointmentState.BOOKED},
            after={"state": AppointmentState.CHECKED_IN},
        )
    return appointment


def _check_booked(appointment: Appointment) -> None:
    if appointment.state == AppointmentState.CANCELLED:
        raise ActionError(_("This booking was cancelled."))
    if appointment.state == AppointmentState.CHECKED_IN:
        raise ActionError(
            _("This visitor was already checked in at %(at)s.")
            % {"at": _local_time(appointment.checked_in_at)}
        )


def _stale_message(appointment: Appointment) -> str:
    """What to say when the appointment changed under us: what it is now."""
    current = Appointment.objects.filter(pk=appointment.pk).values("state", "checked_in_at").first()
    if current and current["state"] == AppointmentState.CHECKED_IN:
        return _("The visitor has just been checked in (at %(at)s).") % {
            "at": _local_time(current["checked_in_at"])
        }
    if current and current["state"] == AppointmentState.CANCELLED:
        return _("The booking has just been cancelled.")
    return _("Someone else has just changed this booking. Reload to see what changed.")


def _local_time(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%H:%M}" if moment else ""
