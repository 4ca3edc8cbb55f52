"""Plain statements of who may see what, for the scope harness (independent of core.scope)."""

from __future__ import annotations

from typing import Any


def sees_region_code(user: Any, code: str | None) -> bool:
    """A staff member whose only constraint is a region sees codes in that subtree."""
    if user.role == "administrator":
        return True
    if user.role == "resident" or user.department_id is not None or user.scope_region is None:
        return False
    return code is not None and code.startswith(user.scope_region.code)
