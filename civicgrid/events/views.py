"""Event pages: report (phone, public, hotline), work queues, the event with its timeline and
steps, photos (served through the event's scope) and figures."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError, put_on_form
from civicgrid.core.scope import get_visible_or_404
from civicgrid.core.workflow import timeline
from civicgrid.regions.geo import get_locator, grid_for_point
from civicgrid.regions.models import Level, Region

from . import stats as event_stats
from .actions import (
    Report,
    StepInput,
    available_actions,
    report_event,
    reveal_contact_phone,
    source_for,
    suggest_dispatch,
    take_step,
)
from .forms import HotlineForm, ReportForm, StaffReportForm, StepForm
from .models import Event, Photo, State
from .queries import DEFAULT_QUEUE, QUEUES, EventFilter, filter_events

STAFF_REPORTERS = {Role.GRID_WORKER, Role.REVIEWER}


# --- reporting ---------------------------------------------------------------------------------
def report(request: HttpRequest) -> HttpResponse:
    """Report a problem: open to everyone (no account needed); signed-in residents can follow
    their reports, grid workers may set the urgency."""
    user = request.user
    staff = user.is_authenticated and user.role in STAFF_REPORTERS
    form_class = StaffReportForm if staff else ReportForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _file_report(request, form, source_for(user))
        if event is not None:
            if user.is_authenticated:
                messages.success(request, _("Reported as case %(n)s.") % {"n": event.number})
                return redirect("events:detail", pk=event.pk)
            request.session["reported"] = [event.number, *request.session.get("reported", [])][:5]
            return redirect("events:report_done")
    return render(request, "events/report.html", {"form": form, "staff": staff})


def report_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "events/report_done.html", {"numbers": request.session.get("reported", [])}
    )


@login_required
def hotline(request: HttpRequest) -> HttpResponse:
    """The hotline operator's form (12345 / 12349): the caller's words, place and phone."""
    if request.user.role != Role.REVIEWER:
        raise PermissionDenied
    form = HotlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = _file_report(request, form, form.cleaned_data["line"])
        if event is not None:
            messages.success(request, _("Reported as case %(n)s.") % {"n": event.number})
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/report.html", {"form": form, "staff": True, "hotline": True})


def _file_report(request: HttpRequest, form: Any, source: str) -> Event | None:
    data = form.cleaned_data
    user = request.user
    scope = f"user:{user.pk}" if user.is_authenticated else "public"
    try:
        event, _created = report_event(
            user,
            Report(
                category=data["category"],
                description=data["description"],
                lon=data.get("lon"),
                lat=data.get("lat"),
                address=data.get("address", ""),
                urgency=data.get("urgency", ""),
                facility_id=data.get("facility"),
                contact_name=data.get("contact_name", ""),
                contact_phone=data.get("contact_phone", ""),
                photos=request.FILES.getlist("photos"),
            ),
            source=source,
            idempotency=(scope, data["idempotency_key"]) if data.get("idempotency_key") else None,
        )
    except ActionError as exc:
        put_on_form(form, exc)
        return None
    return event


@require_GET
def locate(request: HttpRequest) -> JsonResponse:
    """The grid a point falls in (its public name), for the report page's map."""
    try:
        lon, lat = float(request.GET["lon"]), float(request.GET["lat"])
    except (KeyError, ValueError):
        return JsonResponse({"detail": _("Give lon and lat as numbers.")}, status=400)
    hit = grid_for_point(lon, lat)
    if hit is None:
        return JsonResponse(
            {"detail": _("That point lies outside every grid of the district.")}, status=404
        )
    return JsonResponse({"code": hit.code, "name": hit.name})


@require_GET
def grid_outlines(request: HttpRequest) -> JsonResponse:
    """Grid outlines and names (public map data) so that anyone can pick a place."""
    version = get_locator().version
    key = f"events.grid_outlines.{version}"
    body = cache.get(key)
    if body is None:
        features = [
            {
                "type": "Feature",
                "properties": {"code": r.code, "name": r.name},
                "geometry": r.boundary,
            }
            for r in Region.objects.filter(level=Level.GRID, boundary__isnull=False)
        ]
        body = {"type": "FeatureCollection", "features": features}
        cache.set(key, body, 3600)
    response = JsonResponse(body)
    response["Cache-Control"] = "public, max-age=600"
    return response


