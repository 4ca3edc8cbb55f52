"""Departmental data sharing: data sources with saved column mappings, their imports, and the
export of registry data as the sharing catalog allows."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError
from civicgrid.core.scope import get_visible_or_404

from ..actions.sharing_in import TARGETS, create_source, import_shared, save_mapping
from ..importer import ImportFileError
from ..models import DataSource, Person, RecordType, SharedImport, SharingRule
from ..sharing import ALL_FIELDS, allowed_fields


class SourceForm(forms.ModelForm):
    class Meta:
        model = DataSource
        fields = ["name", "kind", "rule"]


class MappingForm(forms.Form):
    rule = forms.ChoiceField(label=_lazy("Rule for changes"), choices=DataSource.Rule.choices)

    def __init__(self, *args: object, source: DataSource, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].initial = source.rule
        for target in TARGETS:
            self.fields[f"map_{target}"] = forms.CharField(
                label=target,
                required=target == "id_number",
                max_length=60,
                initial=source.column_mapping.get(target, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {t: self.cleaned_data[f"map_{t}"] for t in TARGETS if self.cleaned_data[f"map_{t}"]}


class UploadForm(forms.Form):
    file = forms.FileField(label=_lazy("CSV or XLSX file from the department"))


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    visible = DataSource.objects.visible_to(request.user).select_related("department")
    form = SourceForm(request.POST or None)
    department = request.user.department
    if request.method == "POST":
        if department is None:
            raise PermissionDenied
        if form.is_valid():
            source = create_source(request.user, department, **form.cleaned_data)
            return redirect("registry:source", pk=source.pk)
    catalog = SharingRule.objects.filter(department=department) if department else []
    return render(
        request,
        "registry/sources.html",
        {"sources": visible, "form": form if department else None, "catalog": catalog},
    )


@login_required
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_visible_or_404(DataSource.objects.all(), request.user, pk=pk)
    mapping_form = MappingForm(
        request.POST if "save_mapping" in request.POST else None, source=source
    )
    upload_form = UploadForm(
        request.POST if "upload" in request.POST else None, request.FILES or None
    )
    if request.method == "POST" and "save_mapping" in request.POST and mapping_form.is_valid():
        save_mapping(
            request.user, source, mapping_form.mapping(), mapping_form.cleaned_data["rule"]
        )
        messages.success(request, _("Mapping saved."))
        return redirect("registry:source", pk=pk)
    if request.method == "POST" and "upload" in request.POST and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
        try:
            result = import_shared(request.user, source, Path(tmp.name), upload.name[:200])
        except (ImportFileError, ActionError) as exc:
            upload_form.add_error("file", str(getattr(exc, "message", exc)))
        else:
            messages.success(
                request,
                _(
                    "Imported: %(new)d new, %(changed)d changed, "
                    "%(conflicts)d conflicts, %(unchanged)d unchanged, "
                    "%(invalid)d invalid."
                )
                % result.__dict__,
            )
            return redirect("registry:source", pk=pk)
        finally:
            Path(tmp.name).unlink(missing_ok=True)
    return render(
        request,
        "registry/source_detail.html",
        {
            "source": source,
            "mapping_form": mapping_form,
            "upload_form": upload_form,
            "imports": SharedImport.objects.visible_to(request.user).filter(source=source)[:20],
        },
    )


@login_required
def shared_report(request: HttpRequest, pk: int) -> FileResponse:
    shared = get_visible_or_404(SharedImport.objects.all(), request.user, pk=pk)
    path = Path(shared.report_path)
    if not shared.report_path or not path.exists():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"shared-{shared.pk}-report.csv",
        content_type="text/csv",
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export_people(request: HttpRequest) -> StreamingHttpResponse:
    """People in the reader's scope as CSV, with only the fields the catalog allows (and the ID
    number only masked). One audit entry records who exported how many rows."""
    allowed = [
        f
        for f in ALL_FIELDS[RecordType.PERSON]
        if f in allowed_fields(request.user, RecordType.PERSON) and f != "tags"
    ]
    if not allowed:
        raise Http404
    people = Person.objects.visible_to(request.user).select_related("household").order_by("pk")
    grid = request.GET.get("grid", "")
    if grid:
        people = people.filter(grid__code__startswith=grid)
    audit(
        request.user,
        "registry.export",
        object_type="registry.person",
        object_repr=_("%(n)d people") % {"n": people.count()},
        after={"fields": allowed, "grid": grid},
    )
    writer = csv.writer(_Echo())

    def value(person: Person, field: str) -> object:
        if field == "household":
            return person.household.number if person.household else ""
        if field == "grid":
            return person.grid_id
        if field == "phone":
            from civicgrid.core.privacy import mask_phone

            return mask_phone(person.phone) if person.phone else ""
        return getattr(person, field) or ""

    def rows():  # noqa: ANN202
        yield "\ufeff" + writer.writerow(allowed)
        for person in people.iterator(chunk_size=2000):
            yield writer.writerow([value(person, f) for f in allowed])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people.csv"'
    return response
