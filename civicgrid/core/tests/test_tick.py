"""The periodic tick: one command runs every app's timed work; the task reschedules itself."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from civicgrid.core import ticks
from civicgrid.core.tasks import ensure_scheduled, tick

pytestmark = pytest.mark.django_db


def test_tick_command_runs_every_registered_function(monkeypatch: Any) -> None:
    seen: list[str] = []
    monkeypatch.setitem(ticks._registry, "test.one", lambda now: seen.append("one") or {"done": 1})
    monkeypatch.setitem(ticks._registry, "test.broken", lambda now: 1 / 0)
    out = StringIO()
    call_command("tick", stdout=out)
    assert seen == ["one"]
    assert "test.one: done 1" in out.getvalue()
    assert "test.broken: failed 1" in out.getvalue()  # one failing does not stop the others
    assert "events.escalate_overdue" in out.getvalue()


def test_the_task_is_scheduled_once_and_schedules_its_next_run() -> None:
    assert ensure_scheduled() is True
    assert ensure_scheduled() is False
    waiting = DBTaskResult.objects.filter(task_path=tick.module_path, status="READY")
    assert waiting.count() == 1
    tick.call()
    runs = list(waiting.order_by("run_after"))
    assert len(runs) == 2 and runs[-1].run_after is not None
