"""Recording and closing at the same moment: one wins, nothing is half-written.

Real concurrent transactions on PostgreSQL (see civicgrid/events/tests/test_concurrency.py for why
not SQLite)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection

from civicgrid.core.errors import ActionError
from civicgrid.ratings.actions import RatingEntry, close_round, open_round, record_ratings
from civicgrid.ratings.models import HouseholdRating, RatingRound

from .fixtures import VILLAGE_V, stars


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_recording_while_the_round_is_closed(
    personas: dict[str, Any], district: Any, ratings_criteria: Any, ratings_households: Any
) -> None:
    staff = personas["village_staff"]
    h = ratings_households
    r = open_round(staff, district[VILLAGE_V], 2025, 1, date(2025, 3, 1))
    record_ratings(staff, r, [RatingEntry(h["v1"].pk, stars(ratings_criteria, 9))])
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name: str, step: Any) -> None:
        mine = RatingRound.objects.get(pk=r.pk)
        barrier.wait()
        try:
            step(mine)
            outcomes[name] = "won"
        except ActionError:
            outcomes[name] = "refused"
        finally:
            connection.close()

    entries = [RatingEntry(h["v2"].pk, stars(ratings_criteria, 5))]
    threads = [
        threading.Thread(target=act, args=("record", lambda x: record_ratings(staff, x, entries))),
        threading.Thread(target=act, args=("close", lambda x: close_round(staff, x))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes["close"] == "won"
    r.refresh_from_db()
    assert r.state == "closed"
    recorded = HouseholdRating.objects.filter(household=h["v2"]).exists()
    assert recorded == (outcomes["record"] == "won")
