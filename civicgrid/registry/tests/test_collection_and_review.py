"""A grid worker collects; the grid center approves or rejects; history keeps every version."""

from __future__ import annotations

import pytest
from django.utils import translation

from civicgrid.core.errors import ActionError, Conflict, NotAllowed
from civicgrid.registry.actions.changes import (
    approve_batch,
    approve_change,
    reject_change,
    restore_version,
    submit_create,
    submit_update,
)
from civicgrid.registry.models import (
    Building,
    ChangeRequest,
    GridPersonCount,
    Household,
    Person,
    RecordHistory,
)
from civicgrid.registry.tests.fixtures import GRID_A, GRID_B, id_number


def household_post(number: str = "H-NEW-1", grid: str = GRID_A, ids=None) -> dict[str, str]:
    ids = ids or [id_number("19800202", "311"), id_number("20100303", "422")]
    data = {
        "hh-number": number,
        "hh-address": "渌江路8号",
        "hh-grid": grid,
        "hh-building": "",
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "6",
    }
    for i, (number_, name, relation) in enumerate(
        zip(ids, ["李大山", "李小溪"], ["户主", "子女"], strict=True)
    ):
        data.update(
            {
                f"m-{i}-id_number": number_,
                f"m-{i}-name": name,
                f"m-{i}-relation": relation,
                f"m-{i}-residence_type": "registered",
            }
        )
    return data


def test_worker_adds_household_with_two_people_and_reviewer_approves(
    registry, client_for, personas
) -> None:
    response = client_for("worker_a").post("/registry/households/new/", household_post())
    assert response.status_code == 302
    change = ChangeRequest.objects.get(summary__contains="H-NEW-1")
    assert change.status == "pending"
    assert not Household.objects.filter(number="H-NEW-1").exists()  # nothing until review
    # The ID numbers are stored only encrypted in the pending change.
    assert "198002" not in str(change.data)

    approve_change(personas["reviewer"], change)
    household = Household.objects.get(number="H-NEW-1")
    members = {p.name: p for p in Person.objects.filter(household=household)}
    assert set(members) == {"李大山", "李小溪"}
    assert household.head == members["李大山"]
    assert members["李小溪"].birth_date.isoformat() == "2010-03-03"
    assert members["李大山"].sex == "M"  # 17th digit 1 is odd
    assert GridPersonCount.objects.get(grid_code=GRID_A, sex="M", birth_year=1980).count == 1
    assert RecordHistory.objects.filter(change_request=change).count() == 4  # hh, 2 people, head


def test_worker_cannot_collect_outside_their_grid(registry, client_for) -> None:
    response = client_for("worker_a").post("/registry/households/new/", household_post(grid=GRID_B))
    assert response.status_code == 200
    assert response.context["form"].errors["grid"]
    assert not ChangeRequest.objects.filter(summary__contains="H-NEW-1").exists()


def test_invalid_and_duplicate_id_numbers_are_form_errors(registry, client_for) -> None:
    bad = id_number("19800202", "311")[:-1] + (
        "0" if id_number("19800202", "311")[-1] != "0" else "1"
    )
    response = client_for("worker_a").post(
        "/registry/households/new/", household_post(ids=[bad, id_number("20100303", "422")])
    )
    assert response.status_code == 200
    errors = response.context["members"].forms[0].errors["id_number"][0]
    assert "校验码" in errors or "check digit" in errors
    twice = id_number("19800202", "311")
    response = client_for("worker_a").post(
        "/registry/households/new/", household_post(ids=[twice, twice])
    )
    assert response.context["members"].non_form_errors()
    existing = id_number("19510315", "111")  # 张建国 in the fixture
    response = client_for("worker_a").post(
        "/registry/households/new/", household_post(ids=[existing, id_number("20100303", "422")])
    )
    assert "430212********" in str(response.context["members"].non_form_errors())
    assert ChangeRequest.objects.filter(summary__contains="H-NEW-1").count() == 0


def test_building_edit_is_versioned_and_rejection_keeps_the_record(registry, personas) -> None:
    building = registry.buildings[GRID_A]
    first = submit_update(personas["worker_a"], building, "building", {"floors": 5}, "加层")
    second = submit_update(personas["worker_a"], building, "building", {"use": "mixed"}, "改用途")
    approve_change(personas["reviewer"], first)
    building.refresh_from_db()
    assert (building.floors, building.version) == (5, 2)
    reject_change(personas["reviewer"], ChangeRequest.objects.get(pk=second.pk), "照片不清楚")
    building.refresh_from_db()
    assert building.use == "residential"
    assert ChangeRequest.objects.get(pk=second.pk).reason == "照片不清楚"
    history = RecordHistory.objects.filter(record_type="building", record_id=building.pk)
    assert history.get(version=2).diff["floors"] == [3, 5]


