"""Role checks for acts (what a user may *do*); what a user may *see* is civicgrid.core.scope."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Role


def require_role(user: Any, *roles: Role) -> None:
    """Raise PermissionDenied unless ``user`` is signed in with one of ``roles``."""
    if not getattr(user, "is_authenticated", False) or user.role not in roles:
        raise PermissionDenied(
            _("This needs the role: %(roles)s.")
            % {"roles": _(" or ").join(str(r.label) for r in roles)}
        )
