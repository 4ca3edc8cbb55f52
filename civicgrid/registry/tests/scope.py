from __future__ import annotations

from typing import Any

from civicgrid.core.testing.scope import ScopedEndpoint
from civicgrid.core.tests.oracles import sees_region_code
from civicgrid.regions.models import Region
from civicgrid.registry.models import (
    Building,
    ChangeRequest,
    DataSource,
    Facility,
    Household,
    ImportJob,
    Organization,
    Person,
    SharedImport,
    SharingRule,
    VisitLog,
)

COLLECTORS = {"grid_worker", "service_staff", "reviewer", "administrator"}
REVIEWERS = {"reviewer", "administrator"}
FIX = ("registry",)


def sees_record(user: Any, row: Any, record_type: str | None = None) -> bool:
    """Region staff see their subtree; department staff see a record type only if the sharing
    catalog grants it to their department (and no region constraint excludes the row)."""
    if user.role == "administrator":
        return True
    if user.role == "resident":
        return False
    if user.department_id is not None:
        if (
            record_type is None
            or not SharingRule.objects.filter(
                department_id=user.department_id, record_type=record_type
            ).exists()
        ):
            return False
        return user.scope_region is None or row.grid_id.startswith(user.scope_region.code)
    return sees_region_code(user, row.grid_id)


def api_records(name: str, path: str, model: type, record_type: str) -> ScopedEndpoint:
    return ScopedEndpoint(
        name=f"registry-{path}-api",
        model=model,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, record_type),
        routes=(f"api:{name}_list", f"api:{name}_detail"),
        list_url=f"/api/registry/{path}/",
        detail_urls=(lambda r: f"/api/registry/{path}/{r.pk}",),
        missing_url=f"/api/registry/{path}/987654",
    )


def page_records(path: str, model: type, record_type: str) -> ScopedEndpoint:
    return ScopedEndpoint(
        name=f"registry-{path}-pages",
        model=model,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, record_type),
        routes=("registry:records", "registry:record", "registry:record_edit"),
        list_url=f"/registry/{path}/",
        list_format="html",
        row_key=lambda r: str(r.pk),
        detail_urls=(lambda r: f"/registry/{path}/{r.pk}/",),
        missing_url=f"/registry/{path}/987654/",
    )


def collector_status(user: Any) -> int:
    return 200 if user.role in COLLECTORS else 403


