"""Every change to an event: report, register, dispatch, handle, verify, close, rate, escalate.

Each action checks the step against :data:`LOOP` (state and role), moves the event with a
conditional UPDATE (two dispatchers clicking at once: one wins, the other gets ``Conflict``),
records the step on the timeline, sets the next step's deadline, and stores photos only if the
step commits (files written for a step that fails are removed).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.accounts.models import Department, Role, User
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.privacy import get_keyring, mask_phone
from civicgrid.core.workflow import Workflow, record_note
from civicgrid.regions.geo import grid_for_point
from civicgrid.regions.models import GridAssignment, Level, Region
from civicgrid.registry.models import Building, Facility

from . import photos as photo_files
from .deadlines import step_deadline
from .models import (
    STEP_OF_STATE,
    Category,
    Event,
    Photo,
    Rating,
    Source,
    State,
    Urgency,
)

PHONE_CONTEXT = b"events.event.contact_phone"
DISPATCHERS = {Role.REVIEWER}
HANDLERS = {Role.APPROVER, Role.SERVICE_STAFF}
VERIFIERS = {Role.GRID_WORKER}
REPORTERS_WHO_RATE = {Role.RESIDENT, Role.GRID_WORKER}

LOOP = Workflow(
    "event",
    "state",
    [
        (State.REPORTED, State.REGISTERED, DISPATCHERS),
        (State.REPORTED, State.REJECTED, DISPATCHERS),
        (State.REGISTERED, State.DISPATCHED, DISPATCHERS),
        (State.DISPATCHED, State.HANDLING, HANDLERS),
        (State.DISPATCHED, State.REGISTERED, HANDLERS),
        (State.HANDLING, State.HANDLED, HANDLERS),
        (State.HANDLED, State.VERIFIED, VERIFIERS),
        (State.HANDLED, State.RETURNED, VERIFIERS),
        (State.RETURNED, State.HANDLING, HANDLERS),
        (State.VERIFIED, State.CLOSED, DISPATCHERS),
        (State.CLOSED, State.EVALUATED, DISPATCHERS | REPORTERS_WHO_RATE),
    ],
)
MAX_ESCALATION = 2  # 1: 督办 to whoever holds the step; 2: the leaders of the area as well


# --- reporting ---------------------------------------------------------------------------------
@dataclass
class Report:
    """What a reporter says. ``lon``/``lat`` or ``address`` (or a linked building or facility)
    must locate the problem."""

    category: Category | str
    description: str
    lon: float | None = None
    lat: float | None = None
    address: str = ""
    urgency: str = ""
    building_id: int | None = None
    facility_id: int | None = None
    contact_name: str = ""
    contact_phone: str = ""
    photos: list[UploadedFile] = field(default_factory=list)

    def digest(self) -> str:
        """A fingerprint of the report's content, to tell a retry from a different report."""
        category = self.category.code if isinstance(self.category, Category) else self.category
        body = [category, self.description.strip(), self.lon, self.lat, self.address.strip()]
        return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


