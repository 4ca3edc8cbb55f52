"""Application forms defined as data: each item or bundle carries a list of field definitions.

A definition is a dict: ``name``, ``label``, ``type`` (text, integer, decimal, date, choice, phone,
id_number, boolean), ``required``, and by type ``min``/``max``, ``max_length``, ``choices``;
``prefill`` names a registry value (``applicant.name``, ``household.address`` …) that is filled in
for the applicant and never asked for (免提交). :func:`validate` checks submitted values against
the definitions and reports every problem at once, by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from civicgrid.core.privacy import mask_id_number, mask_phone
from civicgrid.registry.divisions import area_checker
from civicgrid.registry.identifiers import IdNumberError, parse_id_number

FIELD_TYPES = {"text", "integer", "decimal", "date", "choice", "phone", "id_number", "boolean"}
SENSITIVE_TYPES = {"id_number", "phone"}
TEXT_MAX = 500


@dataclass
class Cleaned:
    """Validated values: ``public`` is what pages show (sensitive values masked), ``sensitive``
    holds the full identity numbers and phones, stored only encrypted."""

    public: dict[str, Any]
    sensitive: dict[str, str]


def asked_fields(form: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fields the applicant fills in (the rest come from the registry)."""
    return [f for f in form if not f.get("prefill")]


def validate(
    form: list[dict[str, Any]], values: dict[str, Any], prefilled: dict[str, Any]
) -> tuple[Cleaned, list[dict[str, str]]]:
    """Check ``values`` against ``form``; prefilled fields take the registry's value and ignore
    whatever was sent. Returns the cleaned values and the list of problems (empty if none)."""
    public: dict[str, Any] = {}
    sensitive: dict[str, str] = {}
    errors: list[dict[str, str]] = []
    known = {f["name"] for f in form}
    for name in sorted(set(values) - known):
        errors.append({"field": name, "message": _("This form has no field “%s”.") % name})
    for spec in form:
        name = spec["name"]
        if spec.get("prefill"):
            raw = prefilled.get(spec["prefill"], "")
        else:
            raw = values.get(name, "")
        try:
            value = _clean(spec, raw)
        except ValueError as exc:
            errors.append({"field": name, "message": f"{spec['label']}: {exc}"})
            continue
        if value is None:
            continue
        if spec["type"] in SENSITIVE_TYPES:
            sensitive[name] = str(value)
            masker = mask_id_number if spec["type"] == "id_number" else mask_phone
            public[name] = masker(str(value))
        else:
            public[name] = value
    return Cleaned(public, sensitive), errors


def _clean(spec: dict[str, Any], raw: Any) -> Any:
    kind = spec["type"]
    text = raw.strip() if isinstance(raw, str) else raw
    if text in ("", None):
        if kind == "boolean":
            return False
        if spec.get("required", True):
            raise ValueError(_("this field is required."))
        return None
    if kind == "text":
        text = str(text)
        limit = int(spec.get("max_length") or TEXT_MAX)
        if len(text) > limit:
            raise ValueError(_("at most %(n)d characters.") % {"n": limit})
        return text
    if kind in ("integer", "decimal"):
        return _number(spec, text)
    if kind == "date":
        try:
            return date.fromisoformat(str(text)).isoformat()
        except ValueError:
            raise ValueError(_("enter a date as YYYY-MM-DD.")) from None
    if kind == "choice":
        if str(text) not in spec.get("choices", []):
            raise ValueError(
                _("choose one of: %(choices)s.") % {"choices": "、".join(spec.get("choices", []))}
            )
        return str(text)
    if kind == "phone":
        digits = str(text).replace("-", "").replace(" ", "")
        if not (digits.isdigit() and 7 <= len(digits) <= 20):
            raise ValueError(_("enter a valid phone number."))
        return digits
    if kind == "id_number":
        try:
            return parse_id_number(str(text), area_in_use=area_checker()).number
        except IdNumberError as exc:
            raise ValueError(exc.message) from None
    if kind == "boolean":
        if isinstance(text, bool):
            return text
        return str(text).lower() in ("1", "true", "on", "yes")
    raise ValueError(_("unknown field type “%s”.") % kind)


def _number(spec: dict[str, Any], text: Any) -> int | str:
    try:
        number = Decimal(str(text))
    except InvalidOperation:
        raise ValueError(_("enter a number.")) from None
    if not number.is_finite():
        raise ValueError(_("enter a number."))
    if spec["type"] == "integer" and number != number.to_integral_value():
        raise ValueError(_("enter a whole number."))
    low, high = spec.get("min"), spec.get("max")
    if (low is not None and number < Decimal(str(low))) or (
        high is not None and number > Decimal(str(high))
    ):
        raise ValueError(
            _("must be between %(min)s and %(max)s.") % {"min": _plain(low), "max": _plain(high)}
        )
    return int(number) if spec["type"] == "integer" else str(number)


def _plain(bound: Any) -> str:
    if bound is None:
        return "…"
    return str(int(bound)) if float(bound).is_integer() else str(bound)


def check_definition(form: list[dict[str, Any]]) -> list[str]:
    """Problems in a form definition (for the catalog's own tests and the admin)."""
    problems = []
    names = [f.get("name") for f in form]
    if len(names) != len(set(names)):
        problems.append("duplicate field names")
    for spec in form:
        if spec.get("type") not in FIELD_TYPES:
            problems.append(f"{spec.get('name')}: unknown type {spec.get('type')}")
        if spec.get("type") == "choice" and not spec.get("choices"):
            problems.append(f"{spec.get('name')}: a choice needs choices")
    return problems
