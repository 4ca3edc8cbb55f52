"""Step deadlines of events: the category's limit for the step, in hours or working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from civicgrid.core.workdays import add_working_days

from .models import Category, LimitUnit, Step, StepLimit, Urgency

# Used when neither the category nor its parent sets a limit for a step.
DEFAULT_LIMITS: dict[str, tuple[int, str]] = {
    Step.REGISTER: (2, LimitUnit.HOURS),
    Step.DISPATCH: (4, LimitUnit.HOURS),
    Step.HANDLE: (3, LimitUnit.WORKING_DAYS),
    Step.VERIFY: (24, LimitUnit.HOURS),
    Step.CLOSE: (24, LimitUnit.HOURS),
}


@dataclass(frozen=True)
class Deadline:
    at: datetime
    provisional: bool  # runs into a year whose holiday schedule is not known yet


def limit_for(category: Category, urgency: str, step: str) -> tuple[int, str]:
    """The (amount, unit) for ``step``: this urgency, then normal, then the parent, then default."""
    candidates = [category.pk] + ([category.parent_id] if category.parent_id else [])
    limits = {
        (row.category_id, row.urgency): (row.amount, row.unit)
        for row in StepLimit.objects.filter(category_id__in=candidates, step=step)
    }
    for category_id in candidates:
        for level in (urgency, Urgency.NORMAL):
            if (category_id, level) in limits:
                return limits[(category_id, level)]
    return DEFAULT_LIMITS[step]


def deadline(start: datetime, amount: int, unit: str) -> Deadline:
    if unit == LimitUnit.HOURS:
        return Deadline(start + timedelta(hours=amount), provisional=False)
    due = add_working_days(start, amount)
    return Deadline(due.at, due.provisional)


def step_deadline(category: Category, urgency: str, step: str, start: datetime) -> Deadline:
    amount, unit = limit_for(category, urgency, step)
    return deadline(start, amount, unit)
