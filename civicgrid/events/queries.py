"""Lists of events: the work queues and the filters every list page and the API share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Role

from .models import Event, State

# A queue is the work one kind of person does next.
QUEUES: dict[str, tuple[Any, frozenset[str]]] = {
    "dispatch": (
        _("To register, dispatch or close"),
        frozenset({State.REPORTED, State.REGISTERED, State.VERIFIED}),
    ),
    "todo": (_("To handle"), frozenset({State.DISPATCHED, State.HANDLING, State.RETURNED})),
    "verify": (_("To verify on site"), frozenset({State.HANDLED})),
    "mine": (_("My reports"), frozenset()),
}
DEFAULT_QUEUE = {
    Role.REVIEWER: "dispatch",
    Role.APPROVER: "todo",
    Role.SERVICE_STAFF: "todo",
    Role.GRID_WORKER: "verify",
    Role.RESIDENT: "mine",
}


@dataclass
class EventFilter:
    states: list[str] = field(default_factory=list)
    category: str = ""
    region: str = ""
    department: str = ""
    overdue: bool | None = None
    queue: str = ""


def filter_events(qs: QuerySet[Event], user: Any, f: EventFilter) -> QuerySet[Event]:
    """Narrow an already scoped queryset; unknown values simply match nothing."""
    if f.queue == "mine":
        qs = qs.filter(reporter_id=user.pk)
    elif f.queue in QUEUES:
        qs = qs.filter(state__in=QUEUES[f.queue][1])
        if f.queue == "todo" and user.role == Role.SERVICE_STAFF:
            # Town staff see their town's events; their to-do list is what was sent to the town.
            qs = qs.filter(handling_town_id=(user.scope_region_code or "")[:9])
    if f.states:
        qs = qs.filter(state__in=f.states)
    if f.category:
        qs = qs.filter(Q(category__code=f.category) | Q(category__parent__code=f.category))
    if f.region:
        qs = qs.filter(region__code__startswith=f.region)
    if f.department:
        qs = qs.filter(department__code=f.department)
    if f.overdue is not None:
        qs = qs.filter(overdue=f.overdue)
    return qs
