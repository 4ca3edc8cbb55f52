"""Star-rating pages: the rounds, recording a meeting (one card per household, ten chips),
closing, a household's history and the statistics. Thin: every change goes through actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError, put_on_form
from civicgrid.core.scope import get_visible_or_404
from civicgrid.regions.models import Level, Region

from . import queries
from .actions import (
    CriterionInput,
    RatingEntry,
    close_round,
    may_close,
    may_record,
    open_round,
    record_ratings,
    recordable_households,
    save_criterion,
)
from .models import (
    MAX_STARS,
    STARS_FOR_TITLE,
    Criterion,
    HouseholdRating,
    RatedHousehold,
    RatingRound,
    RoundState,
    Title,
)

PAGE_SIZE = 20


class OpenRoundForm(forms.Form):
    village = forms.ModelChoiceField(queryset=Region.objects.none(), label=gettext_lazy("Village"))
    year = forms.IntegerField(label=gettext_lazy("Year"))
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)],
    )
    meeting_date = forms.DateField(
        label=gettext_lazy("Meeting date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = Region.objects.visible_to(user).filter(level=Level.VILLAGE)
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = lambda r: r.name
        if villages.count() == 1:
            self.fields["village"].initial = villages.first()
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["quarter"].initial = (today.month - 1) // 3 + 1
        self.fields["meeting_date"].initial = today


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    """The rounds in the user's scope (newest quarter first) and, for village staff, the form
    that opens a new one."""
    user = request.user
    may_open = user.role == Role.ADMINISTRATOR or (
        user.role == Role.SERVICE_STAFF and user.scope_region_id is not None
    )
    form = OpenRoundForm(user, request.POST or None) if may_open else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        status = 400  # unless the round opens below
        if form.is_valid():
            d = form.cleaned_data
            try:
                round_ = open_round(user, d["village"], d["year"], d["quarter"], d["meeting_date"])
            except ActionError as exc:
                status = exc.status  # 409 when another request opened the quarter first
                put_on_form(form, exc)
            else:
                messages.success(request, _("Round opened. Record the meeting's ratings."))
                return redirect("ratings:record", pk=round_.pk)
    qs = (
        RatingRound.objects.visible_to(user)
        .select_related("village")
        .annotate(rated=Count("ratings"))
        .order_by("-year", "-quarter", "village_id")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ratings/rounds.html", {"page": page, "form": form}, status=status)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One round: its facts, the distribution of stars, the ratings (paginated) and the close
    button for village staff."""
    round_ = get_visible_or_404(RatingRound.objects.select_related("village"), request.user, pk=pk)
    ratings = (
        HouseholdRating.objects.visible_to(request.user)
        .filter(round=round_)
        .select_related("household", "household__head")
        .order_by("-total", "grid_code", "household_id")
    )
    page = Paginator(ratings, PAGE_SIZE).get_page(request.GET.get("page"))
    figures = queries.Figures("round", "")
    for total, n in ratings.values_list("total").annotate(n=Count("id")).order_by():
        figures.rated += n
        figures.stars += total * n
        figures.distribution[total] += n
    held = set(
        Title.objects.visible_to(request.user)
        .filter(household_id__in=[r.household_id for r in page], lost_year__isnull=True)
        .values_list("household_id", flat=True)
    )
    names = {c["id"]: c["name"] for c in round_.criteria}
    rows = [(r, [names.get(c, "?") for c in r.earned], r.household_id in held) for r in page]
    return render(
        request,
        "ratings/round.html",
        {
            "round": round_,
            "page": page,
            "rows": rows,
            "figures": figures,
            "may_record": round_.state == RoundState.OPEN and may_record(request.user, round_),
            "may_close": may_close(request.user, round_),
            "threshold": STARS_FOR_TITLE,
        },
    )


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the meeting: one card per household of the chosen grid (paginated), ten chips
    each; saving stores the whole page at once or nothing."""
    user = request.user
    round_ = get_visible_or_404(RatingRound.objects.select_related("village"), user, pk=pk)
    if not may_record(user, round_):
        raise PermissionDenied
    households = recordable_households(user, round_).select_related("head")
    grids = list(
        Region.objects.filter(level=Level.GRID, code__startswith=round_.village_id)
        .filter(code__in=households.values("grid_id"))
        .order_by("code")
    )
    grid = request.GET.get("grid") or (grids[0].code if grids else "")
    if grid:
        households = households.filter(grid_id=grid)
    page = Paginator(households.order_by("number"), PAGE_SIZE).get_page(request.GET.get("page"))
    existing = {
        r.household_id: r
        for r in HouseholdRating.objects.filter(round=round_, household_id__in=[h.pk for h in page])
    }
    errors: dict[str, str] = {}
    error = ""
    # A refused save shows the page again with what was typed, answered 400 (409 for a conflict).
    status = 200
    posted: dict[int, tuple[set[int], str]] = {}
    if request.method == "POST":
        entries = []
        for raw in request.POST.getlist("household"):
            try:
                hid = int(raw)
                chosen = [int(c) for c in request.POST.getlist(f"c{hid}")]
            except ValueError:
                error = _("The form was changed in transit. Reload the page.")
                status = 400
                break
            note = request.POST.get(f"note{hid}", "")
            posted[hid] = (set(chosen), note)
            entries.append(RatingEntry(hid, chosen, note))
        if not error:
            try:
                n = record_ratings(user, round_, entries)
            except ActionError as exc:
                status = exc.status
                error = exc.message
                for e in exc.errors:
                    i = int(e["field"].split(".")[1])
                    errors[str(entries[i].household_id)] = e["message"]
            else:
                messages.success(
                    request,
                    _("Saved the stars of %(n)d households.") % {"n": n},
                )
                return redirect(request.get_full_path())
    cards = []
    for h in page:
        r = existing.get(h.pk)
        chosen, note = posted.get(h.pk, (set(r.earned) if r else set(), r.note if r else ""))
        cards.append(
            {
                "household": h,
                "chosen": chosen,
                "note": note,
                "recorded": r is not None,
                "error": errors.get(str(h.pk), ""),
            }
        )
    return render(
        request,
        "ratings/record.html",
        {
            "round": round_,
            "page": page,
            "cards": cards,
            "grids": grids,
            "grid": grid,
            "error": error,
            "criteria": round_.criteria,
            "max_stars": MAX_STARS,
            "closed": round_.state != RoundState.OPEN,
        },
        status=status,
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_visible_or_404(RatingRound.objects.select_related("village"), request.user, pk=pk)
    try:
        close_round(request.user, round_, request.POST.get("note", ""))
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Round closed; the 自强户 rule has been applied."))
    return redirect("ratings:round", pk=round_.pk)


@login_required
def household(request: HttpRequest, pk: int) -> HttpResponse:
    """A household's stars quarter by quarter (bars), its 自强户 titles and what it earned."""
    home = get_visible_or_404(RatedHousehold.objects.select_related("head"), request.user, pk=pk)
    ratings = queries.history(request.user, home.pk)
    rows = []
    for r in ratings:
        names = {c["id"]: c["name"] for c in r.round.criteria}
        rows.append((r, [names.get(c, "?") for c in r.earned], 100 * r.total // MAX_STARS))
    titles = list(Title.objects.visible_to(request.user).filter(household_id=home.pk))
    return render(
        request,
        "ratings/household.html",
        {
            "home": home,
            "rows": rows,
            "titles": titles,
            "held": next((t for t in titles if t.held), None),
            "threshold": STARS_FOR_TITLE,
        },
    )


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """Figures by town or village for one quarter (its closed rounds): households rated,
    average stars, the 0–10 distribution as bars, 自强户 held in that quarter."""
    user = request.user
    known = queries.periods(user)
    by = request.GET.get("by")
    by = by if by in queries.LEVEL_DIGITS else queries.default_grouping(user)
    period = request.GET.get("period", "")
    chosen = next((p for p in known if f"{p[0]}-{p[1]}" == period), known[0] if known else None)
    rows = queries.statistics(user, chosen[0], chosen[1], by) if chosen else []
    return render(
        request,
        "ratings/stats.html",
        {
            "known": known,
            "chosen": chosen,
            "by": by,
            "rows": rows,
            "total": rows[-1] if rows else None,
            "threshold": STARS_FOR_TITLE,
        },
    )


class CriterionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=20)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, initial=0)
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


@login_required
def criteria(request: HttpRequest) -> HttpResponse:
    """The criteria (every staff member may read them); an administrator adds or edits one."""
    user = request.user
    rows = list(Criterion.objects.visible_to(user))
    editing = None
    if request.GET.get("edit"):
        editing = next((c for c in rows if str(c.pk) == request.GET["edit"]), None)
    form = None
    if user.role == Role.ADMINISTRATOR:
        initial = (
            {k: getattr(editing, k) for k in ("name", "description", "order", "active")}
            if editing
            else None
        )
        form = CriterionForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                save_criterion(user, CriterionInput(**form.cleaned_data), editing)
            except ActionError as exc:
                put_on_form(form, exc)
            else:
                messages.success(request, _("Criterion saved."))
                return redirect("ratings:criteria")
    elif request.method == "POST":
        raise PermissionDenied
    active = sum(1 for c in rows if c.active)
    return render(
        request,
        "ratings/criteria.html",
        {
            "rows": rows,
            "form": form,
            "editing": editing,
            "active": active,
            "max_stars": MAX_STARS,
        },
        status=400 if request.method == "POST" else 200,  # a POST that got here was refused
    )
