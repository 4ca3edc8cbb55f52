"""Collection forms: what grid workers fill in on their phones. Values become change requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from civicgrid.regions.models import Region

from .actions.records import identity_values
from .identifiers import CreditCodeError, IdNumberError, parse_credit_code
from .importer import PHONE
from .models import Building, Facility, Organization, ResidenceType, Tag, VisitLog
from .names import initials

RELATIONS = ["户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "其他"]


class GridChoiceMixin:
    """A ``grid`` field offering only the grids in the user's scope."""

    def setup_grid(self, user: Any) -> None:
        grids = Region.objects.visible_to(user).grids().only("code", "name")
        self.fields["grid"] = forms.ModelChoiceField(
            label=_("Grid"),
            queryset=grids,
            to_field_name="code",
            initial=grids.first() if grids.count() == 1 else None,
        )


class PersonForm(forms.Form):
    """One person: the ID number is validated (GB 11643 and the division table) and encrypted
    before it leaves the form."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "text", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Full name"), max_length=40)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    relation = forms.ChoiceField(label=_("Relation to head"), choices=[(r, r) for r in RELATIONS])
    residence_type = forms.ChoiceField(label=_("Residence type"), choices=ResidenceType.choices)
    tags = forms.ModelMultipleChoiceField(
        label=_("Special groups"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, id_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = id_required
        # Tags that carry a ledger (e.g. a retired fisherman's employment) get a field per fact.
        self.tag_attributes: list[tuple[Tag, str, str]] = []
        for tag in Tag.objects.exclude(attributes=[]):
            for attribute in tag.attributes:
                name = f"attr_{tag.code}_{attribute['name']}"
                self.fields[name] = forms.CharField(
                    label=f"{tag.name}·{attribute.get('label', attribute['name'])}",
                    max_length=100,
                    required=False,
                )
                self.tag_attributes.append((tag, attribute["name"], name))

    def clean_id_number(self) -> Any:
        raw = self.cleaned_data.get("id_number", "").strip()
        if not raw:
            return None
        try:
            return identity_values(raw)
        except IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter an 11-digit mobile number or a landline."))
        return phone

    def values(self) -> dict[str, Any]:
        """JSON-safe values for a change request (the ID number only encrypted)."""
        data = self.cleaned_data
        values: dict[str, Any] = {
            "name": data["name"],
            "name_initials": initials(data["name"]),
            "phone": data["phone"],
            "relation": data["relation"],
            "residence_type": data["residence_type"],
            "tags": sorted(
                ({"tag": t.pk, "attributes": self._attributes(t)} for t in data["tags"]),
                key=lambda t: t["tag"],
            ),
        }
        if data.get("id_number"):
            values.update(data["id_number"].as_values())
        return values

    def _attributes(self, tag: Tag) -> dict[str, str]:
        return {
            attr: self.cleaned_data[field]
            for t, attr, field in self.tag_attributes
            if t.pk == tag.pk and self.cleaned_data.get(field)
        }

    def ledger_fields(self) -> list[Any]:
        return [self[field] for _, _, field in self.tag_attributes]


class BaseMembersFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        members = 0
        for form in self.forms:
            if not form.has_changed() or form.cleaned_data.get("DELETE"):
                continue
            members += 1
            identity = form.cleaned_data.get("id_number")
            if identity and identity.id_number_index in seen:
                raise forms.ValidationError(_("The same ID number is entered twice."))
            if identity:
                seen.add(identity.id_number_index)
        if not members:
            raise forms.ValidationError(_("Add at least one member."))


MembersFormSet = forms.formset_factory(
    PersonForm, formset=BaseMembersFormSet, extra=2, max_num=6, validate_max=True
)


class HouseholdForm(GridChoiceMixin, forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=24)
    address = forms.CharField(label=_("Address"), max_length=200)
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False, to_field_name="code"
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_grid(user)
        self.fields["building"].queryset = Building.objects.visible_to(user).only("code", "address")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        building, grid = data.get("building"), data.get("grid")
        if building and grid and building.grid_id != grid.code:
            self.add_error("building", _("The building is in another grid."))
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "number": d["number"],
            "address": d["address"],
            "building_id": d["building"].pk if d["building"] else None,
            "grid_id": d["grid"].code,
        }


class RecordForm(GridChoiceMixin, forms.ModelForm):
    """Buildings, facilities and organizations: a ModelForm whose grid is limited to scope."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_grid(user)
        if self.instance.pk:
            self.initial["grid"] = self.instance.grid_id

    def values(self) -> dict[str, Any]:
        values = {}
        for name in self.Meta.fields:
            value = self.cleaned_data[name]
            values["grid_id" if name == "grid" else name] = value.code if name == "grid" else value
        return values


class BuildingForm(RecordForm):
    class Meta:
        model = Building
        fields = ["code", "address", "use", "floors", "lon", "lat", "grid"]


class FacilityForm(RecordForm):
    class Meta:
        model = Facility
        fields = ["code", "kind", "name", "lon", "lat", "responsible_unit", "grid"]


class OrganizationForm(RecordForm):
    class Meta:
        model = Organization
        fields = ["credit_code", "name", "kind", "legal_representative", "address", "phone", "grid"]

    def clean_credit_code(self) -> str:
        try:
            return parse_credit_code(self.cleaned_data["credit_code"]).code
        except CreditCodeError as exc:
            raise forms.ValidationError(str(exc)) from None


class VisitLogForm(forms.ModelForm):
    class Meta:
        model = VisitLog
        fields = ["visited_on", "findings", "needs", "follow_up"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("people", _("People")),
            ("households", _("Households")),
            ("buildings", _("Buildings")),
            ("facilities", _("Facilities")),
            ("organizations", _("Organizations")),
        ],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Use a .csv or .xlsx file."))
        return upload
