"""The sharing catalog applied: which fields of a record a user may read.

Staff with a region scope read every field of the records in their scope. Department staff read
only what the catalog (``SharingRule``) grants their department, in pages, API and exports alike.
"""

from __future__ import annotations

from typing import Any

from .models import SharingRule

# Everything a reader may be shown, per record type (the ID number only ever masked).
ALL_FIELDS = {
    "person": [
        "id_number_masked",
        "name",
        "sex",
        "birth_date",
        "phone",
        "household",
        "relation",
        "residence_type",
        "grid",
        "tags",
        "deceased_on",
    ],
    "household": ["number", "address", "building", "head", "grid"],
    "building": ["code", "address", "use", "floors", "lon", "lat", "grid"],
    "facility": ["code", "kind", "name", "lon", "lat", "grid", "responsible_unit"],
    "organization": [
        "credit_code",
        "name",
        "kind",
        "legal_representative",
        "address",
        "phone",
        "grid",
    ],
}


def allowed_fields(user: Any, record_type: str) -> set[str]:
    fields = ALL_FIELDS[record_type]
    department_id = getattr(user, "scope_department_id", None)
    if user.has_full_scope or department_id is None:
        return set(fields)
    rule = SharingRule.objects.filter(department_id=department_id, record_type=record_type).first()
    return set(rule.fields) & set(fields) if rule else set()


def shared_view(values: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    """Drop what the reader may not see; ``id`` always stays (it is how they refer to it)."""
    return {k: v for k, v in values.items() if k == "id" or k in allowed}
