"""Read-side helpers: statistics by town or village, a household's history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Substr

from civicgrid.regions.models import Region

from .models import (
    MAX_STARS,
    STARS_FOR_TITLE,
    HouseholdRating,
    RatingRound,
    RoundState,
    Title,
)

LEVEL_DIGITS = {"town": 9, "village": 12}


@dataclass
class Figures:
    """The figures of one town or village (or the total) for one quarter."""

    key: str
    label: str
    rated: int = 0
    stars: int = 0
    distribution: list[int] = field(default_factory=lambda: [0] * (MAX_STARS + 1))
    titled: int = 0

    @property
    def average(self) -> float | None:
        return self.stars / self.rated if self.rated else None

    @property
    def high(self) -> int:
        return sum(self.distribution[STARS_FOR_TITLE:])

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(stars, households, percent of the largest bar) for CSS bars."""
        top = max(self.distribution) or 1
        return [(n, c, round(100 * c / top)) for n, c in enumerate(self.distribution)]


def periods(user: Any) -> list[tuple[int, int]]:
    """The quarters with a closed round the user may see, newest first: the quarters that have
    figures (a round still open counts nowhere)."""
    return list(
        RatingRound.objects.visible_to(user)
        .filter(state=RoundState.CLOSED)
        .values_list("year", "quarter")
        .distinct()
        .order_by("-year", "-quarter")
    )


def default_grouping(user: Any) -> str:
    code = getattr(user, "scope_region_code", None)
    return "village" if code and len(code) >= 9 else "town"


def held_in(year: int, quarter: int) -> Q:
    """Titles held in that quarter: earned in it or before, and not lost by then (a title lost
    in a quarter is no longer held in it)."""
    return (Q(since_year__lt=year) | Q(since_year=year, since_quarter__lte=quarter)) & (
        Q(lost_year__isnull=True)
        | Q(lost_year__gt=year)
        | Q(lost_year=year, lost_quarter__gt=quarter)
    )


def statistics(user: Any, year: int, quarter: int, by: str) -> list[Figures]:
    """Households rated, average stars, the 0–10 distribution and 自强户 held, per town or
    village of the user's scope, for one quarter; the last row is the total. Three queries.

    Every figure is of that quarter: the ratings of its *closed* rounds only (a round still open
    is not final), and the titles held in it (not the titles held today)."""
    digits = LEVEL_DIGITS.get(by, 9)
    counts = (
        HouseholdRating.objects.visible_to(user)
        .filter(round__year=year, round__quarter=quarter, round__state=RoundState.CLOSED)
        .annotate(key=Substr("grid_code", 1, digits))
        .values("key", "total")
        .annotate(n=Count("id"))
        .order_by()
    )
    titled = (
        Title.objects.visible_to(user)
        .filter(held_in(year, quarter))
        .annotate(key=Substr("grid_code", 1, digits))
        .values("key")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows: dict[str, Figures] = {}
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for c in counts:
        grouped[c["key"]].append((c["total"], c["n"]))
    held = {t["key"]: t["n"] for t in titled}
    names = dict(
        Region.objects.filter(code__in=set(grouped) | set(held)).values_list("code", "name")
    )
    total = Figures("total", "")
    for key in sorted(set(grouped) | set(held)):
        f = rows[key] = Figures(key, names.get(key, key))
        for stars, n in grouped.get(key, []):
            f.rated += n
            f.stars += stars * n
            f.distribution[stars] += n
        f.titled = held.get(key, 0)
        total.rated += f.rated
        total.stars += f.stars
        total.titled += f.titled
        total.distribution = [
            a + b for a, b in zip(total.distribution, f.distribution, strict=True)
        ]
    return [*rows.values(), total]


def history(user: Any, household_id: int) -> list[HouseholdRating]:
    """The household's ratings the user may see, oldest quarter first, with their rounds."""
    return list(
        HouseholdRating.objects.visible_to(user)
        .filter(household_id=household_id)
        .select_related("round", "round__village")
        .order_by("round__year", "round__quarter")
    )
