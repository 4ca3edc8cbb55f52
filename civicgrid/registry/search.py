"""Finding people: exact ID number, Chinese name infix, pinyin initials, phone, address.

Chinese name searches are mostly one or two characters (a surname, a given name), which a trigram
index cannot serve. Names are short, so an infix is a prefix of the name from its 1st, 2nd, 3rd or
4th character: four index range scans (the name index and expression indexes on
``substr(name, 2..4)``), each reading at most one page of rows, merged here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from .actions.records import id_index
from .identifiers import normalize_id_number
from .models import NameFrom, Person
from .names import prefix_range

MAX_INFIX_POSITION = 4


@dataclass
class PersonQuery:
    text: str = ""
    grid: str = ""
    tag: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    include_deceased: bool = False


def _birth_range(age_min: int | None, age_max: int | None, today: date) -> Q:
    q = Q()
    if age_min is not None:
        q &= Q(birth_date__lte=_years_before(today, age_min))
    if age_max is not None:
        q &= Q(birth_date__gt=_years_before(today, age_max + 1))
    return q


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def filtered(base: QuerySet[Person], query: PersonQuery) -> QuerySet[Person]:
    """Apply everything but the text: grid subtree, tag, age band, living only."""
    qs = base
    if query.grid:
        low, high = prefix_range(query.grid)
        qs = qs.filter(grid__code__gte=low, grid__code__lt=high)
    if query.tag:
        qs = qs.filter(person_tags__tag_id=query.tag)
    if query.age_min is not None or query.age_max is not None:
        qs = qs.filter(_birth_range(query.age_min, query.age_max, timezone.localdate()))
    if not query.include_deceased:
        qs = qs.filter(deceased_on__isnull=True)
    return qs


def kind_of(text: str) -> str:
    t = text.strip()
    digits = t.replace(" ", "")
    if len(digits) in (15, 18) and digits[:-1].isdigit():
        return "id"
    if digits.isdigit() and len(digits) >= 7:
        return "phone"
    if t.isascii() and t.isalpha():
        return "initials"
    if len(t) > 6:
        return "address"
    return "name"


def search_people(
    base: QuerySet[Person], query: PersonQuery, *, offset: int = 0, limit: int = 20
) -> tuple[list[Person], bool]:
    """One page of matches (and whether there are more), ordered by the matched text."""
    qs = filtered(base, query)
    text = query.text.strip()
    want = offset + limit + 1
    if not text:
        rows = list(qs.order_by("grid_id", "id")[offset:want])
        return rows[:limit], len(rows) > limit
    kind = kind_of(text)
    if kind == "id":
        rows = list(qs.filter(id_number_index=id_index(normalize_id_number(text)))[:1])
        return (rows[offset : offset + limit] if offset == 0 else []), False
    if kind == "phone":
        rows = list(qs.filter(phone=text).order_by("id")[offset:want])
    elif kind == "initials":
        low, high = prefix_range(text.lower())
        rows = list(
            qs.filter(name_initials__gte=low, name_initials__lt=high).order_by(
                "name_initials", "id"
            )[offset:want]
        )
    elif kind == "address":
        rows = list(qs.filter(household__address__contains=text).order_by("id")[offset:want])
    else:
        rows = _name_infix(qs, text, want)[offset:]
    return rows[:limit], len(rows) > limit


def _name_infix(qs: QuerySet[Person], text: str, want: int) -> list[Person]:
    low, high = prefix_range(text)
    found: list[Person] = list(
        qs.filter(name__gte=low, name__lt=high).order_by("name", "id")[:want]
    )
    seen = {p.pk for p in found}
    for position in range(2, MAX_INFIX_POSITION + 1):
        if len(found) >= want:
            break
        part = (
            qs.annotate(_from=NameFrom(position))
            .filter(_from__gte=low, _from__lt=high)
            .order_by("_from", "id")[:want]
        )
        for person in part:
            if person.pk not in seen:
                seen.add(person.pk)
                found.append(person)
    return found


def find_by_id_number(base: QuerySet[Person], raw: str) -> Person | None:
    return base.filter(id_number_index=id_index(raw)).first()


def as_query(params: Any) -> PersonQuery:
    def number(name: str) -> int | None:
        value = params.get(name)
        return int(value) if value not in (None, "") and str(value).isdigit() else None

    return PersonQuery(
        text=params.get("q", "") or "",
        grid=params.get("grid", "") or "",
        tag=number("tag"),
        age_min=number("age_min"),
        age_max=number("age_max"),
    )
