"""Applying values to registry records: versioned, with history and grid counters, atomically.

Callers (change-request approval, departmental imports applied by rule, restores) pass *values*:
model attribute names (``grid_id``, ``household_id``) mapped to JSON-safe values, plus for people
``id_number_enc`` (base64), ``tags`` (list of ``{"tag": id, "attributes": {…}}``).
"""

from __future__ import annotations

import base64
import copy
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, Conflict
from civicgrid.core.privacy import get_keyring, mask_id_number

from .. import stats
from ..divisions import area_checker
from ..identifiers import parse_id_number
from ..models import (
    ID_CONTEXT,
    Building,
    ChangeRequest,
    Facility,
    Household,
    Organization,
    Person,
    PersonTag,
    RecordHistory,
    RecordType,
)

MODELS: dict[str, type[models.Model]] = {
    RecordType.PERSON: Person,
    RecordType.HOUSEHOLD: Household,
    RecordType.BUILDING: Building,
    RecordType.FACILITY: Facility,
    RecordType.ORGANIZATION: Organization,
}

# Fields a change may set, per record type (model attribute names).
EDITABLE: dict[str, list[str]] = {
    RecordType.PERSON: [
        "id_number_enc",
        "id_number_index",
        "id_number_masked",
        "name",
        "name_initials",
        "sex",
        "birth_date",
        "phone",
        "household_id",
        "relation",
        "residence_type",
        "grid_id",
        "deceased_on",
    ],
    RecordType.HOUSEHOLD: ["number", "address", "building_id", "head_id", "grid_id"],
    RecordType.BUILDING: ["code", "address", "use", "floors", "lon", "lat", "grid_id"],
    RecordType.FACILITY: ["code", "kind", "name", "lon", "lat", "grid_id", "responsible_unit"],
    RecordType.ORGANIZATION: [
        "credit_code",
        "name",
        "kind",
        "legal_representative",
        "address",
        "phone",
        "grid_id",
    ],
}
# Never shown in a diff or history (the masked form stands in for them).
SECRET_FIELDS = {"id_number_enc", "id_number_index"}
DATE_FIELDS = {"birth_date", "deceased_on"}


@dataclass(frozen=True)
class IdentityValues:
    """What an ID number contributes to a person record."""

    id_number_enc: str  # base64 of the SM4-GCM ciphertext
    id_number_index: str
    id_number_masked: str
    sex: str
    birth_date: str  # ISO date

    def as_values(self) -> dict[str, str]:
        return dict(self.__dict__)


def identity_values(raw_id_number: str, *, today: date | None = None) -> IdentityValues:
    """Validate an ID number (GB 11643 with the division table) and encrypt it."""
    info = parse_id_number(raw_id_number, area_in_use=area_checker(), today=today)
    keyring = get_keyring()
    return IdentityValues(
        id_number_enc=base64.b64encode(keyring.encrypt(info.number, ID_CONTEXT)).decode("ascii"),
        id_number_index=keyring.blind_index(info.number, ID_CONTEXT),
        id_number_masked=mask_id_number(info.number),
        sex=info.sex,
        birth_date=info.birth_date.isoformat(),
    )


def id_index(raw_id_number: str) -> str:
    """The blind index of an ID number as typed (normalised first), for exact lookup."""
    from ..identifiers import normalize_id_number

    return get_keyring().blind_index(normalize_id_number(raw_id_number), ID_CONTEXT)


def decrypt_id_number(person: Person) -> str:
    return get_keyring().decrypt(bytes(person.id_number_enc), ID_CONTEXT)


