"""Writing the audit log. Every module records security-relevant acts through :func:`audit`."""

from __future__ import annotations

from typing import Any

from django.db import models

from .middleware import current_client_address
from .models import AuditLog


def audit(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditLog:
    """Record that ``actor`` did ``action`` (``app.verb``) to ``obj``, from the current client.

    Call it inside the action's transaction: the entry and the change commit or roll back together.
    ``before``/``after`` should hold only the fields that changed, already JSON-serialisable.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if authenticated else None,
        actor_name=(actor.get_username() if authenticated else "")[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
        after=after,
        client_address=current_client_address(),
    )


def changed_fields(
    instance: models.Model, values: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The (before, after) pair of the fields in ``values`` that differ from ``instance``."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in values.items():
        old = getattr(instance, name)
        if old != value:
            before[name] = old
            after[name] = value
    return before, after
