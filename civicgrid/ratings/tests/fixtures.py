"""Fixtures of the ratings app (registered in the root conftest).

Households: three in 石门村 (grid 430212100201001, village_staff's village), one in each grid of
枫林村 (乙镇; worker_b holds grid …201001). Rounds: 石门村 2025 Q3 and Q4, both closed, in which
``ratings_households["v1"]`` earned 9 then 10 stars (so it holds the 自强户 title since 2025 Q4);
枫林村 2025 Q4, open, with both its households rated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from civicgrid.ratings.actions import RatingEntry, close_round, open_round, record_ratings
from civicgrid.ratings.criteria import ensure_default_criteria
from civicgrid.ratings.models import Criterion, RatingRound
from civicgrid.registry.models import Household

VILLAGE_V = "430212100201"  # 石门村 (甲镇)
VILLAGE_B = "430212101201"  # 枫林村 (乙镇)


@pytest.fixture
def ratings_criteria(db: Any) -> list[Criterion]:
    ensure_default_criteria()
    return list(Criterion.objects.filter(active=True))


@pytest.fixture
def ratings_households(personas: dict[str, Any]) -> dict[str, Household]:
    spec = {
        "v1": ("RH-V-001", "石门村一组3号", "430212100201001"),
        "v2": ("RH-V-002", "石门村一组5号", "430212100201001"),
        "v3": ("RH-V-003", "石门村二组8号", "430212100201001"),
        "b1": ("RH-B-001", "枫林村上屋12号", "430212101201001"),
        "b2": ("RH-B-002", "枫林村下屋4号", "430212101201002"),
    }
    return {
        key: Household.objects.create(number=number, address=address, grid_id=grid)
        for key, (number, address, grid) in spec.items()
    }


def stars(criteria: list[Criterion], n: int) -> list[int]:
    """The ids of the first ``n`` criteria."""
    return [c.pk for c in criteria[:n]]


@pytest.fixture
def ratings_rounds(
    personas: dict[str, Any],
    district: Any,
    ratings_criteria: list[Criterion],
    ratings_households: dict[str, Household],
) -> dict[str, RatingRound]:
    staff, admin = personas["village_staff"], personas["admin"]
    h = ratings_households
    c = ratings_criteria
    q3 = open_round(staff, district[VILLAGE_V], 2025, 3, date(2025, 9, 20))
    record_ratings(
        staff,
        q3,
        [
            RatingEntry(h["v1"].pk, stars(c, 9)),
            RatingEntry(h["v2"].pk, stars(c, 6)),
            RatingEntry(h["v3"].pk, stars(c, 9)),
        ],
    )
    close_round(staff, q3)
    q4 = open_round(staff, district[VILLAGE_V], 2025, 4, date(2025, 12, 20))
    record_ratings(
        staff,
        q4,
        [
            RatingEntry(h["v1"].pk, stars(c, 10)),
            RatingEntry(h["v2"].pk, stars(c, 9)),
            RatingEntry(h["v3"].pk, stars(c, 7)),
        ],
    )
    close_round(staff, q4)
    fenglin = open_round(admin, district[VILLAGE_B], 2025, 4, date(2025, 12, 18))
    record_ratings(
        admin,
        fenglin,
        [RatingEntry(h["b1"].pk, stars(c, 8)), RatingEntry(h["b2"].pk, stars(c, 10))],
    )
    for r in (q3, q4, fenglin):
        r.refresh_from_db()
    return {"q3": q3, "q4": q4, "fenglin": fenglin}
