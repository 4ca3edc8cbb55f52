"""Forms of the event pages: the report (phone, public, hotline) and the steps of the loop.

Photos are read from ``request.FILES.getlist("photos")`` and checked by the actions (content,
size, count); the forms check shapes only.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Department, Role
from civicgrid.regions.models import Level, Region

from .models import Category, Rating, Source, Urgency


def category_choices() -> list[tuple[str, Any]]:
    """Leaf categories grouped under their parent, for a <select> with <optgroup>s."""
    rows = list(Category.objects.filter(active=True).select_related("parent"))
    parents = {c.parent_id for c in rows if c.parent_id}
    groups: dict[str, list[tuple[str, str]]] = {}
    for c in rows:
        if c.pk in parents:
            continue
        group = c.parent.name if c.parent_id else ""
        groups.setdefault(group, []).append((c.code, c.name))
    return [("", _("— choose —")), *groups.items()]


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What is the problem?"))
    description = forms.CharField(
        label=_("Describe it"),
        max_length=2000,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": _("e.g. the garbage pool by the bridge is full and smells"),
            }
        ),
    )
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    address = forms.CharField(
        label=_("Address or landmark"),
        max_length=200,
        required=False,
        help_text=_("Needed if you do not pick the place on the map."),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=40, required=False)
    contact_phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("So that we can ask you about it. Shown to staff only, masked."),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("lon") is None) != (data.get("lat") is None):
            raise forms.ValidationError(_("Pick the place on the map again."))
        if data.get("lon") is None and not data.get("address", "").strip():
            self.add_error("address", _("Pick the place on the map or enter an address."))
        return data


class StaffReportForm(ReportForm):
    """A grid worker's report: may set the urgency and link a building or facility."""

    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=[("", _("the category's default"))] + Urgency.choices,
        required=False,
    )
    facility = forms.IntegerField(
        label=_("Facility number in the registry"),
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
    )


class HotlineForm(StaffReportForm):
    """A hotline operator's form: the caller's name and phone are required."""

    line = forms.ChoiceField(
        label=_("Hotline"),
        choices=[(Source.HOTLINE_12345, "12345"), (Source.HOTLINE_12349, "12349")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].label = _("Caller's name")
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].label = _("Caller's phone")
        self.fields["contact_phone"].required = True
        self.order_fields(["line", "contact_name", "contact_phone"])


class StepForm(forms.Form):
    """The fields any step may use; the page shows each action only the ones it needs."""

    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=[("", "—")] + Urgency.choices, required=False
    )
    grid = forms.ModelChoiceField(
        label=_("Grid"), queryset=Region.objects.none(), required=False, to_field_name="code"
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    town = forms.ModelChoiceField(
        label=_("Town"),
        queryset=Region.objects.filter(level=Level.TOWN),
        required=False,
        to_field_name="code",
    )
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Rating.choices, required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        if user is not None and user.role == Role.REVIEWER:
            self.fields["grid"].queryset = Region.objects.visible_to(user).filter(level=Level.GRID)

    def category_object(self) -> Category | None:
        code = self.cleaned_data.get("category")
        return Category.objects.filter(code=code).first() if code else None
