"""Monitoring (效能监察): open work by department and step, overdue cases, and the measured
working days per item against its legal limit — the "cut by 50 %" figure. Every figure is a
grouped query over the reader's scope (a department sees its own parts)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicgrid.accounts.models import Role

from ..models import OPEN_PART_STATES, Application, ApplicationState, Part, PartState

MONITORS = {Role.LEADER, Role.ADMINISTRATOR, Role.CLERK, Role.APPROVER, Role.SERVICE_STAFF}


@login_required
def monitor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in MONITORS:
        raise PermissionDenied
    parts = Part.objects.visible_to(user)
    applications = Application.objects.visible_to(user)
    states = [PartState.ACCEPTED, PartState.IN_REVIEW, PartState.APPROVED, PartState.ISSUED]
    by_department: dict[str, dict[str, Any]] = {}
    rows = (
        parts.filter(state__in=OPEN_PART_STATES)
        .values("department__name", "state")
        .annotate(n=Count("id"), late=Count("id", filter=Q(overdue=True)))
        .order_by("department__name")
    )
    for row in rows:
        entry = by_department.setdefault(
            row["department__name"], {"name": row["department__name"], "late": 0, "total": 0}
        )
        entry[row["state"]] = row["n"]
        entry["late"] += row["late"]
        entry["total"] += row["n"]
    departments = sorted(by_department.values(), key=lambda d: -d["total"])
    peak = max((d["total"] for d in departments), default=0) or 1
    for d in departments:
        d["cells"] = [d.get(s, 0) for s in states]
        d["width"] = round(100 * d["total"] / peak)

    items = list(
        parts.filter(days_taken__isnull=False)
        .values("item__code", "item__name", "item__legal_days", "item__promised_days")
        .annotate(n=Count("id"), avg=Avg("days_taken"))
        .order_by("-n", "item__code")[:40]
    )
    for item in items:
        legal = item["item__legal_days"] or 1
        item["ratio"] = round(100 * (item["avg"] or 0) / legal)
        item["cut"] = 100 - item["ratio"]
    measured = sum(i["n"] for i in items)
    overall_cut = round(sum(i["cut"] * i["n"] for i in items) / measured) if measured else None
    intake = applications.aggregate(
        submitted=Count("id", filter=Q(state=ApplicationState.SUBMITTED)),
        waiting=Count("id", filter=Q(state=ApplicationState.SUPPLEMENT_REQUESTED)),
        in_progress=Count("id", filter=Q(state=ApplicationState.ACCEPTED)),
        closed=Count("id", filter=Q(state=ApplicationState.CLOSED)),
        rated=Count("id", filter=Q(rating__isnull=False)),
        satisfied=Count("id", filter=Q(rating__gte=4)),
        avg_rating=Avg("rating"),
    )
    overdue_parts = (
        parts.filter(overdue=True, state__in=OPEN_PART_STATES)
        .select_related("application", "item", "department", "assignee")
        .order_by("due_at")[:50]
    )
    # Parts carry the lateness of accepted applications; these are late at the window.
    overdue_applications = applications.filter(
        overdue=True, state=ApplicationState.SUBMITTED
    ).order_by("due_at")[:50]
    return render(
        request,
        "govservices/monitor.html",
        {
            "states": [PartState(s).label for s in states],
            "departments": departments,
            "items": items,
            "overall_cut": overall_cut,
            "intake": intake,
            "overdue_parts": overdue_parts,
            "overdue_applications": overdue_applications,
        },
    )
