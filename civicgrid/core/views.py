"""Error pages (JSON under /api/ and /open311/, a friendly page elsewhere) and the working-day
calendar page."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from civicgrid.accounts.models import STAFF_ROLES, Role
from civicgrid.accounts.permissions import require_role

from . import workdays
from .calendar_actions import MAX_YEAR, MIN_YEAR, enter_schedule, format_schedule
from .errors import ActionError
from .middleware import API_PREFIXES
from .models import CalendarDay, CalendarYear


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIXES)


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Not found."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("Something went wrong on our side. It has been logged."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("You may not do this."))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("The request was malformed."))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request, 403, _("The form expired or came from elsewhere. Reload the page and try again.")
    )


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_lazy("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    source = forms.CharField(
        label=_lazy("Source"),
        max_length=200,
        help_text=_lazy("The notice's title or number."),
    )
    text = forms.CharField(
        label=_lazy("Schedule"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "mono"}),
        help_text=_lazy(
            "One line per holiday or make-up workday: a date or a range such as "
            "2027-02-06..2027-02-12, then 休 (day off) or 班 (working day), then a name."
        ),
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """The working-day calendar of this year and the next two (and any other year entered):
    whether each year's schedule is known, and from where, and the days entered. Every staff
    account may look; administrators enter a year's schedule here."""
    require_role(request.user, *STAFF_ROLES)
    if request.method == "POST":
        require_role(request.user, Role.ADMINISTRATOR)
    this_year = timezone.localdate().year
    entered = {
        y.year: y
        for y in CalendarYear.objects.visible_to(request.user).select_related("entered_by")
    }
    years = sorted({this_year, this_year + 1, this_year + 2} | entered.keys())
    form: ScheduleForm | None = None
    if request.user.role == Role.ADMINISTRATOR:
        unknown = [
            y
            for y in years
            if y >= this_year and y not in entered and not workdays.library_knows(y)
        ]
        form = ScheduleForm(
            request.POST or None, initial={"year": unknown[0] if unknown else this_year + 1}
        )
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            enter_schedule(request.user, data["year"], data["text"], data["source"])
        except ActionError as exc:
            for message in exc.errors or [exc.message]:
                form.add_error("text", message)
        else:
            messages.success(
                request, _("The schedule of %(year)d is entered.") % {"year": data["year"]}
            )
            return redirect("core:calendar")
    days = CalendarDay.objects.visible_to(request.user).filter(
        date__gte=date(years[0], 1, 1), date__lte=date(years[-1], 12, 31)
    )
    by_year: dict[int, list[CalendarDay]] = {}
    for day in days:
        by_year.setdefault(day.date.year, []).append(day)
    rows = [
        {
            "year": year,
            "library": workdays.library_knows(year),
            "entered": entered.get(year),
            "lines": format_schedule(by_year.get(year, [])),
        }
        for year in years
    ]
    return render(request, "core/calendar.html", {"years": rows, "form": form})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, newest first; opening the page marks them read."""
    from .models import Notification

    mine = Notification.objects.visible_to(request.user).filter(recipient=request.user)
    page = list(mine[:100])
    unread = [n.pk for n in page if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(
        request, "core/notifications.html", {"notifications": page, "unread": set(unread)}
    )
