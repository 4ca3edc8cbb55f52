"""Accounts, roles, departments and data scopes (账号与权限)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.scope import ScopedQuerySet, ScopeRule


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    GRID_WORKER = "grid_worker", _("Grid worker")
    REVIEWER = "reviewer", _("Grid-center reviewer")
    CLERK = "clerk", _("Window clerk")
    APPROVER = "approver", _("Department approver")
    SERVICE_STAFF = "service_staff", _("Town/village service staff")
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("People's congress deputy")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset(Role) - {Role.RESIDENT}

ROLE_DUTIES = {
    Role.RESIDENT: _(
        "Apply for services online, follow your cases, report problems, ask questions "
        "and rate the service."
    ),
    Role.GRID_WORKER: _(
        "Collect and update the five elements of your grid, report and verify "
        "events, visit households and apply for services on residents' behalf."
    ),
    Role.REVIEWER: _(
        "Review what grid workers collect before it enters the registry; accept and "
        "dispatch events."
    ),
    Role.CLERK: _(
        "Accept any service item at the comprehensive window, check materials and issue notices."
    ),
    Role.APPROVER: _("Review and decide the applications and events routed to your department."),
    Role.SERVICE_STAFF: _("Accept the service items delegated to your town or village centre."),
    Role.LEADER: _("Watch the registry, events, service times and overdue work of your area."),
    Role.DEPUTY: _("Vote on the livelihood projects put to your congress session."),
    Role.ADMINISTRATOR: _("Maintain regions, grids, departments, catalogs and accounts."),
}


class Department(models.Model):
    """A government department (部门): public security, health, civil affairs, …

    Staff of a department see the cases routed to it. Departments are reference data every staff
    account may read.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(staff_reference=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(ScopedQuerySet):
    pass


class CivicGridUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who signs in: a resident, or a staff member with a role and a data scope.

    A staff account's scope is a region subtree (``scope_region``) and/or a ``department``; see
    :mod:`civicgrid.core.scope` for how it filters every queryset. An account is visible to staff
    whose scope contains the account's own scope region, or (for department staff) to the
    department's staff; a resident sees only themselves.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    scope_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("scope region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )

    objects = CivicGridUserManager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="scope_region__code", department="department_id", owner="pk"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.GRID_WORKER and self.scope_region_id is None:
            raise ValidationError({"scope_region": _("A grid worker's scope is their grid.")})
        if self.role == Role.APPROVER and self.department_id is None:
            raise ValidationError({"department": _("A department approver needs a department.")})

    # --- what civicgrid.core.scope needs -------------------------------------------------------
    @property
    def has_full_scope(self) -> bool:
        return self.role == Role.ADMINISTRATOR

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def scope_region_code(self) -> str | None:
        # Read through the cached relation: the code is needed on every scoped query.
        return self.scope_region.code if self.scope_region_id else None

    @property
    def scope_department_id(self) -> int | None:
        return self.department_id

    @property
    def display_name(self) -> str:
        return self.full_name or self.username
