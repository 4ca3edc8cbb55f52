"""The ratings API: criteria, rounds, recording a meeting's ratings, closing, corrections,
household histories, 自强户 titles and statistics — all through the scope chokepoint."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import date, datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.core.scope import get_visible_or_404
from civicgrid.regions.models import Level, Region

from . import queries
from .actions import (
    CriterionInput,
    RatingEntry,
    close_round,
    correct_rating,
    may_close,
    may_record,
    open_round,
    record_ratings,
    save_criterion,
)
from .models import Criterion, HouseholdRating, RatedHousehold, RatingRound, Title

router = Router(tags=["ratings"])


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    order: int
    active: bool


@router.get("/criteria", response=list[CriterionOut], url_name="ratings_criteria")
def criteria(request: HttpRequest) -> Any:
    return Criterion.objects.visible_to(request.user)


class CriterionIn(Schema):
    name: str = Field(max_length=20)
    description: str = Field("", max_length=200)
    order: int = Field(0, ge=0, le=1000)
    active: bool = True


@router.post(
    "/criteria",
    response={201: CriterionOut},
    url_name="ratings_criterion_add",
    summary="Add a criterion (administrators)",
)
def add_criterion(request: HttpRequest, body: CriterionIn) -> Any:
    return Status(201, save_criterion(request.user, CriterionInput(**body.dict())))


@router.post(
    "/criteria/{criterion_id}",
    response=CriterionOut,
    url_name="ratings_criterion_change",
    summary="Change a criterion (administrators)",
)
def change_criterion(request: HttpRequest, criterion_id: int, body: CriterionIn) -> Any:
    criterion = get_visible_or_404(Criterion.objects.all(), request.user, pk=criterion_id)
    return save_criterion(request.user, CriterionInput(**body.dict()), criterion)


class RoundOut(Schema):
    id: int
    village: str
    village_name: str
    year: int
    quarter: int
    meeting_date: date
    state: str
    version: int
    criteria: list[dict[str, Any]]
    rated: int = Field(description="households rated so far")
    closed_at: datetime | None
    actions: list[str] = Field(description="what the caller may do now: record, close")

    @staticmethod
    def resolve_village(r: RatingRound) -> str:
        return r.village_id

    @staticmethod
    def resolve_village_name(r: RatingRound) -> str:
        return r.village.name

    @staticmethod
    def resolve_rated(r: RatingRound) -> int:
        return getattr(r, "rated", None) or r.ratings.count()

    @staticmethod
    def resolve_actions(r: RatingRound, context: dict[str, Any]) -> list[str]:
        user = context["request"].user
        acts = []
        if r.state == "open" and may_record(user, r):
            acts.append("record")
        if may_close(user, r):
            acts.append("close")
        return acts


def _rounds(request: HttpRequest) -> Any:
    from django.db.models import Count

    return (
        RatingRound.objects.visible_to(request.user)
        .select_related("village")
        .annotate(rated=Count("ratings"))
        .order_by("-year", "-quarter", "village_id")
    )


class RoundQuery(Schema):
    village: str = Field("", description="a region code: rounds of villages in that subtree")
    year: int | None = None
    quarter: int | None = None
    state: str = ""


@router.get("/rounds", response=list[RoundOut], url_name="ratings_round_list")
@paginate(LimitOffsetPagination)
def list_rounds(request: HttpRequest, filters: Query[RoundQuery]) -> Any:
    qs = _rounds(request)
    if filters.village:
        qs = qs.filter(village__code__startswith=filters.village)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.quarter:
        qs = qs.filter(quarter=filters.quarter)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs


@router.get("/rounds/{round_id}", response=RoundOut, url_name="ratings_round_detail")
def round_detail(request: HttpRequest, round_id: int) -> Any:
    return get_visible_or_404(_rounds(request), request.user, pk=round_id)


class RoundIn(Schema):
    village: str = Field(description="the village's region code")
    year: int
    quarter: int = Field(description="1–4")
    meeting_date: date


@router.post(
    "/rounds",
    response={201: RoundOut},
    url_name="ratings_round_open",
    summary="Open a village's quarterly round (village service staff)",
)
def open_round_api(request: HttpRequest, body: RoundIn) -> Any:
    village = get_visible_or_404(
        Region.objects.filter(level=Level.VILLAGE), request.user, code=body.village
    )
    round_ = open_round(request.user, village, body.year, body.quarter, body.meeting_date)
    return Status(201, get_visible_or_404(_rounds(request), request.user, pk=round_.pk))


class EntryIn(Schema):
    household: int = Field(description="a registry household id of the round's village")
    criteria: list[int] = Field(description="ids of the round's criteria the household met")
    stars: int | None = Field(None, description="optional check: must equal len(criteria)")
    note: str = ""


class RecordIn(Schema):
    ratings: list[EntryIn]


class RecordOut(Schema):
    recorded: int
    round: RoundOut


@router.post(
    "/rounds/{round_id}/ratings",
    response=RecordOut,
    url_name="ratings_record",
    summary="Record the meeting's ratings of some households (all or nothing)",
)
def record(request: HttpRequest, round_id: int, body: RecordIn) -> Any:
    round_ = get_visible_or_404(RatingRound.objects.all(), request.user, pk=round_id)
    n = record_ratings(
        request.user,
        round_,
        [RatingEntry(e.household, e.criteria, e.note, e.stars) for e in body.ratings],
    )
    return {"recorded": n, "round": get_visible_or_404(_rounds(request), request.user, pk=round_id)}


class CloseIn(Schema):
    note: str = Field("", max_length=500)


@router.post(
    "/rounds/{round_id}/close",
    response=RoundOut,
    url_name="ratings_round_close",
    summary="Close the round and apply the 自强户 rule",
)
def close(request: HttpRequest, round_id: int, body: CloseIn) -> Any:
    round_ = get_visible_or_404(RatingRound.objects.all(), request.user, pk=round_id)
    close_round(request.user, round_, body.note)
    return get_visible_or_404(_rounds(request), request.user, pk=round_id)


class RatingOut(Schema):
    id: int
    round: int
    year: int
    quarter: int
    village: str
    household: int
    household_number: str
    grid: str
    criteria: list[str] = Field(description="names of the criteria earned")
    total: int
    note: str
    # No default: every endpoint returning ratings must set it (see _held_titles).
    title_holder: bool = Field(description="the household holds the 自强户 title now")

    @staticmethod
    def resolve_round(r: HouseholdRating) -> int:
        return r.round_id

    @staticmethod
    def resolve_year(r: HouseholdRating) -> int:
        return r.round.year

    @staticmethod
    def resolve_quarter(r: HouseholdRating) -> int:
        return r.round.quarter

    @staticmethod
    def resolve_village(r: HouseholdRating) -> str:
        return r.round.village_id

    @staticmethod
    def resolve_household(r: HouseholdRating) -> int:
        return r.household_id

    @staticmethod
    def resolve_household_number(r: HouseholdRating) -> str:
        return r.household.number

    @staticmethod
    def resolve_grid(r: HouseholdRating) -> str:
        return r.grid_code

    @staticmethod
    def resolve_criteria(r: HouseholdRating) -> list[str]:
        names = {c["id"]: c["name"] for c in r.round.criteria}
        return [names.get(c, str(c)) for c in r.earned]


class RatingQuery(Schema):
    round: int | None = None
    household: int | None = None
    min_stars: int | None = Field(None, ge=0, le=10)


def _held_titles(request: HttpRequest) -> Any:
    """The 自强户 titles held now that the caller may see."""
    return Title.objects.visible_to(request.user).filter(lost_year__isnull=True)


@router.get("/ratings", response=list[RatingOut], url_name="ratings_rating_list")
@paginate(LimitOffsetPagination)
def list_ratings(request: HttpRequest, filters: Query[RatingQuery]) -> Any:
    # title_holder comes with the page's own query (a subquery), not one query per row.
    held = _held_titles(request).filter(household_id=OuterRef("household_id"))
    qs = (
        HouseholdRating.objects.visible_to(request.user)
        .select_related("round", "household")
        .annotate(title_holder=Exists(held))
    )
    if filters.round:
        qs = qs.filter(round_id=filters.round)
    if filters.household:
        qs = qs.filter(household_id=filters.household)
    if filters.min_stars is not None:
        qs = qs.filter(total__gte=filters.min_stars)
    return qs


class CorrectIn(Schema):
    criteria: list[int]
    note: str = Field(description="why the closed rating is corrected", max_length=200)


@router.post(
    "/ratings/{rating_id}/correct",
    response=RatingOut,
    url_name="ratings_rating_correct",
    summary="Correct a closed round's rating (administrators); titles are recomputed",
)
def correct(request: HttpRequest, rating_id: int, body: CorrectIn) -> Any:
    rating = get_visible_or_404(
        HouseholdRating.objects.select_related("round", "household"), request.user, pk=rating_id
    )
    rating = correct_rating(request.user, rating, body.criteria, body.note)
    rating.title_holder = _held_titles(request).filter(household_id=rating.household_id).exists()
    return rating


class TitleOut(Schema):
    id: int
    household: int
    grid: str
    since: str
    lost: str
    held: bool

    @staticmethod
    def resolve_household(t: Title) -> int:
        return t.household_id

    @staticmethod
    def resolve_grid(t: Title) -> str:
        return t.grid_code


class TitleQuery(Schema):
    held: bool | None = None
    region: str = ""


@router.get("/titles", response=list[TitleOut], url_name="ratings_title_list")
@paginate(LimitOffsetPagination)
def list_titles(request: HttpRequest, filters: Query[TitleQuery]) -> Any:
    qs = Title.objects.visible_to(request.user)
    if filters.held is not None:
        qs = qs.filter(lost_year__isnull=filters.held)
    if filters.region:
        qs = qs.filter(grid_code__startswith=filters.region)
    return qs


class HistoryOut(Schema):
    household: int
    number: str
    address: str
    titles: list[TitleOut]
    ratings: list[RatingOut]


@router.get(
    "/households/{household_id}/history",
    response=HistoryOut,
    url_name="ratings_household_history",
)
def household_history(request: HttpRequest, household_id: int) -> Any:
    household = get_visible_or_404(RatedHousehold.objects.all(), request.user, pk=household_id)
    ratings = queries.history(request.user, household.pk)
    titles = list(Title.objects.visible_to(request.user).filter(household_id=household.pk))
    holder = any(t.held for t in titles)
    for r in ratings:
        r.household = household
        r.title_holder = holder
    return {
        "household": household.pk,
        "number": household.number,
        "address": household.address,
        "titles": titles,
        "ratings": ratings,
    }


class FiguresOut(Schema):
    key: str
    label: str
    rated: int
    average: float | None
    distribution: list[int] = Field(description="households with 0, 1, …, 10 stars")
    titled: int = Field(description="自强户 titles held in the chosen quarter")


class StatsOut(Schema):
    year: int | None
    quarter: int | None
    by: str
    rows: list[FiguresOut] = Field(
        description="one per town or village; the last is the total. Only the quarter's closed "
        "rounds count; a round still open is left out"
    )


class StatsQuery(Schema):
    year: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    by: str = Field("", description="town | village")


@router.get("/stats", response=StatsOut, url_name="ratings_stats")
def stats(request: HttpRequest, filters: Query[StatsQuery]) -> Any:
    by = (
        filters.by if filters.by in queries.LEVEL_DIGITS else queries.default_grouping(request.user)
    )
    year, quarter = filters.year, filters.quarter
    if year is None or quarter is None:
        known = queries.periods(request.user)
        if not known:
            return {"year": None, "quarter": None, "by": by, "rows": []}
        year, quarter = known[0]
    return {
        "year": year,
        "quarter": quarter,
        "by": by,
        "rows": queries.statistics(request.user, year, quarter, by),
    }