ENDPOINTS = [
    ScopedEndpoint(
        name="registry-people-api",
        model=Person,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, "person"),
        routes=("api:person_list", "api:person_detail", "api:person_reveal"),
        list_url="/api/registry/people/?limit=100",
        list_format="json-list",
        extra={"items": lambda body: body["items"]},
        detail_urls=(lambda p: f"/api/registry/people/{p.pk}",),
        post_urls=((lambda p: f"/api/registry/people/{p.pk}/reveal", {}),),
        missing_url="/api/registry/people/987654",
    ),
    ScopedEndpoint(
        name="registry-people-pages",
        model=Person,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, "person"),
        routes=("registry:people", "registry:person", "registry:person_reveal"),
        list_url="/registry/",
        list_format="html",
        row_key=lambda r: str(r.pk),
        detail_urls=(lambda p: f"/registry/people/{p.pk}/",),
        post_urls=((lambda p: f"/registry/people/{p.pk}/reveal/", {}),),
        missing_url="/registry/people/987654/",
    ),
    ScopedEndpoint(
        name="registry-person-edit",
        model=Person,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, "person"),
        routes=("registry:person_edit",),
        detail_urls=(lambda p: f"/registry/people/{p.pk}/edit/",),
        visible_status=collector_status,
        missing_url="/registry/people/987654/edit/",
    ),
    ScopedEndpoint(
        name="registry-history",
        model=Person,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, "person") and user.department_id is None,
        routes=("api:history", "api:restore", "registry:history"),
        detail_urls=(
            lambda p: f"/api/registry/history/person/{p.pk}",
            lambda p: f"/registry/history/person/{p.pk}/",
        ),
        post_urls=((lambda p: f"/api/registry/history/person/{p.pk}/restore", {"version": 1}),),
        missing_url="/api/registry/history/person/987654",
    ),
    api_records("household", "households", Household, "household"),
    api_records("building", "buildings", Building, "building"),
    api_records("facility", "facilities", Facility, "facility"),
    api_records("organization", "organizations", Organization, "organization"),
    ScopedEndpoint(
        name="registry-households-pages",
        model=Household,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, "household"),
        routes=("registry:households", "registry:household"),
        list_url="/registry/households/",
        list_format="html",
        row_key=lambda r: str(r.pk),
        detail_urls=(lambda h: f"/registry/households/{h.pk}/",),
        missing_url="/registry/households/987654/",
    ),
    page_records("buildings", Building, "building"),
    page_records("facilities", Facility, "facility"),
    page_records("organizations", Organization, "organization"),
    ScopedEndpoint(
        name="registry-building-edit",
        model=Building,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row, "building"),
        routes=("registry:record_edit",),
        detail_urls=(lambda b: f"/registry/buildings/{b.pk}/edit/",),
        visible_status=collector_status,
    ),
    ScopedEndpoint(
        name="registry-visits-api",
        model=VisitLog,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row),
        routes=("api:visit_list", "api:visit_detail"),
        list_url="/api/registry/visits/",
        detail_urls=(lambda v: f"/api/registry/visits/{v.pk}",),
        missing_url="/api/registry/visits/987654",
    ),
    ScopedEndpoint(
        name="registry-changes-api",
        model=ChangeRequest,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row),
        routes=(
            "api:change_list",
            "api:change_detail",
            "api:change_timeline",
            "api:change_approve",
            "api:change_reject",
        ),
        list_url="/api/registry/changes/",
        detail_urls=(
            lambda c: f"/api/registry/changes/{c.pk}",
            lambda c: f"/api/registry/changes/{c.pk}/timeline",
        ),
        post_urls=(
            (lambda c: f"/api/registry/changes/{c.pk}/approve", {}),
            (lambda c: f"/api/registry/changes/{c.pk}/reject", {"reason": "x"}),
        ),
        missing_url="/api/registry/changes/987654",
    ),
    ScopedEndpoint(
        name="registry-changes-pages",
        model=ChangeRequest,
        fixtures=FIX,
        oracle=lambda row, user: sees_record(user, row),
        routes=("registry:changes", "registry:change", "registry:change_decide"),
        list_url="/registry/changes/?status=pending",
        list_format="html",
        row_key=lambda r: str(r.pk),
        detail_urls=(lambda c: f"/registry/changes/{c.pk}/",),
        post_urls=((lambda c: f"/registry/changes/{c.pk}/decide/", {"decision": "approve"}),),
        missing_url="/registry/changes/987654/",
    ),
    ScopedEndpoint(
        name="registry-stats",
        model=Region,
        fixtures=FIX,
        oracle=lambda row, user: sees_region_code(user, row.code),
        routes=("api:stats", "registry:stats"),
        row_key=lambda r: r.code,
        detail_urls=(
            lambda r: f"/api/registry/stats/{r.code}",
            lambda r: f"/registry/stats/?region={r.code}",
        ),
        missing_url="/api/registry/stats/430212999",
    ),
    ScopedEndpoint(
        name="registry-imports",
        model=ImportJob,
        fixtures=("registry", "import_job"),
        oracle=lambda row, user: user.role == "administrator" or row.created_by_id == user.pk,
        routes=("registry:import", "registry:import_errors"),
        detail_urls=(
            lambda j: f"/registry/imports/{j.pk}/",
            lambda j: f"/registry/imports/{j.pk}/errors.csv",
        ),
        missing_url="/registry/imports/987654/",
    ),
]


def sees_department(user: Any, department_id: int) -> bool:
    return user.role == "administrator" or (
        user.department_id == department_id and user.scope_region is None
    )


ENDPOINTS += [
    ScopedEndpoint(
        name="registry-sources",
        model=DataSource,
        fixtures=("data_source",),
        oracle=lambda row, user: sees_department(user, row.department_id),
        routes=("registry:sources", "registry:source"),
        list_url="/registry/sharing/",
        list_format="html",
        row_key=lambda r: str(r.pk),
        detail_urls=(lambda s: f"/registry/sharing/{s.pk}/",),
        missing_url="/registry/sharing/987654/",
    ),
    ScopedEndpoint(
        name="registry-shared-imports",
        model=SharedImport,
        fixtures=("data_source",),
        oracle=lambda row, user: sees_department(user, row.source.department_id),
        routes=("registry:shared_report",),
        detail_urls=(lambda i: f"/registry/sharing/imports/{i.pk}/report.csv",),
    ),
]

UNSCOPED = {
    "registry:export_people": "Person.visible_to and the sharing catalog's fields (test_sharing)",
    "registry:household_new": "creates in the collector's own grid only (test_collection)",
    "registry:my_record": "the resident's own record (test_unmask_and_access_log)",
    "registry:imports": "upload form for reviewers; lists ImportJob.visible_to (test_import_web)",
    "registry:record_new": "creates in the collector's own grid only (test_collection)",
    "registry:change_batch": "approves only ChangeRequest.visible_to rows (test_review)",
    "api:change_batch": "approves only ChangeRequest.visible_to rows (test_review)",
    "api:change_submit": "reads the record through get_visible_or_404 (test_review)",
}
