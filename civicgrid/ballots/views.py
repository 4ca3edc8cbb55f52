"""Ballot pages: public results and project progress, the deputy's ballot, administration."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError, put_on_form
from civicgrid.core.scope import get_visible_or_404

from . import actions
from .forms import BallotForm, CandidateForm, ProgressForm, RosterForm, SessionForm
from .models import (
    Ballot,
    BallotReceipt,
    BallotState,
    Choice,
    Project,
    RosterEntry,
    Session,
    public_projects,
    public_results,
)


# --- public ---
def index(request: HttpRequest) -> HttpResponse:
    """Published results for everyone; a deputy's ballots to vote on; a link to administration."""
    user = request.user
    mine: list[Ballot] = []
    voted: set[int] = set()
    if getattr(user, "role", None) == Role.DEPUTY:
        sessions = RosterEntry.objects.filter(deputy=user).values("session_id")
        mine = list(
            Ballot.objects.visible_to(user)
            .filter(session_id__in=sessions, state=BallotState.OPEN)
            .select_related("session")
        )
        voted = set(
            BallotReceipt.objects.filter(deputy=user, ballot__in=mine).values_list(
                "ballot_id", flat=True
            )
        )
    return render(
        request,
        "ballots/index.html",
        {
            "mine": mine,
            "voted": voted,
            "results": public_results().annotate(n_projects=Count("projects")),
        },
    )


def result(request: HttpRequest, pk: int) -> HttpResponse:
    """A published result: every candidate's votes, who passed, who was chosen, any tie."""
    ballot = get_object_or_404(public_results(), pk=pk)
    return render(request, "ballots/result.html", _result_context(ballot))


def _result_context(ballot: Ballot) -> dict[str, Any]:
    result = ballot.result or {"rows": [], "roster": ballot.roster_size}
    candidates = {c.pk: c for c in ballot.candidates.select_related("department")}
    roster = max(result.get("roster") or 0, 1)
    rows = [
        {
            **r,
            "c": candidates.get(r["candidate"]),
            "for_pct": round(100 * r["for"] / roster),
            "against_pct": round(100 * r["against"] / roster),
            "abstain_pct": round(100 * r["abstain"] / roster),
        }
        for r in result["rows"]
    ]
    resolution = result.get("resolution") or {}
    return {"ballot": ballot, "result": result, "rows": rows, "resolved": resolution}


@never_cache
@login_required
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    """A deputy of the ballot's session checks their own stored ballot with the confirmation code
    shown when voting. The code is a secret: it is taken only from a POST body (a code in the query
    string is ignored), so it never lands in a URL, a browser history or an access log. Anyone not
    on the session's roster gets 404 for the ballot."""
    ballot = get_visible_or_404(
        Ballot.objects.exclude(state=BallotState.DRAFT).filter(
            session__roster__deputy_id=request.user.pk
        ),
        request.user,
        pk=pk,
    )
    code = request.POST.get("code", "").strip()[:32] if request.method == "POST" else ""
    try:
        marks = actions.verify_code(request.user, ballot, code)
    except ActionError as exc:  # the roster filter above already answered 404
        raise Http404(exc.message) from None
    rows = []
    if marks is not None:
        labels = dict(Choice.choices)
        rows = [(c, labels.get(marks.get(str(c.pk), ""), "")) for c in ballot.candidates.all()]
    return render(
        request,
        "ballots/verify.html",
        {"ballot": ballot, "code": code, "rows": rows, "found": marks is not None},
    )


def projects(request: HttpRequest) -> HttpResponse:
    """Progress of every chosen project, with bars."""
    rows = list(public_projects().order_by("ballot__session__region_id", "ballot_id", "rank"))
    done = sum(1 for p in rows if p.state == "completed")
    average = round(sum(p.percent for p in rows) / len(rows)) if rows else 0
    return render(
        request,
        "ballots/projects.html",
        {"projects": rows, "done": done, "average": average},
    )


def project(request: HttpRequest, pk: int) -> HttpResponse:
    """One project's progress reports; its responsible department reports here."""
    item = get_object_or_404(public_projects(), pk=pk)
    may_report = (
        request.user.is_authenticated
        and Project.objects.visible_to(request.user).filter(pk=pk).exists()
        and (
            request.user.role == Role.ADMINISTRATOR
            or (
                request.user.role == Role.APPROVER
                and request.user.department_id == item.candidate.department_id
            )
        )
    )
    form = ProgressForm(initial={"percent": item.percent}) if may_report else None
    return _project_page(request, item, form)


def _project_page(
    request: HttpRequest, item: Project, form: ProgressForm | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "ballots/project.html",
        {
            "project": item,
            "updates": item.updates.select_related("by"),
            "form": form if item.state != "completed" else None,
        },
        status=status,
    )


