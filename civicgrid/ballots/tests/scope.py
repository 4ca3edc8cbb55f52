"""Scope declarations of the ballots endpoints (see core/testing/scope.py)."""

from __future__ import annotations

from typing import Any

from civicgrid.ballots.models import Ballot, BallotState, Project, Session
from civicgrid.core.testing.scope import ScopedEndpoint

FIX = ("ballots_world",)


def _region_ok(code: str, user: Any) -> bool:
    """Staff with a region scope see rows under it; department-only staff see no session or
    ballot (those carry no department); staff without scope see nothing."""
    if user.role == "administrator":
        return True
    if user.role == "resident" or user.scope_region is None or user.department_id is not None:
        return False
    return code.startswith(user.scope_region.code)


def sees_session(session: Any, user: Any) -> bool:
    return _region_ok(session.region_id, user)


def sees_ballot(ballot: Any, user: Any) -> bool:
    return _region_ok(ballot.session.region_id, user)


def sees_project(project: Any, user: Any) -> bool:
    """Region staff of the session's subtree; approvers of the project's department."""
    if user.role == "administrator":
        return True
    if user.role == "resident" or (user.scope_region is None and user.department_id is None):
        return False
    if user.scope_region is not None and not project.ballot.session.region_id.startswith(
        user.scope_region.code
    ):
        return False
    return user.department_id is None or project.candidate.department_id == user.department_id


def checks_stored_ballot(ballot: Any, user: Any) -> bool:
    """The verify page: deputies on the ballot's session roster who see the ballot, once it has
    left the draft."""
    return (
        ballot.state != BallotState.DRAFT
        and sees_ballot(ballot, user)
        and ballot.session.roster.filter(deputy_id=user.pk).exists()
    )


def _counted() -> list[Ballot]:
    # The fixture's counted ballots are all published: an unpublished count is recounted by
    # administrators only (others in scope get 403, not 404: test_result_visibility).
    return list(Ballot.objects.filter(state__in=[BallotState.CLOSED, BallotState.PUBLISHED]))


PROGRESS = {"percent": 50, "note": "进场施工", "on": "2026-01-05"}

ENDPOINTS = [
    ScopedEndpoint(
        name="ballots-pages",
        model=Ballot,
        fixtures=FIX,
        oracle=sees_ballot,
        routes=(
            "ballots:manage",
            "ballots:ballot",
            "ballots:vote",
            "ballots:ballot_step",
            "ballots:candidate_add",
            "ballots:tie",
        ),
        list_url="/ballots/manage/",
        list_format="html",
        row_key=lambda b: str(b.pk),
        detail_urls=(lambda b: f"/ballots/{b.pk}/", lambda b: f"/ballots/{b.pk}/vote/"),
        post_urls=(
            (lambda b: f"/ballots/{b.pk}/steps/open/", {}),
            (lambda b: f"/ballots/{b.pk}/candidates/", {}),
            (lambda b: f"/ballots/{b.pk}/tie/", {}),
            (lambda b: f"/ballots/{b.pk}/vote/", {}),
        ),
        missing_url="/ballots/999999/",
    ),
    ScopedEndpoint(
        name="ballots-verify",
        model=Ballot,
        fixtures=FIX,
        oracle=checks_stored_ballot,
        routes=("ballots:verify",),
        detail_urls=(lambda b: f"/ballots/{b.pk}/verify/",),
        post_urls=((lambda b: f"/ballots/{b.pk}/verify/", {"code": "0123456789ABCDEF"}),),
        missing_url="/ballots/999999/verify/",
    ),
    ScopedEndpoint(
        name="ballots-recount",
        model=Ballot,
        fixtures=FIX,
        oracle=sees_ballot,
        rows=_counted,
        routes=("ballots:recount", "api:ballot_recount"),
        detail_urls=(
            lambda b: f"/ballots/{b.pk}/recount/",
            lambda b: f"/api/ballots/ballots/{b.pk}/recount",
        ),
        missing_url="/api/ballots/ballots/999999/recount",
    ),
    ScopedEndpoint(
        name="ballots-api",
        model=Ballot,
        fixtures=FIX,
        oracle=sees_ballot,
        routes=("api:ballot_list", "api:ballot_detail", "api:ballot_step", "api:ballot_vote"),
        list_url="/api/ballots/ballots",
        detail_urls=(lambda b: f"/api/ballots/ballots/{b.pk}",),
        post_urls=(
            (lambda b: f"/api/ballots/ballots/{b.pk}/steps", {"step": "close"}),
            (lambda b: f"/api/ballots/ballots/{b.pk}/vote", {"choices": {}}),
        ),
        missing_url="/api/ballots/ballots/999999",
    ),
    ScopedEndpoint(
        name="ballots-sessions",
        model=Session,
        fixtures=FIX,
        oracle=sees_session,
        routes=("ballots:session", "ballots:session_roster", "api:ballot_sessions"),
        list_url="/api/ballots/sessions",
        detail_urls=(lambda s: f"/ballots/sessions/{s.pk}/",),
        post_urls=((lambda s: f"/ballots/sessions/{s.pk}/roster/", {}),),
        missing_url="/ballots/sessions/999999/",
    ),
    ScopedEndpoint(
        name="ballots-session-new-ballot",
        model=Session,
        fixtures=FIX,
        oracle=sees_session,
        routes=("ballots:ballot_new",),
        detail_urls=(lambda s: f"/ballots/sessions/{s.pk}/ballots/new/",),
        visible_status=lambda user: 200 if user.role == "administrator" else 403,
    ),
    ScopedEndpoint(
        name="ballots-projects",
        model=Project,
        fixtures=FIX,
        oracle=sees_project,
        routes=("ballots:project_progress", "api:ballot_project_progress"),
        post_urls=(
            (lambda p: f"/ballots/projects/{p.pk}/progress/", {}),
            (lambda p: f"/api/ballots/projects/{p.pk}/progress", PROGRESS),
        ),
    ),
]

UNSCOPED = {
    "ballots:index": "public: published results; a deputy's own open ballots via the roster",
    "ballots:result": "public: published results only (public_results, test_tally)",
    "ballots:projects": "public: projects of published ballots (public_projects)",
    "ballots:project": "public: a project of a published ballot (public_projects)",
    "ballots:session_new": "administrators only: creates a session (test_pages)",
    "api:ballot_results": "public: published results only (public_results)",
    "api:ballot_result": "public: published results only (public_results)",
    "api:ballot_projects": "public: projects of published ballots (public_projects)",
}
