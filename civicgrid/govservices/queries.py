"""Work queues of the application pages, by role. Every queue reads through the scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Role

from .models import Application, ApplicationState, Part, PartState

A, P = ApplicationState, PartState


def queues_for(user: Any) -> dict[str, Any]:
    """The queues a role works from, the first being its default."""
    role = user.role
    if role == Role.RESIDENT:
        return {"mine": _("My applications")}
    if role == Role.GRID_WORKER:
        return {"mine": _("Submitted by me"), "all": _("My grid")}
    if role in (Role.CLERK, Role.SERVICE_STAFF):
        return {
            "intake": _("To accept"),
            "waiting": _("Waiting for materials"),
            "deliver": _("To deliver"),
            "owned": _("Mine (首问负责)"),
            "all": _("All"),
        }
    if role == Role.APPROVER:
        return {"todo": _("To do"), "all": _("All routed to us")}
    return {"all": _("All"), "open": _("Open"), "overdue": _("Overdue")}


def queue_rows(user: Any, queue: str) -> QuerySet[Application]:
    rows = Application.objects.visible_to(user).select_related("item", "bundle", "region")
    mine_parts = Part.objects.visible_to(user).filter(application=OuterRef("pk"))
    if queue == "mine":
        if user.role == Role.GRID_WORKER:
            rows = rows.filter(submitted_by=user)
        else:
            rows = rows.filter(applicant_account=user)
    elif queue == "intake":
        rows = rows.filter(state=A.SUBMITTED).filter(
            Q(responsible_clerk__isnull=True) | Q(responsible_clerk=user)
        )
    elif queue == "waiting":
        rows = rows.filter(state=A.SUPPLEMENT_REQUESTED, responsible_clerk=user)
    elif queue == "deliver":
        rows = rows.filter(responsible_clerk=user).filter(
            Exists(mine_parts.filter(state__in=(P.ISSUED, P.DELIVERED)))
        )
    elif queue == "owned":
        rows = rows.filter(responsible_clerk=user)
    elif queue == "todo":
        rows = rows.filter(
            Exists(
                mine_parts.filter(
                    Q(state=P.ACCEPTED)
                    | Q(state=P.IN_REVIEW, assignee=user)
                    | Q(state__in=(P.APPROVED, P.DENIED))
                )
            )
        )
    elif queue == "open":
        rows = rows.filter(state__in=(A.SUBMITTED, A.SUPPLEMENT_REQUESTED, A.ACCEPTED))
    elif queue == "overdue":
        rows = rows.filter(Q(overdue=True) | Exists(mine_parts.filter(overdue=True)))
    order = "submitted_at" if queue in ("intake", "todo", "deliver") else "-submitted_at"
    return rows.order_by(order, "id")
