"""Working-day deadlines of applications and parts (限时办结), their pauses and the periodic watch.

An application's clock counts the item's or bundle's promised working days from submission; a
supplement request pauses it (the working days used so far are kept in ``days_used``) and the
applicant's resubmission restarts it for the days that remain. A part's clock counts its item's
promised days from when it reached the department. Both stop when the work is decided.

Each running clock has a watch time: first the start of its last working day (then the case is
"due soon"), then the deadline itself (then it is overdue). The periodic tick reads only rows
whose watch time has come, through a partial index, and claims each with a conditional UPDATE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.core.notifications import in_district_language, notify
from civicgrid.core.ticks import claim_deadline
from civicgrid.core.workdays import (
    add_working_days,
    due_soon_from,
    end_of_day,
    local_date,
    working_days_between,
)
from civicgrid.core.workflow import record_note

from .models import Application, ApplicationState, Part, PartState

CLOCK_PART_STATES = (PartState.ACCEPTED, PartState.IN_REVIEW)


def clock(start: datetime, days: int) -> dict[str, Any]:
    """The deadline fields of a clock that starts at ``start`` with ``days`` working days left.

    With no day left (a resubmission after the promise ran out) the deadline is the end of the
    resubmission day, and the case is watched from then on.
    """
    if days < 1:
        at, provisional = end_of_day(local_date(start)), False
    else:
        due = add_working_days(start, days)
        at, provisional = due.at, due.provisional
    return {
        "due_at": at,
        "due_provisional": provisional,
        "watch_at": due_soon_from(start, at),
        "soon_due": False,
        "overdue": False,
    }


def stopped() -> dict[str, Any]:
    """The fields of a clock that no longer runs (paused, or the work is decided)."""
    return {"watch_at": None, "soon_due": False}


def days_left(application: Application) -> int:
    return application.promised_days - application.days_used


def pause(application: Application, now: datetime) -> dict[str, Any]:
    """Fields that pause ``application``'s clock at ``now`` (a supplement is requested)."""
    used = application.days_used + working_days_between(application.clock_started_at, now)
    return {"days_used": min(used, 32767), "due_at": None, "due_provisional": False, **stopped()}


def resume(application: Application, now: datetime) -> dict[str, Any]:
    """Fields that restart ``application``'s clock at ``now`` for the days that remain."""
    return {"clock_started_at": now, **clock(now, days_left(application))}


# --- the periodic watch -------------------------------------------------------------------------
def watch_deadlines(now: datetime | None = None, *, batch: int = 500) -> dict[str, int]:
    """Flag every application and part whose watch time has come: due soon, then overdue.

    Tells whoever must act: the responsible clerk (and, before acceptance, nobody else: the
    window's queue shows it) for applications; the assignee, or the department's approvers, for
    parts. Safe to run twice at once: each row is claimed on the watch time it was read with.
    """
    now = now or timezone.now()
    counts = {"soon_due": 0, "overdue": 0}
    approvers: dict[int, list[Any]] = {}  # department → its active approvers, read once per run
    parts = ("item", "assignee", "application")
    for model, related in ((Application, ("responsible_clerk",)), (Part, parts)):
        while True:
            rows = list(
                model.objects.watched(now).select_related(*related).order_by("watch_at")[:batch]
            )
            if not rows:
                break
            for row in rows:
                flagged = _flag(row, now, approvers)
                if flagged:
                    counts[flagged] += 1
    return counts


def _flag(row: Application | Part, now: datetime, approvers: dict[int, list[Any]]) -> str | None:
    with transaction.atomic(), in_district_language():
        flagged = claim_deadline(row, now)
        if flagged is None:
            return None
        if flagged == "overdue":
            note = _("Past the promised time limit (督办).")
        else:
            note = _("Less than one working day left before the promised time limit.")
        record_note(row, None, note)
        _tell(row, note, approvers)
    return flagged


def _tell(row: Application | Part, note: str, approvers: dict[int, list[Any]]) -> None:
    from civicgrid.accounts.models import Role, User

    if isinstance(row, Application):
        application = row
        people = [row.responsible_clerk]
        title = row.title
    elif row.assignee_id:
        application, title, people = row.application, row.item.name, [row.assignee]
    else:
        application, title = row.application, row.item.name
        if row.department_id not in approvers:
            approvers[row.department_id] = list(
                User.objects.filter(
                    role=Role.APPROVER, department_id=row.department_id, is_active=True
                )
            )
        people = approvers[row.department_id]
    notify(
        people,
        f"{note} {application.number} {title}",
        application,
        url=f"/services/applications/{application.number}/",
    )


def recompute_provisional(years: set[int]) -> int:
    """After a year's holiday schedule is entered, recompute the running clocks whose deadline
    was provisional (counted on weekdays)."""
    changed = 0
    # Only running clocks: waiting at the window, or accepted with a part still undecided (a
    # paused clock has no deadline; a decided application's clock has stopped).
    undecided = Part.objects.filter(
        application=OuterRef("pk"), state__in=(PartState.WAITING, *CLOCK_PART_STATES)
    )
    applications = Application.objects.filter(due_provisional=True).filter(
        Q(state=ApplicationState.SUBMITTED)
        | Q(state=ApplicationState.ACCEPTED, pk__in=Subquery(undecided.values("application")))
    )
    for application in applications:
        changed += _recompute(
            application, clock(application.clock_started_at, days_left(application))
        )
    parts = Part.objects.filter(due_provisional=True, state__in=CLOCK_PART_STATES).select_related(
        "item"
    )
    for part in parts:
        if part.started_at is not None:
            changed += _recompute(part, clock(part.started_at, part.item.promised_days))
    return changed


def _recompute(row: Model, fields: dict[str, Any]) -> int:
    """Move the deadline and the next watch, keeping flags already raised: a case flagged due
    soon stays so, and one already overdue stays overdue (and is not watched again)."""
    values = {"due_at": fields["due_at"], "due_provisional": fields["due_provisional"]}
    if not row.overdue:
        values["watch_at"] = fields["due_at"] if row.soon_due else fields["watch_at"]
    return type(row).objects.filter(pk=row.pk, state=row.state).update(**values)
