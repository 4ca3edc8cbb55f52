from __future__ import annotations

from civicgrid.core.models import AuditLog
from civicgrid.core.testing.scope import ScopedEndpoint

ENDPOINTS = [
    ScopedEndpoint(
        name="audit-api",
        model=AuditLog,
        oracle=lambda row, user: user.role == "administrator",
        routes=("api:audit_list",),
        list_url="/api/audit/",
    ),
]

UNSCOPED = {
    "api:api-root": "index of the API, no data",
    "api:openapi-json": "the OpenAPI document",
    "api:openapi-view": "the API documentation page",
    "core:calendar": (
        "reference data for staff; entering a schedule is for administrators (test_workdays)"
    ),
}
