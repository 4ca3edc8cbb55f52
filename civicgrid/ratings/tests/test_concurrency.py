"""Acting on the ratings at the same moment: recording while closing, closing two quarters of
one village, opening one quarter twice. One wins or both land correctly; nothing is half-written.

Real concurrent transactions on PostgreSQL (see civicgrid/events/tests/test_concurrency.py for why
not SQLite)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from django.db import connection

from civicgrid.core.testing.race import race
from civicgrid.ratings import actions
from civicgrid.ratings.actions import RatingEntry, close_round, open_round, record_ratings
from civicgrid.ratings.models import HouseholdRating, RatingRound, Title

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
    entries = [RatingEntry(h["v2"].pk, stars(ratings_criteria, 5))]
    record, close = race(
        lambda x: record_ratings(staff, x, entries),
        lambda x: close_round(staff, x),
        before=lambda: RatingRound.objects.get(pk=r.pk),
    )
    assert close == "won"
    r.refresh_from_db()
    assert r.state == "closed"
    recorded = HouseholdRating.objects.filter(household=h["v2"]).exists()
    assert record in ("won", "conflict")
    assert recorded == (record == "won")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_quarters_closed_at_once_give_the_title_exactly_once(
    personas: dict[str, Any],
    district: Any,
    ratings_criteria: Any,
    ratings_households: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """9 stars in Q1 and in Q2; both rounds are closed at the same moment. Each close must see
    the other's quarter (once it has committed), so the title since Q2 is neither lost nor
    written twice."""
    staff, v1 = personas["village_staff"], ratings_households["v1"]
    rounds = []
    for quarter in (1, 2):
        r = open_round(staff, district[VILLAGE_V], 2025, quarter, date(2025, quarter * 3, 20))
        record_ratings(staff, r, [RatingEntry(v1.pk, stars(ratings_criteria, 9))])
        rounds.append(r)
    # Widen the window between reading a household's history and writing its titles, so both
    # closes would read before either commits if nothing ordered them.
    rule = actions.title_periods

    def slow(history: Any) -> Any:
        time.sleep(0.3)
        return rule(history)

    monkeypatch.setattr(actions, "title_periods", slow)
    outcomes = race(
        *(lambda r=r: close_round(staff, RatingRound.objects.get(pk=r.pk)) for r in rounds)
    )
    assert outcomes == ["won", "won"]
    assert [(t.since, t.held) for t in Title.objects.filter(household=v1)] == [("2025 Q2", True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_people_open_the_same_quarter_at_once(
    personas: dict[str, Any], district: Any, ratings_criteria: Any
) -> None:
    """One round is opened; the other request is refused (a conflict when both passed the
    check before either had written), never a crash."""
    village = district[VILLAGE_V]
    outcomes = race(
        lambda: open_round(personas["village_staff"], village, 2025, 3, date(2025, 9, 1)),
        lambda: open_round(personas["admin"], village, 2025, 3, date(2025, 9, 2)),
    )
    taken = f"refused: {village.name} already has a round for 2025 Q3."
    assert sorted(outcomes) in (["conflict", "won"], [taken, "won"])
    assert RatingRound.objects.filter(village=village, year=2025, quarter=3).count() == 1
