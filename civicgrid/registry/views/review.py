"""The grid center's review queue, change details, history and restores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404
from civicgrid.core.workflow import timeline

from ..actions.changes import (
    REVIEWERS,
    approve_batch,
    approve_change,
    reject_change,
    restore_version,
    stale_ids,
)
from ..actions.records import get_record_with_history, visible_diff
from ..display import describe, rows
from ..forms import RejectForm
from ..models import ChangeRequest, RecordHistory
from .common import page_of, require


@login_required
def changes(request: HttpRequest) -> HttpResponse:
    """Reviewers: the pending queue. Others: the changes in their scope and what became of them."""
    qs = ChangeRequest.objects.visible_to(request.user).select_related("submitted_by", "grid")
    reviewer = request.user.role in REVIEWERS
    status = request.GET.get("status", "pending" if reviewer else "")
    if status:
        qs = qs.filter(status=status)
    page = page_of(request, qs)
    return render(
        request,
        "registry/changes.html",
        {
            "page": page,
            "status": status,
            "reviewer": reviewer,
            "stale": stale_ids(list(page.object_list)),
            "statuses": ChangeRequest.Status.choices,
        },
    )


@login_required
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_visible_or_404(
        ChangeRequest.objects.select_related("submitted_by", "grid"), request.user, pk=pk
    )
    return render(
        request,
        "registry/change_detail.html",
        {
            "change": change,
            "stale": change.pk in stale_ids([change]),
            "reviewer": request.user.role in REVIEWERS,
            "timeline": timeline(change),
            "reject_form": RejectForm(),
            "proposal": describe(change),
        },
    )


@login_required
@require_POST
def change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_visible_or_404(ChangeRequest.objects.all(), request.user, pk=pk)
    require(request, REVIEWERS)
    try:
        if request.POST.get("decision") == "approve":
            approve_change(request.user, change)
            messages.success(request, _("Approved and applied."))
        else:
            reject_change(request.user, change, request.POST.get("reason", ""))
            messages.success(request, _("Rejected; the collector sees your reason."))
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("registry:change", pk=pk)
    return redirect(request.POST.get("next") or "registry:changes")


@login_required
@require_POST
def change_batch(request: HttpRequest) -> HttpResponse:
    require(request, REVIEWERS)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = list(ChangeRequest.objects.visible_to(request.user).filter(pk__in=ids))
    result = approve_batch(request.user, chosen)
    if result.approved:
        messages.success(request, _("%(n)d changes approved.") % {"n": len(result.approved)})
    for pk, reason in result.failed:
        messages.error(
            request, _("#%(pk)d not approved: %(reason)s") % {"pk": pk, "reason": reason}
        )
    return redirect("registry:changes")


@login_required
def history(request: HttpRequest, record_type: str, pk: int) -> HttpResponse:
    record = get_record_with_history(request.user, record_type, pk)
    if request.method == "POST":
        require(request, REVIEWERS)
        try:
            restore_version(request.user, record_type, pk, int(request.POST.get("version", 0)))
            messages.success(request, _("Restored as a new version."))
        except (ActionError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("registry:history", record_type=record_type, pk=pk)
    entries = (
        RecordHistory.objects.visible_to(request.user)
        .filter(record_type=record_type, record_id=pk)
        .select_related("actor")
    )
    proposals = (
        ChangeRequest.objects.visible_to(request.user)
        .filter(record_type=record_type, record_id=pk)
        .exclude(status=ChangeRequest.Status.APPROVED)
        .select_related("submitted_by", "reviewed_by")
    )
    return render(
        request,
        "registry/history.html",
        {
            "record": record,
            "record_type": record_type,
            "proposals": proposals,
            "reviewer": request.user.role in REVIEWERS,
            "entries": [
                (
                    e,
                    rows(
                        record_type,
                        {k: v[0] for k, v in visible_diff(e.diff).items()},
                        {k: v[1] for k, v in visible_diff(e.diff).items()},
                    ),
                )
                for e in entries
            ],
        },
    )
