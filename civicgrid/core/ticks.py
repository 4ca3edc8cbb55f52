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
from typing import Any

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


def claim_deadline(row: Any, now: datetime) -> str | None:
    """Raise the next flag of a watched deadline: "overdue" once ``now`` has reached ``due_at``
    (the row is no longer watched), else "soon_due" (watched again at ``due_at``).

    ``row`` has ``state``, ``due_at``, ``watch_at``, ``soon_due`` and ``overdue``. The UPDATE is
    conditional on the state and watch time the row was read with, so of two ticks at once only
    one claims it; the other gets ``None``. Call it inside the transaction that also records and
    tells what the flag means.
    """
    overdue = row.due_at is not None and now >= row.due_at
    values = (
        {"overdue": True, "watch_at": None}
        if overdue
        else {"soon_due": True, "watch_at": row.due_at}
    )
    claimed = (
        type(row)
        .objects.filter(pk=row.pk, state=row.state, watch_at=row.watch_at)
        .update(**values)
    )
    if not claimed:
        return None
    for name, value in values.items():
        setattr(row, name, value)
    return "overdue" if overdue else "soon_due"