def report_event(
    actor: Any,
    report: Report,
    *,
    source: str,
    idempotency: tuple[str, str] | None = None,
    with_token: bool = False,
) -> tuple[Event, bool]:
    """File a report; returns ``(event, created)``.

    ``idempotency`` is ``(scope, key)``: a repeat of a key within its scope returns the event the
    first request created (``created`` False) if the report is the same, and ActionError if the
    key was used for a different report. Everything is checked before anything is written.
    """
    staff = getattr(actor, "is_authenticated", False) and actor.role != Role.RESIDENT
    category = _category(report.category)
    description = report.description.strip()
    if not description:
        raise ActionError(_("Describe the problem."), errors=[{"field": "description"}])
    urgency = report.urgency or category.default_urgency
    if urgency not in Urgency.values:
        raise ActionError(_("Unknown urgency “%(u)s”.") % {"u": urgency})
    hotline = source in (Source.HOTLINE_12345, Source.HOTLINE_12349)
    if hotline and getattr(actor, "role", None) not in DISPATCHERS:
        raise NotAllowed(_("Only the grid center's operators take hotline calls."))
    if hotline and not report.contact_phone:
        raise ActionError(
            _("Enter the caller's phone number."), errors=[{"field": "contact_phone"}]
        )
    phone = report.contact_phone.strip()
    if phone and not (phone.replace("-", "").isdigit() and 7 <= len(phone) <= 20):
        raise ActionError(_("Enter a valid phone number."), errors=[{"field": "contact_phone"}])
    building, facility = _linked_place(actor, report, staff)
    lon, lat, region = _locate(report, building, facility)
    digest = report.digest()
    if idempotency:
        previous = _previous(idempotency, digest)
        if previous:
            return previous, False
    cleaned = photo_files.clean_photos(report.photos)

    now = timezone.now()
    due = step_deadline(category, urgency, STEP_OF_STATE[State.REPORTED], now)
    stored: list[str] = []
    try:
        with transaction.atomic():
            event = Event.objects.create(
                category=category,
                urgency=urgency,
                source=source,
                description=description,
                address=report.address.strip()[:200],
                lon=lon,
                lat=lat,
                region=region,
                building=building,
                facility=facility,
                reporter=actor if getattr(actor, "is_authenticated", False) else None,
                contact_name=report.contact_name.strip()[:40],
                contact_phone=get_keyring().encrypt(phone, PHONE_CONTEXT) if phone else None,
                contact_phone_masked=mask_phone(phone) if phone else "",
                reported_at=now,
                step_started_at=now,
                due_at=due.at,
                due_provisional=due.provisional,
                watch_at=due.at,
                idempotency_scope=idempotency[0] if idempotency else "",
                idempotency_key=idempotency[1] if idempotency else "",
                request_digest=digest if idempotency else "",
                token=secrets.token_hex(8) if with_token else "",
            )
            event.number = f"{timezone.localtime(now):%Y%m%d}{event.pk:06d}"
            event.save(update_fields=["number"])
            ids = _attach(event, cleaned, Photo.Stage.REPORT, actor, stored)
            with in_district_language():
                note = _("Reported via %(source)s.") % {"source": event.get_source_display()}
            record_note(event, actor, note, ids, opening=True)
    except IntegrityError:
        photo_files.discard(stored)
        if idempotency:  # the same key raced in from a second request: it won
            previous = _previous(idempotency, digest)
            if previous:
                return previous, False
        raise
    except BaseException:
        photo_files.discard(stored)
        raise
    transaction.on_commit(lambda: _notify_dispatchers(event))
    return event, True


def _category(value: Category | str) -> Category:
    if isinstance(value, Category):
        category = value
        if not category.active:
            raise ActionError(
                _("The category “%(name)s” is no longer used.") % {"name": category.name},
                errors=[{"field": "category"}],
            )
    else:
        category = Category.objects.filter(code=str(value).strip(), active=True).first()
        if category is None:
            raise ActionError(
                _("Unknown category “%(code)s”.") % {"code": value}, errors=[{"field": "category"}]
            )
    if category.children.exists():
        raise ActionError(
            _("Choose a category under “%(name)s”.") % {"name": category.name},
            errors=[{"field": "category"}],
        )
    return category


def _linked_place(
    actor: Any, report: Report, staff: bool
) -> tuple[Building | None, Facility | None]:
    if not (report.building_id or report.facility_id):
        return None, None
    if not staff:
        raise ActionError(_("Only staff can link a report to a registry record."))
    building = facility = None
    if report.building_id:
        building = Building.objects.visible_to(actor).filter(pk=report.building_id).first()
        if building is None:
            raise ActionError(_("No such building in your area."), errors=[{"field": "building"}])
    if report.facility_id:
        facility = Facility.objects.visible_to(actor).filter(pk=report.facility_id).first()
        if facility is None:
            raise ActionError(_("No such facility in your area."), errors=[{"field": "facility"}])
    return building, facility


