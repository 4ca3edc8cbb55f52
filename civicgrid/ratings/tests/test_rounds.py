"""Opening a quarter's round: who may, and what is refused with a clear reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db.models.signals import pre_save

from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.core.models import AuditLog
from civicgrid.ratings.actions import open_round
from civicgrid.ratings.models import Criterion, RatingRound, RoundState

from .fixtures import VILLAGE_B, VILLAGE_V


def test_village_staff_opens_a_round_with_the_ten_criteria(
    personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    r = open_round(personas["village_staff"], district[VILLAGE_V], 2025, 2, date(2025, 6, 1))
    assert r.state == RoundState.OPEN
    assert [c["name"] for c in r.criteria][:2] == ["爱党爱国", "遵纪守法"]
    assert len(r.criteria) == 10
    assert AuditLog.objects.filter(action="ratings.open_round", object_id=str(r.pk)).exists()


@pytest.mark.parametrize("persona", ["worker_a", "leader", "approver", "clerk"])
def test_only_village_staff_may_open(
    persona: str, personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    with pytest.raises(NotAllowed):
        open_round(personas[persona], district[VILLAGE_V], 2025, 2, date(2025, 6, 1))
    assert not RatingRound.objects.exists()


def test_staff_of_another_village_may_not_open(
    personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    with pytest.raises(NotAllowed):
        open_round(personas["village_staff"], district[VILLAGE_B], 2025, 2, date(2025, 6, 1))


@pytest.mark.parametrize(
    ("year", "quarter", "field"),
    [(2025, 5, "quarter"), (2025, 0, "quarter"), (1999, 1, "year"), (2099, 1, "year")],
)
def test_a_quarter_out_of_range_is_refused(
    year: int,
    quarter: int,
    field: str,
    personas: dict[str, Any],
    district: Any,
    ratings_criteria: list[Criterion],
) -> None:
    with pytest.raises(ActionError) as err:
        open_round(personas["village_staff"], district[VILLAGE_V], year, quarter, date(2025, 1, 5))
    assert field in [e["field"] for e in err.value.errors]
    assert not RatingRound.objects.exists()


def test_one_round_per_village_and_quarter(
    personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    staff = personas["village_staff"]
    open_round(staff, district[VILLAGE_V], 2025, 2, date(2025, 6, 1))
    with pytest.raises(ActionError, match="already has a round for 2025 Q2"):
        open_round(staff, district[VILLAGE_V], 2025, 2, date(2025, 6, 2))


def test_a_round_needs_exactly_ten_active_criteria(
    personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    Criterion.objects.filter(name="热心公益").update(active=False)
    with pytest.raises(ActionError, match="Exactly 10 criteria must be active"):
        open_round(personas["village_staff"], district[VILLAGE_V], 2025, 2, date(2025, 6, 1))


def test_open_through_the_api(
    client_for: Any, personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    client = client_for("village_staff")
    body = {"village": VILLAGE_V, "year": 2025, "quarter": 1, "meeting_date": "2025-03-28"}
    response = client.post("/api/ratings/rounds", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["actions"] == ["record", "close"]
    bad = client.post(
        "/api/ratings/rounds", {**body, "quarter": 5}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"field": "quarter", "message": "A quarter is 1, 2, 3 or 4."}]
    # Another town's village is out of scope: not found, not forbidden.
    other = client.post(
        "/api/ratings/rounds", {**body, "village": VILLAGE_B}, content_type="application/json"
    )
    assert other.status_code == 404


def test_open_on_the_page_leads_to_recording(
    client_for: Any, personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    client = client_for("village_staff")
    response = client.post(
        "/ratings/",
        {
            "village": district[VILLAGE_V].pk,
            "year": 2025,
            "quarter": 1,
            "meeting_date": "2025-03-28",
        },
    )
    r = RatingRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ratings/rounds/{r.pk}/record/"
    again = client.post(
        "/ratings/",
        {
            "village": district[VILLAGE_V].pk,
            "year": 2025,
            "quarter": 1,
            "meeting_date": "2025-03-28",
        },
    )
    assert again.status_code == 400
    assert "already has a round for 2025 Q1" in again.content.decode()


@pytest.fixture
def rival_opens_first() -> Iterator[None]:
    """Another request opens the same quarter after open_round has checked that it is free and
    before its own insert: the rival row is written just before ours."""

    def rival(sender: Any, instance: RatingRound, **kwargs: Any) -> None:
        if instance.pk is None:
            RatingRound.objects.bulk_create(
                [
                    RatingRound(
                        village_id=instance.village_id,
                        year=instance.year,
                        quarter=instance.quarter,
                        meeting_date=instance.meeting_date,
                    )
                ]
            )

    pre_save.connect(rival, sender=RatingRound)
    try:
        yield
    finally:
        pre_save.disconnect(rival, sender=RatingRound)


@pytest.mark.usefixtures("rival_opens_first")
def test_a_round_opened_meanwhile_is_a_conflict_not_a_crash(
    personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    with pytest.raises(Conflict, match="already has a round for 2025 Q2") as err:
        open_round(personas["village_staff"], district[VILLAGE_V], 2025, 2, date(2025, 6, 1))
    assert err.value.errors == [{"field": "quarter", "message": "Already opened."}]
    assert not AuditLog.objects.filter(action="ratings.open_round").exists()


@pytest.mark.usefixtures("rival_opens_first")
def test_the_api_answers_409_when_a_round_was_opened_meanwhile(
    client_for: Any, personas: dict[str, Any], district: Any, ratings_criteria: list[Criterion]
) -> None:
    body = {"village": VILLAGE_V, "year": 2025, "quarter": 2, "meeting_date": "2025-06-01"}
    response = client_for("village_staff").post(
        "/api/ratings/rounds", body, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "石门村 already has a round for 2025 Q2."