@login_required
@require_POST
def project_progress(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(public_projects(), request.user, pk=pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            actions.report_progress(request.user, item, **form.cleaned_data)
        except ActionError as exc:
            put_on_form(form, exc)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("ballots:project", pk=item.pk)
    return _project_page(request, item, form, status=400)


# --- the deputy's ballot ---
@never_cache  # the answer to a vote shows the confirmation code
@login_required
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballot as a form: for / against / abstain per candidate, a live count of "for"."""
    ballot = get_visible_or_404(Ballot.objects.select_related("session"), request.user, pk=pk)
    candidates = list(ballot.candidates.select_related("department"))
    error: ActionError | None = None
    marks: dict[str, str] = {}
    if request.method == "POST":
        marks = {
            str(c.pk): request.POST[f"c{c.pk}"] for c in candidates if request.POST.get(f"c{c.pk}")
        }
        try:
            code = actions.cast_vote(request.user, ballot, marks)
        except ActionError as exc:
            error = exc
        else:
            return render(request, "ballots/voted.html", {"ballot": ballot, "code": code})
    bad_fields = {e.get("field") for e in (error.errors if error else [])}
    is_deputy = RosterEntry.objects.filter(
        session_id=ballot.session_id, deputy=request.user
    ).exists()
    receipt = BallotReceipt.objects.filter(ballot=ballot, deputy=request.user).first()
    return render(
        request,
        "ballots/vote.html",
        {
            "ballot": ballot,
            "candidates": [
                (c, marks.get(str(c.pk)), f"choices.{c.pk}" in bad_fields) for c in candidates
            ],
            "error": error,
            "is_deputy": is_deputy,
            "receipt": receipt,
            "choices": Choice.choices,
        },
        status=400 if error else 200,
    )


# --- administration ---
def _admin_only(request: HttpRequest) -> None:
    if getattr(request.user, "role", None) != Role.ADMINISTRATOR:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only an administrator may manage ballots."))


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """Sessions and ballots in the caller's scope, with turnout."""
    sessions = (
        Session.objects.visible_to(request.user)
        .select_related("region")
        .annotate(n_deputies=Count("roster", distinct=True))
        .prefetch_related(
            Prefetch(
                "ballots",
                queryset=Ballot.objects.annotate(n_voted=Count("receipts")).order_by("pk"),
            )
        )
    )
    return render(request, "ballots/manage.html", {"sessions": sessions})


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.create_session(request.user, **form.cleaned_data)
        except ActionError as exc:
            put_on_form(form, exc)
        else:
            return redirect("ballots:session", pk=session.pk)
    return render(request, "ballots/form.html", {"form": form, "title": _("New congress session")})


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Session.objects.select_related("region"), request.user, pk=pk)
    return _session_page(request, item, RosterForm())


def _session_page(
    request: HttpRequest, item: Session, form: RosterForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "ballots/session.html",
        {
            "session": item,
            "roster": item.roster.select_related("deputy").order_by("deputy__username"),
            "ballots": item.ballots.all(),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def session_roster(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Session.objects.select_related("region"), request.user, pk=pk)
    form = RosterForm(request.POST)
    if form.is_valid():
        try:
            added = actions.add_deputies(request.user, item, form.names())
        except ActionError as exc:
            put_on_form(form, exc)
        else:
            messages.success(request, _("%(n)d deputies added.") % {"n": added})
            return redirect("ballots:session", pk=item.pk)
    return _session_page(request, item, form, status=400)


@login_required
def ballot_new(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Session.objects.all(), request.user, pk=pk)
    _admin_only(request)
    form = BallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ballot = actions.create_ballot(request.user, item, **form.cleaned_data)
        except ActionError as exc:
            put_on_form(form, exc)
        else:
            return redirect("ballots:ballot", pk=ballot.pk)
    return render(
        request,
        "ballots/form.html",
        {"form": form, "title": _("New ballot"), "subtitle": item.name},
    )


@login_required
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Ballot.objects.select_related("session"), request.user, pk=pk)
    return _ballot_page(request, item, CandidateForm())


def _ballot_page(
    request: HttpRequest, item: Ballot, form: CandidateForm, status: int = 200
) -> HttpResponse:
    context = {
        "ballot": item,
        "candidates": item.candidates.select_related("department"),
        "form": form,
        "voted": item.receipts.count(),
        "is_admin": request.user.role == Role.ADMINISTRATOR,
        "steps": actions.BALLOT_FLOW.allowed(item.state, request.user.role),
        "show_result": bool(item.result) and item.result_visible_to(request.user),
    }
    if context["show_result"]:
        context.update(_result_context(item))
    return render(request, "ballots/ballot.html", context, status=status)


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Ballot.objects.select_related("session"), request.user, pk=pk)
    form = CandidateForm(request.POST)
    if form.is_valid():
        try:
            actions.add_candidate(request.user, item, **form.cleaned_data)
        except ActionError as exc:
            put_on_form(form, exc)
        else:
            messages.success(request, _("Candidate added."))
            return redirect("ballots:ballot", pk=item.pk)
    return _ballot_page(request, item, form, status=400)


@login_required
@require_POST
def ballot_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    item = get_visible_or_404(Ballot.objects.select_related("session"), request.user, pk=pk)
    action = actions.BALLOT_STEPS.get(step)
    if action is None:
        messages.error(request, _("Unknown step."))
        return redirect("ballots:ballot", pk=item.pk)
    try:
        action(request.user, item)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("ballots:ballot", pk=item.pk)


@login_required
@require_POST
def tie(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(Ballot.objects.all(), request.user, pk=pk)
    try:
        actions.resolve_tie(
            request.user,
            item,
            [int(i) for i in request.POST.getlist("candidates") if i.isdigit()],
            note=request.POST.get("note", ""),
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The session's decision is recorded."))
    return redirect("ballots:ballot", pk=item.pk)


@login_required
def recount(request: HttpRequest, pk: int) -> HttpResponse:
    """Recompute the count from the stored ballots and compare with the kept result."""
    item = get_visible_or_404(Ballot.objects.select_related("session"), request.user, pk=pk)
    try:
        outcome = actions.recount_ballot(request.user, item)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("ballots:ballot", pk=item.pk)
    stored = {r["candidate"]: r for r in (outcome.stored_result or {}).get("rows", [])}
    rows = [(r, stored.get(r["candidate"])) for r in outcome.recomputed["rows"]]
    return render(
        request, "ballots/recount.html", {"ballot": item, "outcome": outcome, "rows": rows}
    )
