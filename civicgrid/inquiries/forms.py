"""Forms of the inquiry pages (shapes only; rules live in the actions)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Department
from civicgrid.regions.models import Level, Region

from .models import Category


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the action checks each file's content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class AskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80)
    body = forms.CharField(
        label=_("Your question"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = forms.ChoiceField(label=_("Category"))
    region = forms.ChoiceField(label=_("Where"), required=False)
    is_public = forms.TypedChoiceField(
        label=_("Who may read it"),
        choices=[
            ("1", _("Public: anyone can read the question and the answer")),
            ("0", _("Private: only me and the staff handling it")),
        ],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(
        label=_("Pictures or PDF (optional, never published)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [
            (c.code, c.name) for c in Category.objects.filter(active=True)
        ]
        self.fields["region"].choices = [("", _("The whole district"))] + [
            (r.code, r.name) for r in Region.objects.filter(level=Level.TOWN).order_by("code")
        ]


class StepForm(forms.Form):
    department = forms.ChoiceField(label=_("Department"), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(str(n), "★" * n) for n in range(5, 0, -1)],
    )
    # assign: the department the page showed the question at ("" for none); a stale page
    # gets a conflict instead of silently overriding someone else's reassignment.
    seen_department = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [
            (d.code, d.name) for d in Department.objects.all()
        ]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=60, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.code, c.name) for c in Category.objects.filter(active=True)
        ]
