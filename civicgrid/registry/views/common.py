from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest

from ..actions.records import MODELS
from ..models import RecordType

RECORD_TYPES = {
    "buildings": RecordType.BUILDING,
    "facilities": RecordType.FACILITY,
    "organizations": RecordType.ORGANIZATION,
}


def model_for(record_type: str) -> Any:
    return MODELS[record_type]


def page_of(request: HttpRequest, qs: Any, per_page: int = 30) -> Any:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def require(request: HttpRequest, roles: set[str]) -> None:
    if request.user.role not in roles:
        raise PermissionDenied
