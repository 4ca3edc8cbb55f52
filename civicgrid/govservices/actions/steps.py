"""One entry point for pages and the API: a named step on an application or one of its parts,
and the steps a person may take now (to show only the right buttons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role, User
from civicgrid.core.errors import ActionError

from ..models import Application, ApplicationState, Part, PartState
from . import applications as intake
from . import parts as back_office
from .common import WINDOW, is_applicant, items_of, may_accept


@dataclass
class StepInput:
    """What a person sends with a step; each step reads the fields it needs."""

    note: str = ""
    problems: dict[int, str] = field(default_factory=dict)
    files: dict[int, list[UploadedFile]] = field(default_factory=dict)
    assign_to: User | None = None
    certificate_number: str = ""
    method: str = ""
    tracking_number: str = ""
    score: int = 0


Step = Callable[[Any, Any, StepInput], Any]

APPLICATION_STEPS: dict[str, Step] = {
    "accept": lambda a, app, s: intake.accept_application(a, app, note=s.note),
    "supplement": lambda a, app, s: intake.request_supplement(
        a, app, problems=s.problems, note=s.note
    ),
    "refuse": lambda a, app, s: intake.refuse_application(a, app, reason=s.note),
    "resubmit": lambda a, app, s: intake.resubmit_application(a, app, files=s.files, note=s.note),
    "rate": lambda a, app, s: back_office.rate_application(a, app, score=s.score, comment=s.note),
}
PART_STEPS: dict[str, Step] = {
    "take_up": lambda a, p, s: back_office.take_up_part(a, p, note=s.note),
    "complete_step": lambda a, p, s: back_office.complete_step(
        a, p, note=s.note, assign_to=s.assign_to
    ),
    "approve": lambda a, p, s: back_office.decide_part(a, p, approve=True, note=s.note),
    "deny": lambda a, p, s: back_office.decide_part(a, p, approve=False, note=s.note),
    "issue": lambda a, p, s: back_office.issue_part(
        a, p, certificate_number=s.certificate_number, note=s.note
    ),
    "deliver": lambda a, p, s: back_office.deliver_part(
        a, p, method=s.method, tracking_number=s.tracking_number, note=s.note
    ),
    "close": lambda a, p, s: back_office.close_part(a, p, note=s.note),
}


def take_application_step(actor: Any, application: Application, name: str, data: StepInput) -> Any:
    step = APPLICATION_STEPS.get(name)
    if step is None:
        raise ActionError(_("Unknown step “%(name)s”.") % {"name": name})
    return step(actor, application, data)


def take_part_step(actor: Any, part: Part, name: str, data: StepInput) -> Any:
    step = PART_STEPS.get(name)
    if step is None:
        raise ActionError(_("Unknown step “%(name)s”.") % {"name": name})
    return step(actor, part, data)


def application_steps(actor: Any, application: Application) -> list[str]:
    """The application-level steps ``actor`` may take now (the actions still re-check)."""
    state, role = application.state, getattr(actor, "role", None)
    owner_ok = application.responsible_clerk_id in (None, getattr(actor, "pk", None))
    steps: list[str] = []
    if state == ApplicationState.SUBMITTED and role in WINDOW and owner_ok:
        if may_accept(actor, items_of(application)):
            steps += ["accept", "supplement", "refuse"]
    if state == ApplicationState.SUPPLEMENT_REQUESTED and (
        is_applicant(actor, application) or (role in WINDOW and owner_ok)
    ):
        steps.append("resubmit")
    if (
        state == ApplicationState.CLOSED
        and application.rated_at is None
        and is_applicant(actor, application)
    ):
        steps.append("rate")
    return steps


def part_steps(actor: Any, part: Part, application: Application) -> list[str]:
    """The steps ``actor`` may take on ``part`` now."""
    role, pk = getattr(actor, "role", None), getattr(actor, "pk", None)
    state = part.state
    if role == Role.APPROVER and actor.department_id == part.department_id:
        if state == PartState.ACCEPTED:
            return ["take_up"]
        if state == PartState.IN_REVIEW and part.assignee_id == pk:
            return ["approve", "deny"] if part.last_step else ["complete_step"]
        if state in (PartState.APPROVED, PartState.DENIED):
            return ["issue"]
    if role in WINDOW and application.responsible_clerk_id == pk:
        if state == PartState.ISSUED:
            return ["deliver"]
        if state == PartState.DELIVERED:
            return ["close"]
    if state == PartState.DELIVERED and role == Role.RESIDENT and is_applicant(actor, application):
        return ["close"]
    return []
