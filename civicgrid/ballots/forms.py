"""Forms of the ballot pages: shapes only; the rules live in the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Department
from civicgrid.regions.models import Level, Region

from .models import SessionLevel

LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=SessionLevel.choices)
    region = forms.ModelChoiceField(
        label=_("District or town"),
        queryset=Region.objects.filter(level__in=[Level.DISTRICT, Level.TOWN]).order_by("code"),
        to_field_name="code",
    )


class RosterForm(forms.Form):
    usernames = forms.CharField(
        label=_("Deputies' user names"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or more, separated by spaces, commas or new lines."),
    )

    def names(self) -> list[str]:
        raw = self.cleaned_data["usernames"].replace(",", " ").replace("，", " ")
        return raw.split()


class BallotForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    choose = forms.IntegerField(label=_("Number to choose"), min_value=1, max_value=100)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=LOCAL)
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=LOCAL)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now.replace(hour=18, minute=0)


class CandidateForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    budget = forms.DecimalField(
        label=_("Budget (10,000 yuan)"), max_digits=10, decimal_places=2, min_value=0
    )
    department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.all(), required=False
    )
    unit = forms.CharField(
        label=_("Or responsible unit"),
        max_length=60,
        required=False,
        help_text=_("A town government or other unit not in the department list."),
    )


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What was done"), max_length=300)
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
