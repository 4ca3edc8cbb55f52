"""Forms of the service pages. The application form is built from the item's or bundle's field
definitions; its values are checked by :mod:`civicgrid.govservices.formspec` in the action (one
set of rules for pages and the API), and the action's errors are put back on the fields here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.accounts.models import Role, User

from .formspec import asked_fields
from .models import Delivery


def _widget(spec: dict[str, Any]) -> forms.Widget:
    kind = spec["type"]
    if kind in ("integer", "decimal"):
        attrs = {"inputmode": "numeric" if kind == "integer" else "decimal"}
        attrs.update({k: spec[k] for k in ("min", "max") if spec.get(k) is not None})
        attrs["step"] = "1" if kind == "integer" else "any"
        return forms.NumberInput(attrs=attrs)
    if kind == "date":
        return forms.DateInput(attrs={"type": "date"})
    if kind == "choice":
        return forms.Select(choices=[("", "—"), *((c, c) for c in spec.get("choices", []))])
    if kind == "boolean":
        return forms.CheckboxInput()
    if kind == "phone":
        return forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})
    if kind == "id_number":
        return forms.TextInput(attrs={"autocomplete": "off", "maxlength": 18})
    return forms.TextInput(attrs={"maxlength": spec.get("max_length") or 500})


class ApplicationForm(forms.Form):
    """The fields the applicant fills in, plus how the result reaches them."""

    delivery = forms.ChoiceField(
        label=_("How do you want the result?"),
        choices=Delivery.choices,
        initial=Delivery.MAIL,
        widget=forms.RadioSelect,
    )
    mailing_address = forms.CharField(
        label=_("Mailing address"),
        max_length=200,
        required=False,
        help_text=_("Certificates are mailed free of charge (EMS)."),
    )

    def __init__(self, spec: list[dict[str, Any]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = asked_fields(spec)
        for field in self.spec:
            self.fields[f"f_{field['name']}"] = forms.CharField(
                label=field["label"],
                required=False,  # the action checks (one set of rules for pages and the API)
                widget=_widget(field),
            )
            self.fields[f"f_{field['name']}"].spec_required = field.get("required", True)

    def values(self) -> dict[str, Any]:
        return {f["name"]: self.cleaned_data.get(f"f_{f['name']}", "") for f in self.spec}

    def field_errors(self, errors: list[dict[str, Any]]) -> None:
        """Put the action's errors on the fields they name (the rest on the form)."""
        for error in errors:
            name = error.get("field", "")
            message = error.get("message") or ""
            target = f"f_{name}" if f"f_{name}" in self.fields else name
            if target in self.fields and message:
                self.add_error(target, message)
            elif message:
                self.add_error(None, message)


class ApplicantForm(forms.Form):
    """Staff applying for someone: find them in the registry by ID number, or type them in."""

    id_number = forms.CharField(label=_("Applicant's ID number"), max_length=20)
    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        required=False,
        help_text=_("Only if the applicant is not in the registry."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    consent = forms.CharField(
        label=_("The resident's consent"),
        max_length=200,
        required=False,
        help_text=_("How the resident agreed that you apply for them (e.g. signed on paper)."),
    )


class StepForm(forms.Form):
    """Everything a step may carry; each step reads what it needs."""

    note = forms.CharField(max_length=1000, required=False, widget=forms.Textarea)
    certificate_number = forms.CharField(max_length=60, required=False)
    method = forms.ChoiceField(choices=[("", "—"), *Delivery.choices], required=False)
    tracking_number = forms.CharField(max_length=40, required=False)
    score = forms.IntegerField(required=False)
    assign_to = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, department_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if department_id:
            self.fields["assign_to"].queryset = User.objects.filter(
                role=Role.APPROVER, department_id=department_id, is_active=True
            )

    def problems(self, data: Any) -> dict[int, str]:
        """The materials ticked for the one-time notice (``problem`` checkboxes) with what is
        wrong with each (``problem-<id>`` text)."""
        chosen: dict[int, str] = {}
        for value in data.getlist("problem"):
            if str(value).isdigit():
                chosen[int(value)] = data.get(f"problem-{value}", "")
        return chosen
