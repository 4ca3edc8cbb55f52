"""Answer time limits (答复时限) and the periodic watch.

When a question is assigned, the department has the category's time limit in working days
(counted by :func:`civicgrid.core.workdays.add_working_days`; provisional into years whose holiday
schedule is unknown). The watch first fires at the start of the deadline's day (due soon), then
at the deadline (overdue); the tick reads only rows whose ``watch_at`` has come through a partial
index and claims each with a conditional UPDATE, so two ticks at once flag a row once.

A deadline counted into a year whose schedule is not known yet is provisional; when an
administrator enters that year (``core.workdays.calendar_changed``, connected in ``apps.py``),
:func:`recompute_provisional` counts the running clocks again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.ticks import claim_deadline
from civicgrid.core.workdays import add_working_days, due_soon_from
from civicgrid.core.workflow import record_note

from .models import ANSWER_OWED, Inquiry


def clock(start: datetime, days: int) -> dict[str, Any]:
    """Deadline fields of an answer clock of ``days`` working days that starts at ``start``."""
    due = add_working_days(start, max(days, 1))
    return {
        "due_at": due.at,
        "due_provisional": due.provisional,
        "watch_at": due_soon_from(start, due.at),
        "soon_due": False,
        "overdue": False,
    }


def resumed(inquiry: Inquiry, now: datetime) -> dict[str, Any]:
    """The watch of a returned answer: the original deadline still holds."""
    if inquiry.due_at is None or inquiry.overdue:
        return {"watch_at": None}
    if inquiry.soon_due:
        return {"watch_at": inquiry.due_at}
    return {"watch_at": due_soon_from(now, inquiry.due_at)}


def recompute_provisional(years: set[int]) -> int:
    """After a year's holiday schedule is entered, recompute the answer deadlines that were
    provisional (counted on weekdays) — only running clocks: questions a department still owes
    an answer (assigned, or returned; a returned answer keeps its original deadline, counted
    from the assignment). Flags already raised stay: a question flagged due soon stays so and
    is watched again at its new deadline; one already overdue stays overdue. Each row is updated
    only if it is still in the state and assignment it was read with (a reassignment meanwhile
    has started a new clock). Returns how many rows moved."""
    changed = 0
    rows = Inquiry.objects.filter(
        due_provisional=True, state__in=ANSWER_OWED, assigned_at__isnull=False
    ).select_related("category")
    for row in rows:
        due = add_working_days(row.assigned_at, max(row.category.time_limit_days, 1))
        values: dict[str, Any] = {"due_at": due.at, "due_provisional": due.provisional}
        if not row.overdue:
            values["watch_at"] = due.at if row.soon_due else due_soon_from(row.assigned_at, due.at)
        changed += Inquiry.objects.filter(
            pk=row.pk, state=row.state, assigned_at=row.assigned_at
        ).update(**values)
    return changed


def watch_inquiries(now: datetime | None = None, *, batch: int = 500) -> dict[str, int]:
    """Flag every question whose watch time has come (due soon, then overdue) and tell the
    assigned department's approvers. Safe to run twice at once."""
    now = now or timezone.now()
    counts = {"soon_due": 0, "overdue": 0}
    while True:
        rows = list(Inquiry.objects.watched(now).order_by("watch_at")[:batch])
        if not rows:
            break
        for row in rows:
            flagged = _flag(row, now)
            if flagged:
                counts[flagged] += 1
    return counts


def _flag(row: Inquiry, now: datetime) -> str | None:
    with transaction.atomic(), in_district_language():
        flagged = claim_deadline(row, now)
        if flagged is None:
            return None
        if flagged == "overdue":
            note = _("The answer is past its time limit (督办).")
        else:
            note = _("Less than one working day left to answer.")
        record_note(row, None, note)
        from civicgrid.accounts.models import Role, User

        notify(
            User.objects.filter(
                role=Role.APPROVER, department_id=row.department_id, is_active=True
            ),
            f"{note} {row.number} {row.masked_title}",
            row,
            url=f"/inquiries/questions/{row.pk}/",
        )
    return flagged
