"""What the application actions share: the two workflows, who may act, the scope guard."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role, User
from civicgrid.core.errors import NotAllowed
from civicgrid.core.notifications import notify
from civicgrid.core.workflow import Workflow
from civicgrid.regions.models import Level

from ..models import Application, ApplicationState, Part, PartState, ServiceItem

A, P = ApplicationState, PartState
WINDOW = frozenset({Role.CLERK, Role.SERVICE_STAFF})
DEPARTMENT = frozenset({Role.APPROVER})
APPLICANTS = frozenset({Role.RESIDENT, Role.GRID_WORKER})
SYSTEM_ROLE = "system"


class System:
    """The system as actor: a step that follows from another (the next stage of a bundle starts,
    the application closes with its last part). Recorded on the timeline without a person."""

    role = SYSTEM_ROLE
    is_authenticated = False
    pk = None


SYSTEM = System()

# The workflows: only these transitions exist (see docs/govservices.md).
INTAKE = Workflow(
    "application",
    "state",
    [
        (A.SUBMITTED, A.ACCEPTED, WINDOW),
        (A.SUBMITTED, A.SUPPLEMENT_REQUESTED, WINDOW),
        (A.SUBMITTED, A.NOT_ACCEPTED, WINDOW),
        (A.SUPPLEMENT_REQUESTED, A.SUBMITTED, WINDOW | APPLICANTS),
        (A.ACCEPTED, A.CLOSED, {SYSTEM_ROLE}),
    ],
)
BACK_OFFICE = Workflow(
    "part",
    "state",
    [
        (P.WAITING, P.ACCEPTED, {SYSTEM_ROLE}),
        (P.WAITING, P.CLOSED, {SYSTEM_ROLE}),
        (P.ACCEPTED, P.IN_REVIEW, DEPARTMENT),
        (P.IN_REVIEW, P.APPROVED, DEPARTMENT),
        (P.IN_REVIEW, P.DENIED, DEPARTMENT),
        (P.APPROVED, P.ISSUED, DEPARTMENT),
        (P.DENIED, P.ISSUED, DEPARTMENT),
        (P.ISSUED, P.DELIVERED, WINDOW),
        (P.DELIVERED, P.CLOSED, WINDOW | {Role.RESIDENT}),
    ],
)


def guard_application(actor: Any, application: Application) -> None:
    """Pages and the API fetch through the scope first; this guards every other caller."""
    if not Application.objects.visible_to(actor).filter(pk=application.pk).exists():
        raise NotAllowed(_("This application is outside your area."))


def guard_part(actor: Any, part: Part) -> None:
    if not Part.objects.visible_to(actor).filter(pk=part.pk).exists():
        raise NotAllowed(_("This part is not routed to your department."))


def may_accept(actor: Any, items: list[ServiceItem]) -> bool:
    """The comprehensive window accepts every item (一窗受理); a town or village centre only the
    items delegated to its level."""
    if actor.role == Role.CLERK:
        return True
    if actor.role != Role.SERVICE_STAFF or actor.scope_region_id is None:
        return False
    level = actor.scope_region.level
    if level == Level.DISTRICT:
        return True
    if level == Level.TOWN:
        return all(item.accept_town for item in items)
    if level in (Level.VILLAGE, Level.COMMUNITY):
        return all(item.accept_village for item in items)
    return False


def items_of(application: Application) -> list[ServiceItem]:
    if application.bundle_id:
        return [bi.item for bi in application.bundle.bundle_items.select_related("item")]
    return [application.item]


def check_owner_clerk(actor: Any, application: Application) -> None:
    """首问负责: once a clerk has acted on an application, the window side is theirs to the end."""
    clerk = application.responsible_clerk_id
    if clerk is not None and clerk != actor.pk and actor.role in WINDOW:
        raise NotAllowed(
            _("%(name)s handles this application at the window (首问负责).")
            % {"name": application.responsible_clerk}
        )


def is_applicant(actor: Any, application: Application) -> bool:
    return bool(
        getattr(actor, "is_authenticated", False)
        and (
            application.applicant_account_id == actor.pk
            or (actor.role == Role.GRID_WORKER and application.submitted_by_id == actor.pk)
        )
    )


def tell_applicant(application: Application, text: str) -> None:
    """Tell the applicant's account and whoever applied for them, once the step commits."""
    people = [application.applicant_account_id, application.submitted_by_id]
    recipients = User.objects.filter(pk__in=[p for p in people if p], role__in=APPLICANTS)
    url = f"/services/applications/{application.number}/"
    transaction.on_commit(lambda: notify(list(recipients), text, application, url=url))
