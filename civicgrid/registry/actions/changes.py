"""Collection → review: change requests, their approval or rejection, history and restores."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role
from civicgrid.core.audit import audit
from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.core.workflow import Workflow

from ..models import ChangeRequest, RecordHistory, RecordType
from .records import MODELS, apply_create, apply_update, snapshot

Status = ChangeRequest.Status
COLLECTORS = {Role.GRID_WORKER, Role.SERVICE_STAFF, Role.REVIEWER, Role.ADMINISTRATOR}
REVIEWERS = {Role.REVIEWER, Role.ADMINISTRATOR}

CHANGE_FLOW = Workflow(
    "change_request",
    "status",
    [
        (Status.PENDING, Status.APPROVED, REVIEWERS),
        (Status.PENDING, Status.REJECTED, REVIEWERS),
    ],
)


def _require(actor: Any, roles: set[str], message: str) -> None:
    if getattr(actor, "role", None) not in roles:
        raise NotAllowed(message)


def _check_grid(actor: Any, grid_code: str) -> None:
    scope = actor.scope_region_code
    if not actor.has_full_scope and (scope is None or not grid_code.startswith(scope)):
        raise ActionError(_("You can only collect records in your own grid."))


def submit_create(
    actor: Any,
    record_type: str,
    data: dict[str, Any],
    grid_code: str,
    summary: str,
    *,
    source: str = "collection",
) -> ChangeRequest:
    """A collector proposes a new record (for a household, ``data`` may carry ``members``)."""
    _require(actor, COLLECTORS, _("Your role does not collect registry data."))
    _check_grid(actor, grid_code)
    with transaction.atomic():
        change = ChangeRequest.objects.create(
            kind=ChangeRequest.Kind.CREATE,
            record_type=record_type,
            data=data,
            summary=summary,
            grid_id=grid_code,
            submitted_by=actor,
            source=source,
        )
        audit(actor, "registry.submit", change, after={"summary": summary})
    return change


def submit_update(
    actor: Any,
    record: Any,
    record_type: str,
    values: dict[str, Any],
    summary: str,
    *,
    source: str = "collection",
) -> ChangeRequest:
    """A collector proposes new values for an existing record, based on its current version."""
    _require(actor, COLLECTORS, _("Your role does not collect registry data."))
    _check_grid(actor, record.grid_id)
    if values.get("grid_id"):
        _check_grid(actor, values["grid_id"])
    # Compare with what is stored, not with an instance a form may have modified in memory.
    record = type(record).objects.get(pk=record.pk)
    current = snapshot(record, record_type)
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if not changed:
        raise ActionError(_("Nothing was changed."))
    with transaction.atomic():
        change = ChangeRequest.objects.create(
            kind=ChangeRequest.Kind.UPDATE,
            record_type=record_type,
            record_id=record.pk,
            base_version=record.version,
            data={"values": changed, "before": {k: current.get(k) for k in changed}},
            summary=summary,
            grid_id=record.grid_id,
            submitted_by=actor,
            source=source,
        )
        audit(actor, "registry.submit", change, after={"summary": summary})
    return change


def approve_change(actor: Any, change: ChangeRequest, note: str = "") -> ChangeRequest:
    """Apply the change atomically; a stale change (record moved on) is refused with Conflict
    and stays pending, flagged stale in the queue."""
    with transaction.atomic():
        CHANGE_FLOW.move(
            change,
            Status.APPROVED,
            actor,
            note=note,
            updates={"reviewed_by": actor, "reviewed_at": timezone.now()},
        )
        record = _apply(actor, change)
        ChangeRequest.objects.filter(pk=change.pk).update(applied_record_id=record.pk)
        change.applied_record_id = record.pk
        audit(actor, "registry.approve", change, after={"record": record.pk})
    return change


def _apply(actor: Any, change: ChangeRequest) -> Any:
    if change.kind == ChangeRequest.Kind.UPDATE:
        return apply_update(
            change.record_type,
            change.record_id,
            change.base_version,
            change.data["values"],
            actor,
            change_request=change,
        )
    if change.record_type == RecordType.HOUSEHOLD and "members" in change.data:
        household = apply_create(
            RecordType.HOUSEHOLD, change.data["household"], actor, change_request=change
        )
        head = None
        for member in change.data["members"]:
            person = apply_create(
                RecordType.PERSON,
                {**member, "household_id": household.pk, "grid_id": household.grid_id},
                actor,
                change_request=change,
            )
            if member.get("relation") in ("户主", "head") and head is None:
                head = person
        if head is not None:
            apply_update(
                RecordType.HOUSEHOLD,
                household.pk,
                household.version,
                {"head_id": head.pk},
                actor,
                change_request=change,
            )
            household.refresh_from_db()
        return household
    return apply_create(change.record_type, change.data, actor, change_request=change)


def reject_change(actor: Any, change: ChangeRequest, reason: str) -> ChangeRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(_("Give the reason for rejecting, so the collector can fix it."))
    with transaction.atomic():
        CHANGE_FLOW.move(
            change,
            Status.REJECTED,
            actor,
            note=reason,
            updates={"reviewed_by": actor, "reviewed_at": timezone.now(), "reason": reason},
        )
        audit(actor, "registry.reject", change, after={"reason": reason})
    return change


@dataclass
class BatchResult:
    approved: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def approve_batch(actor: Any, changes: list[ChangeRequest]) -> BatchResult:
    """Approve each change in its own transaction; one failure (stale, duplicate) does not hold
    up the others and is reported with its reason."""
    result = BatchResult()
    for change in changes:
        try:
            approve_change(actor, change)
        except ActionError as exc:
            result.failed.append((change.pk, exc.message))
        else:
            result.approved.append(change.pk)
    return result


def stale_ids(changes: list[ChangeRequest]) -> set[int]:
    """Pending update requests whose record has moved past their base version (one query per
    record type)."""
    by_type: dict[str, list[ChangeRequest]] = {}
    for change in changes:
        if change.status == Status.PENDING and change.kind == ChangeRequest.Kind.UPDATE:
            by_type.setdefault(change.record_type, []).append(change)
    stale: set[int] = set()
    for record_type, group in by_type.items():
        versions = dict(
            MODELS[record_type]
            .objects.filter(pk__in=[c.record_id for c in group])
            .values_list("pk", "version")
        )
        stale.update(c.pk for c in group if versions.get(c.record_id) != c.base_version)
    return stale


def state_at(record_type: str, record_id: int, version: int) -> dict[str, Any]:
    """The record's values as they were at ``version``, by undoing later history."""
    record = MODELS[record_type].objects.get(pk=record_id)
    state = snapshot(record, record_type)
    later = RecordHistory.objects.filter(
        record_type=record_type, record_id=record_id, version__gt=version
    ).order_by("-version")
    for entry in later:
        for name, (old, _new) in entry.diff.items():
            state[name] = old
    return state


def restore_version(actor: Any, record_type: str, record_id: int, version: int) -> Any:
    """Bring a record back to an earlier version, as a new version (nothing is erased)."""
    _require(actor, REVIEWERS, _("Only the grid center can restore records."))
    record = MODELS[record_type].objects.get(pk=record_id)
    if not 1 <= version < record.version:
        raise ActionError(_("Choose an earlier version of this record."))
    target = state_at(record_type, record_id, version)
    current = snapshot(record, record_type)
    values = {k: v for k, v in target.items() if current.get(k) != v}
    if not values:
        raise ActionError(_("That version is the same as the current one."))
    return apply_update(
        record_type, record_id, record.version, values, actor, action=RecordHistory.Action.RESTORE
    )
