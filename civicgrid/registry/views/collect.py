"""Collection on the phone: households with their members, buildings, facilities,
organizations, visit logs. Every edit becomes a change request for the grid center."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404

from ..actions.changes import COLLECTORS, submit_create, submit_update
from ..actions.visits import record_visit
from ..forms import (
    BuildingForm,
    FacilityForm,
    HouseholdForm,
    MembersFormSet,
    OrganizationForm,
    PersonForm,
    VisitLogForm,
)
from ..models import Household, Person, RecordType, VisitLog
from .common import RECORD_TYPES, model_for, page_of, require

FORMS = {
    RecordType.BUILDING: BuildingForm,
    RecordType.FACILITY: FacilityForm,
    RecordType.ORGANIZATION: OrganizationForm,
}


@login_required
def household_new(request: HttpRequest) -> HttpResponse:
    require(request, COLLECTORS)
    form = HouseholdForm(request.POST or None, user=request.user, prefix="hh")
    members = MembersFormSet(request.POST or None, prefix="m")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        people = [m.values() for m in members.forms if m.has_changed()]
        taken = Person.objects.filter(
            id_number_index__in=[p["id_number_index"] for p in people]
        ).values_list("id_number_masked", flat=True)
        if taken:
            members.non_form_errors().append(  # type: ignore[attr-defined]
                _("Already in the registry: %(ids)s.") % {"ids": ", ".join(taken)}
            )
        elif Household.objects.filter(number=form.cleaned_data["number"]).exists():
            form.add_error("number", _("This household number is already registered."))
        else:
            values = form.values()
            summary = _("New household %(number)s with %(n)d people") % {
                "number": values["number"],
                "n": len(people),
            }
            try:
                change = submit_create(
                    request.user,
                    RecordType.HOUSEHOLD,
                    {"household": values, "members": people},
                    values["grid_id"],
                    summary,
                )
            except ActionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Sent to the grid center for review."))
                return redirect("registry:change", pk=change.pk)
    return render(request, "registry/household_form.html", {"form": form, "members": members})


@login_required
def households(request: HttpRequest) -> HttpResponse:
    qs = Household.objects.visible_to(request.user).select_related("head")
    text = request.GET.get("q", "").strip()
    if text:
        qs = qs.filter(address__contains=text) | qs.filter(number=text)
    return render(request, "registry/households.html", {"page": page_of(request, qs), "q": text})


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = get_visible_or_404(
        Household.objects.select_related("building", "head"), request.user, pk=pk
    )
    form = VisitLogForm(request.POST or None)
    if request.method == "POST":
        require(request, COLLECTORS)
        if form.is_valid():
            record_visit(request.user, household, **form.cleaned_data)
            messages.success(request, _("Visit recorded."))
            return redirect("registry:household", pk=pk)
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": Person.objects.visible_to(request.user).filter(household=household),
            "visits": VisitLog.objects.visible_to(request.user)
            .filter(household=household)
            .select_related("worker")[:20],
            "form": form,
        },
    )


@login_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    record_type = RECORD_TYPES.get(kind)
    if record_type is None:
        raise Http404
    qs = model_for(record_type).objects.visible_to(request.user)
    text = request.GET.get("q", "").strip()
    if text:
        field = {"buildings": "address", "facilities": "name", "organizations": "name"}[kind]
        qs = qs.filter(**{f"{field}__contains": text})
    return render(
        request,
        "registry/record_list.html",
        {
            "kind": kind,
            "record_type": record_type,
            "page": page_of(request, qs),
            "q": text,
            "can_collect": request.user.role in COLLECTORS,
        },
    )


@login_required
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record_type = RECORD_TYPES.get(kind)
    if record_type is None:
        raise Http404
    record = get_visible_or_404(model_for(record_type).objects.all(), request.user, pk=pk)
    form = FORMS[record_type](instance=record, user=request.user)
    return render(
        request,
        "registry/record_detail.html",
        {
            "kind": kind,
            "record": record,
            "record_type": record_type,
            "fields": [(form[name].label, form[name].value()) for name in form.Meta.fields],
            "can_collect": request.user.role in COLLECTORS,
        },
    )


@login_required
def record_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """New or changed building/facility/organization → a change request."""
    record_type = RECORD_TYPES.get(kind)
    if record_type is None:
        raise Http404
    record = (
        get_visible_or_404(model_for(record_type).objects.all(), request.user, pk=pk)
        if pk
        else None
    )
    require(request, COLLECTORS)
    form = FORMS[record_type](request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            if record is None:
                change = submit_create(
                    request.user,
                    record_type,
                    values,
                    values["grid_id"],
                    _("New %(type)s %(name)s")
                    % {"type": record_type.label, "name": _label(values)},
                )
            else:
                change = submit_update(
                    request.user,
                    record,
                    record_type,
                    values,
                    _("Change %(type)s %(name)s")
                    % {"type": record_type.label, "name": str(record)},
                )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sent to the grid center for review."))
            return redirect("registry:change", pk=change.pk)
    return render(
        request,
        "registry/record_form.html",
        {"form": form, "kind": kind, "record": record, "record_type": record_type},
    )


def _label(values: dict) -> str:
    return str(values.get("address") or values.get("name") or values.get("code") or "")


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    # Out of scope is 404 before the role check, so a 403 never confirms that a record exists.
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    require(request, COLLECTORS)
    initial = {
        "name": person.name,
        "phone": person.phone,
        "relation": person.relation,
        "residence_type": person.residence_type,
        "tags": list(person.tags.all()),
    }
    for person_tag in person.person_tags.select_related("tag"):
        for attribute, value in person_tag.attributes.items():
            initial[f"attr_{person_tag.tag.code}_{attribute}"] = value
    form = PersonForm(request.POST or None, initial=initial, id_required=False)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            change = submit_update(
                request.user,
                person,
                RecordType.PERSON,
                values,
                _("Change person %(name)s") % {"name": person.name},
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Sent to the grid center for review."))
            return redirect("registry:change", pk=change.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})
