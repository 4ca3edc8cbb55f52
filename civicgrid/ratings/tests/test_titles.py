"""The 自强户 rule: 9+ stars in two consecutive quarters, held while the streak lasts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.core.workflow import timeline
from civicgrid.ratings.actions import (
    RatingEntry,
    close_round,
    correct_rating,
    open_round,
    record_ratings,
    title_periods,
)
from civicgrid.ratings.models import HouseholdRating, Title, quarter_index

from .fixtures import VILLAGE_V, stars


def q(year: int, quarter: int) -> int:
    return quarter_index(year, quarter)


def test_q4_and_the_next_q1_are_consecutive() -> None:
    assert title_periods([(q(2025, 4), 9), (q(2026, 1), 10)]) == [(q(2026, 1), None)]


def test_a_gap_between_good_quarters_earns_nothing() -> None:
    assert title_periods([(q(2025, 2), 10), (q(2025, 4), 10)]) == []


def test_the_title_is_lost_in_the_first_quarter_below_nine_and_can_be_earned_again() -> None:
    history = [
        (q(2025, 1), 9),
        (q(2025, 2), 9),
        (q(2025, 3), 10),
        (q(2025, 4), 8),
        (q(2026, 1), 9),
        (q(2026, 2), 10),
    ]
    assert title_periods(history) == [(q(2025, 2), q(2025, 4)), (q(2026, 2), None)]


def test_closing_the_second_good_quarter_makes_a_self_reliant_household(
    ratings_rounds: Any, ratings_households: Any
) -> None:
    h = ratings_households
    title = Title.objects.get()
    assert title.household_id == h["v1"].pk  # 9 then 10
    assert (title.since, title.held) == ("2025 Q4", True)
    assert title.grid_code == h["v1"].grid_id
    # v2: 6 then 9 (not yet); v3: 9 then 7 (streak broken before it began).
    assert not Title.objects.filter(household__in=[h["v2"], h["v3"]]).exists()
    assert [t.to_state for t in timeline(ratings_rounds["q4"])] == ["open", "closed"]


def test_a_later_quarter_below_nine_ends_the_title_and_history_keeps_it(
    personas: dict[str, Any],
    district: Any,
    ratings_rounds: Any,
    ratings_households: Any,
    ratings_criteria: Any,
) -> None:
    staff = personas["village_staff"]
    h = ratings_households
    q1 = open_round(staff, district[VILLAGE_V], 2026, 1, date(2026, 3, 20))
    record_ratings(
        staff,
        q1,
        [
            RatingEntry(h["v1"].pk, stars(ratings_criteria, 7)),
            RatingEntry(h["v2"].pk, stars(ratings_criteria, 10)),
        ],
    )
    close_round(staff, q1)
    lost = Title.objects.get(household=h["v1"])
    assert (lost.since, lost.lost, lost.held) == ("2025 Q4", "2026 Q1", False)
    earned = Title.objects.get(household=h["v2"])  # 9 in 2025 Q4, 10 in 2026 Q1
    assert (earned.since, earned.held) == ("2026 Q1", True)


def test_an_administrator_correction_recomputes_the_title(
    personas: dict[str, Any], ratings_rounds: Any, ratings_households: Any, ratings_criteria: Any
) -> None:
    rating = HouseholdRating.objects.get(
        round=ratings_rounds["q3"], household=ratings_households["v1"]
    )
    correct_rating(personas["admin"], rating, stars(ratings_criteria, 8), "评议记录核对有误")
    assert not Title.objects.filter(household=ratings_households["v1"]).exists()
    correct_rating(personas["admin"], rating, stars(ratings_criteria, 10), "再次核对")
    assert Title.objects.get(household=ratings_households["v1"]).since == "2025 Q4"


def test_only_an_administrator_corrects_a_closed_round_and_says_why(
    personas: dict[str, Any], ratings_rounds: Any, ratings_households: Any, ratings_criteria: Any
) -> None:
    rating = HouseholdRating.objects.get(
        round=ratings_rounds["q3"], household=ratings_households["v1"]
    )
    with pytest.raises(NotAllowed):
        correct_rating(personas["village_staff"], rating, [], "x")
    with pytest.raises(ActionError, match="Say why"):
        correct_rating(personas["admin"], rating, [], " ")
    open_rating = HouseholdRating.objects.filter(round=ratings_rounds["fenglin"]).first()
    with pytest.raises(ActionError, match="still open"):
        correct_rating(personas["admin"], open_rating, [], "x")


def test_a_round_without_ratings_cannot_be_closed(
    personas: dict[str, Any], district: Any, ratings_criteria: Any
) -> None:
    r = open_round(personas["village_staff"], district[VILLAGE_V], 2025, 1, date(2025, 3, 1))
    with pytest.raises(ActionError, match="Record at least one household"):
        close_round(personas["village_staff"], r)


def test_a_grid_worker_may_not_close(personas: dict[str, Any], ratings_rounds: Any) -> None:
    with pytest.raises(NotAllowed):
        close_round(personas["worker_b"], ratings_rounds["fenglin"])


def test_closing_twice_is_refused(personas: dict[str, Any], ratings_rounds: Any) -> None:
    with pytest.raises(ActionError, match="cannot go from"):
        close_round(personas["village_staff"], ratings_rounds["q4"])


def test_the_history_page_shows_stars_per_quarter_and_the_title(
    client_for: Any,
    ratings_rounds: Any,
    ratings_households: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for("town_staff")
    with django_assert_max_num_queries(8):
        response = client.get(f"/ratings/households/{ratings_households['v1'].pk}/")
    text = response.content.decode()
    assert 'id="title-badge"' in text
    assert "held since 2025 Q4" in text
    bars = text[text.index('id="history"') :]
    assert bars.index("2025 Q3") < bars.index("2025 Q4")
    api = client.get(f"/api/ratings/households/{ratings_households['v1'].pk}/history").json()
    assert [r["total"] for r in api["ratings"]] == [9, 10]
    assert api["titles"][0]["held"] is True


def test_closing_on_the_page(client_for: Any, ratings_rounds: Any) -> None:
    fenglin = ratings_rounds["fenglin"]
    # 乙镇's village: the admin opened it; the town staff of 甲镇 cannot even see it.
    assert client_for("town_staff").post(f"/ratings/rounds/{fenglin.pk}/close/").status_code == 404
    response = client_for("admin").post(f"/ratings/rounds/{fenglin.pk}/close/", follow=True)
    assert "Round closed" in response.content.decode()
    fenglin.refresh_from_db()
    assert fenglin.state == "closed"


@pytest.mark.parametrize(
    ("earlier", "later"),
    [((2024, 1), (2024, 2)), ((2024, 4), (2025, 1))],
    ids=["Q2-closed-before-Q1", "Q1-closed-before-the-previous-Q4"],
)
def test_closing_the_later_quarter_first_gives_the_same_title(
    earlier: tuple[int, int],
    later: tuple[int, int],
    personas: dict[str, Any],
    district: Any,
    ratings_criteria: Any,
    ratings_households: Any,
) -> None:
    staff, v1 = personas["village_staff"], ratings_households["v1"]
    rounds = {}
    for year, quarter in (earlier, later):
        rounds[year, quarter] = open_round(
            staff, district[VILLAGE_V], year, quarter, date(year, quarter * 3, 20)
        )
        record_ratings(
            staff, rounds[year, quarter], [RatingEntry(v1.pk, stars(ratings_criteria, 9))]
        )
    close_round(staff, rounds[later])
    assert not Title.objects.exists()  # one closed good quarter is not enough
    close_round(staff, rounds[earlier])
    title = Title.objects.get()
    assert (title.since, title.held) == (f"{later[0]} Q{later[1]}", True)


def test_closing_a_missing_bad_quarter_late_ends_the_title_then(
    personas: dict[str, Any], district: Any, ratings_criteria: Any, ratings_households: Any
) -> None:
    """Q1 9, Q2 9 (title), Q4 10 closed; Q3's round (7 stars) closes last: the title was lost in
    Q3, and Q4 alone does not earn a new one."""
    staff, v1 = personas["village_staff"], ratings_households["v1"]
    given = {1: 9, 2: 9, 3: 7, 4: 10}
    rounds = {}
    for quarter, n in given.items():
        rounds[quarter] = open_round(
            staff, district[VILLAGE_V], 2024, quarter, date(2024, quarter * 3, 20)
        )
        record_ratings(staff, rounds[quarter], [RatingEntry(v1.pk, stars(ratings_criteria, n))])
    for quarter in (1, 2, 4):
        close_round(staff, rounds[quarter])
    assert [(t.since, t.lost) for t in Title.objects.all()] == [("2024 Q2", "")]
    close_round(staff, rounds[3])
    assert [(t.since, t.lost) for t in Title.objects.all()] == [("2024 Q2", "2024 Q3")]


def test_the_ratings_api_says_which_household_holds_the_title(
    client_for: Any,
    ratings_rounds: Any,
    ratings_households: Any,
    ratings_criteria: Any,
    django_assert_max_num_queries: Any,
) -> None:
    h = ratings_households
    client = client_for("leader")
    with django_assert_max_num_queries(6):  # the same for one row or a page of them
        rows = client.get("/api/ratings/ratings?limit=100").json()["items"]
    holders = {r["household"] for r in rows if r["title_holder"]}
    assert holders == {h["v1"].pk}
    assert len([r for r in rows if r["title_holder"]]) == 2  # v1's ratings of Q3 and Q4
    history = client.get(f"/api/ratings/households/{h['v1'].pk}/history").json()
    assert [r["title_holder"] for r in history["ratings"]] == [True, True]
    history = client.get(f"/api/ratings/households/{h['v2'].pk}/history").json()
    assert [r["title_holder"] for r in history["ratings"]] == [False, False]
    # A correction answers with the title as it stands after the correction.
    rating = HouseholdRating.objects.get(round=ratings_rounds["q3"], household=h["v1"])
    response = client_for("admin").post(
        f"/api/ratings/ratings/{rating.pk}/correct",
        {"criteria": stars(ratings_criteria, 8), "note": "评议记录核对有误"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["title_holder"] is False
