"""Finding people, their record (masked), unmasking on request, and a resident's access log."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from civicgrid.core.errors import NotAllowed
from civicgrid.core.models import AuditLog
from civicgrid.core.scope import get_visible_or_404
from civicgrid.regions.models import Region

from ..actions.changes import COLLECTORS
from ..actions.privacy import can_unmask, record_view, reveal_person
from ..models import Person, RecordType, Tag
from ..search import PersonQuery, as_query, search_people
from ..sharing import allowed_fields

PAGE = 20
ACCESS_ACTIONS = ["registry.view", "registry.unmask", "registry.export"]


@login_required
def people(request: HttpRequest) -> HttpResponse:
    query: PersonQuery = as_query(request.GET)
    offset = (
        max(0, int(request.GET.get("offset", "0") or 0))
        if request.GET.get("offset", "0").isdigit()
        else 0
    )
    base = Person.objects.visible_to(request.user).select_related("household")
    rows, more = search_people(base, query, offset=offset, limit=PAGE)
    return render(
        request,
        "registry/people.html",
        {
            "rows": rows,
            "more": more,
            "query": query,
            "offset": offset,
            "next": offset + PAGE,
            "previous": max(0, offset - PAGE),
            "grids": Region.objects.visible_to(request.user).grids().only("code", "name"),
            "tags": Tag.objects.all(),
            "fields": allowed_fields(request.user, RecordType.PERSON),
            "can_collect": request.user.role in COLLECTORS,
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Person.objects.select_related("household", "grid"), request.user, pk=pk
    )
    record_view(request.user, person)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "person_tags": person.person_tags.select_related("tag"),
            "can_unmask": can_unmask(request.user),
            "can_collect": request.user.role in COLLECTORS,
            "fields": allowed_fields(request.user, RecordType.PERSON),
        },
    )


@login_required
@require_POST
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: replace the masked ID number and phone with the full ones (audited)."""
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    try:
        revealed = reveal_person(request.user, person, request.POST.get("purpose", ""))
    except NotAllowed as exc:
        return HttpResponse(exc.message, status=403)
    return render(request, "registry/_revealed.html", {"revealed": revealed})


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A resident's own record and who has looked at it. This is the one place that reads the
    audit log outside the scope rule, and only the rows about the resident's own record."""
    person = Person.objects.filter(account=request.user).first()
    accesses = []
    if person is not None:
        accesses = (
            AuditLog.objects.filter(
                object_type="registry.person", object_id=str(person.pk), action__in=ACCESS_ACTIONS
            )
            .select_related("actor")
            .order_by("-at")[:100]
        )
    return render(request, "registry/my_record.html", {"person": person, "accesses": accesses})
