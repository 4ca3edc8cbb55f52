"""Two people act on the same event at the same moment: one wins, the other gets a conflict.

Runs with real concurrent transactions (two threads, two connections) on PostgreSQL, the
production database: the conditional UPDATE of the second waits for the first transaction's row
lock and then finds the state changed, so exactly one step lands. (SQLite's in-memory test
database shares one cache between connections, whose table locks do not wait; the same race on
SQLite is covered by the sequential stale-click test in test_event_loop.)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from civicgrid.core.testing.race import race
from civicgrid.core.workflow import timeline
from civicgrid.events.actions import Report, register_event, reject_event, report_event
from civicgrid.events.models import Event, State

from .fixtures import POINT_A


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_click_at_once(personas: dict[str, Any], categories: Any) -> None:
    event, _ = report_event(
        personas["worker_a"],
        Report(category="0101", description="垃圾池满溢", lon=POINT_A[0], lat=POINT_A[1]),
        source="grid_worker",
    )
    reviewer = personas["reviewer"]
    register, reject = race(
        lambda e: register_event(reviewer, e),
        lambda e: reject_event(reviewer, e, reason="重复"),
        before=lambda: Event.objects.select_related("category", "region").get(pk=event.pk),
    )
    assert sorted([register, reject]) == ["conflict", "won"]
    event.refresh_from_db()
    assert event.state == (State.REGISTERED if register == "won" else State.REJECTED)
    assert [t.to_state for t in timeline(event)] == ["reported", event.state]
