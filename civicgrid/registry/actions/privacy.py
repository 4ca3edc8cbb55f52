"""Unmasking personal data: only for roles with the right, only on request, always audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from civicgrid.accounts.models import Role
from civicgrid.core.audit import audit
from civicgrid.core.errors import NotAllowed

from ..models import Person
from .records import decrypt_id_number

# Roles whose work needs full ID numbers (collection, review, acceptance of applications).
UNMASK_ROLES = {Role.GRID_WORKER, Role.REVIEWER, Role.CLERK, Role.SERVICE_STAFF, Role.ADMINISTRATOR}


def can_unmask(user: Any) -> bool:
    return getattr(user, "role", None) in UNMASK_ROLES


def reveal_person(actor: Any, person: Person, purpose: str = "") -> dict[str, str]:
    """The person's full ID number and phone for ``actor``, written to the audit log first.

    The caller has already fetched ``person`` through the scope chokepoint.
    """
    if not can_unmask(actor):
        raise NotAllowed(_("Your role may not see full ID numbers."))
    with transaction.atomic():
        audit(
            actor,
            "registry.unmask",
            person,
            after={"fields": ["id_number", "phone"], "purpose": purpose[:100]},
        )
        return {"id_number": decrypt_id_number(person), "phone": person.phone}


def record_view(actor: Any, person: Person) -> None:
    """A staff member opened the person's record (masked): residents can see who looked."""
    audit(actor, "registry.view", person)
