"""Background work of core: the periodic tick, rescheduling itself on the task worker."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from . import ticks

logger = logging.getLogger("civicgrid.tick")


@task()
def tick() -> dict[str, dict[str, int]]:
    """Run the tick, then enqueue the next run ``ticks.INTERVAL`` from now."""
    try:
        return ticks.run_all()
    finally:
        tick.using(run_after=timezone.now() + ticks.INTERVAL).enqueue()


def ensure_scheduled() -> bool:
    """Enqueue a tick unless one is already waiting (called when the demo's worker starts)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=tick.module_path, status__in=["READY", "RUNNING"]
    ).exists()
    if not waiting:
        tick.enqueue()
    return not waiting
