"""Catalog, applications and their steps, and the public progress lookup.

``POST /applications`` takes either a JSON body (no files) or ``multipart/form-data`` with the
same JSON in a ``payload`` field and each material's files as ``material-<id>``; it honours an
``Idempotency-Key`` header (a retry answers 200 with the first application). Steps that carry
files (``resubmit``) take the same two forms.
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

import json
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ValidationError as PydanticError

from civicgrid.accounts.models import User
from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404
from civicgrid.registry.actions.records import id_index
from civicgrid.registry.models import Person

from ..actions.applications import Submission, submit_application
from ..actions.lookup import lookup_progress
from ..actions.steps import (
    APPLICATION_STEPS,
    PART_STEPS,
    StepInput,
    application_steps,
    part_steps,
    take_application_step,
    take_part_step,
)
from ..models import Application, Bundle, Part, ServiceItem
from ..queries import queue_rows, queues_for

router = Router(tags=["services"])
MULTIPART_NOTE = (
    "JSON body, or multipart/form-data with the JSON in `payload` and files as `material-<id>`."
)


# --- catalog -----------------------------------------------------------------------------------
class MaterialOut(Schema):
    id: int
    name: str
    required: bool
    form: str
    count: int
    held: str = Field(description="id_card / household_register: never asked (免提交)")


class ItemOut(Schema):
    code: str
    name: str
    kind: str
    department: str = Field(alias="department.name")
    legal_days: int
    promised_days: int
    fee: float
    levels: list[str]
    online: bool


class ItemDetailOut(ItemOut):
    steps: list[str] = Field(alias="step_names")
    form: list[dict[str, Any]]
    materials: list[MaterialOut]
    conditions: str
    basis: str

    @staticmethod
    def resolve_materials(obj: ServiceItem) -> Any:
        return list(obj.materials.all())


class BundleOut(Schema):
    code: str
    name: str
    description: str
    promised_days: int
    items: list[str]
    form: list[dict[str, Any]]
    materials: list[MaterialOut]

    @staticmethod
    def resolve_items(obj: Bundle) -> Any:
        return [bi.item.code for bi in obj.bundle_items.select_related("item")]

    @staticmethod
    def resolve_materials(obj: Bundle) -> Any:
        return list(obj.materials.all())


class ItemQuery(Schema):
    q: str = Field("", max_length=60, description="name contains, or code starts with")
    department: str = Field("", description="a department code")
    online: bool | None = None


@router.get("/items", response=list[ItemOut], auth=None, url_name="service_items")
@paginate(LimitOffsetPagination)
def items(request: HttpRequest, filters: Query[ItemQuery]) -> Any:
    rows = ServiceItem.objects.filter(active=True).select_related("department")
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(code__startswith=filters.q))
    if filters.department:
        rows = rows.filter(department__code=filters.department)
    if filters.online is not None:
        rows = rows.filter(online=filters.online)
    return rows.order_by("code")


@router.get("/items/{code}", response=ItemDetailOut, auth=None, url_name="service_item")
def item(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(
        ServiceItem.objects.select_related("department"), code=code, active=True
    )


@router.get("/bundles", response=list[BundleOut], auth=None, url_name="service_bundles")
def bundles(request: HttpRequest) -> Any:
    return list(Bundle.objects.filter(active=True))


@router.get("/bundles/{code}", response=BundleOut, auth=None, url_name="service_bundle")
def bundle(request: HttpRequest, code: str) -> Any:
    return get_object_or_404(Bundle, code=code, active=True)


# --- applications ------------------------------------------------------------------------------
class PartOut(Schema):
    id: int
    item: str = Field(alias="item.code")
    item_name: str = Field(alias="item.name")
    department: str = Field(alias="department.code")
    stage: int
    state: str
    step: str = Field(alias="step_name")
    assignee: str | None = None
    due_at: datetime | None
    due_provisional: bool
    overdue: bool
    days_taken: int | None
    decision_reason: str
    certificate_number: str
    delivery: str
    tracking_number: str

    @staticmethod
    def resolve_assignee(obj: Part) -> Any:
        return obj.assignee.username if obj.assignee_id else None


class ApplicationOut(Schema):
    number: str
    title: str
    item: str | None = None
    bundle: str | None = None
    state: str
    channel: str
    applicant_name: str
    applicant_id_masked: str
    applicant_phone_masked: str
    submitted_at: datetime
    due_at: datetime | None
    due_provisional: bool
    days_used: int
    promised_days: int
    overdue: bool
    rating: int | None

    @staticmethod
    def resolve_item(obj: Application) -> Any:
        return obj.item.code if obj.item_id else None

    @staticmethod
    def resolve_bundle(obj: Application) -> Any:
        return obj.bundle.code if obj.bundle_id else None


class NoticeOut(Schema):
    number: str
    kind: str
    problems: list[dict[str, Any]]
    note: str
    issued_at: datetime


class ApplicationDetailOut(ApplicationOut):
    form: dict[str, Any] = Field(alias="form_data")
    delivery: str
    mailing_address: str
    responsible_clerk: str | None = None
    not_accepted_reason: str
    notices: list[NoticeOut]
    parts: list[PartOut]
    steps: list[str] = Field(description="application steps the caller may take now")
    part_steps: dict[str, list[str]] = Field(description="per part id: steps the caller may take")

    @staticmethod
    def resolve_responsible_clerk(obj: Application) -> Any:
        return obj.responsible_clerk.username if obj.responsible_clerk_id else None

    @staticmethod
    def resolve_notices(obj: Application) -> Any:
        return list(obj.notices.all())

    @staticmethod
    def resolve_parts(obj: Application, context: Any) -> Any:
        return _parts(context["request"].user, obj)

    @staticmethod
    def resolve_steps(obj: Application, context: Any) -> Any:
        return application_steps(context["request"].user, obj)

    @staticmethod
    def resolve_part_steps(obj: Application, context: Any) -> Any:
        user = context["request"].user
        return {str(p.pk): part_steps(user, p, obj) for p in _parts(user, obj)}


def _parts(user: Any, application: Application) -> list[Part]:
    return list(
        Part.objects.visible_to(user)
        .filter(application=application)
        .select_related("item", "department", "assignee")
    )


@router.get("/applications", response=list[ApplicationOut], url_name="application_list")
@paginate(LimitOffsetPagination)
def list_applications(request: HttpRequest, queue: str = "") -> Any:
    queues = queues_for(request.user)
    if queue and queue not in queues:
        raise ActionError(
            _("Unknown queue “%(q)s”; use one of: %(all)s.")
            % {"q": queue, "all": ", ".join(queues)}
        )
    return queue_rows(request.user, queue or ("all" if "all" in queues else next(iter(queues))))


def _application(request: HttpRequest, number: str) -> Application:
    return get_visible_or_404(
        Application.objects.select_related("item", "bundle", "responsible_clerk"),
        request.user,
        number=number,
    )


@router.get("/applications/{number}", response=ApplicationDetailOut, url_name="application_detail")
def application_detail(request: HttpRequest, number: str) -> Any:
    return _application(request, number)


class ApplicationIn(Schema):
    item: str = Field("", description="a service item's code (or give bundle)")
    bundle: str = Field("", description="a bundle's code")
    values: dict[str, Any] = Field(default_factory=dict, description="the form's fields")
    channel: str = Field("", description="online / mobile for residents; staff get theirs")
    applicant_id_number: str = Field("", max_length=20, description="staff: who applies")
    applicant_name: str = Field("", max_length=60)
    applicant_phone: str = Field("", max_length=20)
    consent: str = Field("", max_length=200, description="grid worker: the resident's consent")
    delivery: str = "pickup"
    mailing_address: str = Field("", max_length=200)


def _payload(request: HttpRequest, schema: type[Schema]) -> Any:
    """The JSON body, or the JSON in a multipart request's ``payload`` field."""
    try:
        if request.content_type == "multipart/form-data":
            raw = request.POST.get("payload", "{}")
        else:
            raw = request.body.decode() or "{}"
        return schema.model_validate(json.loads(raw))
    except (ValueError, PydanticError) as exc:
        errors = getattr(exc, "errors", lambda: [])()
        raise ActionError(
            _("The request is invalid."),
            errors=[
                {"field": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg")}
                for e in errors
            ]
            or [{"message": str(exc)[:200]}],
        ) from None


def _files(request: HttpRequest) -> dict[int, list[Any]]:
    files: dict[int, list[Any]] = {}
    for key in request.FILES:
        name, _sep, pk = key.partition("-")
        if name != "material" or not pk.isdigit():
            raise ActionError(_("Name files material-<id>; got “%(k)s”.") % {"k": key})
        files[int(pk)] = request.FILES.getlist(key)
    return files


@router.post(
    "/applications",
    response={200: ApplicationDetailOut, 201: ApplicationDetailOut},
    url_name="application_submit",
    summary="Apply for an item or a bundle (Idempotency-Key header supported)",
    description=MULTIPART_NOTE,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": ApplicationIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"payload": {"type": "string"}}}
                },
            }
        }
    },
)
def submit(request: HttpRequest) -> Any:
    body = _payload(request, ApplicationIn)
    if bool(body.item) == bool(body.bundle):
        raise ActionError(_("Give either item or bundle."), errors=[{"field": "item"}])
    if body.item:
        target: Any = ServiceItem.objects.filter(code=body.item, active=True).first()
    else:
        target = Bundle.objects.filter(code=body.bundle, active=True).first()
    if target is None:
        raise ActionError(
            _("No such item or bundle: “%(c)s”.") % {"c": body.item or body.bundle},
            errors=[{"field": "item" if body.item else "bundle"}],
        )
    person = None
    if body.applicant_id_number:
        person = (
            Person.objects.visible_to(request.user)
            .filter(id_number_index=id_index(body.applicant_id_number))
            .first()
        )
    key = request.headers.get("Idempotency-Key", "")
    application, created = submit_application(
        request.user,
        Submission(
            target=target,
            values=body.values,
            files=_files(request),
            channel=body.channel,
            person=person,
            name=body.applicant_name,
            id_number=body.applicant_id_number,
            phone=body.applicant_phone,
            consent=body.consent,
            delivery=body.delivery,
            mailing_address=body.mailing_address,
        ),
        idempotency=(f"user:{request.user.pk}", key[:100]) if key else None,
    )
    return Status(201 if created else 200, _application(request, application.number))


