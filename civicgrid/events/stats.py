"""Figures per category, grid, town or department: counts by state, average time per step,
on-time rate and satisfaction, each computed by the database in one grouped query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Department
from civicgrid.regions.models import Region

from .models import FINISHED_STATES, OPEN_STATES, Category, Event, Rating, State

GROUPINGS = {
    "category": _("Category"),
    "town": _("Town"),
    "grid": _("Grid"),
    "department": _("Department"),
}
STEPS = [
    ("register", _("Register"), "reported_at", "registered_at"),
    ("dispatch", _("Dispatch"), "registered_at", "dispatched_at"),
    ("handle", _("Handle"), "dispatched_at", "handled_at"),
    ("verify", _("Verify"), "handled_at", "verified_at"),
]


@dataclass
class Row:
    key: str
    label: str
    total: int = 0
    open: int = 0
    finished: int = 0
    rejected: int = 0
    overdue: int = 0
    on_time_rate: float | None = None
    satisfaction: float | None = None
    step_hours: dict[str, float | None] = field(default_factory=dict)

    @property
    def step_list(self) -> list[tuple[str, float | None]]:
        return [(name, self.step_hours.get(name)) for name, *_ in STEPS]


def _duration(start: str, end: str) -> Avg:
    return Avg(
        ExpressionWrapper(F(end) - F(start), output_field=DurationField()),
        filter=Q(**{f"{start}__isnull": False, f"{end}__isnull": False}),
    )


def figures(events: QuerySet[Event], by: str) -> list[Row]:
    """One row per group (largest first) and a total row at the end."""
    key = {
        "category": F("category__parent__code"),
        "town": Substr("region_id", 1, 9),
        "grid": F("region_id"),
        "department": F("department__code"),
    }[by]
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "open": Count("id", filter=Q(state__in=OPEN_STATES)),
        "finished": Count("id", filter=Q(state__in=FINISHED_STATES)),
        "rejected": Count("id", filter=Q(state=State.REJECTED)),
        "overdue": Count("id", filter=Q(overdue=True, state__in=OPEN_STATES)),
        "on_time": Count("id", filter=Q(state__in=FINISHED_STATES, late=False)),
        "rated": Count("id", filter=~Q(rating="")),
        "satisfied": Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])),
    }
    for name, _label, start, end in STEPS:
        aggregates[f"step_{name}"] = _duration(start, end)
    grouped = list(events.annotate(group=key).values("group").annotate(**aggregates))
    overall = events.aggregate(**aggregates)
    labels = _labels(by, [g["group"] for g in grouped])
    rows = [_row(g["group"] or "", labels.get(g["group"], "—"), g) for g in grouped]
    rows.sort(key=lambda r: -r.total)
    rows.append(_row("", str(_("All")), overall))
    return rows


def _row(key: str, label: str, g: dict[str, Any]) -> Row:
    row = Row(
        key=key,
        label=label,
        total=g["total"],
        open=g["open"],
        finished=g["finished"],
        rejected=g["rejected"],
        overdue=g["overdue"],
        on_time_rate=g["on_time"] / g["finished"] if g["finished"] else None,
        satisfaction=g["satisfied"] / g["rated"] if g["rated"] else None,
    )
    for name, _label, _start, _end in STEPS:
        value = g[f"step_{name}"]
        row.step_hours[name] = _hours(value)
    return row


def _hours(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600
    return float(value) / 3_600_000_000  # microseconds, as some backends return it


def _labels(by: str, keys: list[Any]) -> dict[Any, str]:
    keys = [k for k in keys if k]
    if by == "category":
        return dict(Category.objects.filter(code__in=keys).values_list("code", "name"))
    if by == "department":
        return dict(Department.objects.filter(code__in=keys).values_list("code", "name"))
    return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