def _locate(
    report: Report, building: Building | None, facility: Facility | None
) -> tuple[float | None, float | None, Region]:
    """The point and the most precise region: the grid of the point or of the linked record,
    else the district (the dispatcher places it when registering)."""
    lon, lat = report.lon, report.lat
    if (lon is None) != (lat is None):
        raise ActionError(_("Give both longitude and latitude, or neither."))
    place = facility or building
    if lon is None and place is not None and place.lon is not None:
        lon, lat = place.lon, place.lat
    if lon is not None and lat is not None:
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ActionError(_("That is not a position on Earth."), errors=[{"field": "location"}])
        hit = grid_for_point(lon, lat)
        if hit is None:
            raise ActionError(
                _("That point lies outside every grid of the district."),
                errors=[{"field": "location"}],
            )
        return lon, lat, Region.objects.get(code=hit.code)
    if place is not None:
        return None, None, Region.objects.get(code=place.grid_id)
    if not report.address.strip():
        raise ActionError(
            _("Pick the place on the map or enter an address."), errors=[{"field": "location"}]
        )
    return None, None, Region.objects.get(level=Level.DISTRICT)


def _previous(idempotency: tuple[str, str], digest: str) -> Event | None:
    scope, key = idempotency
    if not key:
        return None
    if len(key) > 100:
        raise ActionError(_("An idempotency key may be at most 100 characters."))
    event = Event.objects.filter(idempotency_scope=scope, idempotency_key=key).first()
    if event is not None and event.request_digest != digest:
        raise ActionError(
            _("This idempotency key was already used for a different report."),
            errors=[{"field": "idempotency_key"}],
        )
    return event


def _attach(
    event: Event, cleaned: list[photo_files.CleanPhoto], stage: str, actor: Any, stored: list[str]
) -> list[int]:
    ids = []
    now = timezone.now()
    for photo in cleaned:
        image, thumb = photo_files.store(photo)
        stored += [image, thumb]
        row = Photo.objects.create(
            event=event,
            stage=stage,
            image=image,
            thumbnail=thumb,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.data),
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            uploaded_at=now,
        )
        ids.append(row.pk)
    return ids