def _to_model_value(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field == "id_number_enc":
        return base64.b64decode(value)
    if field in DATE_FIELDS and isinstance(value, str):
        return date.fromisoformat(value) if value else None
    return value


def _to_json(field: str, value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def snapshot(record: models.Model, record_type: str) -> dict[str, Any]:
    """The record's editable values, JSON-safe. The ID number appears only encrypted (and as its
    blind index); :data:`SECRET_FIELDS` are kept for restores but never shown or audited."""
    values = {f: _to_json(f, getattr(record, f)) for f in EDITABLE[record_type]}
    if record_type == RecordType.PERSON:
        values["tags"] = sorted(
            ({"tag": pt.tag_id, "attributes": pt.attributes} for pt in record.person_tags.all()),
            key=lambda t: t["tag"],
        )
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field that differs."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def visible_diff(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {k: v for k, v in changes.items() if k not in SECRET_FIELDS}


def _person_counts(
    record: Person | None, sign: int, counter: Counter, tag_counter: Counter, tags: list[int]
) -> None:
    if record is None or record.deceased_on:
        return
    counter[(record.grid_id, record.sex, record.birth_date.year)] += sign
    for tag in tags:
        tag_counter[(record.grid_id, tag)] += sign


def apply_create(
    record_type: str,
    values: dict[str, Any],
    actor: Any,
    *,
    change_request: ChangeRequest | None = None,
    action: str = RecordHistory.Action.CREATE,
) -> models.Model:
    """Create a record from ``values`` with version 1, its history row and its counters."""
    model = MODELS[record_type]
    fields = {f: _to_model_value(f, values[f]) for f in EDITABLE[record_type] if f in values}
    tags = values.get("tags") or []
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = model.objects.create(**fields)
        except IntegrityError as exc:
            raise Conflict(
                _("This record already exists in the registry (%(what)s).")
                % {"what": _duplicate_label(record_type, fields)}
            ) from exc
        _counters(record_type, None, record, [], [t["tag"] for t in tags])
        if tags:
            PersonTag.objects.bulk_create(
                PersonTag(person=record, tag_id=t["tag"], attributes=t.get("attributes") or {})
                for t in tags
            )
        after = snapshot(record, record_type)
        RecordHistory.objects.create(
            record_type=record_type,
            record_id=record.pk,
            version=1,
            action=action,
            diff=diff({}, after),
            grid_id=record.grid_id,
            actor=_user(actor),
            change_request=change_request,
        )
        audit(actor, f"registry.{action}", record, after=_audit_view(after))
    return record


def apply_update(
    record_type: str,
    record_id: int,
    base_version: int,
    values: dict[str, Any],
    actor: Any,
    *,
    change_request: ChangeRequest | None = None,
    action: str = RecordHistory.Action.UPDATE,
) -> models.Model:
    """Apply ``values`` to the record if it is still at ``base_version``; else raise Conflict.

    The UPDATE carries ``WHERE version = base_version``: a record changed since the collector saw
    it is never overwritten (the change is stale).
    """
    model = MODELS[record_type]
    with transaction.atomic():
        record = model.objects.select_for_update().filter(pk=record_id).first()
        if record is None:
            raise ActionError(_("The record no longer exists."))
        if record.version != base_version:
            raise Conflict(
                _(
                    "Stale change: the record is at version %(now)d but the change was "
                    "based on version %(base)d. Reject it or collect it again."
                )
                % {"now": record.version, "base": base_version}
            )
        before = snapshot(record, record_type)
        fields = {f: _to_model_value(f, values[f]) for f in EDITABLE[record_type] if f in values}
        old_tags = [t["tag"] for t in before.get("tags", [])]
        new_tags_spec = values.get("tags")
        old_state = copy.copy(record)
        updated = model.objects.filter(pk=record_id, version=base_version).update(
            **fields, version=F("version") + 1
        )
        if not updated:  # pragma: no cover - guarded by the row lock above
            raise Conflict(_("Someone else changed this record first. Reload it."))
        record.refresh_from_db()
        if new_tags_spec is not None:
            PersonTag.objects.filter(person_id=record_id).delete()
            PersonTag.objects.bulk_create(
                PersonTag(
                    person_id=record_id, tag_id=t["tag"], attributes=t.get("attributes") or {}
                )
                for t in new_tags_spec
            )
        new_tags = [t["tag"] for t in new_tags_spec] if new_tags_spec is not None else old_tags
        _counters(record_type, old_state, record, old_tags, new_tags)
        after = snapshot(record, record_type)
        changes = diff(before, after)
        RecordHistory.objects.create(
            record_type=record_type,
            record_id=record.pk,
            version=record.version,
            action=action,
            diff=changes,
            grid_id=record.grid_id,
            actor=_user(actor),
            change_request=change_request,
        )
        audit(
            actor,
            f"registry.{action}",
            record,
            before=_audit_view({k: v[0] for k, v in changes.items()}),
            after=_audit_view({k: v[1] for k, v in changes.items()}),
        )
    return record


def _counters(
    record_type: str,
    old: models.Model | None,
    new: models.Model,
    old_tags: list[int],
    new_tags: list[int],
) -> None:
    if record_type == RecordType.PERSON:
        people: Counter = Counter()
        tags: Counter = Counter()
        _person_counts(old, -1, people, tags, old_tags)
        _person_counts(new, +1, people, tags, new_tags)
        stats.bump_people(people)
        stats.bump_tags(tags)
    else:
        records: Counter = Counter()
        if old is not None:
            records[(old.grid_id, record_type)] -= 1
        records[(new.grid_id, record_type)] += 1
        stats.bump_records(records)


def _audit_view(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in SECRET_FIELDS}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _duplicate_label(record_type: str, fields: dict[str, Any]) -> str:
    if record_type == RecordType.PERSON:
        return _("ID number %(id)s") % {"id": fields.get("id_number_masked", "")}
    for key in ("number", "code", "credit_code"):
        if key in fields:
            return str(fields[key])
    return record_type


def get_record_with_history(user: Any, record_type: str, pk: int) -> models.Model:
    """The record, if ``user`` may read its full history: department readers of shared fields
    may not (a diff shows every field), so for them it does not exist (404)."""
    from django.http import Http404

    from civicgrid.core.scope import get_visible_or_404

    model = MODELS.get(record_type)
    if model is None or (user.scope_department_id is not None and not user.has_full_scope):
        raise Http404(_("Not found."))
    return get_visible_or_404(model.objects.all(), user, pk=pk)
