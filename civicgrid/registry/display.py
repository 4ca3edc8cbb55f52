"""Turning stored values (change requests, history diffs) into what a reviewer reads: labels
instead of field names, names instead of ids, ID numbers only masked."""

from __future__ import annotations

from typing import Any

from civicgrid.regions.models import Region

from .actions.records import MODELS, SECRET_FIELDS
from .models import Building, ChangeRequest, Household, Person, RecordType, Tag


def label_of(record_type: str, field: str) -> str:
    model = MODELS[record_type]
    name = field.removesuffix("_id") if field.endswith("_id") else field
    if name == "tags":
        return str(Person._meta.get_field("tags").verbose_name)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an unknown key is shown as it is
        return field


def _display(field: str, value: Any, names: dict[str, dict[Any, str]]) -> str:
    if value in (None, ""):
        return "—"
    if field == "grid_id":
        return names["grid"].get(value, value)
    if field == "building_id":
        return names["building"].get(value, str(value))
    if field in ("household_id", "head_id"):
        return names["household" if field == "household_id" else "person"].get(value, str(value))
    if field == "tags":
        return (
            "、".join(
                names["tag"].get(t["tag"], str(t["tag"]))
                + "".join(f"（{v}）" for v in t.get("attributes", {}).values())
                for t in value
            )
            or "—"
        )
    return str(value)


def _names(values: list[dict[str, Any]]) -> dict[str, dict[Any, str]]:
    def collect(field: str) -> set[Any]:
        return {v[field] for v in values if v.get(field)}

    return {
        "grid": dict(
            Region.objects.filter(code__in=collect("grid_id")).values_list("code", "name")
        ),
        "building": dict(
            Building.objects.filter(pk__in=collect("building_id")).values_list("pk", "address")
        ),
        "household": dict(
            Household.objects.filter(pk__in=collect("household_id")).values_list("pk", "number")
        ),
        "person": dict(Person.objects.filter(pk__in=collect("head_id")).values_list("pk", "name")),
        "tag": dict(Tag.objects.values_list("pk", "name")),
    }


def rows(
    record_type: str, before: dict[str, Any], after: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(label, before, after) for every shown field of a change."""
    names = _names([before, after])
    keys = [k for k in after if k not in SECRET_FIELDS and k != "name_initials"]
    return [
        (
            label_of(record_type, k),
            _display(k, before.get(k), names),
            _display(k, after.get(k), names),
        )
        for k in keys
    ]


def describe(change: ChangeRequest) -> dict[str, Any]:
    """What the change proposes, ready for the template."""
    data = change.data
    if change.kind == ChangeRequest.Kind.UPDATE:
        return {"rows": rows(change.record_type, data.get("before", {}), data["values"])}
    if change.record_type == RecordType.HOUSEHOLD and "members" in data:
        return {
            "rows": rows(RecordType.HOUSEHOLD, {}, data["household"]),
            "members": [rows(RecordType.PERSON, {}, m) for m in data["members"]],
        }
    return {"rows": rows(change.record_type, {}, data)}
