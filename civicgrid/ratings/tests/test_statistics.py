"""Statistics by town and village for one quarter, over the caller's scope only."""

from __future__ import annotations

from datetime import date
from typing import Any

from civicgrid.ratings.actions import RatingEntry, close_round, open_round, record_ratings
from civicgrid.ratings.models import Title

from .fixtures import VILLAGE_V, stars


def test_district_figures_by_town(
    client_for: Any, ratings_rounds: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("leader")
    with django_assert_max_num_queries(6):
        body = client.get("/api/ratings/stats?year=2025&quarter=4").json()
    assert body["by"] == "town"
    rows = {r["key"]: r for r in body["rows"]}
    jia, total = rows["430212100"], rows["total"]
    assert (jia["label"], jia["rated"], jia["titled"]) == ("甲镇", 3, 1)
    assert jia["distribution"][10] == 1 and jia["distribution"][9] == 1
    assert jia["average"] == (10 + 9 + 7) / 3
    # 乙镇's only round (枫林村 2025 Q4) is still open: its ratings are not final, not counted.
    assert "430212101" not in rows
    assert total["rated"] == 3


def test_a_quarter_counts_its_closed_rounds_and_the_titles_held_then(
    client_for: Any,
    personas: dict[str, Any],
    district: Any,
    ratings_rounds: Any,
    ratings_households: Any,
    ratings_criteria: Any,
) -> None:
    """v1 holds the 自强户 title since 2025 Q4 and loses it in 2026 Q1 (7 stars)."""
    staff, h = personas["village_staff"], ratings_households
    q1 = open_round(staff, district[VILLAGE_V], 2026, 1, date(2026, 3, 20))
    record_ratings(
        staff,
        q1,
        [
            RatingEntry(h["v1"].pk, stars(ratings_criteria, 7)),
            RatingEntry(h["v2"].pk, stars(ratings_criteria, 8)),
        ],
    )
    client = client_for("leader")

    def jia(year: int, quarter: int) -> dict[str, Any]:
        url = f"/api/ratings/stats?year={year}&quarter={quarter}&by=village"
        return {r["key"]: r for r in client.get(url).json()["rows"]}["total"]

    # While 2026 Q1 is open it has no figures and is not offered as a quarter.
    assert (jia(2026, 1)["rated"], jia(2026, 1)["titled"]) == (0, 1)
    assert client.get("/api/ratings/stats").json()["quarter"] == 4
    close_round(staff, q1)
    assert Title.objects.get(household=h["v1"]).lost == "2026 Q1"
    assert not Title.objects.filter(lost_year__isnull=True).exists()
    now = jia(2026, 1)
    assert (now["rated"], now["titled"], now["distribution"][7]) == (2, 0, 1)
    # 2025 Q4 keeps its own figures: the title v1 held then, its three households.
    before = jia(2025, 4)
    assert (before["rated"], before["titled"]) == (3, 1)
    assert (jia(2025, 3)["rated"], jia(2025, 3)["titled"]) == (3, 0)  # earned only in Q4
    page = client.get("/ratings/stats/?by=village&period=2025-4").content.decode()
    assert 'id="titled-total">1<' in page
    assert "自强户 in 2025 Q4" in page
    assert "closed rounds only" in page


def test_town_staff_see_their_villages_only(client_for: Any, ratings_rounds: Any) -> None:
    body = client_for("town_staff").get("/api/ratings/stats").json()
    assert (body["year"], body["quarter"], body["by"]) == (2025, 4, "village")
    assert [r["key"] for r in body["rows"]] == ["430212100201", "total"]


def test_stats_page_shows_bars(
    client_for: Any, ratings_rounds: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("leader")
    with django_assert_max_num_queries(9):
        response = client.get("/ratings/stats/?by=village&period=2025-3")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-key="430212100201"' in text
    assert 'data-key="430212101201"' not in text  # 枫林村 has no 2025 Q3 round
    assert text.count('class="vbars"') == 2  # the village and the total


def test_people_without_an_area_see_no_figures(client_for: Any, ratings_rounds: Any) -> None:
    for persona in ("approver", "resident", "outsider"):
        assert client_for(persona).get("/api/ratings/stats").json()["rows"] == []
        assert (
            "No ratings in your area yet."
            in client_for(persona).get("/ratings/stats/").content.decode()
        )


def test_round_list_and_pages_pin_queries(
    client_for: Any, ratings_rounds: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("leader")
    with django_assert_max_num_queries(6):
        assert client.get("/api/ratings/rounds").json()["count"] == 3
    with django_assert_max_num_queries(6):
        assert client.get("/api/ratings/ratings").json()["count"] == 8
    with django_assert_max_num_queries(8):
        assert client.get("/ratings/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/ratings/rounds/{ratings_rounds['q4'].pk}/").status_code == 200
