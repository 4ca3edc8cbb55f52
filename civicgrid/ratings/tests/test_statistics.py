"""Statistics by town and village for one quarter, over the caller's scope only."""

from __future__ import annotations

from typing import Any


def test_district_figures_by_town(
    client_for: Any, ratings_rounds: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for("leader")
    with django_assert_max_num_queries(6):
        body = client.get("/api/ratings/stats?year=2025&quarter=4").json()
    assert body["by"] == "town"
    rows = {r["key"]: r for r in body["rows"]}
    jia, yi, total = rows["430212100"], rows["430212101"], rows["total"]
    assert (jia["label"], jia["rated"], jia["titled"]) == ("甲镇", 3, 1)
    assert jia["distribution"][10] == 1 and jia["distribution"][9] == 1
    assert jia["average"] == (10 + 9 + 7) / 3
    assert (yi["rated"], yi["titled"]) == (2, 0)
    assert total["rated"] == 5


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
