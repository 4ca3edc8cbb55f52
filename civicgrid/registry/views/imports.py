"""Uploading a registry file and watching it import (progress polled with htmx)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from civicgrid.accounts.models import Role
from civicgrid.core.scope import get_visible_or_404

from ..forms import ImportForm
from ..importer import create_job
from ..models import ImportJob
from ..tasks import run_import_job
from .common import require

IMPORTERS = {Role.REVIEWER, Role.ADMINISTRATOR}


@login_required
def imports(request: HttpRequest) -> HttpResponse:
    require(request, IMPORTERS)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = create_job(form.cleaned_data["kind"], upload.name, upload.chunks(), request.user)
            transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
        return redirect("registry:import", pk=job.pk)
    jobs = ImportJob.objects.visible_to(request.user)[:20]
    return render(request, "registry/imports.html", {"form": form, "jobs": jobs})


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible_or_404(ImportJob.objects.all(), request.user, pk=pk)
    template = (
        "registry/_import_progress.html"
        if request.headers.get("HX-Request")
        else "registry/import_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
def import_errors(request: HttpRequest, pk: int) -> FileResponse:
    job = get_visible_or_404(ImportJob.objects.all(), request.user, pk=pk)
    path = Path(job.errors_path)
    if not job.errors_path or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"import-{job.pk}-errors.csv",
        content_type="text/csv",
    )
