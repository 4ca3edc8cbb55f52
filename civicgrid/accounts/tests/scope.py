from __future__ import annotations

from typing import Any

from civicgrid.accounts.models import Department, User
from civicgrid.core.testing.scope import ScopedEndpoint


def sees_user(viewer: Any, row: Any) -> bool:
    if viewer.role == "administrator" or viewer.pk == row.pk:
        return True
    if viewer.role == "resident":
        return False
    region = viewer.scope_region
    department = viewer.department_id
    if region is None and department is None:
        return False
    if region is not None and not (
        row.scope_region is not None and row.scope_region.code.startswith(region.code)
    ):
        return False
    return department is None or row.department_id == department


ENDPOINTS = [
    ScopedEndpoint(
        name="users-api",
        model=User,
        oracle=lambda row, user: sees_user(user, row),
        routes=("api:user_list", "api:user_detail"),
        list_url="/api/accounts/users/",
        detail_urls=(lambda u: f"/api/accounts/users/{u.pk}",),
        missing_url="/api/accounts/users/987654",
    ),
    ScopedEndpoint(
        name="departments-api",
        model=Department,
        oracle=lambda row, user: user.role != "resident",
        routes=("api:department_list", "api:department_detail"),
        list_url="/api/accounts/departments/",
        detail_urls=(lambda d: f"/api/accounts/departments/{d.pk}",),
        missing_url="/api/accounts/departments/987654",
    ),
]

UNSCOPED = {
    "home": "the signed-in user's own home page",
    "accounts:login": "public sign-in page",
    "accounts:signup": "public: creates the visitor's own resident account (test_sign_up)",
    "accounts:logout": "ends the caller's own session",
    "accounts:audit": "lists AuditLog.objects.visible_to(user) (covered by core's audit endpoint)",
    "api:me": "the caller's own account",
    "set_language": "Django's language switch",
    "healthz": "liveness probe, no data",
}
