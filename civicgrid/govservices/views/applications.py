"""Application pages: apply (online, at a window or centre, by a grid worker), work queues, the
application with its parts, materials, notices and timeline, and every step."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.accounts.models import Role
from civicgrid.core.errors import ActionError
from civicgrid.core.models import TimelineEntry
from civicgrid.core.scope import get_visible_or_404
from civicgrid.registry.actions.records import id_index
from civicgrid.registry.models import Person

from ..actions.applications import (
    CHANNELS_BY_ROLE,
    Submission,
    missing_materials,
    registry_prefill,
    reveal_form,
    submit_application,
)
from ..actions.steps import (
    StepInput,
    application_steps,
    part_steps,
    take_application_step,
    take_part_step,
)
from ..forms import ApplicantForm, ApplicationForm, StepForm
from ..models import (
    Application,
    ApplicationState,
    Bundle,
    Part,
    PartState,
    ServiceItem,
    SubmittedMaterial,
)
from ..queries import queue_rows, queues_for

STAFF_APPLICANTS = {Role.CLERK, Role.SERVICE_STAFF, Role.GRID_WORKER}


# --- applying ----------------------------------------------------------------------------------
@login_required
def apply(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """One form for an item or a bundle: what the registry holds is shown, not asked."""
    user = request.user
    if kind not in ("item", "bundle"):
        raise Http404
    if user.role not in CHANNELS_BY_ROLE:
        raise PermissionDenied
    model = Bundle if kind == "bundle" else ServiceItem
    target = get_object_or_404(model, code=code, active=True)
    staff = user.role in STAFF_APPLICANTS
    form = ApplicationForm(target.form, request.POST or None)
    applicant_form = ApplicantForm(request.POST or None) if staff else None
    materials = list(target.materials.all())
    prefill = registry_prefill(user) if user.role == Role.RESIDENT else {}
    status = 200
    if request.method == "POST":
        valid = form.is_valid() and (applicant_form is None or applicant_form.is_valid())
        if valid:
            application = _submit(request, target, form, applicant_form, materials)
            if application is not None:
                messages.success(
                    request,
                    _("Submitted as %(n)s. The window checks it and tells you what is next.")
                    % {"n": application.number},
                )
                return redirect("govservices:application", number=application.number)
        status = 400
    return render(
        request,
        "govservices/apply.html",
        {
            "target": target,
            "kind": kind,
            "form": form,
            "applicant_form": applicant_form,
            "materials": materials,
            "prefilled": [
                (f["label"], prefill.get(f["prefill"], ""), f["prefill"])
                for f in target.form
                if f.get("prefill") and user.role == Role.RESIDENT
            ],
            "linked": bool(prefill),
            "submission_key": request.POST.get("submission_key") or uuid.uuid4().hex,
        },
        status=status,
    )


def _submit(
    request: HttpRequest,
    target: ServiceItem | Bundle,
    form: ApplicationForm,
    applicant_form: ApplicantForm | None,
    materials: list[Any],
) -> Application | None:
    user = request.user
    submission = Submission(
        target=target,
        values=form.values(),
        files={
            m.pk: request.FILES.getlist(f"material-{m.pk}")
            for m in materials
            if m.asked and request.FILES.getlist(f"material-{m.pk}")
        },
        delivery=form.cleaned_data["delivery"],
        mailing_address=form.cleaned_data["mailing_address"],
        channel="mobile"
        if request.POST.get("mobile") == "1" and user.role == Role.RESIDENT
        else "",
    )
    if applicant_form is not None:
        data = applicant_form.cleaned_data
        submission.person = (
            Person.objects.visible_to(user)
            .filter(id_number_index=id_index(data["id_number"]))
            .first()
        )
        submission.id_number = data["id_number"]
        submission.name = data["name"]
        submission.phone = data["phone"]
        submission.consent = data["consent"]
    key = request.POST.get("submission_key", "")[:64]
    try:
        application, _created = submit_application(
            user, submission, idempotency=(f"page:{user.pk}", key) if key else None
        )
    except ActionError as exc:
        form.add_error(None, exc.message)
        form.field_errors(exc.errors)
        if applicant_form is not None:
            for error in exc.errors:
                name = error.get("field")
                if name in applicant_form.fields and error.get("message"):
                    applicant_form.add_error(name, error["message"])
                elif name == "person":
                    applicant_form.add_error("id_number", exc.message)
        return None
    return application


# --- queues ------------------------------------------------------------------------------------
@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    queues = queues_for(user)
    queue = request.GET.get("queue", "")
    if queue not in queues:
        queue = next(iter(queues))
    rows = queue_rows(user, queue)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "govservices/list.html",
        {"page": page, "queues": queues, "queue": queue},
    )


# --- one application ---------------------------------------------------------------------------
def _application(request: HttpRequest, number: str) -> Application:
    return get_visible_or_404(
        Application.objects.select_related(
            "item__department", "bundle", "region", "responsible_clerk", "submitted_by"
        ),
        request.user,
        number=number,
    )


@login_required
def application_detail(request: HttpRequest, number: str) -> HttpResponse:
    application = _application(request, number)
    return render(request, "govservices/detail.html", _detail_context(request, application))


def _detail_context(
    request: HttpRequest,
    application: Application,
    form: StepForm | None = None,
    failed: str = "",
) -> dict[str, Any]:
    user = request.user
    parts = list(
        Part.objects.visible_to(user)
        .filter(application=application)
        .select_related("item", "department", "assignee")
    )
    for part in parts:
        part.steps_now = part_steps(user, part, application)
        if "complete_step" in part.steps_now:
            part.step_form = StepForm(department_id=part.department_id)
    files = list(
        SubmittedMaterial.objects.filter(application=application).order_by("uploaded_at", "id")
    )
    materials = list(application.target.materials.all())
    missing = (
        {m.pk for m in missing_materials(application)}
        if application.state
        in (
            ApplicationState.SUBMITTED,
            ApplicationState.SUPPLEMENT_REQUESTED,
        )
        else set()
    )
    for material in materials:
        material.files = [f for f in files if f.material_id == material.pk]
        material.missing = material.pk in missing
    notices = list(application.notices.all())
    return {
        "application": application,
        "parts": parts,
        "materials": materials,
        "notices": notices,
        "supplement": next((n for n in reversed(notices) if n.kind == "supplement"), None),
        "steps": application_steps(user, application),
        "form": form or StepForm(),
        "failed": failed,
        "timeline": _timeline(application, parts),
        "staff": user.role != Role.RESIDENT,
        "form_fields": [
            (f["label"], application.form_data.get(f["name"], ""))
            for f in application.target.form
            if f["name"] in application.form_data
        ],
    }


def _timeline(application: Application, parts: list[Part]) -> list[TimelineEntry]:
    """The application's entries and those of the parts the reader may see, in time order."""
    names = {str(p.pk): p.item.name for p in parts}
    entries = list(
        TimelineEntry.objects.filter(
            object_type="govservices.application", object_id=str(application.pk)
        ).select_related("actor")
    ) + list(
        TimelineEntry.objects.filter(
            object_type="govservices.part", object_id__in=list(names)
        ).select_related("actor")
    )
    app_labels = dict(ApplicationState.choices)
    part_labels = dict(PartState.choices)
    for entry in entries:
        if entry.object_type == "govservices.part":
            entry.subject = names[entry.object_id]
            entry.state_label = part_labels.get(entry.to_state, entry.to_state)
        else:
            entry.subject = ""
            entry.state_label = app_labels.get(entry.to_state, entry.to_state)
    return sorted(entries, key=lambda e: (e.at, e.pk))