# --- working on events -------------------------------------------------------------------------
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    queue = request.GET.get("queue", DEFAULT_QUEUE.get(user.role, "all"))
    f = EventFilter(
        states=[s for s in request.GET.getlist("state") if s],
        category=request.GET.get("category", ""),
        region=request.GET.get("region", ""),
        overdue=True if request.GET.get("overdue") == "1" else None,
        queue=queue,
    )
    qs = filter_events(Event.objects.visible_to(user), user, f).select_related(
        "category", "region", "department"
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "events/list.html",
        {"page": page, "queue": queue, "queues": QUEUES, "filter": f, "states": State.choices},
    )


def _detail_context(
    request: HttpRequest, event: Event, form: StepForm | None = None
) -> dict[str, Any]:
    user = request.user
    actions = available_actions(user, event)
    department, town = suggest_dispatch(event) if "dispatch" in actions else (None, None)
    form = form or StepForm(
        user=user,
        initial={
            "category": event.category.code,
            "urgency": event.urgency,
            "grid": event.region_id if event.region.level == Level.GRID else None,
            "department": department.pk if department else None,
            "town": town.code if town else None,
        },
    )
    photos = list(event.photos.all())
    entries = list(timeline(event))
    by_id = {p.pk: p for p in photos}
    labels = dict(State.choices)
    for entry in entries:
        entry.photos = [by_id[i] for i in entry.attachments if i in by_id]
        entry.state_label = labels.get(entry.to_state, entry.to_state)
    return {
        "event": event,
        "actions": actions,
        "form": form,
        "timeline": entries,
        "photos": photos,
        "staff": user.role != Role.RESIDENT,
    }


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(_events(), request.user, pk=pk)
    return render(request, "events/detail.html", _detail_context(request, event))


def _events() -> Any:
    return Event.objects.select_related(
        "category", "category__parent", "region", "department", "handling_town", "reporter"
    )


@login_required
@require_POST
def event_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one step; a refused step re-renders the page with the error and what was typed."""
    event = get_visible_or_404(_events(), request.user, pk=pk)
    form = StepForm(request.POST, user=request.user)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        step = StepInput(
            note=data["note"],
            category=form.category_object(),
            urgency=data["urgency"],
            region=data["grid"],
            department=data["department"],
            town=data["town"],
            rating=data["rating"],
            photos=request.FILES.getlist("photos"),
        )
        try:
            take_step(request.user, event, action, step)
        except ActionError as exc:
            form.add_error(None, exc.message)
            status = exc.status
            event = get_visible_or_404(_events(), request.user, pk=pk)
        else:
            messages.success(
                request,
                _("Done: the case is now “%(state)s”.") % {"state": event.get_state_display()},
            )
            return redirect("events:detail", pk=event.pk)
    context = _detail_context(request, event, form)
    context["failed_action"] = action
    return render(request, "events/detail.html", context, status=status)


@login_required
@require_POST
def reveal_phone(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(Event.objects.all(), request.user, pk=pk)
    try:
        phone = reveal_contact_phone(request.user, event)
    except ActionError as exc:
        return HttpResponse(exc.message, status=exc.status)
    return render(request, "events/_phone.html", {"phone": phone})


@login_required
def photo(request: HttpRequest, pk: int, photo_pk: int, thumb: bool = False) -> FileResponse:
    row = get_visible_or_404(Photo.objects.all(), request.user, pk=photo_pk, event_id=pk)
    file = row.thumbnail if thumb else row.image
    response = FileResponse(
        file.open("rb"), content_type="image/jpeg" if thumb else row.content_type
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.RESIDENT:
        raise PermissionDenied
    by = request.GET.get("by", "category")
    if by not in event_stats.GROUPINGS:
        by = "category"
    figures = event_stats.figures(Event.objects.visible_to(request.user), by)
    return render(
        request,
        "events/stats.html",
        {
            "figures": figures,
            "by": by,
            "by_label": event_stats.GROUPINGS[by],
            "groupings": event_stats.GROUPINGS,
            "steps": event_stats.STEPS,
        },
    )
