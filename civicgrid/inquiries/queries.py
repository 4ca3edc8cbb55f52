"""Reading inquiries: the role's queues and the public search."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Inquiry, InquiryState

S = InquiryState


def queues_for(user: Any) -> dict[str, Any]:
    """The queue tabs a role sees, first the one it works from."""
    role = getattr(user, "role", None)
    if role == "reviewer":
        return {
            "new": _("New"),
            "held": _("Held"),
            "review": _("To review"),
            "open": _("At departments"),
            "all": _("All"),
        }
    if role == "approver":
        return {"answer": _("To answer"), "review": _("In review"), "all": _("All")}
    if role == "resident":
        return {"mine": _("My questions")}
    return {"all": _("All")}


def queue_rows(user: Any, queue: str) -> QuerySet[Inquiry]:
    rows = Inquiry.objects.visible_to(user).select_related("category", "department")
    filters = {
        "new": Q(state=S.SUBMITTED, held=False),
        "held": Q(state=S.SUBMITTED, held=True),
        "review": Q(state=S.ANSWERED),
        "open": Q(state__in=(S.ASSIGNED, S.RETURNED)),
        "answer": Q(state__in=(S.ASSIGNED, S.RETURNED)),
    }
    if queue in filters:
        rows = rows.filter(filters[queue])
    if queue in ("answer", "open"):
        return rows.order_by("due_at", "id")
    return rows.order_by("-submitted_at", "-id")


def search_public(q: str = "", category: str = "") -> QuerySet[Inquiry]:
    """Published public questions with all of ``q``'s words in the (masked) title, question or
    answer, newest first."""
    rows = Inquiry.objects.public().select_related("category", "department")
    for word in q.split()[:5]:
        rows = rows.filter(
            Q(public_title__icontains=word)
            | Q(public_body__icontains=word)
            | Q(public_answer__icontains=word)
        )
    if category:
        rows = rows.filter(category__code=category)
    return rows.order_by("-published_at", "-id")


def public_figures() -> dict[str, Any]:
    """What the public list shows at a glance: how many answers, how well rated, and which
    departments answered most (bars scaled to the busiest). Two queries."""
    from django.db.models import Avg, Count

    totals = Inquiry.objects.public().aggregate(
        answered=Count("id"), rated=Count("rating"), rating=Avg("rating")
    )
    departments = list(
        Inquiry.objects.public()
        .values("department__name")
        .annotate(n=Count("id"))
        .order_by("-n", "department__name")[:6]
    )
    top = departments[0]["n"] if departments else 1
    for row in departments:
        row["percent"] = round(100 * row["n"] / top)
    return {**totals, "departments": departments}
