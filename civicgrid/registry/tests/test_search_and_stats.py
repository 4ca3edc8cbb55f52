"""Finding people by name infix, initials, phone, ID; grid figures from counters only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civicgrid.registry.actions.changes import approve_change, submit_update
from civicgrid.registry.actions.records import apply_create
from civicgrid.registry.models import GridPersonCount, Person
from civicgrid.registry.search import PersonQuery, search_people
from civicgrid.registry.stats import grid_figures
from civicgrid.registry.tests.fixtures import GRID_A, GRID_B, GRID_V, id_number, person_values


def names(query: PersonQuery, base=None) -> set[str]:
    rows, _ = search_people(base or Person.objects.all(), query, limit=100)
    return {p.name for p in rows}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张", {"张建国", "张建军", "张建民", "张小红", "张小明", "张小华"}),  # surname (prefix)
        ("建", {"张建国", "张建军", "张建民"}),  # one-character infix
        ("小红", {"张小红"}),  # two-character infix
        ("国", {"张建国"}),  # last character
        ("zjg", {"张建国"}),  # pinyin initials
        ("zx", {"张小红", "张小明", "张小华"}),
        ("13800000001", {"张小红"}),  # phone
    ],
)
def test_people_are_found_the_way_clerks_search(registry, text, expected) -> None:
    assert names(PersonQuery(text=text)) == expected


def test_search_by_id_number_and_filters(registry) -> None:
    assert names(PersonQuery(text=id_number("19520315", "211"))) == {"张建军"}
    assert names(PersonQuery(text="张", grid=GRID_B)) == {"张建民", "张小华"}
    assert names(PersonQuery(text="张", age_min=60)) == {"张建国", "张建军", "张建民"}
    assert names(PersonQuery(text="张", age_max=17)) == {"张小红", "张小明", "张小华"}
    elderly = registry.people[GRID_A].tags.get().pk
    assert names(PersonQuery(tag=elderly, grid="430212100")) == {"张建国", "张建军"}


def test_search_is_scope_filtered_and_paginated(registry, client_for) -> None:
    page = client_for("worker_a").get("/api/registry/people/?q=张&limit=1").json()
    assert len(page["items"]) == 1
    assert page["more"] is True
    second = client_for("worker_a").get("/api/registry/people/?q=张&limit=1&offset=1").json()
    assert {page["items"][0]["name"], second["items"][0]["name"]} == {"张建国", "张小红"}
    assert second["more"] is False


def test_name_search_reads_only_index_ranges(registry, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(4):  # one range scan per character position at most
        names(PersonQuery(text="红"))


def test_counters_match_the_table_after_every_kind_of_change(registry, personas) -> None:
    admin = personas["admin"]
    apply_create(
        "person", {**person_values(id_number("19400101", "555"), "钱老"), "grid_id": GRID_V}, admin
    )
    child = registry.people[GRID_A + ":child"]
    approve_change(
        personas["reviewer"],
        submit_update(personas["worker_a"], child, "person", {"deceased_on": "2026-10-01"}, "去世"),
    )
    moved = registry.people[GRID_B]
    approve_change(
        personas["admin"],
        submit_update(personas["admin"], moved, "person", {"grid_id": GRID_V}, "迁入"),
    )
    expected: dict[tuple[str, str, int], int] = {}
    for p in Person.objects.filter(deceased_on__isnull=True):
        key = (p.grid_id, p.sex, p.birth_date.year)
        expected[key] = expected.get(key, 0) + 1
    actual = {
        (c.grid_code, c.sex, c.birth_year): c.count
        for c in GridPersonCount.objects.exclude(count=0)
    }
    assert actual == expected


def test_statistics_never_read_the_people_table(registry, client_for) -> None:
    client = client_for("leader")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/registry/stats/?region=430212")
    assert response.status_code == 200
    assert not [
        q
        for q in queries.captured_queries
        if 'registry_person"' in q["sql"] and 'FROM "registry_person"' in q["sql"]
    ]
    figures = grid_figures("430212")
    assert figures["people"] == 6
    assert figures["records"]["household"] == 3
    by_band = {b["band"]: b["M"] + b["F"] for b in figures["age_bands"]}
    assert by_band["60-79"] == 3 and by_band["7-17"] == 3
    assert figures["tags"] == [{"tag": "60岁以上老人", "count": 3}]