@login_required
@require_POST
def application_step(request: HttpRequest, number: str, step: str) -> HttpResponse:
    application = _application(request, number)
    form = StepForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        materials = application.target.materials.all()
        step_input = StepInput(
            note=data["note"],
            problems=form.problems(request.POST),
            files={
                m.pk: request.FILES.getlist(f"material-{m.pk}")
                for m in materials
                if request.FILES.getlist(f"material-{m.pk}")
            },
            score=data["score"] or 0,
        )
        try:
            take_application_step(request.user, application, step, step_input)
        except ActionError as exc:
            form.add_error(None, exc.message)
            status = exc.status
            application = _application(request, number)
        else:
            application.refresh_from_db()
            messages.success(
                request,
                _("Done: the application is now “%(state)s”.")
                % {"state": application.get_state_display()},
            )
            return redirect("govservices:application", number=number)
    context = _detail_context(request, application, form, failed=step)
    return render(request, "govservices/detail.html", context, status=status)


@login_required
@require_POST
def part_step(request: HttpRequest, number: str, pk: int, step: str) -> HttpResponse:
    application = _application(request, number)
    part = get_visible_or_404(
        Part.objects.select_related("item", "department", "application"),
        request.user,
        pk=pk,
        application=application,
    )
    form = StepForm(request.POST, department_id=part.department_id)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        step_input = StepInput(
            note=data["note"],
            certificate_number=data["certificate_number"],
            method=data["method"],
            tracking_number=data["tracking_number"],
            assign_to=data["assign_to"],
        )
        try:
            take_part_step(request.user, part, step, step_input)
        except ActionError as exc:
            form.add_error(None, exc.message)
            status = exc.status
            application = _application(request, number)
        else:
            part.refresh_from_db()
            messages.success(
                request,
                _("Done: %(item)s is now “%(state)s”.")
                % {"item": part.item.name, "state": part.get_state_display()},
            )
            return redirect("govservices:application", number=number)
    context = _detail_context(request, application, form, failed=f"{pk}:{step}")
    return render(request, "govservices/detail.html", context, status=status)


@login_required
def material_file(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """A material file, only through its application's scope."""
    application = _application(request, number)
    row = get_object_or_404(SubmittedMaterial, pk=pk, application=application)
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def notice(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """A notice, laid out for printing."""
    application = _application(request, number)
    row = get_object_or_404(application.notices.select_related("issued_by"), pk=pk)
    return render(request, "govservices/notice.html", {"application": application, "notice": row})


@login_required
@require_POST
def reveal(request: HttpRequest, number: str) -> HttpResponse:
    """htmx: the full identity numbers and phones of the application (audited)."""
    application = _application(request, number)
    try:
        values = reveal_form(request.user, application)
    except ActionError as exc:
        return HttpResponse(exc.message, status=exc.status)
    labels = {f["name"]: f["label"] for f in application.target.form}
    labels["applicant_id_number"] = _("Applicant's ID number")
    labels["applicant_phone"] = _("Applicant's phone")
    rows = [(labels.get(k, k), v) for k, v in values.items()]
    return render(request, "govservices/_revealed.html", {"rows": rows})
