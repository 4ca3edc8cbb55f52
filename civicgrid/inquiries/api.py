"""The inquiries API: categories, the public search, questions in scope and their steps.

Public routes (``/categories``, ``/public``, ``/public/{id}``) need no account and return only
published public questions with masked texts and the asker's name masked (张**). Staff read the
asker's title and question with personal numbers masked; ``POST /questions/{id}/reveal`` returns
them as written and is audit-logged.
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.core.scope import get_visible_or_404
from civicgrid.core.workflow import timeline

from .actions import (
    STEPS,
    Question,
    StepInput,
    ask_inquiry,
    available_steps,
    not_assigned_here,
    reveal_inquiry,
    take_step,
)
from .models import Category, Inquiry
from .queries import queue_rows, search_public
from .suggest import suggest_department

router = Router(tags=["inquiries"])


class CategoryOut(Schema):
    code: str
    name: str
    department: str | None = Field(None, description="default department's code")
    time_limit_days: int


@router.get("/categories", response=list[CategoryOut], auth=None, url_name="inquiry_categories")
def categories(request: HttpRequest) -> Any:
    return [
        {
            "code": c.code,
            "name": c.name,
            "department": c.department.code if c.department_id else None,
            "time_limit_days": c.time_limit_days,
        }
        for c in Category.objects.filter(active=True).select_related("department")
    ]


class PublicOut(Schema):
    id: int
    number: str
    title: str = Field(alias="public_title")
    question: str = Field(alias="public_body")
    answer: str = Field(alias="public_answer")
    category: str = Field(alias="category.name")
    department: str = Field(alias="department.name")
    asker: str = Field(alias="masked_asker")
    published_at: datetime
    rating: int | None


class PublicQuery(Schema):
    q: str = Field("", max_length=60, description="words in the title, question or answer")
    category: str = Field("", description="a category's code")


@router.get("/public", response=list[PublicOut], auth=None, url_name="inquiry_public_list")
@paginate(LimitOffsetPagination)
def public_list(request: HttpRequest, filters: Query[PublicQuery]) -> Any:
    return search_public(filters.q, filters.category)


@router.get("/public/{pk}", response=PublicOut, auth=None, url_name="inquiry_public_detail")
def public_detail(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(
        Inquiry.objects.public().select_related("category", "department"), pk=pk
    )


class InquiryOut(Schema):
    """A question in the caller's scope. ``title`` and ``question`` are as written for the
    asker, with identity and phone numbers masked for staff (see ``/reveal``)."""

    id: int
    number: str
    title: str
    question: str
    category: str = Field(alias="category.code")
    region: str = Field(alias="region_id")
    is_public: bool
    state: str
    held: bool
    asker: str = Field(alias="asker_name")
    department: str | None = None
    submitted_at: datetime
    due_at: datetime | None
    due_provisional: bool
    soon_due: bool
    overdue: bool
    answer: str
    return_note: str
    reject_reason: str
    published_at: datetime | None
    rating: int | None

    @staticmethod
    def resolve_department(obj: Inquiry) -> str | None:
        return obj.department.code if obj.department_id else None

    @staticmethod
    def resolve_title(obj: Inquiry, context: Any) -> str:
        return obj.texts_for(context["request"].user)["title"]

    @staticmethod
    def resolve_question(obj: Inquiry, context: Any) -> str:
        return obj.texts_for(context["request"].user)["body"]


class TimelineOut(Schema):
    at: datetime
    from_state: str
    to_state: str
    note: str


class SuggestionOut(Schema):
    department: str | None
    reason: str


class InquiryDetailOut(InquiryOut):
    steps: list[str]
    suggestion: SuggestionOut | None
    timeline: list[TimelineOut] = Field(alias="timeline_entries")
    attachments: list[str] = Field(alias="attachment_names")


class InquiryQuery(Schema):
    queue: str = Field("", description="mine / new / held / review / answer / all (by role)")


@router.get("/questions", response=list[InquiryOut], url_name="inquiry_list")
@paginate(LimitOffsetPagination)
def question_list(request: HttpRequest, filters: Query[InquiryQuery]) -> Any:
    return queue_rows(request.user, filters.queue or "all")


def _detail(request: HttpRequest, inquiry: Inquiry) -> Inquiry:
    """The question with what the caller may do next and, for the operator, a suggestion."""
    suggestion = None
    if request.user.role == "reviewer" and inquiry.state == "submitted":
        s = suggest_department(inquiry.title, inquiry.body, inquiry.category)
        suggestion = {"department": s.department.code if s.department else None, "reason": s.reason}
    inquiry.steps = available_steps(request.user, inquiry)
    inquiry.suggestion = suggestion
    inquiry.timeline_entries = list(timeline(inquiry))
    inquiry.attachment_names = [a.original_name for a in inquiry.attachments.all()]
    return inquiry


def _visible(request: HttpRequest, pk: int) -> Inquiry:
    return get_visible_or_404(
        Inquiry.objects.select_related("category", "department"), request.user, pk=pk
    )


@router.get("/questions/{pk}", response=InquiryDetailOut, url_name="inquiry_detail")
def question_detail(request: HttpRequest, pk: int) -> Any:
    return _detail(request, _visible(request, pk))


class AskIn(Schema):
    title: str = Field(max_length=80)
    question: str = Field(max_length=3000)
    category: str
    is_public: bool = True
    region: str = Field("", description="a town's code; empty for the district")


@router.post("/questions", response={201: InquiryDetailOut}, url_name="inquiry_ask")
def ask(request: HttpRequest, data: AskIn) -> Any:
    inquiry = ask_inquiry(
        request.user,
        Question(data.title, data.question, data.category, data.is_public, data.region),
    )
    return Status(201, _detail(request, _visible(request, inquiry.pk)))


class StepIn(Schema):
    step: str = Field(description=" / ".join(STEPS))
    department: str = Field("", description="assign: the department's code")
    note: str = Field("", max_length=500, description="reason, note, or rating comment")
    answer: str = Field("", max_length=5000)
    rating: int | None = Field(None, ge=1, le=5)
    seen_department: str | None = Field(
        None,
        description="assign: the department's code the caller last saw ('' for none); "
        "if it has changed since, 409",
    )


@router.post("/questions/{pk}/steps", response=InquiryDetailOut, url_name="inquiry_step")
def step(request: HttpRequest, pk: int, data: StepIn) -> Any:
    try:
        inquiry = _visible(request, pk)
    except Http404:
        raise not_assigned_here() from None
    # The question as the step left it: the caller saw it, though after a hand-back its
    # department no longer does (reading it again through the scope would answer 404).
    return _detail(request, take_step(request.user, inquiry, StepInput(**data.dict())))


class RevealOut(Schema):
    title: str
    question: str = Field(alias="body")
    rating_comment: str = Field(alias="comment")


@router.post("/questions/{pk}/reveal", response=RevealOut, url_name="inquiry_reveal")
def reveal(request: HttpRequest, pk: int) -> Any:
    """The asker's title, question and rating comment as written, personal numbers included;
    staff's reveal is written to the audit log."""
    return reveal_inquiry(request.user, _visible(request, pk))
