"""Scope declarations of the star-rating endpoints (see core/testing/scope.py).

The oracles say in plain terms who sees what: an administrator everything; a staff account with a
region scope (and no department) the rows of its subtree — rounds by their village's code,
ratings, titles and households by the household's grid code; a grid worker whose scope is one
grid also that grid's village's rounds; department-only accounts, accounts without a scope and
residents nothing.
"""

from __future__ import annotations

from typing import Any

from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.ratings.models import HouseholdRating, RatedHousehold, RatingRound, Title

FIX = ("ratings_rounds",)


def _area(code: str, user: Any) -> bool:
    if user.role == "administrator":
        return True
    if user.role == "resident" or user.department_id is not None or user.scope_region is None:
        return False
    return code.startswith(user.scope_region.code)


def sees_round(round_: Any, user: Any) -> bool:
    if _area(round_.village_id, user):
        return True
    return (
        user.role == "grid_worker"
        and user.scope_region is not None
        and user.department_id is None
        and user.scope_region.code[:12] == round_.village_id
    )


def records(user: Any) -> int:
    """The recording page: village staff, grid workers and administrators; others 403."""
    return 200 if user.role in ("administrator", "service_staff", "grid_worker") else 403


ENDPOINTS = [
    ScopedEndpoint(
        name="ratings-rounds-api",
        model=RatingRound,
        fixtures=FIX,
        oracle=sees_round,
        routes=(
            "api:ratings_round_list",
            "api:ratings_round_detail",
            "api:ratings_record",
            "api:ratings_round_close",
        ),
        list_url="/api/ratings/rounds",
        detail_urls=(lambda r: f"/api/ratings/rounds/{r.pk}",),
        post_urls=(
            (lambda r: f"/api/ratings/rounds/{r.pk}/ratings", {"ratings": []}),
            (lambda r: f"/api/ratings/rounds/{r.pk}/close", {}),
        ),
        missing_url="/api/ratings/rounds/999999",
    ),
    ScopedEndpoint(
        name="ratings-rounds-pages",
        model=RatingRound,
        fixtures=FIX,
        oracle=sees_round,
        routes=("ratings:rounds", "ratings:round", "ratings:close"),
        list_url="/ratings/",
        list_format="html",
        row_key=lambda r: str(r.pk),
        detail_urls=(lambda r: f"/ratings/rounds/{r.pk}/",),
        post_urls=((lambda r: f"/ratings/rounds/{r.pk}/close/", {}),),
        missing_url="/ratings/rounds/999999/",
    ),
    ScopedEndpoint(
        name="ratings-record-page",
        model=RatingRound,
        fixtures=FIX,
        oracle=sees_round,
        routes=("ratings:record",),
        detail_urls=(lambda r: f"/ratings/rounds/{r.pk}/record/",),
        visible_status=records,
        post_urls=((lambda r: f"/ratings/rounds/{r.pk}/record/", {}),),
        missing_url="/ratings/rounds/999999/record/",
    ),
    ScopedEndpoint(
        name="ratings-ratings-api",
        model=HouseholdRating,
        fixtures=FIX,
        oracle=lambda r, user: _area(r.grid_code, user),
        routes=("api:ratings_rating_list", "api:ratings_rating_correct"),
        list_url="/api/ratings/ratings",
        post_urls=(
            (lambda r: f"/api/ratings/ratings/{r.pk}/correct", {"criteria": [], "note": "x"}),
        ),
    ),
    ScopedEndpoint(
        name="ratings-titles-api",
        model=Title,
        fixtures=FIX,
        oracle=lambda t, user: _area(t.grid_code, user),
        routes=("api:ratings_title_list",),
        list_url="/api/ratings/titles",
    ),
    ScopedEndpoint(
        name="ratings-household-history",
        model=RatedHousehold,
        fixtures=FIX,
        oracle=lambda h, user: _area(h.grid_id, user),
        routes=("ratings:household", "api:ratings_household_history"),
        detail_urls=(
            lambda h: f"/ratings/households/{h.pk}/",
            lambda h: f"/api/ratings/households/{h.pk}/history",
        ),
        missing_url="/ratings/households/999999/",
    ),
]

UNSCOPED = {
    "api:ratings_criteria": "reference data every staff account reads (test_criteria)",
    "ratings:criteria": "reference data every staff account reads; edits by administrators "
    "only (test_criteria)",
    "api:ratings_criterion_add": "administrators only (test_criteria)",
    "api:ratings_criterion_change": "administrators only (test_criteria)",
    "api:ratings_round_open": "the village is looked up through the region scope: out of scope "
    "is 404 (test_rounds)",
    "api:ratings_stats": "figures computed over the caller's scope only (test_statistics)",
    "ratings:stats": "figures computed over the caller's scope only (test_statistics)",
}
