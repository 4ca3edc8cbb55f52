"""Accounts API: who am I, the accounts and departments in my scope."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from civicgrid.core.scope import get_visible_or_404

from .models import Department, Role, User

router = Router(tags=["accounts"])


class DepartmentOut(Schema):
    id: int
    code: str
    name: str
    short_name: str


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    role: str
    role_label: str
    scope_region: str | None
    scope_region_name: str | None
    department: str | None

    @staticmethod
    def resolve_role_label(obj: User) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_scope_region(obj: User) -> str | None:
        return obj.scope_region.code if obj.scope_region_id else None

    @staticmethod
    def resolve_scope_region_name(obj: User) -> str | None:
        return obj.scope_region.name if obj.scope_region_id else None

    @staticmethod
    def resolve_department(obj: User) -> str | None:
        return obj.department.name if obj.department_id else None


class UserFilter(Schema):
    role: Role | None = None


@router.get("/me", response=UserOut, url_name="me", summary="The signed-in account")
def me(request: HttpRequest) -> Any:
    return request.user


@router.get(
    "/users/", response=list[UserOut], url_name="user_list", summary="Accounts in your scope"
)
@paginate(LimitOffsetPagination)
def list_users(request: HttpRequest, filters: Query[UserFilter]) -> Any:
    qs = User.objects.visible_to(request.user).select_related("scope_region", "department")
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs


@router.get("/users/{user_id}", response=UserOut, url_name="user_detail")
def user_detail(request: HttpRequest, user_id: int) -> Any:
    return get_visible_or_404(
        User.objects.select_related("scope_region", "department"), request.user, pk=user_id
    )


@router.get("/departments/", response=list[DepartmentOut], url_name="department_list")
@paginate(LimitOffsetPagination)
def list_departments(request: HttpRequest) -> Any:
    return Department.objects.visible_to(request.user)


@router.get("/departments/{department_id}", response=DepartmentOut, url_name="department_detail")
def department_detail(request: HttpRequest, department_id: int) -> Any:
    return get_visible_or_404(Department.objects.all(), request.user, pk=department_id)