# --- the loop ----------------------------------------------------------------------------------
def _step(
    actor: Any,
    event: Event,
    target: str,
    *,
    note: str = "",
    updates: dict[str, Any] | None = None,
    photos: Iterable[UploadedFile] = (),
    stage: str = "",
    restart_clock: bool = True,
) -> Event:
    """Move ``event`` to ``target`` with ``updates``, the next step's deadline and photos."""
    LOOP.check(event, target, actor)
    if not Event.objects.visible_to(actor).filter(pk=event.pk).exists():
        # Pages and the API fetch through the scope first; this guards every other caller.
        raise NotAllowed(_("This case is outside your area."))
    cleaned = photo_files.clean_photos(list(photos))
    now = timezone.now()
    values = dict(updates or {})
    late = event.due_at is not None and now > event.due_at
    values["late"] = event.late or late
    values["updated_at"] = now  # an UPDATE through the queryset skips auto_now
    step = STEP_OF_STATE.get(target)
    if step is None:
        values.update(due_at=None, watch_at=None, overdue=False, due_provisional=False)
    elif restart_clock:
        category = values.get("category", event.category)
        urgency = values.get("urgency", event.urgency)
        due = step_deadline(category, urgency, step, now)
        values.update(
            step_started_at=now,
            due_at=due.at,
            due_provisional=due.provisional,
            watch_at=due.at,
            overdue=False,
            escalation_level=0,
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            ids = _attach(event, cleaned, stage, actor, stored) if cleaned else []
            LOOP.move(event, target, actor, note=note, attachments=ids, updates=values)
    except BaseException:
        photo_files.discard(stored)
        raise
    return event


def _require_note(note: str, message: str) -> str:
    note = note.strip()
    if not note:
        raise ActionError(message, errors=[{"field": "note"}])
    return note


def register_event(
    actor: Any,
    event: Event,
    *,
    category: Category | None = None,
    urgency: str = "",
    region: Region | None = None,
    note: str = "",
) -> Event:
    """Accept a report as a case (立案), correcting its category, urgency or grid if needed.
    An address-only report must be placed in a grid here."""
    updates: dict[str, Any] = {"registered_at": timezone.now()}
    if category is not None and category.pk != event.category_id:
        updates["category"] = _category(category)
    if urgency:
        if urgency not in Urgency.values:
            raise ActionError(_("Unknown urgency “%(u)s”.") % {"u": urgency})
        updates["urgency"] = urgency
    if region is not None and region.code != event.region_id:
        if region.level != Level.GRID:
            raise ActionError(_("Choose a grid."), errors=[{"field": "region"}])
        updates["region"] = region
    final_region = updates.get("region", event.region)
    if final_region.level != Level.GRID:
        raise ActionError(
            _("Place the event in a grid before registering it."), errors=[{"field": "region"}]
        )
    return _step(actor, event, State.REGISTERED, note=note, updates=updates)


def reject_event(actor: Any, event: Event, *, reason: str) -> Event:
    """Refuse a report (not a matter for the government, a duplicate, …) with a reason the
    reporter sees."""
    reason = _require_note(reason, _("Say why the report is rejected."))
    return _step(actor, event, State.REJECTED, note=reason, updates={"reject_reason": reason[:200]})


def suggest_dispatch(event: Event) -> tuple[Department | None, Region | None]:
    """The category's department (or its parent's), or the event's town if the category is
    handled by towns."""
    category = event.category
    parent = category.parent
    by_town = category.handled_by_town or (parent is not None and parent.handled_by_town)
    if by_town:
        return None, Region.objects.filter(code=event.region_id[:9], level=Level.TOWN).first()
    department = category.department or (parent.department if parent else None)
    return department, None


def dispatch_event(
    actor: Any,
    event: Event,
    *,
    department: Department | None = None,
    town: Region | None = None,
    note: str = "",
) -> Event:
    """Send a registered case to a department or to a town (派遣). Without either, the
    suggestion from the category and the location is used."""
    if department is None and town is None:
        department, town = suggest_dispatch(event)
    if department is not None and town is not None:
        raise ActionError(_("Dispatch to a department or to a town, not both."))
    if department is None and town is None:
        raise ActionError(_("Choose a department or a town."), errors=[{"field": "department"}])
    if town is not None and (town.level != Level.TOWN or not event.region_id.startswith(town.code)):
        raise ActionError(_("Choose the town the event is in."), errors=[{"field": "town"}])
    _step(
        actor,
        event,
        State.DISPATCHED,
        note=note,
        updates={
            "department": department,
            "handling_town": town,
            "dispatched_at": timezone.now(),
        },
    )
    transaction.on_commit(
        lambda: _notify_holders(event, gettext_lazy("New case dispatched to you"))
    )
    return event


def _check_handler(actor: Any, event: Event) -> None:
    """Department staff handle their department's cases, town staff the cases sent to their town."""
    if actor.role == Role.SERVICE_STAFF:
        code = actor.scope_region_code or ""
        if event.handling_town_id is None or not code.startswith(event.handling_town_id):
            raise NotAllowed(_("This case was not sent to your town."))
    elif actor.role == Role.APPROVER and event.department_id != actor.department_id:
        raise NotAllowed(_("This case was not sent to your department."))


def accept_event(actor: Any, event: Event, *, note: str = "") -> Event:
    """The department takes the case on (签收); the handling deadline keeps running."""
    LOOP.check(event, State.HANDLING, actor)
    _check_handler(actor, event)
    return _step(actor, event, State.HANDLING, note=note, restart_clock=False)


def send_back_event(actor: Any, event: Event, *, reason: str) -> Event:
    """A department returns a case that is not its business to the dispatcher (退回)."""
    LOOP.check(event, State.REGISTERED, actor)
    _check_handler(actor, event)
    reason = _require_note(reason, _("Say why the case is not yours."))
    return _step(
        actor,
        event,
        State.REGISTERED,
        note=reason,
        updates={"department": None, "handling_town": None},
    )


def handle_event(
    actor: Any, event: Event, *, note: str, photos: Iterable[UploadedFile] = ()
) -> Event:
    """Report the work done (处置反馈), with photos of the result."""
    LOOP.check(event, State.HANDLED, actor)
    _check_handler(actor, event)
    note = _require_note(note, _("Say what was done."))
    _step(
        actor,
        event,
        State.HANDLED,
        note=note,
        updates={"handled_at": timezone.now()},
        photos=photos,
        stage=Photo.Stage.HANDLED,
    )
    transaction.on_commit(
        lambda: _notify_holders(event, gettext_lazy("A case in your grid awaits checking"))
    )
    return event


def verify_event(
    actor: Any, event: Event, *, passed: bool, note: str = "", photos: Iterable[UploadedFile] = ()
) -> Event:
    """The grid's worker checks the result on site (核查): passed → verified; failed → returned
    to the department for rework, with a note saying what is still wrong."""
    target = State.VERIFIED if passed else State.RETURNED
    LOOP.check(event, target, actor)
    if not passed:
        note = _require_note(note, _("Say what is still wrong."))
    updates: dict[str, Any] = (
        {"verified_at": timezone.now()} if passed else {"rework_count": event.rework_count + 1}
    )
    _step(
        actor,
        event,
        target,
        note=note,
        updates=updates,
        photos=photos,
        stage=Photo.Stage.VERIFY,
    )
    if not passed:
        transaction.on_commit(
            lambda: _notify_holders(event, gettext_lazy("A case came back for rework"))
        )
    return event


def rework_event(actor: Any, event: Event, *, note: str = "") -> Event:
    """The department starts again on a returned case."""
    LOOP.check(event, State.HANDLING, actor)
    _check_handler(actor, event)
    return _step(actor, event, State.HANDLING, note=note, restart_clock=False)


def close_event(actor: Any, event: Event, *, note: str = "") -> Event:
    """The grid center closes a verified case (结案); the reporter may now rate it."""
    _step(actor, event, State.CLOSED, note=note, updates={"closed_at": timezone.now()})
    if event.reporter_id:
        reporter = event.reporter
        transaction.on_commit(lambda: _notify_reporter(reporter, event))
    return event


def rate_event(actor: Any, event: Event, *, rating: str, note: str = "") -> Event:
    """The reporter rates the result (评价); the grid center may record a rating given on a
    callback to a hotline caller."""
    if rating not in Rating.values:
        raise ActionError(_("Choose a rating."), errors=[{"field": "rating"}])
    LOOP.check(event, State.EVALUATED, actor)
    _check_rater(actor, event)
    return _step(
        actor,
        event,
        State.EVALUATED,
        note=note,
        updates={
            "rating": rating,
            "rating_note": note.strip()[:500],
            "evaluated_at": timezone.now(),
        },
    )


def _notify_reporter(reporter: Any, event: Event) -> None:
    with in_district_language():
        text = _("Your report %(n)s is closed: please rate it.") % {"n": event.number}
    notify([reporter], text, event, url=f"/events/{event.pk}/")


def _check_rater(actor: Any, event: Event) -> None:
    """The reporter rates; the grid center records a rating only for reports without a
    resident's account (hotline callers, the public page), after calling them back."""
    if actor.role in REPORTERS_WHO_RATE and event.reporter_id != actor.pk:
        raise NotAllowed(_("Only the person who reported it can rate it."))
    if actor.role in DISPATCHERS and event.reporter_id and event.reporter.role == Role.RESIDENT:
        raise NotAllowed(_("The resident who reported it rates it."))


def reveal_contact_phone(actor: Any, event: Event) -> str:
    """The caller's phone in clear, for calling back; every reveal is audit-logged."""
    if actor.role == Role.RESIDENT or event.contact_phone is None:
        raise NotAllowed(_("You may not see this number."))
    phone = get_keyring().decrypt(bytes(event.contact_phone), PHONE_CONTEXT)
    audit(actor, "events.reveal_contact", event, after={"field": "contact_phone"})
    return phone


# --- deadlines and escalation ------------------------------------------------------------------
def escalate_overdue(now: datetime | None = None, *, batch: int = 500) -> dict[str, int]:
    """Mark every event whose watch time has come overdue and escalate it one level (督办).

    Found through ``event_watch_idx`` (only due rows are read, however many are open). Each
    event is claimed with a conditional UPDATE on the watch time it was read with, so two ticks
    running at once escalate it once. Level 1 tells whoever holds the step; level 2, when the
    step is still not done after as long again, tells the area's leaders too.
    """
    now = now or timezone.now()
    counts = {"escalated": 0, "leaders_told": 0}
    while True:
        due = list(
            Event.objects.overdue(now)
            .select_related("category", "department", "region")
            .order_by("watch_at")[:batch]
        )
        if not due:
            return counts
        for event in due:
            if _escalate(event, now):
                counts["escalated"] += 1
                counts["leaders_told"] += event.escalation_level >= MAX_ESCALATION


def _escalate(event: Event, now: datetime) -> bool:
    level = event.escalation_level + 1
    if level >= MAX_ESCALATION or event.step_started_at is None or event.due_at is None:
        next_watch = None
    else:
        next_watch = event.due_at + (event.due_at - event.step_started_at)
    with transaction.atomic(), in_district_language():
        claimed = Event.objects.filter(
            pk=event.pk, state=event.state, watch_at=event.watch_at
        ).update(
            overdue=True, late=True, escalation_level=level, watch_at=next_watch, updated_at=now
        )
        if not claimed:
            return False
        event.overdue, event.late = True, True
        event.escalation_level, event.watch_at = level, next_watch
        overdue_by = now - event.due_at if event.due_at else None
        hours = int(overdue_by.total_seconds() // 3600) if overdue_by else 0
        record_note(
            event,
            None,
            _("Overdue by %(hours)d h: escalated to level %(level)d (督办).")
            % {"hours": hours, "level": level},
        )
        message = _("Overdue (level %(level)d): case %(n)s, %(category)s") % {
            "level": level,
            "n": event.number,
            "category": event.category.name,
        }
        people = _holders(event)
        if level >= MAX_ESCALATION:
            people += _leaders(event)
        notify(people, message, event, url=f"/events/{event.pk}/")
    return True


def _holders(event: Event) -> list[User]:
    """Whoever must act on the event's current step."""
    staff = User.objects.filter(is_active=True)
    if event.state in (State.REPORTED, State.REGISTERED, State.VERIFIED):
        return _in_area(staff.filter(role=Role.REVIEWER), event.region_id)
    if event.state in (State.DISPATCHED, State.HANDLING, State.RETURNED):
        if event.department_id:
            return list(staff.filter(role=Role.APPROVER, department_id=event.department_id))
        if event.handling_town_id:
            return list(
                staff.filter(role=Role.SERVICE_STAFF, scope_region__code=event.handling_town_id)
            )
        return []
    if event.state == State.HANDLED:
        ids = GridAssignment.objects.filter(grid__code=event.region_id).values("worker_id")
        return list(staff.filter(pk__in=ids, role=Role.GRID_WORKER))
    return []


def _leaders(event: Event) -> list[User]:
    return _in_area(User.objects.filter(is_active=True, role=Role.LEADER), event.region_id)


def _in_area(users: Any, code: str) -> list[User]:
    """Users whose scope region contains ``code`` (at most a handful per area)."""
    return [
        u
        for u in users.select_related("scope_region")
        if u.scope_region_id and code.startswith(u.scope_region.code)
    ]


def _notify_dispatchers(event: Event) -> None:
    """A new report goes to the grid centre's reviewers of its area (its step's holders)."""
    with in_district_language():
        text = _("New report %(n)s: %(category)s") % {"n": event.number, "category": event.category}
    notify(_holders(event), text, event, url=f"/events/{event.pk}/")


def _notify_holders(event: Event, text: Any) -> None:
    with in_district_language():
        notify(_holders(event), f"{text}: {event.number}", event, url=f"/events/{event.pk}/")


def recompute_provisional(years: set[int]) -> int:
    """After a year's holiday schedule is entered, recompute deadlines that were provisional."""
    changed = 0
    for event in Event.objects.filter(due_provisional=True).select_related("category"):
        step = STEP_OF_STATE.get(event.state)
        if step is None or event.step_started_at is None:
            continue
        due = step_deadline(event.category, event.urgency, step, event.step_started_at)
        watch = due.at if event.escalation_level == 0 else event.watch_at
        changed += Event.objects.filter(pk=event.pk, state=event.state).update(
            due_at=due.at, due_provisional=due.provisional, watch_at=watch
        )
    return changed


SOURCE_FOR_ROLE = {
    Role.GRID_WORKER: Source.GRID_WORKER,
    Role.RESIDENT: Source.RESIDENT,
}


def source_for(actor: Any) -> str:
    """Where a report comes from when the reporter does not say (the web or the API)."""
    if not getattr(actor, "is_authenticated", False):
        return Source.PUBLIC
    return SOURCE_FOR_ROLE.get(actor.role, Source.STAFF)


# --- one entry point for pages and the API ------------------------------------------------------
@dataclass
class StepInput:
    """What a person sends with a step; each action reads the fields it needs."""

    note: str = ""
    category: Category | None = None
    urgency: str = ""
    region: Region | None = None
    department: Department | None = None
    town: Region | None = None
    rating: str = ""
    photos: list[UploadedFile] = field(default_factory=list)


# action name → (target state, function); the names are the buttons' and the API's.
ACTIONS: dict[str, tuple[str, Any]] = {
    "register": (
        State.REGISTERED,
        lambda a, e, s: register_event(
            a, e, category=s.category, urgency=s.urgency, region=s.region, note=s.note
        ),
    ),
    "reject": (State.REJECTED, lambda a, e, s: reject_event(a, e, reason=s.note)),
    "dispatch": (
        State.DISPATCHED,
        lambda a, e, s: dispatch_event(a, e, department=s.department, town=s.town, note=s.note),
    ),
    "accept": (State.HANDLING, lambda a, e, s: accept_event(a, e, note=s.note)),
    "send_back": (State.REGISTERED, lambda a, e, s: send_back_event(a, e, reason=s.note)),
    "handle": (State.HANDLED, lambda a, e, s: handle_event(a, e, note=s.note, photos=s.photos)),
    "verify": (
        State.VERIFIED,
        lambda a, e, s: verify_event(a, e, passed=True, note=s.note, photos=s.photos),
    ),
    "return": (
        State.RETURNED,
        lambda a, e, s: verify_event(a, e, passed=False, note=s.note, photos=s.photos),
    ),
    "rework": (State.HANDLING, lambda a, e, s: rework_event(a, e, note=s.note)),
    "close": (State.CLOSED, lambda a, e, s: close_event(a, e, note=s.note)),
    "rate": (State.EVALUATED, lambda a, e, s: rate_event(a, e, rating=s.rating, note=s.note)),
}
# From which state each name applies (accept and rework both lead to handling).
ACTION_SOURCE = {
    "register": State.REPORTED,
    "reject": State.REPORTED,
    "dispatch": State.REGISTERED,
    "accept": State.DISPATCHED,
    "send_back": State.DISPATCHED,
    "handle": State.HANDLING,
    "verify": State.HANDLED,
    "return": State.HANDLED,
    "rework": State.RETURNED,
    "close": State.VERIFIED,
    "rate": State.CLOSED,
}


def take_step(actor: Any, event: Event, action: str, data: StepInput) -> Event:
    """Run the step called ``action``; an unknown name or one that does not apply to the
    event's state is an ActionError like any step out of order."""
    if action not in ACTIONS:
        raise ActionError(_("Unknown step “%(a)s”.") % {"a": action})
    if ACTION_SOURCE[action] != event.state:
        LOOP.check(event, ACTIONS[action][0], actor)  # raises the "cannot go from" message
        raise ActionError(
            _("This step does not apply to a case that is “%(state)s”.")
            % {"state": event.get_state_display()}
        )
    return ACTIONS[action][1](actor, event, data)


def available_actions(actor: Any, event: Event) -> list[str]:
    """The steps ``actor`` may take on ``event`` now (which buttons to show)."""
    role = getattr(actor, "role", None)
    names = []
    for name, source in ACTION_SOURCE.items():
        target = ACTIONS[name][0]
        if source != event.state or target not in LOOP.allowed(event.state, role):
            continue
        if role in HANDLERS and name in ("accept", "send_back", "handle", "rework"):
            try:
                _check_handler(actor, event)
            except NotAllowed:
                continue
        if name == "rate":
            try:
                _check_rater(actor, event)
            except NotAllowed:
                continue
        names.append(name)
    return names


def claim_reports(user: Any, numbers: list[str]) -> int:
    """Give a resident the reports this browser filed without an account (the numbers the
    session kept), so that they can follow and rate them. Only public reports nobody owns yet;
    returns how many were claimed."""
    if getattr(user, "role", None) != Role.RESIDENT or not numbers:
        return 0
    with transaction.atomic():
        events = list(
            Event.objects.filter(number__in=numbers, reporter__isnull=True, source=Source.PUBLIC)
        )
        Event.objects.filter(pk__in=[e.pk for e in events]).update(reporter=user)
        for event in events:
            audit(user, "events.claim_report", event)
    return len(events)
