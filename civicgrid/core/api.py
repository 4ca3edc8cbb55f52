"""Audit log API (administrators see everything; others nothing, as the scope rule says)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .models import AuditLog

router = Router(tags=["audit"])


class AuditOut(Schema):
    id: int
    at: datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any = None
    after: Any = None
    client_address: str | None


class AuditFilter(Schema):
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None


@router.get("/", response=list[AuditOut], url_name="audit_list", summary="The audit log")
@paginate(LimitOffsetPagination)
def list_audit(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    qs = AuditLog.objects.visible_to(request.user)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    return qs
