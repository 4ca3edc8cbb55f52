"""Recording a meeting's ratings: all or nothing, out-of-range stars refused clearly."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.ratings.actions import RatingEntry, open_round, record_ratings
from civicgrid.ratings.models import Criterion, HouseholdRating, RatingRound

from .fixtures import VILLAGE_V, stars


@pytest.fixture
def open_q1(
    personas: dict[str, Any],
    district: Any,
    ratings_criteria: list[Criterion],
    ratings_households: Any,
) -> RatingRound:
    return open_round(personas["village_staff"], district[VILLAGE_V], 2025, 1, date(2025, 3, 30))


def test_staff_records_a_meeting(
    personas: dict[str, Any], open_q1: RatingRound, ratings_households: Any, ratings_criteria: Any
) -> None:
    h = ratings_households
    n = record_ratings(
        personas["village_staff"],
        open_q1,
        [RatingEntry(h["v1"].pk, stars(ratings_criteria, 9), "好"), RatingEntry(h["v2"].pk, [])],
    )
    assert n == 2
    totals = dict(HouseholdRating.objects.values_list("household_id", "total"))
    assert totals == {h["v1"].pk: 9, h["v2"].pk: 0}
    # Re-recording replaces the household's stars.
    record_ratings(
        personas["village_staff"], open_q1, [RatingEntry(h["v2"].pk, stars(ratings_criteria, 4))]
    )
    assert HouseholdRating.objects.get(household=h["v2"]).total == 4


def test_eleven_stars_are_refused_and_nothing_is_written(
    client_for: Any, open_q1: RatingRound, ratings_households: Any, ratings_criteria: Any
) -> None:
    h = ratings_households
    ids = stars(ratings_criteria, 10)
    response = client_for("village_staff").post(
        f"/api/ratings/rounds/{open_q1.pk}/ratings",
        {
            "ratings": [
                {"household": h["v1"].pk, "criteria": ids[:5]},
                {"household": h["v2"].pk, "criteria": ids, "stars": 11},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "A household has 0 to 10 stars, not 11."
    assert body["errors"] == [
        {"field": "ratings.1.stars", "message": "A household has 0 to 10 stars, not 11."}
    ]
    assert not HouseholdRating.objects.exists()


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ("eleven", "A household has 0 to 10 stars, not 11."),
        ("twice", "Each criterion gives one star only."),
        ("unknown", "is not one of this round's criteria"),
    ],
)
def test_bad_criteria_are_refused(
    criteria: str,
    message: str,
    personas: dict[str, Any],
    open_q1: RatingRound,
    ratings_households: Any,
    ratings_criteria: Any,
) -> None:
    ids = stars(ratings_criteria, 10)
    chosen = {"eleven": [*ids, 999], "twice": [ids[0], ids[0]], "unknown": [999]}[criteria]
    with pytest.raises(ActionError) as err:
        record_ratings(
            personas["village_staff"], open_q1, [RatingEntry(ratings_households["v1"].pk, chosen)]
        )
    assert message in err.value.errors[0]["message"]
    assert err.value.errors[0]["field"] == "ratings.0.criteria"


def test_a_criterion_made_inactive_later_still_counts_in_an_open_round(
    personas: dict[str, Any], open_q1: RatingRound, ratings_households: Any, ratings_criteria: Any
) -> None:
    Criterion.objects.filter(pk=ratings_criteria[0].pk).update(active=False)
    record_ratings(
        personas["village_staff"],
        open_q1,
        [RatingEntry(ratings_households["v1"].pk, stars(ratings_criteria, 10))],
    )
    assert HouseholdRating.objects.get().total == 10


def test_a_household_of_another_village_is_refused(
    personas: dict[str, Any], open_q1: RatingRound, ratings_households: Any
) -> None:
    with pytest.raises(ActionError, match="is not a household of this village"):
        record_ratings(
            personas["village_staff"], open_q1, [RatingEntry(ratings_households["b1"].pk, [])]
        )


def test_a_closed_round_cannot_be_recorded(
    personas: dict[str, Any], ratings_rounds: Any, ratings_households: Any
) -> None:
    with pytest.raises(ActionError, match="This round is closed"):
        record_ratings(
            personas["village_staff"],
            ratings_rounds["q4"],
            [RatingEntry(ratings_households["v2"].pk, [])],
        )


def test_a_grid_worker_records_only_their_own_grid(
    personas: dict[str, Any], ratings_rounds: Any, ratings_households: Any, ratings_criteria: Any
) -> None:
    fenglin = ratings_rounds["fenglin"]
    worker = personas["worker_b"]  # grid 430212101201001 of 枫林村
    record_ratings(
        worker, fenglin, [RatingEntry(ratings_households["b1"].pk, stars(ratings_criteria, 9))]
    )
    with pytest.raises(ActionError, match="is not a household of this village"):
        record_ratings(worker, fenglin, [RatingEntry(ratings_households["b2"].pk, [])])
    with pytest.raises(NotAllowed):
        record_ratings(
            personas["worker_a"], fenglin, [RatingEntry(ratings_households["b1"].pk, [])]
        )


def test_the_recording_page_saves_a_page_of_households(
    client_for: Any, open_q1: RatingRound, ratings_households: Any, ratings_criteria: Any
) -> None:
    client = client_for("village_staff")
    url = f"/ratings/rounds/{open_q1.pk}/record/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('class="chip"') == 30  # 3 households × 10 criteria
    h = ratings_households
    ids = [str(i) for i in stars(ratings_criteria, 9)]
    response = client.post(
        url,
        {
            "household": [h["v1"].pk, h["v2"].pk],
            f"c{h['v1'].pk}": ids,
            f"note{h['v2'].pk}": "外出务工",
        },
    )
    assert response.status_code == 302
    assert dict(HouseholdRating.objects.values_list("household_id", "total")) == {
        h["v1"].pk: 9,
        h["v2"].pk: 0,
    }


def test_the_recording_page_refuses_with_400_and_keeps_what_was_typed(
    client_for: Any, open_q1: RatingRound, ratings_households: Any, ratings_criteria: Any
) -> None:
    client = client_for("village_staff")
    h = ratings_households
    ids = [str(i) for i in stars(ratings_criteria, 3)]
    response = client.post(
        f"/ratings/rounds/{open_q1.pk}/record/",
        {
            "household": [h["v1"].pk, h["v2"].pk],
            f"c{h['v1'].pk}": ids,
            f"note{h['v1'].pk}": "门前三包做得好",
            f"c{h['v2'].pk}": ["999"],
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="record-error"' in text
    assert "Criterion 999 is not one of this round&#x27;s criteria." in text
    assert text.count(" checked>") == 3
    assert 'value="门前三包做得好"' in text
    assert not HouseholdRating.objects.exists()


def test_saving_on_a_closed_round_is_refused_with_400(
    client_for: Any, ratings_rounds: Any, ratings_households: Any
) -> None:
    h = ratings_households
    response = client_for("village_staff").post(
        f"/ratings/rounds/{ratings_rounds['q4'].pk}/record/",
        {"household": [h["v2"].pk], f"note{h['v2'].pk}": "补录"},
    )
    assert response.status_code == 400
    assert "This round is closed" in response.content.decode()
    assert 'value="补录"' in response.content.decode()


def test_the_recording_page_lists_households_with_few_queries(
    client_for: Any, open_q1: RatingRound, django_assert_max_num_queries: Any
) -> None:
    client = client_for("village_staff")
    with django_assert_max_num_queries(12):
        assert client.get(f"/ratings/rounds/{open_q1.pk}/record/").status_code == 200


def test_a_leader_may_look_but_not_record(client_for: Any, open_q1: RatingRound) -> None:
    assert client_for("leader").get(f"/ratings/rounds/{open_q1.pk}/").status_code == 200
    assert client_for("leader").get(f"/ratings/rounds/{open_q1.pk}/record/").status_code == 403
