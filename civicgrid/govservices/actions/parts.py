"""The back office and the way out: review steps, decision, certificate, delivery, closing, rating.

A part is reviewed at its department through the item's steps, each held by an assignee (the
approver who takes it up, or a colleague it is passed to); the last step's holder approves or
denies it, and the department issues the certificate (or the decision document). The window —
the clerk who owns the application — delivers it: for pick-up or by mail with a tracking
number. The applicant confirms receipt (or the clerk closes it); when every part is closed the
application closes, and the applicant rates the service (好差评).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role, User
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.workdays import working_days_between
from civicgrid.core.workflow import record_note

from .. import deadlines
from ..models import Application, ApplicationState, Delivery, Part, PartState
from .common import (
    BACK_OFFICE,
    INTAKE,
    SYSTEM,
    check_owner_clerk,
    guard_part,
    is_applicant,
    tell_applicant,
)

TRACKING = re.compile(r"^[A-Za-z0-9-]{8,40}$")
DECIDED = (PartState.APPROVED, PartState.DENIED, PartState.ISSUED, PartState.DELIVERED)


def _department_step(actor: Any, part: Part, target: str) -> None:
    BACK_OFFICE.check(part, target, actor)
    guard_part(actor, part)


def _check_assignee(actor: Any, part: Part) -> None:
    if part.assignee_id is None:
        raise NotAllowed(_("Take the part up first."))
    if part.assignee_id != actor.pk:
        raise NotAllowed(_("This step is assigned to %(name)s.") % {"name": part.assignee})


def take_up_part(actor: Any, part: Part, *, note: str = "") -> Part:
    """An approver of the department takes the part up: it enters review at its first step,
    assigned to them."""
    _department_step(actor, part, PartState.IN_REVIEW)
    now = timezone.now()
    with in_district_language():
        BACK_OFFICE.move(
            part,
            PartState.IN_REVIEW,
            actor,
            note=note.strip() or _("Taken up: %(step)s.") % {"step": part.item.step_names[0]},
            updates={"assignee": actor, "step_index": 0, "updated_at": now},
        )
    return part


def complete_step(actor: Any, part: Part, *, note: str = "", assign_to: User | None = None) -> Part:
    """The assignee finishes the current review step; the next step goes to ``assign_to`` (an
    approver of the same department) or stays with them. The last step ends with a decision
    instead (approve or deny)."""
    if part.state != PartState.IN_REVIEW:
        raise ActionError(_("This part is not in review."))
    guard_part(actor, part)
    _check_assignee(actor, part)
    if part.last_step:
        raise ActionError(_("This is the last step: approve or deny."))
    holder = assign_to or actor
    if holder.role != Role.APPROVER or holder.department_id != part.department_id:
        raise ActionError(
            _("Pass the step to an approver of %(department)s.") % {"department": part.department},
            errors=[{"field": "assign_to"}],
        )
    steps = part.item.step_names
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        moved = Part.objects.filter(
            pk=part.pk, state=PartState.IN_REVIEW, step_index=part.step_index, assignee=actor
        ).update(step_index=F("step_index") + 1, assignee=holder, updated_at=now)
        if not moved:
            raise Conflict(
                _("Someone else has just acted on this case. Reload it to see what changed.")
            )
        finished = steps[part.step_index]
        part.step_index += 1
        part.assignee = holder
        text = _("%(done)s done; next: %(next)s (%(holder)s).") % {
            "done": finished,
            "next": steps[part.step_index],
            "holder": holder,
        }
        record_note(part, actor, f"{text} {note.strip()}".strip())
    if holder.pk != actor.pk:
        transaction.on_commit(
            lambda: notify(
                [holder],
                _("Assigned to you: %(step)s, %(n)s")
                % {"step": steps[part.step_index], "n": part.application.number},
                part.application,
                url=f"/services/applications/{part.application.number}/",
            )
        )
    return part


def decide_part(actor: Any, part: Part, *, approve: bool, note: str = "") -> Part:
    """The last step's holder approves or denies (a denial needs its reason). The part's clock
    stops and the working days it took are measured; when a bundle stage is fully decided the
    next stage starts (or, after a denial, the later stages are closed unstarted)."""
    target = PartState.APPROVED if approve else PartState.DENIED
    _department_step(actor, part, target)
    _check_assignee(actor, part)
    if not part.last_step:
        raise ActionError(_("Finish the step “%(step)s” first.") % {"step": part.step_name})
    reason = note.strip()
    if not approve and not reason:
        raise ActionError(_("Give the reason for the denial."), errors=[{"field": "note"}])
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        BACK_OFFICE.move(
            part,
            target,
            actor,
            note=reason or _("Approved."),
            updates={
                "decided_at": now,
                "days_taken": working_days_between(part.started_at or now, now),
                "decision_reason": reason[:500],
                "updated_at": now,
                **deadlines.stopped(),
            },
        )
        audit(actor, f"govservices.{'approve' if approve else 'deny'}", part)
        _after_decision(part.application, now)
    return part


def _after_decision(application: Application, now: datetime) -> None:
    """Start the next stage when this one is decided; stop the application's clock when all
    parts are."""
    parts = list(application.parts.select_related("item").order_by("stage", "id"))
    waiting = [p for p in parts if p.state == PartState.WAITING]
    open_now = [p for p in parts if p.state in (PartState.ACCEPTED, PartState.IN_REVIEW)]
    if open_now:
        return
    if waiting:
        stage = min(p.stage for p in waiting)
        denied = any(p.state == PartState.DENIED for p in parts if p.stage < stage)
        for part in waiting:
            if denied:
                BACK_OFFICE.move(
                    part,
                    PartState.CLOSED,
                    SYSTEM,
                    note=_("Not started: an earlier part was denied."),
                    updates={"closed_at": now, "updated_at": now},
                )
            elif part.stage == stage:
                BACK_OFFICE.move(
                    part,
                    PartState.ACCEPTED,
                    SYSTEM,
                    note=_("Routed to %(department)s.") % {"department": part.item.department},
                    updates={
                        "started_at": now,
                        "updated_at": now,
                        **deadlines.clock(now, part.item.promised_days),
                    },
                )
        if not denied:
            return
    Application.objects.filter(pk=application.pk).update(**deadlines.stopped(), updated_at=now)


def issue_part(actor: Any, part: Part, *, certificate_number: str, note: str = "") -> Part:
    """The department issues the certificate (or, for a denial, the decision document), with
    its number; the window is told to deliver it."""
    number = certificate_number.strip()
    if not number or len(number) > 60:
        raise ActionError(
            _("Enter the certificate or decision document number."),
            errors=[{"field": "certificate_number"}],
        )
    _department_step(actor, part, PartState.ISSUED)
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        BACK_OFFICE.move(
            part,
            PartState.ISSUED,
            actor,
            note=(_("Issued: %(number)s.") % {"number": number} + " " + note.strip()).strip(),
            updates={"certificate_number": number, "issued_at": now, "updated_at": now},
        )
        audit(actor, "govservices.issue", part, after={"certificate_number": number})
        clerk = part.application.responsible_clerk
        text = _("Ready to deliver: %(n)s %(item)s") % {
            "n": part.application.number,
            "item": part.item.name,
        }
        url = f"/services/applications/{part.application.number}/"
        transaction.on_commit(lambda: notify([clerk], text, part.application, url=url))
    return part


def deliver_part(
    actor: Any, part: Part, *, method: str = "", tracking_number: str = "", note: str = ""
) -> Part:
    """The window hands the result over: picked up, or mailed (free EMS) with its tracking
    number. Only the clerk who owns the application (首问负责)."""
    application = part.application
    BACK_OFFICE.check(part, PartState.DELIVERED, actor)
    guard_part(actor, part)
    check_owner_clerk(actor, application)
    method = method or application.delivery
    if method not in Delivery.values:
        raise ActionError(_("Choose pick-up or mail."), errors=[{"field": "method"}])
    tracking = tracking_number.strip().upper()
    if method == Delivery.MAIL and not TRACKING.match(tracking):
        raise ActionError(
            _("Enter the mail's tracking number (8–40 letters and digits)."),
            errors=[{"field": "tracking_number"}],
        )
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        if method == Delivery.MAIL:
            text = _("Mailed, tracking number %(t)s.") % {"t": tracking}
        else:
            text = _("Picked up at the window.")
        BACK_OFFICE.move(
            part,
            PartState.DELIVERED,
            actor,
            note=f"{text} {note.strip()}".strip(),
            updates={
                "delivery": method,
                "tracking_number": tracking if method == Delivery.MAIL else "",
                "delivered_at": now,
                "updated_at": now,
            },
        )
        audit(actor, "govservices.deliver", part, after={"method": method})
        tell_applicant(
            application,
            _("%(n)s %(item)s: %(text)s")
            % {"n": application.number, "item": part.item.name, "text": text},
        )
    return part


def close_part(actor: Any, part: Part, *, note: str = "") -> Part:
    """The applicant confirms receipt, or the responsible clerk closes a delivered part; the
    application closes with its last part."""
    application = part.application
    BACK_OFFICE.check(part, PartState.CLOSED, actor)
    guard_part(actor, part)
    if actor.role == Role.RESIDENT:
        if not is_applicant(actor, application):
            raise NotAllowed(_("Only the applicant can confirm receipt."))
    else:
        check_owner_clerk(actor, application)
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        BACK_OFFICE.move(
            part,
            PartState.CLOSED,
            actor,
            note=note.strip()
            or (_("Receipt confirmed.") if actor.role == Role.RESIDENT else _("Closed.")),
            updates={"closed_at": now, "updated_at": now},
        )
        if not application.parts.exclude(state=PartState.CLOSED).exists():
            INTAKE.move(
                application,
                ApplicationState.CLOSED,
                SYSTEM,
                note=_("Every part is closed."),
                updates={"closed_at": now, "updated_at": now, **deadlines.stopped()},
            )
            tell_applicant(
                application,
                _("Application %(n)s is complete. Please rate the service.")
                % {"n": application.number},
            )
    return part


def rate_application(
    actor: Any, application: Application, *, score: int, comment: str = "", verified: bool = False
) -> Application:
    """好差评: the applicant rates a closed application once, 1 (very dissatisfied) to 5 (very
    satisfied). ``verified`` means the caller proved to be the applicant without an account
    (number + last four digits of the phone on the progress page)."""
    if not (verified or is_applicant(actor, application)):
        raise NotAllowed(_("Only the applicant can rate this application."))
    if application.state != ApplicationState.CLOSED:
        raise ActionError(_("An application can be rated once it is closed."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ActionError(_("Rate from 1 to 5 stars."), errors=[{"field": "score"}])
    comment = comment.strip()[:500]
    now = timezone.now()
    with transaction.atomic(), in_district_language():
        rated = Application.objects.filter(pk=application.pk, rated_at__isnull=True).update(
            rating=score, rating_comment=comment, rated_at=now
        )
        if not rated:
            raise Conflict(_("This application has already been rated."))
        application.rating, application.rating_comment, application.rated_at = score, comment, now
        record_note(
            application,
            actor,
            _("Rated %(score)d/5.") % {"score": score} + (f" {comment}" if comment else ""),
        )
    return application
