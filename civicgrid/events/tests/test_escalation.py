"""Deadlines and escalation: the tick marks overdue work and escalates it (督办) with notices."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from civicgrid.core.models import Notification
from civicgrid.core.workflow import timeline
from civicgrid.events.actions import escalate_overdue, recompute_provisional
from civicgrid.events.models import Event

pytestmark = pytest.mark.django_db


def _overdue(event: Event, hours: float = 1) -> None:
    """Move the event's clock back so its current step is ``hours`` past due."""
    now = timezone.now()
    span = event.due_at - event.step_started_at
    due = now - timedelta(hours=hours)
    Event.objects.filter(pk=event.pk).update(step_started_at=due - span, due_at=due, watch_at=due)


def test_tick_escalates_overdue_work_once_per_level(events: dict[str, Any], personas: Any) -> None:
    event = events["to_department"]  # dispatched to D002
    _overdue(event)
    out = StringIO()
    call_command("tick", stdout=out)
    assert "events.escalate_overdue: escalated 1" in out.getvalue()
    event.refresh_from_db()
    assert event.overdue and event.late and event.escalation_level == 1
    handler = personas["other_approver"]
    assert Notification.objects.filter(
        recipient=handler, text__contains="超期督办（第1级）"
    ).exists()
    assert not Notification.objects.filter(recipient=personas["leader"]).exists()
    assert "已升级督办至第1级" in timeline(event).last().note  # stored in the district's language

    # Nothing more until as long again has passed.
    assert escalate_overdue()["escalated"] == 0
    later = event.watch_at + timedelta(minutes=1)
    escalate_overdue(later)
    event.refresh_from_db()
    assert event.escalation_level == 2 and event.watch_at is None
    assert Notification.objects.filter(recipient=personas["leader"]).exists()
    escalate_overdue(later + timedelta(days=30))
    event.refresh_from_db()
    assert event.escalation_level == 2  # the top level: no further escalation


def test_tick_leaves_work_that_is_on_time(events: dict[str, Any]) -> None:
    assert escalate_overdue()["escalated"] == 0
    assert not Event.objects.filter(overdue=True).exists()


def test_a_finished_step_clears_the_overdue_mark(events: dict[str, Any], personas: Any) -> None:
    from civicgrid.events.actions import register_event

    event = events["reported"]
    _overdue(event)
    escalate_overdue()
    event.refresh_from_db()
    assert event.overdue
    assert Notification.objects.filter(
        recipient=personas["reviewer"], text__contains="超期督办"
    ).exists()
    register_event(personas["reviewer"], event)
    event.refresh_from_db()
    assert not event.overdue and event.escalation_level == 0 and event.late


def test_a_step_taken_while_the_tick_runs_is_not_escalated(
    events: dict[str, Any], personas: Any
) -> None:
    """The tick read the event before it moved on: its conditional UPDATE finds nothing."""
    from civicgrid.events.actions import _escalate, register_event

    event = events["reported"]
    _overdue(event)
    stale = Event.objects.select_related("category", "region").get(pk=event.pk)
    register_event(personas["reviewer"], Event.objects.get(pk=event.pk))
    assert _escalate(stale, timezone.now()) is False
    assert Event.objects.get(pk=event.pk).escalation_level == 0


def test_provisional_deadlines_are_recomputed_when_the_year_is_entered(
    events: dict[str, Any], personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from civicgrid.core.calendar_actions import enter_schedule
    from civicgrid.core.workdays import year_is_known

    year = next(y for y in range(2027, 2100) if not year_is_known(y))
    event = events["to_department"]  # handling limit: 2 working days
    start = timezone.make_aware(timezone.datetime(year - 1, 12, 31, 10, 0))
    # Dispatched on New Year's Eve before the next year's schedule was published.
    Event.objects.filter(pk=event.pk).update(step_started_at=start, due_provisional=True)
    recompute_provisional({year})
    event.refresh_from_db()
    assert event.due_provisional
    assert timezone.localtime(event.due_at).date() == timezone.datetime(year, 1, 4).date()  # Mon
    with django_capture_on_commit_callbacks(execute=True):  # calendar_changed → recompute
        enter_schedule(personas["admin"], year, f"{year}-01-01..{year}-01-05 休 元旦", "notice")
    event.refresh_from_db()
    assert not event.due_provisional
    assert timezone.localtime(event.due_at).date() > timezone.datetime(year, 1, 5).date()