def test_stale_change_is_refused_and_flagged(registry, personas, client_for) -> None:
    building = registry.buildings[GRID_A]
    first = submit_update(personas["worker_a"], building, "building", {"floors": 4}, "一")
    second = submit_update(personas["worker_a"], building, "building", {"floors": 6}, "二")
    approve_change(personas["reviewer"], first)
    with translation.override("en"), pytest.raises(Conflict, match="Stale"):
        approve_change(personas["reviewer"], ChangeRequest.objects.get(pk=second.pk))
    second.refresh_from_db()
    assert second.status == "pending"
    building.refresh_from_db()
    assert building.floors == 4
    page = client_for("reviewer").get("/registry/changes/").content.decode()
    assert f'data-key="{second.pk}"' in page
    assert "stale" in page
    api = client_for("reviewer").post(f"/api/registry/changes/{second.pk}/approve")
    assert api.status_code == 409


def test_reject_needs_a_reason_and_only_reviewers_decide(registry, personas) -> None:
    change = registry.changes[GRID_A]
    with pytest.raises(ActionError):
        reject_change(personas["reviewer"], change, "  ")
    with pytest.raises(NotAllowed):
        approve_change(personas["worker_a"], change)
    assert ChangeRequest.objects.get(pk=change.pk).status == "pending"


def test_batch_approval_reports_each_failure(registry, personas) -> None:
    building = registry.buildings[GRID_B]
    stale = submit_update(personas["worker_b"], building, "building", {"floors": 9}, "stale")
    approve_change(
        personas["reviewer"],
        submit_update(personas["worker_b"], building, "building", {"floors": 8}, "x"),
    )
    result = approve_batch(
        personas["reviewer"],
        [
            registry.changes[GRID_A],
            ChangeRequest.objects.get(pk=stale.pk),
            registry.changes[GRID_B],
        ],
    )
    assert sorted(result.approved) == sorted(
        [registry.changes[GRID_A].pk, registry.changes[GRID_B].pk]
    )
    assert [pk for pk, _ in result.failed] == [stale.pk]
    assert Building.objects.filter(code=f"B{GRID_A}0099").exists()


def test_two_reviewers_at_once_one_wins(registry, personas) -> None:
    change = registry.changes[GRID_A]
    copy = ChangeRequest.objects.get(pk=change.pk)
    approve_change(personas["reviewer"], change)
    with pytest.raises((Conflict, ActionError)):
        approve_change(personas["admin"], copy)
    assert Building.objects.filter(code=f"B{GRID_A}0099").count() == 1


def test_reviewer_restores_an_earlier_version(registry, personas, client_for) -> None:
    person = registry.people[GRID_A]
    approve_change(
        personas["reviewer"],
        submit_update(personas["worker_a"], person, "person", {"phone": "13912345678"}, "电话"),
    )
    person.refresh_from_db()
    assert person.version == 2
    response = client_for("reviewer").post(
        f"/registry/history/person/{person.pk}/", {"version": "1"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.version) == ("", 3)
    assert (
        RecordHistory.objects.get(record_type="person", record_id=person.pk, version=3).action
        == "restore"
    )
    with pytest.raises(NotAllowed):
        restore_version(personas["worker_a"], "person", person.pk, 1)


def test_history_page_shows_approved_and_rejected_work(registry, personas, client_for) -> None:
    building = registry.buildings[GRID_A]
    approve_change(
        personas["reviewer"],
        submit_update(personas["worker_a"], building, "building", {"floors": 7}, "七层"),
    )
    page = client_for("worker_a").get(f"/registry/history/building/{building.pk}/")
    text = page.content.decode()
    assert "v2" in text and "7" in text


def test_submit_create_checks_role(registry, personas) -> None:
    with pytest.raises(NotAllowed):
        submit_create(personas["leader"], "building", {}, GRID_A, "x")


def test_editing_a_building_in_the_form_creates_a_change(registry, client_for) -> None:
    building = registry.buildings[GRID_A]
    client = client_for("worker_a")
    form = client.get(f"/registry/buildings/{building.pk}/edit/").context["form"]
    data = {k: "" if v is None else v for k, v in form.initial.items()}
    data["floors"] = 6
    response = client.post(f"/registry/buildings/{building.pk}/edit/", data)
    assert response.status_code == 302
    change = ChangeRequest.objects.get(record_type="building", record_id=building.pk)
    assert change.data["values"] == {"floors": 6}
    building.refresh_from_db()
    assert building.floors == 3


def test_worker_records_a_visit_on_the_household_page(registry, client_for, personas) -> None:
    from civicgrid.core.models import AuditLog
    from civicgrid.registry.models import VisitLog

    household = registry.households[GRID_A]
    response = client_for("worker_a").post(
        f"/registry/households/{household.pk}/",
        {
            "visited_on": "2026-11-20",
            "findings": "老人独居，身体尚可",
            "needs": "冬季取暖",
            "follow_up": "联系民政",
        },
    )
    assert response.status_code == 302
    visit = VisitLog.objects.get(findings="老人独居，身体尚可")
    assert (visit.worker, visit.grid_id) == (personas["worker_a"], GRID_A)
    assert AuditLog.objects.filter(action="registry.visit", object_id=str(visit.pk)).exists()
    refused = client_for("leader").post(
        f"/registry/households/{household.pk}/", {"visited_on": "2026-11-20", "findings": "x"}
    )
    assert refused.status_code == 403
