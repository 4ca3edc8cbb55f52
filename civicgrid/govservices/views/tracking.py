"""Progress lookup for anyone (办件查询): the application's number and the last four digits of
the applicant's phone. A successful lookup is remembered in the browser's session, which is also
what lets an applicant without an account rate the closed application (好差评)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.core.errors import ActionError

from ..actions.lookup import lookup_progress
from ..actions.parts import rate_application
from ..models import Application, ApplicationState

SESSION_KEY = "tracked_applications"


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def track(request: HttpRequest) -> HttpResponse:
    error = ""
    status = 200
    number = request.POST.get("number", request.GET.get("number", "")).strip()
    if request.method == "POST":
        try:
            application = lookup_progress(
                number, request.POST.get("phone_last4", ""), _client(request)
            )
        except ActionError as exc:
            error, status = exc.message, exc.status
        else:
            tracked = request.session.get(SESSION_KEY, [])
            request.session[SESSION_KEY] = [application.number, *tracked][:10]
            return redirect("govservices:track_result", number=application.number)
    return render(
        request, "govservices/track.html", {"error": error, "number": number}, status=status
    )


def _tracked(request: HttpRequest, number: str) -> Application:
    if number not in request.session.get(SESSION_KEY, []):
        raise Http404
    return Application.objects.select_related("item", "bundle").get(number=number)


def track_result(request: HttpRequest, number: str) -> HttpResponse:
    application = _tracked(request, number)
    parts = application.parts.select_related("item", "department")
    supplement = application.notices.filter(kind="supplement").order_by("-issued_at").first()
    return render(
        request,
        "govservices/track_result.html",
        {
            "application": application,
            "parts": parts,
            "supplement": supplement
            if application.state == ApplicationState.SUPPLEMENT_REQUESTED
            else None,
            "can_rate": application.state == ApplicationState.CLOSED
            and application.rated_at is None,
        },
    )


@require_POST
def track_rate(request: HttpRequest, number: str) -> HttpResponse:
    application = _tracked(request, number)
    try:
        rate_application(
            request.user,
            application,
            score=request.POST.get("score", ""),
            comment=request.POST.get("comment", ""),
            verified=True,
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Thank you for rating the service."))
    return redirect("govservices:track_result", number=number)
