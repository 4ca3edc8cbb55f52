"""The demo seed: a year of closed rounds per village, and nothing more on a second run."""

from __future__ import annotations

from typing import Any

from civicgrid.ratings import demo
from civicgrid.ratings.models import HouseholdRating, RatingRound, RoundState


def test_seed_is_idempotent(personas: dict[str, Any], ratings_households: Any) -> None:
    added = demo.seed(log=lambda *a: None)
    assert added > 0
    rounds = RatingRound.objects.count()
    # The first village (the demo village staff's) is left two quarters to record.
    assert RatingRound.objects.filter(village_id="430212100201").count() == 2
    assert RatingRound.objects.filter(village_id="430212101201").count() == 4
    assert set(RatingRound.objects.values_list("state", flat=True)) == {RoundState.CLOSED}
    assert HouseholdRating.objects.count() == 2 * 3 + 4 * 2
    assert demo.seed(log=lambda *a: None) == 0
    assert RatingRound.objects.count() == rounds
