"""Submitting an application and the window's decision on it (一窗受理).

``submit_application`` checks everything — channel, applicant, form, every file — before it
writes anything, fills in what the registry already holds (免提交), and starts the promise clock.
The window then accepts (the application fans out into one part per item at the items'
departments), asks for every missing or invalid material in one notice (一次性告知, the clock
pauses until the applicant resubmits), or refuses it with a reason. The clerk who first acts owns
the application to the end (首问负责).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role, User
from civicgrid.core import uploads as material_files
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.privacy import get_keyring, mask_id_number, mask_phone
from civicgrid.core.workflow import record_note
from civicgrid.regions.models import Level, Region
from civicgrid.registry.actions.privacy import record_view
from civicgrid.registry.actions.records import decrypt_id_number
from civicgrid.registry.divisions import area_checker
from civicgrid.registry.identifiers import IdNumberError, parse_id_number
from civicgrid.registry.models import Person

from .. import deadlines, formspec
from ..models import (
    Application,
    ApplicationState,
    Bundle,
    Channel,
    Delivery,
    Material,
    Notice,
    Part,
    PartState,
    ServiceItem,
    SubmittedMaterial,
)
from .common import (
    INTAKE,
    check_owner_clerk,
    guard_application,
    is_applicant,
    items_of,
    may_accept,
    tell_applicant,
)

ID_CONTEXT = b"govservices.application.applicant_id"
PHONE_CONTEXT = b"govservices.application.applicant_phone"
FORM_CONTEXT = b"govservices.application.form_sensitive"
CHANNELS_BY_ROLE = {
    Role.RESIDENT: {Channel.ONLINE, Channel.MOBILE},
    Role.GRID_WORKER: {Channel.GRID_PROXY},
    Role.CLERK: {Channel.WINDOW},
    Role.SERVICE_STAFF: {Channel.TOWN_CENTRE, Channel.VILLAGE_CENTRE},
}
ONLINE_CHANNELS = {Channel.ONLINE, Channel.MOBILE, Channel.GRID_PROXY}
MATERIALS_FOLDER = "govservices/materials"
MAX_FILES_PER_MATERIAL = 5


@dataclass
class Submission:
    """What an applicant (or the person applying for them) sends.

    ``files`` maps a material's id to the files supplied for it. Staff channels name the
    applicant as ``person`` (found in the registry through the staff member's scope) or, for
    someone not in the registry, by ``name``, ``id_number`` and ``phone``; a resident applies
    for themselves. ``consent`` records how a resident agreed to a grid worker applying for them.
    """

    target: ServiceItem | Bundle
    values: dict[str, Any] = field(default_factory=dict)
    files: dict[int, list[UploadedFile]] = field(default_factory=dict)
    channel: str = ""
    person: Person | None = None
    name: str = ""
    id_number: str = ""
    phone: str = ""
    consent: str = ""
    delivery: str = Delivery.PICKUP
    mailing_address: str = ""


@dataclass
class _Applicant:
    person: Person | None
    account: Any
    name: str
    id_number: str
    phone: str
    region_code: str
    prefill: dict[str, Any]


def submit_application(
    actor: Any, submission: Submission, *, idempotency: tuple[str, str] | None = None
) -> tuple[Application, bool]:
    """File an application; returns ``(application, created)``.

    Every check runs before anything is written: the channel for the actor's role, the item's
    availability online, the applicant, the form (every problem reported at once), every file
    (type by content and size). A repeat of ``idempotency`` = (scope, key) with the same content
    returns the first application (``created`` False); with different content it is refused.
    Missing required materials do not stop a submission: the window asks for them in one notice.
    """
    target = submission.target
    if not target.active:
        raise ActionError(_("“%(name)s” is no longer offered.") % {"name": target.name})
    items = _items(target)
    channel = _channel(actor, submission, items)
    applicant = _applicant(actor, submission)
    cleaned, errors = formspec.validate(target.form, submission.values, applicant.prefill)
    errors += _delivery_errors(submission)
    if errors:
        raise ActionError(_("Please correct the form."), errors=errors)
    checked = _checked_files(target, submission.files)
    digest = _digest(target, cleaned, checked, applicant)
    if idempotency:
        previous = _previous(idempotency, digest)
        if previous:
            return previous, False

    now = timezone.now()
    keyring = get_keyring()
    written: list[str] = []
    try:
        with transaction.atomic():
            application = Application.objects.create(
                item=target if isinstance(target, ServiceItem) else None,
                bundle=target if isinstance(target, Bundle) else None,
                title=target.name,
                channel=channel,
                region_id=applicant.region_code,
                applicant_account=applicant.account,
                applicant_person=applicant.person,
                applicant_name=applicant.name,
                applicant_id_enc=keyring.encrypt(applicant.id_number, ID_CONTEXT),
                applicant_id_masked=mask_id_number(applicant.id_number),
                applicant_phone_enc=keyring.encrypt(applicant.phone, PHONE_CONTEXT),
                applicant_phone_masked=mask_phone(applicant.phone),
                submitted_by=actor,
                proxy_consent=submission.consent.strip()[:200],
                form_data=cleaned.public,
                form_sensitive=keyring.encrypt(
                    json.dumps(cleaned.sensitive, ensure_ascii=False), FORM_CONTEXT
                ),
                delivery=submission.delivery,
                mailing_address=submission.mailing_address.strip()[:200],
                promised_days=target.promised_days,
                clock_started_at=now,
                submitted_at=now,
                idempotency_scope=idempotency[0] if idempotency else "",
                idempotency_key=idempotency[1] if idempotency else "",
                request_digest=digest if idempotency else "",
                **deadlines.clock(now, target.promised_days),
            )
            application.number = f"BJ{timezone.localtime(now):%Y%m%d}{application.pk:06d}"
            application.save(update_fields=["number"])
            _store_files(application, checked, actor, written, now)
            with in_district_language():
                note = _("Submitted via %(channel)s.") % {
                    "channel": application.get_channel_display()
                }
                if application.proxy_consent:
                    note += " " + _("Applicant's consent: %(consent)s") % {
                        "consent": application.proxy_consent
                    }
            record_note(application, actor, note, opening=True)
            if applicant.person is not None and actor.role != Role.RESIDENT:
                record_view(actor, applicant.person)
            audit(actor, "govservices.submit", application, after={"channel": channel})
    except IntegrityError:
        material_files.discard(written)
        if idempotency:
            previous = _previous(idempotency, digest)
            if previous:
                return previous, False
        raise
    except BaseException:
        material_files.discard(written)
        raise
    return application, True


def _items(target: ServiceItem | Bundle) -> list[ServiceItem]:
    if isinstance(target, ServiceItem):
        return [target]
    return [bi.item for bi in target.bundle_items.select_related("item", "item__department")]


def _channel(actor: Any, submission: Submission, items: list[ServiceItem]) -> str:
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Sign in to apply."))
    allowed = CHANNELS_BY_ROLE.get(actor.role)
    if not allowed:
        raise NotAllowed(_("Your role may not submit applications."))
    channel = submission.channel or _default_channel(actor)
    if channel not in allowed:
        raise ActionError(
            _("A %(role)s cannot submit through the channel “%(channel)s”.")
            % {
                "role": actor.get_role_display(),
                "channel": dict(Channel.choices).get(channel, channel),
            },
            errors=[{"field": "channel"}],
        )
    offline = [item.name for item in items if not item.online]
    if channel in ONLINE_CHANNELS and offline:
        raise ActionError(
            _("%(items)s cannot be applied for online; please apply at a service window.")
            % {"items": "、".join(offline)}
        )
    if actor.role == Role.SERVICE_STAFF and not may_accept(actor, items):
        raise NotAllowed(_("Your centre may not accept this item; the district window does."))
    if channel == Channel.GRID_PROXY and not submission.consent.strip():
        raise ActionError(
            _("Record how the resident agreed that you apply for them."),
            errors=[{"field": "consent"}],
        )
    return channel


def _default_channel(actor: Any) -> str:
    if actor.role == Role.SERVICE_STAFF:
        level = actor.scope_region.level if actor.scope_region_id else ""
        return Channel.TOWN_CENTRE if level == Level.TOWN else Channel.VILLAGE_CENTRE
    return {
        Role.RESIDENT: Channel.ONLINE,
        Role.GRID_WORKER: Channel.GRID_PROXY,
        Role.CLERK: Channel.WINDOW,
    }[actor.role]


def _applicant(actor: Any, submission: Submission) -> _Applicant:
    """Who applies: a resident for themselves (their registry record if they have one), or the
    person a staff member names — found in the registry through their scope, or typed in."""
    if actor.role == Role.RESIDENT:
        person = Person.objects.filter(account=actor).select_related("household").first()
        account = actor
    else:
        person = submission.person
        if (
            person is not None
            and not Person.objects.visible_to(actor).filter(pk=person.pk).exists()
        ):
            raise ActionError(_("No such person in your area."), errors=[{"field": "person"}])
        account = person.account if person is not None else None
        if actor.role == Role.GRID_WORKER and person is None:
            raise ActionError(
                _("Choose the resident from your grid's registry."), errors=[{"field": "person"}]
            )
    if person is not None:
        id_number = decrypt_id_number(person)
        phone = person.phone or submission.phone.strip() or getattr(account, "phone", "")
        name = person.name
        region_code = person.grid_id
    else:
        name = (submission.name or getattr(account, "full_name", "")).strip()
        phone = (submission.phone or getattr(account, "phone", "")).strip()
        id_number = submission.id_number.strip()
        # Someone not in the registry belongs to where they applied: the centre's area (so that
        # its staff see the case), or the district at the comprehensive window.
        region_code = actor.scope_region_code if actor.role == Role.SERVICE_STAFF else None
        region_code = region_code or Region.objects.filter(level=Level.DISTRICT).values_list(
            "code", flat=True
        )[0]
    errors = []
    if not name:
        errors.append({"field": "name", "message": _("Enter the applicant's name.")})
    try:
        id_number = parse_id_number(id_number, area_in_use=area_checker()).number
    except IdNumberError as exc:
        errors.append({"field": "id_number", "message": exc.message})
    phone = phone.replace("-", "").replace(" ", "")
    if not (phone.isdigit() and 7 <= len(phone) <= 20):
        errors.append(
            {
                "field": "phone",
                "message": _("Enter a phone number: it is how the applicant follows the case."),
            }
        )
    if errors:
        raise ActionError(_("Please correct the applicant's details."), errors=errors)
    household = person.household if person is not None else None
    prefill = {
        "applicant.name": name,
        "applicant.id_number": id_number,
        "applicant.phone": phone,
        "applicant.sex": person.get_sex_display() if person else "",
        "applicant.birth_date": person.birth_date.isoformat() if person else "",
        "household.number": household.number if household else "",
        "household.address": household.address if household else "",
        "household.head": str(household.head.name) if household and household.head else "",
    }
    return _Applicant(person, account, name, id_number, phone, region_code, prefill)


def registry_prefill(actor: Any) -> dict[str, Any]:
    """What the form shows as already known for a resident (masked where personal)."""
    person = Person.objects.filter(account=actor).select_related("household__head").first()
    if person is None:
        return {}
    household = person.household
    return {
        "applicant.name": person.name,
        "applicant.id_number": person.id_number_masked,
        "applicant.phone": mask_phone(person.phone) if person.phone else "",
        "applicant.sex": person.get_sex_display(),
        "applicant.birth_date": person.birth_date.isoformat(),
        "household.number": household.number if household else "",
        "household.address": household.address if household else "",
        "household.head": household.head.name if household and household.head else "",
    }


def _delivery_errors(submission: Submission) -> list[dict[str, str]]:
    if submission.delivery not in Delivery.values:
        return [{"field": "delivery", "message": _("Choose pick-up or mail.")}]
    if submission.delivery == Delivery.MAIL and not submission.mailing_address.strip():
        return [{"field": "mailing_address", "message": _("Enter the mailing address.")}]
    return []


def _asked_materials(target: ServiceItem | Bundle) -> dict[int, Material]:
    return {m.pk: m for m in target.materials.all() if m.asked}


def _checked_files(
    target: ServiceItem | Bundle, files: dict[int, list[UploadedFile]]
) -> list[tuple[Material, material_files.CheckedFile]]:
    asked = _asked_materials(target)
    checked = []
    for material_id, uploads in files.items():
        material = asked.get(int(material_id))
        if material is None:
            raise ActionError(
                _("This application asks for no material with id %(id)s.") % {"id": material_id},
                errors=[{"field": "materials"}],
            )
        if len(uploads) > MAX_FILES_PER_MATERIAL:
            raise ActionError(
                _("%(material)s: at most %(n)d files.")
                % {"material": material.name, "n": MAX_FILES_PER_MATERIAL}
            )
        checked += [(material, material_files.check_file(u, material.name)) for u in uploads]
    return checked


def _store_files(
    application: Application,
    checked: Iterable[tuple[Material, material_files.CheckedFile]],
    actor: Any,
    written: list[str],
    now: datetime,
) -> list[SubmittedMaterial]:
    rows = [
        SubmittedMaterial(
            application=application,
            material=material,
            file=material_files.store(f, MATERIALS_FOLDER, written),
            original_name=f.name,
            content_type=f.content_type,
            size=len(f.data),
            sha256=f.sha256,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            uploaded_at=now,
        )
        for material, f in checked
    ]
    return SubmittedMaterial.objects.bulk_create(rows)


def _digest(
    target: ServiceItem | Bundle,
    cleaned: formspec.Cleaned,
    checked: list[tuple[Material, material_files.CheckedFile]],
    applicant: _Applicant,
) -> str:
    body = [
        type(target).__name__,
        target.code,
        applicant.id_number,
        cleaned.public,
        cleaned.sensitive,
        sorted((m.pk, f.sha256) for m, f in checked),
    ]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _previous(idempotency: tuple[str, str], digest: str) -> Application | None:
    scope, key = idempotency
    previous = Application.objects.filter(idempotency_scope=scope, idempotency_key=key).first()
    if previous is not None and previous.request_digest != digest:
        raise ActionError(
            _("This Idempotency-Key was already used for a different application."),
            errors=[{"field": "Idempotency-Key"}],
        )
    return previous


def missing_materials(application: Application) -> list[Material]:
    """Required materials the applicant has not supplied (held ones are never missing)."""
    supplied = set(
        application.submitted_materials.filter(superseded=False).values_list(
            "material_id", flat=True
        )
    )
    return [
        m
        for m in application.target.materials.all()
        if m.asked and m.required and m.pk not in supplied
    ]


# --- the window's decision ------------------------------------------------------------------------
def _window_step(actor: Any, application: Application, target: str) -> None:
    INTAKE.check(application, target, actor)
    guard_application(actor, application)
    check_owner_clerk(actor, application)
    if not may_accept(actor, items_of(application)):
        raise NotAllowed(_("Your centre may not accept this item; the district window does."))


def _notice(
    application: Application, kind: str, actor: Any, note: str, problems: list[Any] | None = None
) -> Notice:
    count = application.notices.count() + 1
    prefix = {"acceptance": "S", "supplement": "B", "not_accepted": "N"}[kind]
    return Notice.objects.create(
        application=application,
        kind=kind,
        number=f"{application.number}-{prefix}{count}",
        problems=problems or [],
        note=note,
        issued_by=actor,
        issued_at=timezone.now(),
    )


def accept_application(actor: Any, application: Application, *, note: str = "") -> Application:
    """受理: the window accepts; one part per item goes to its department (a bundle's first
    stage at once, later stages when the earlier one is decided). Refused while a required
    material is missing: ask for it with a one-time notice instead."""
    _window_step(actor, application, ApplicationState.ACCEPTED)
    missing = missing_materials(application)
    if missing:
        raise ActionError(
            _("Missing: %(names)s. Send a one-time notice for them instead.")
            % {"names": "、".join(m.name for m in missing)}
        )
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        INTAKE.move(
            application,
            ApplicationState.ACCEPTED,
            actor,
            note=note or _("Accepted."),
            updates={
                "responsible_clerk": actor,
                "accepted_at": now,
                "updated_at": now,
            },
        )
        _notice(application, Notice.Kind.ACCEPTANCE, actor, note)
        parts = _fan_out(application, now)
        audit(actor, "govservices.accept", application)
    transaction.on_commit(lambda: _tell_departments(parts))
    return application


def _fan_out(application: Application, now: datetime) -> list[Part]:
    if application.bundle_id:
        plan = [
            (bi.item, bi.stage)
            for bi in application.bundle.bundle_items.select_related("item__department")
        ]
    else:
        plan = [(application.item, 1)]
    first = min(stage for _item, stage in plan)
    parts = []
    for item, stage in plan:
        starts = stage == first
        part = Part.objects.create(
            application=application,
            item=item,
            department_id=item.department_id,
            stage=stage,
            state=PartState.ACCEPTED if starts else PartState.WAITING,
            started_at=now if starts else None,
            **(deadlines.clock(now, item.promised_days) if starts else {}),
        )
        record_note(
            part,
            None,
            _("Routed to %(department)s.") % {"department": item.department.name}
            if starts
            else _("Starts when stage %(stage)d is decided.") % {"stage": first},
            opening=True,
        )
        parts.append(part)
    return [p for p in parts if p.state == PartState.ACCEPTED]


def _tell_departments(parts: list[Part]) -> None:
    with in_district_language():
        for part in parts:
            approvers = User.objects.filter(
                role=Role.APPROVER, department_id=part.department_id, is_active=True
            )
            notify(
                approvers,
                _("New case %(n)s: %(item)s") % {"n": part.application.number, "item": part.item},
                part.application,
                url=f"/services/applications/{part.application.number}/",
            )


def request_supplement(
    actor: Any,
    application: Application,
    *,
    problems: dict[int, str],
    note: str = "",
) -> Notice:
    """一次性告知: one notice listing every material to supply or correct, with what is wrong.
    Required materials still missing are added to it even if the clerk did not tick them, so
    the applicant is never asked twice. The promise clock pauses until they resubmit."""
    _window_step(actor, application, ApplicationState.SUPPLEMENT_REQUESTED)
    asked = _asked_materials(application.target)
    listed: dict[int, str] = {}
    for material_id, problem in problems.items():
        if int(material_id) not in asked:
            raise ActionError(
                _("This application asks for no material with id %(id)s.") % {"id": material_id}
            )
        listed[int(material_id)] = problem.strip()[:200]
    with in_district_language():
        missing = {m.pk for m in missing_materials(application)}
        for pk in missing:
            if not listed.get(pk):
                listed[pk] = _("Not supplied.")
        if not listed:
            raise ActionError(
                _("Tick at least one material to supply or correct."),
                errors=[{"field": "problems"}],
            )
        entries = [
            {
                "material": pk,
                "name": asked[pk].name,
                "problem": text or _("Not valid; supply it again."),
            }
            for pk, text in sorted(listed.items(), key=lambda kv: asked[kv[0]].order)
        ]
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        summary = "；".join(f"{e['name']}：{e['problem']}" for e in entries)
        INTAKE.move(
            application,
            ApplicationState.SUPPLEMENT_REQUESTED,
            actor,
            note=_("One-time notice: %(list)s") % {"list": summary}
            + (f" {note.strip()}" if note.strip() else ""),
            updates={
                "responsible_clerk": actor,
                "updated_at": now,
                **deadlines.pause(application, now),
            },
        )
        notice = _notice(application, Notice.Kind.SUPPLEMENT, actor, note.strip(), entries)
        audit(actor, "govservices.request_supplement", application)
        tell_applicant(
            application,
            _("Application %(n)s: please supply %(list)s")
            % {"n": application.number, "list": summary},
        )
    return notice


def refuse_application(actor: Any, application: Application, *, reason: str) -> Application:
    """不予受理: refused at the window, with the reason on a notice."""
    reason = reason.strip()
    if not reason:
        raise ActionError(_("Give the reason."), errors=[{"field": "note"}])
    _window_step(actor, application, ApplicationState.NOT_ACCEPTED)
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        INTAKE.move(
            application,
            ApplicationState.NOT_ACCEPTED,
            actor,
            note=reason,
            updates={
                "responsible_clerk": actor,
                "not_accepted_reason": reason[:500],
                "closed_at": now,
                "updated_at": now,
                **deadlines.stopped(),
            },
        )
        _notice(application, Notice.Kind.NOT_ACCEPTED, actor, reason)
        audit(actor, "govservices.refuse", application)
        tell_applicant(
            application,
            _("Application %(n)s was not accepted: %(reason)s")
            % {"n": application.number, "reason": reason},
        )
    return application


def resubmit_application(
    actor: Any,
    application: Application,
    *,
    files: dict[int, list[UploadedFile]],
    note: str = "",
) -> Application:
    """The applicant (or whoever applied for them, or the responsible clerk at the window)
    supplies what the one-time notice lists; every listed material needs a new file. Replaced
    files are kept, marked superseded. The promise clock restarts for the days that remain."""
    INTAKE.check(application, ApplicationState.SUBMITTED, actor)
    guard_application(actor, application)
    if actor.role in (Role.RESIDENT, Role.GRID_WORKER) and not is_applicant(actor, application):
        raise NotAllowed(_("Only the applicant can supply the materials."))
    check_owner_clerk(actor, application)
    notice = application.notices.filter(kind=Notice.Kind.SUPPLEMENT).order_by("-issued_at").first()
    checked = _checked_files(application.target, files)
    supplied = {m.pk for m, _f in checked}
    missing = [
        e["name"] for e in (notice.problems if notice else []) if e["material"] not in supplied
    ]
    if missing:
        raise ActionError(
            _("Still missing: %(names)s.") % {"names": "、".join(missing)},
            errors=[{"field": "materials", "message": name} for name in missing],
        )
    now = timezone.now()
    written: list[str] = []
    try:
        with transaction.atomic(), in_district_language():
            application.submitted_materials.filter(
                material_id__in=supplied, superseded=False
            ).update(superseded=True)
            _store_files(application, checked, actor, written, now)
            INTAKE.move(
                application,
                ApplicationState.SUBMITTED,
                actor,
                note=note.strip() or _("Materials supplied."),
                updates={"updated_at": now, **deadlines.resume(application, now)},
            )
            audit(actor, "govservices.resubmit", application)
            if application.responsible_clerk_id:
                notify(
                    [application.responsible_clerk],
                    _("Application %(n)s: materials supplied.") % {"n": application.number},
                    application,
                    url=f"/services/applications/{application.number}/",
                )
    except BaseException:
        material_files.discard(written)
        raise
    return application


def reveal_form(actor: Any, application: Application) -> dict[str, str]:
    """The full identity numbers and phones of an application, written to the audit log first.
    Staff who may see the application only (the caller fetched it through the scope)."""
    if actor.role == Role.RESIDENT:
        raise NotAllowed(_("Your role may not see full ID numbers."))
    guard_application(actor, application)
    keyring = get_keyring()
    with transaction.atomic():
        audit(actor, "govservices.unmask", application, after={"fields": ["applicant", "form"]})
        values = json.loads(keyring.decrypt(bytes(application.form_sensitive), FORM_CONTEXT))
        values["applicant_id_number"] = keyring.decrypt(
            bytes(application.applicant_id_enc), ID_CONTEXT
        )
        values["applicant_phone"] = keyring.decrypt(
            bytes(application.applicant_phone_enc), PHONE_CONTEXT
        )
    return values
