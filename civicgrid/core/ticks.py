"""The periodic tick: work that must happen because time passed (overdue events, soon-due cases).

Apps register a function ``f(now) -> dict[str, int]`` (counts for the log) in their
``AppConfig.ready``. ``civicgrid tick`` runs them all once; the task worker runs them every
``INTERVAL`` through :func:`civicgrid.core.tasks.tick`, which schedules its own next run. Every
registered function must be safe to run twice at once (claim rows with a conditional UPDATE).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

logger = logging.getLogger("civicgrid.tick")

INTERVAL = timedelta(minutes=5)
TickFunction = Callable[[datetime], dict[str, int]]
_registry: dict[str, TickFunction] = {}


def register(name: str, function: TickFunction) -> None:
    _registry[name] = function


def run_all(now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Run every registered function once; one failing does not stop the others."""
    now = now or timezone.now()
    results: dict[str, dict[str, int]] = {}
    for name, function in sorted(_registry.items()):
        try:
            results[name] = function(now)
        except Exception:
            logger.exception("tick %s failed", name)
            results[name] = {"failed": 1}
    return results
