"""Registry API: people, households, places, facilities, organizations, visit logs, change
requests, history and statistics — all through the scope chokepoint, with the sharing catalog
applied to department readers and ID numbers masked unless explicitly revealed (audited)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404
from civicgrid.core.workflow import timeline

from .actions import changes as change_actions
from .actions.privacy import record_view, reveal_person
from .actions.records import MODELS, get_record_with_history, visible_diff
from .display import describe
from .models import (
    Building,
    ChangeRequest,
    Facility,
    Household,
    Organization,
    Person,
    RecordHistory,
    RecordType,
    VisitLog,
)
from .search import PersonQuery, search_people
from .sharing import allowed_fields, shared_view
from .stats import grid_figures

router = Router(tags=["registry"])


def _person(p: Person, allowed: set[str]) -> dict[str, Any]:
    return shared_view(
        {
            "id": p.pk,
            "id_number_masked": p.id_number_masked,
            "name": p.name,
            "sex": p.sex,
            "birth_date": p.birth_date,
            "phone": _mask(p.phone),
            "household": p.household_id,
            "relation": p.relation,
            "residence_type": p.residence_type,
            "grid": p.grid_id,
            "deceased_on": p.deceased_on,
            "version": p.version,
            "tags": [pt.tag_id for pt in p.person_tags.all()],
        },
        allowed | {"version"},
    )


def _mask(phone: str) -> str:
    from civicgrid.core.privacy import mask_phone

    return mask_phone(phone) if phone else ""


class PersonOut(Schema):
    id: int
    version: int | None = None
    id_number_masked: str | None = None
    name: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    phone: str | None = Field(None, description="masked")
    household: int | None = None
    relation: str | None = None
    residence_type: str | None = None
    grid: str | None = None
    deceased_on: date | None = None
    tags: list[int] | None = None


class PeopleFilter(Schema):
    q: str = Field("", description="name (any part), ID number, pinyin initials, phone, address")
    grid: str = ""
    tag: int | None = None
    age_min: int | None = Field(None, ge=0, le=130)
    age_max: int | None = Field(None, ge=0, le=130)
    offset: int = Field(0, ge=0)
    limit: int = Field(20, ge=1, le=100)


class PeoplePage(Schema):
    items: list[PersonOut]
    more: bool


@router.get(
    "/people/", response=PeoplePage, url_name="person_list", summary="Find people in your scope"
)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]) -> Any:
    allowed = allowed_fields(request.user, RecordType.PERSON)
    query = PersonQuery(
        text=filters.q,
        grid=filters.grid,
        tag=filters.tag,
        age_min=filters.age_min,
        age_max=filters.age_max,
    )
    base = Person.objects.visible_to(request.user).prefetch_related("person_tags")
    rows, more = search_people(base, query, offset=filters.offset, limit=filters.limit)
    return {"items": [_person(p, allowed) for p in rows], "more": more}


@router.get("/people/{person_id}", response=PersonOut, url_name="person_detail")
def person_detail(request: HttpRequest, person_id: int) -> Any:
    person = get_visible_or_404(
        Person.objects.prefetch_related("person_tags"), request.user, pk=person_id
    )
    record_view(request.user, person)
    return _person(person, allowed_fields(request.user, RecordType.PERSON))


class RevealIn(Schema):
    purpose: str = Field("", max_length=100)


class RevealOut(Schema):
    id_number: str
    phone: str


@router.post(
    "/people/{person_id}/reveal",
    response=RevealOut,
    url_name="person_reveal",
    summary="The full ID number and phone (audited; only roles that need them)",
)
def person_reveal(request: HttpRequest, person_id: int, payload: RevealIn) -> Any:
    person = get_visible_or_404(Person.objects.all(), request.user, pk=person_id)
    return reveal_person(request.user, person, payload.purpose)


# --- the other records -----------------------------------------------------------------------


class HouseholdOut(Schema):
    id: int
    version: int
    number: str | None = None
    address: str | None = None
    building: int | None = None
    head: int | None = None
    grid: str | None = None


class BuildingOut(Schema):
    id: int
    version: int
    code: str | None = None
    address: str | None = None
    use: str | None = None
    floors: int | None = None
    lon: float | None = None
    lat: float | None = None
    grid: str | None = None


class FacilityOut(Schema):
    id: int
    version: int
    code: str | None = None
    kind: str | None = None
    name: str | None = None
    lon: float | None = None
    lat: float | None = None
    grid: str | None = None
    responsible_unit: str | None = None


class OrganizationOut(Schema):
    id: int
    version: int
    credit_code: str | None = None
    name: str | None = None
    kind: str | None = None
    legal_representative: str | None = None
    address: str | None = None
    phone: str | None = None
    grid: str | None = None


def _record(record: Any, record_type: str, allowed: set[str]) -> dict[str, Any]:
    values = {"id": record.pk, "version": record.version}
    for name in allowed:
        attname = f"{name}_id" if name in ("grid", "building", "head") else name
        values[name] = getattr(record, attname)
    return values


def _register(path: str, model: type, record_type: str, schema: type, name: str) -> None:
    @router.get(f"/{path}/", response=list[schema], url_name=f"{name}_list")
    @paginate(LimitOffsetPagination)
    def listing(request: HttpRequest, grid: str = "") -> Any:
        allowed = allowed_fields(request.user, record_type)
        qs = model.objects.visible_to(request.user)
        if grid:
            qs = qs.filter(grid__code__startswith=grid)
        return [_record(r, record_type, allowed) for r in qs.order_by("pk")]

    @router.get(f"/{path}/{{record_id}}", response=schema, url_name=f"{name}_detail")
    def detail(request: HttpRequest, record_id: int) -> Any:
        record = get_visible_or_404(model.objects.all(), request.user, pk=record_id)
        return _record(record, record_type, allowed_fields(request.user, record_type))

    listing.__name__ = f"list_{path}"
    detail.__name__ = f"{name}_detail"


_register("households", Household, RecordType.HOUSEHOLD, HouseholdOut, "household")
_register("buildings", Building, RecordType.BUILDING, BuildingOut, "building")
_register("facilities", Facility, RecordType.FACILITY, FacilityOut, "facility")
_register("organizations", Organization, RecordType.ORGANIZATION, OrganizationOut, "organization")


class VisitOut(Schema):
    id: int
    household_id: int
    grid_id: str
    visited_on: date
    findings: str
    needs: str
    follow_up: str


@router.get("/visits/", response=list[VisitOut], url_name="visit_list")
@paginate(LimitOffsetPagination)
def list_visits(request: HttpRequest) -> Any:
    return VisitLog.objects.visible_to(request.user)


@router.get("/visits/{visit_id}", response=VisitOut, url_name="visit_detail")
def visit_detail(request: HttpRequest, visit_id: int) -> Any:
    return get_visible_or_404(VisitLog.objects.all(), request.user, pk=visit_id)


# --- change requests -----------------------------------------------------------------------------


class ChangeOut(Schema):
    id: int
    kind: str
    record_type: str
    record_id: int | None
    base_version: int | None
    summary: str
    status: str
    grid_id: str
    submitted_at: datetime
    reason: str
    stale: bool = False
    proposal: Any = None


class UpdateIn(Schema):
    record_type: RecordType
    record_id: int
    values: dict[str, Any] = Field(..., description="model attribute names → new values")


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class BatchIn(Schema):
    ids: list[int] = Field(..., min_length=1, max_length=500)


class BatchOut(Schema):
    approved: list[int]
    failed: list[dict[str, Any]]


def _change_out(change: ChangeRequest, stale: set[int]) -> dict[str, Any]:
    return {
        **{
            f: getattr(change, f)
            for f in (
                "id",
                "kind",
                "record_type",
                "record_id",
                "base_version",
                "summary",
                "status",
                "grid_id",
                "submitted_at",
                "reason",
            )
        },
        "stale": change.pk in stale,
    }


@router.get("/changes/", response=list[ChangeOut], url_name="change_list")
@paginate(LimitOffsetPagination)
def list_changes(request: HttpRequest, status: str = "") -> Any:
    qs = ChangeRequest.objects.visible_to(request.user)
    if status:
        qs = qs.filter(status=status)
    rows = list(qs)
    stale = change_actions.stale_ids(rows)
    return [_change_out(c, stale) for c in rows]


@router.get("/changes/{change_id}", response=ChangeOut, url_name="change_detail")
def change_detail(request: HttpRequest, change_id: int) -> Any:
    change = get_visible_or_404(ChangeRequest.objects.all(), request.user, pk=change_id)
    out = _change_out(change, change_actions.stale_ids([change]))
    out["proposal"] = describe(change)
    return out


EDITABLE_BY_API = {
    RecordType.HOUSEHOLD: {"address", "building_id", "grid_id"},
    RecordType.BUILDING: {"address", "use", "floors", "lon", "lat", "grid_id"},
    RecordType.FACILITY: {"kind", "name", "lon", "lat", "grid_id", "responsible_unit"},
    RecordType.ORGANIZATION: {
        "name",
        "kind",
        "legal_representative",
        "address",
        "phone",
        "grid_id",
    },
    RecordType.PERSON: {"name", "phone", "relation", "residence_type", "deceased_on"},
}


@router.post(
    "/changes/",
    response={201: ChangeOut},
    url_name="change_submit",
    summary="Propose a change to a record (goes to review)",
)
def submit_change(request: HttpRequest, payload: UpdateIn) -> Any:
    model = MODELS[payload.record_type]
    record = get_visible_or_404(model.objects.all(), request.user, pk=payload.record_id)
    unknown = set(payload.values) - EDITABLE_BY_API[payload.record_type]
    if unknown:
        raise ActionError(
            _("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    change = change_actions.submit_update(
        request.user,
        record,
        payload.record_type,
        payload.values,
        _("Change %(what)s") % {"what": str(record)},
        source="api",
    )
    return Status(201, _change_out(change, set()))


@router.post("/changes/{change_id}/approve", response=ChangeOut, url_name="change_approve")
def approve(request: HttpRequest, change_id: int) -> Any:
    change = get_visible_or_404(ChangeRequest.objects.all(), request.user, pk=change_id)
    return _change_out(change_actions.approve_change(request.user, change), set())


@router.post("/changes/{change_id}/reject", response=ChangeOut, url_name="change_reject")
def reject(request: HttpRequest, change_id: int, payload: RejectIn) -> Any:
    change = get_visible_or_404(ChangeRequest.objects.all(), request.user, pk=change_id)
    return _change_out(change_actions.reject_change(request.user, change, payload.reason), set())


@router.post("/changes/approve-batch", response=BatchOut, url_name="change_batch")
def approve_batch(request: HttpRequest, payload: BatchIn) -> Any:
    chosen = list(ChangeRequest.objects.visible_to(request.user).filter(pk__in=payload.ids))
    if request.user.role not in change_actions.REVIEWERS:
        raise ActionError(_("Only the grid center reviews changes."))
    result = change_actions.approve_batch(request.user, chosen)
    return {
        "approved": result.approved,
        "failed": [{"id": pk, "reason": reason} for pk, reason in result.failed],
    }


@router.get("/changes/{change_id}/timeline", url_name="change_timeline")
def change_timeline(request: HttpRequest, change_id: int) -> list[dict[str, Any]]:
    change = get_visible_or_404(ChangeRequest.objects.all(), request.user, pk=change_id)
    return [
        {
            "at": t.at,
            "from": t.from_state,
            "to": t.to_state,
            "note": t.note,
            "actor": t.actor.username if t.actor else None,
        }
        for t in timeline(change)
    ]


# --- history and statistics ------------------------------------------------------------------


class HistoryOut(Schema):
    version: int
    action: str
    at: datetime
    actor: str | None
    changes: dict[str, list[Any]]


@router.get("/history/{record_type}/{record_id}", response=list[HistoryOut], url_name="history")
def history(request: HttpRequest, record_type: RecordType, record_id: int) -> Any:
    get_record_with_history(request.user, record_type, record_id)
    entries = (
        RecordHistory.objects.visible_to(request.user)
        .filter(record_type=record_type, record_id=record_id)
        .select_related("actor")
    )
    return [
        {
            "version": e.version,
            "action": e.action,
            "at": e.at,
            "actor": e.actor.username if e.actor else None,
            "changes": visible_diff(e.diff),
        }
        for e in entries
    ]


class RestoreIn(Schema):
    version: int = Field(..., ge=1)


@router.post("/history/{record_type}/{record_id}/restore", url_name="restore")
def restore(
    request: HttpRequest, record_type: RecordType, record_id: int, payload: RestoreIn
) -> dict[str, int]:
    get_record_with_history(request.user, record_type, record_id)
    record = change_actions.restore_version(request.user, record_type, record_id, payload.version)
    return {"version": record.version}


@router.get("/stats/{region_code}", url_name="stats", summary="Grid figures from the counters")
def stats(request: HttpRequest, region_code: str) -> dict[str, Any]:
    from civicgrid.regions.models import Region

    region = get_visible_or_404(Region.objects.defer("boundary"), request.user, code=region_code)
    return {"region": region.code, **grid_figures(region.code)}