class ApplicationStepIn(Schema):
    step: str = Field(description=" | ".join(APPLICATION_STEPS))
    note: str = Field("", max_length=1000)
    problems: dict[int, str] = Field(
        default_factory=dict, description="supplement: material id → what is wrong"
    )
    score: int = Field(0, description="rate: 1–5")


@router.post(
    "/applications/{number}/steps",
    response=ApplicationDetailOut,
    url_name="application_step",
    description=MULTIPART_NOTE,
)
def application_step(request: HttpRequest, number: str) -> Any:
    application = _application(request, number)
    body = _payload(request, ApplicationStepIn)
    take_application_step(
        request.user,
        application,
        body.step,
        StepInput(note=body.note, problems=body.problems, files=_files(request), score=body.score),
    )
    return _application(request, number)


class PartStepIn(Schema):
    step: str = Field(description=" | ".join(PART_STEPS))
    note: str = Field("", max_length=1000)
    certificate_number: str = Field("", max_length=60)
    method: str = Field("", description="deliver: pickup | mail")
    tracking_number: str = Field("", max_length=40)
    assign_to: str = Field("", description="complete_step: the next holder's username")


@router.post(
    "/applications/{number}/parts/{part_id}/steps",
    response=ApplicationDetailOut,
    url_name="part_step",
)
def part_step(request: HttpRequest, number: str, part_id: int, body: PartStepIn) -> Any:
    application = _application(request, number)
    part = get_visible_or_404(
        Part.objects.select_related("item", "application"),
        request.user,
        pk=part_id,
        application=application,
    )
    assign_to = None
    if body.assign_to:
        assign_to = User.objects.filter(username=body.assign_to, is_active=True).first()
        if assign_to is None:
            raise ActionError(_("No such user “%(u)s”.") % {"u": body.assign_to})
    take_part_step(
        request.user,
        part,
        body.step,
        StepInput(
            note=body.note,
            certificate_number=body.certificate_number,
            method=body.method,
            tracking_number=body.tracking_number,
            assign_to=assign_to,
        ),
    )
    return _application(request, number)


# --- public progress lookup ----------------------------------------------------------------------
class TrackIn(Schema):
    number: str = Field(max_length=20)
    phone_last4: str = Field(min_length=4, max_length=4)


class TrackPartOut(Schema):
    item: str = Field(alias="item.name")
    department: str = Field(alias="department.name")
    state: str
    certificate_number: str
    tracking_number: str


class TrackOut(Schema):
    number: str
    title: str
    state: str
    submitted_at: datetime
    due_at: datetime | None
    parts: list[TrackPartOut]
    to_supply: list[dict[str, Any]] = Field(description="the one-time notice's list, if waiting")

    @staticmethod
    def resolve_parts(obj: Application) -> Any:
        return list(obj.parts.select_related("item", "department"))

    @staticmethod
    def resolve_to_supply(obj: Application) -> Any:
        if obj.state != "supplement_requested":
            return []
        notice = obj.notices.filter(kind="supplement").order_by("-issued_at").first()
        return [{"name": p["name"], "problem": p["problem"]} for p in notice.problems]


@router.post("/track", response=TrackOut, auth=None, url_name="application_track")
def track(request: HttpRequest, body: TrackIn) -> Any:
    return lookup_progress(body.number, body.phone_last4, request.META.get("REMOTE_ADDR", ""))
