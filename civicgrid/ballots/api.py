"""The ballots API: ballots in scope, voting, the administrator's steps, recount; public results
and project progress.

Votes answer only with the confirmation code of the stored ballot; no endpoint returns a single
stored ballot with anything that names its deputy.
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404

from . import actions
from .models import Ballot, Session, public_projects, public_results

router = Router(tags=["ballots"])


class SessionOut(Schema):
    id: int
    name: str
    level: str
    region: str = Field(alias="region_id")


@router.get("/sessions", response=list[SessionOut], url_name="ballot_sessions")
@paginate(LimitOffsetPagination)
def sessions(request: HttpRequest) -> Any:
    return Session.objects.visible_to(request.user).order_by("pk")


class CandidateOut(Schema):
    id: int
    position: int
    title: str
    description: str
    budget: Decimal = Field(description="10,000 yuan")
    responsible: str


class BallotOut(Schema):
    id: int
    session: int = Field(alias="session_id")
    title: str
    choose: int
    opens_at: datetime
    closes_at: datetime
    state: str
    roster_size: int


class BallotDetailOut(BallotOut):
    candidates: list[CandidateOut]
    result: dict[str, Any] | None = Field(
        description="the count; null until counted, and for all but administrators until published"
    )

    @staticmethod
    def resolve_candidates(b: Ballot) -> Any:
        return list(b.candidates.select_related("department"))

    @staticmethod
    def resolve_result(b: Ballot, context: Any) -> Any:
        request = (context or {}).get("request")
        user = getattr(request, "user", None)
        return b.result if b.result_visible_to(user) else None


@router.get("/ballots", response=list[BallotOut], url_name="ballot_list")
@paginate(LimitOffsetPagination)
def ballot_list(request: HttpRequest) -> Any:
    return Ballot.objects.visible_to(request.user).order_by("pk")


@router.get("/ballots/{ballot_id}", response=BallotDetailOut, url_name="ballot_detail")
def ballot_detail(request: HttpRequest, ballot_id: int) -> Any:
    return get_visible_or_404(Ballot.objects.all(), request.user, pk=ballot_id)


class VoteIn(Schema):
    choices: dict[str, str] = Field(
        description="candidate id → for / against / abstain, one for every candidate"
    )


class VoteOut(Schema):
    code: str = Field(description="confirmation code of the stored ballot, shown only now")


@router.post("/ballots/{ballot_id}/vote", response={201: VoteOut}, url_name="ballot_vote")
def vote(request: HttpRequest, ballot_id: int, body: VoteIn) -> Any:
    ballot = get_visible_or_404(Ballot.objects.all(), request.user, pk=ballot_id)
    code = actions.cast_vote(request.user, ballot, body.choices)
    return Status(201, {"code": code})


class StepIn(Schema):
    step: str = Field(description="open, close, count or publish")


@router.post("/ballots/{ballot_id}/steps", response=BallotDetailOut, url_name="ballot_step")
def ballot_step(request: HttpRequest, ballot_id: int, body: StepIn) -> Any:
    ballot = get_visible_or_404(Ballot.objects.all(), request.user, pk=ballot_id)
    action = actions.BALLOT_STEPS.get(body.step)
    if action is None:
        message = _("Unknown step “%(step)s”.") % {"step": body.step}
        raise ActionError(message, errors=[{"field": "step", "message": message}])
    action(request.user, ballot)
    ballot.refresh_from_db()
    return ballot


class RecountOut(Schema):
    matches: bool
    receipts_match: bool
    receipts: int
    recomputed: dict[str, Any]
    stored_result: dict[str, Any] | None


@router.get("/ballots/{ballot_id}/recount", response=RecountOut, url_name="ballot_recount")
def recount(request: HttpRequest, ballot_id: int) -> Any:
    ballot = get_visible_or_404(Ballot.objects.all(), request.user, pk=ballot_id)
    return actions.recount_ballot(request.user, ballot)


class ResultOut(BallotOut):
    session_name: str = Field(alias="session.name")
    published_at: datetime | None
    result: dict[str, Any] | None


@router.get("/results", response=list[ResultOut], auth=None, url_name="ballot_results")
@paginate(LimitOffsetPagination)
def results(request: HttpRequest) -> Any:
    return public_results().order_by("pk")


@router.get("/results/{ballot_id}", response=ResultOut, auth=None, url_name="ballot_result")
def result(request: HttpRequest, ballot_id: int) -> Any:
    return get_object_or_404(public_results(), pk=ballot_id)


class ProjectOut(Schema):
    id: int
    ballot: int = Field(alias="ballot_id")
    rank: int
    title: str = Field(alias="candidate.title")
    responsible: str = Field(alias="candidate.responsible")
    budget: Decimal = Field(alias="candidate.budget")
    percent: int
    state: str
    completed_at: date | None


@router.get("/projects", response=list[ProjectOut], auth=None, url_name="ballot_projects")
@paginate(LimitOffsetPagination)
def projects(request: HttpRequest) -> Any:
    return public_projects().order_by("ballot_id", "rank")


class ProgressIn(Schema):
    percent: int = Field(ge=0, le=100)
    note: str
    on: date


@router.post(
    "/projects/{project_id}/progress",
    response={201: ProjectOut},
    url_name="ballot_project_progress",
)
def progress(request: HttpRequest, project_id: int, body: ProgressIn) -> Any:
    project = get_visible_or_404(public_projects(), request.user, pk=project_id)
    actions.report_progress(request.user, project, percent=body.percent, note=body.note, on=body.on)
    return Status(201, project)
