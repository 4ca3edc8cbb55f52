"""Data scope: the one place that decides which rows a user may see.

Every model whose rows are scoped declares a :class:`ScopeRule` as ``scope_rule`` and uses
:class:`ScopedQuerySet` (or a manager built from it). Pages and API endpoints then read only through
``Model.objects.visible_to(user)`` and :func:`get_visible_or_404`; nothing else filters by scope.

The rule, for a staff account (see ``accounts.User``):

* an administrator sees every row;
* every constraint the account carries must hold: a region scope keeps rows whose region code starts
  with the scope's code (a subtree, by the code's prefix), a department scope keeps rows routed to
  that department; when both are set both must hold;
* a constraint the model cannot express (a region-scoped account on a model without a region) hides
  every row: the default is to show nothing, never everything;
* a staff account with no scope at all sees nothing.

A resident sees only rows they own (``ScopeRule.owner``). Reference data every staff member needs
(the department list) says so with ``staff_reference=True``.

Out-of-scope rows are indistinguishable from missing ones: :func:`get_visible_or_404` raises the
same ``Http404`` for both, so a guessed id confirms nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class ScopedUser(Protocol):
    """What the scope rule needs to know about an account (``accounts.User`` provides it)."""

    pk: Any
    is_authenticated: bool
    is_active: bool

    @property
    def has_full_scope(self) -> bool: ...

    @property
    def is_staff_role(self) -> bool: ...

    @property
    def scope_region_code(self) -> str | None: ...

    @property
    def scope_department_id(self) -> int | None: ...


@dataclass(frozen=True)
class ScopeRule:
    """How a model's rows map onto a user's data scope.

    ``region``: lookup to the row's region code (``"code"``, ``"grid__code"``).
    ``department``: lookup to the id of the department the row is routed to (``"department_id"``).
    ``owner``: lookup to the id of the user who owns the row (a resident's own application).
    ``staff_reference``: every signed-in staff account may read every row.
    ``department_grant``: for models without a department lookup, ``f(department_id) -> bool``
    says whether a department may read the model at all (the registry's sharing catalog); the
    account's region constraint, if any, still applies.
    ``department_rows``: for rows routed to several departments at once (a bundle application
    with one part per department), ``f(department_id) -> Q`` selects the rows routed to it.
    """

    region: str | None = None
    department: str | None = None
    owner: str | None = None
    staff_reference: bool = False
    department_grant: Callable[[int], bool] | None = None
    department_rows: Callable[[int], Q] | None = None


def scope_q(rule: ScopeRule, user: ScopedUser | AnonymousUser | None) -> Q | None:
    """The filter for ``user`` under ``rule``; ``None`` means no row is visible."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.has_full_scope:
        return Q()
    staff: Q | None = None
    if user.is_staff_role:
        staff = _staff_q(rule, user)
    owner = Q(**{rule.owner: user.pk}) if rule.owner else None
    if staff is not None and owner is not None:
        return staff | owner
    return staff if staff is not None else owner


def _staff_q(rule: ScopeRule, user: ScopedUser) -> Q | None:
    if rule.staff_reference:
        return Q()
    code = user.scope_region_code
    department_id = user.scope_department_id
    if code is None and department_id is None:
        return None
    q = Q()
    if code is not None:
        if rule.region is None:
            return None
        q &= Q(**{f"{rule.region}__startswith": code})
    if department_id is not None:
        if rule.department is not None:
            q &= Q(**{rule.department: department_id})
        elif rule.department_rows is not None:
            q &= rule.department_rows(department_id)
        elif rule.department_grant is None or not rule.department_grant(department_id):
            return None
    return q


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to narrow itself to what a user may see."""

    def visible_to(self, user: ScopedUser | AnonymousUser | None) -> Self:
        rule: ScopeRule = self.model.scope_rule
        q = scope_q(rule, user)
        if q is None:
            return self.none()
        return self.filter(q)


class Scoped(Protocol):
    scope_rule: ClassVar[ScopeRule]


M = TypeVar("M", bound=models.Model)


def get_visible_or_404(
    queryset: models.QuerySet[M], user: ScopedUser | AnonymousUser | None, **lookup: Any
) -> M:
    """The one row matching ``lookup`` that ``user`` may see; ``Http404`` otherwise.

    Missing and out-of-scope rows give the same error, so existence is never confirmed.
    """
    visible = queryset.visible_to(user)  # type: ignore[attr-defined]
    try:
        return visible.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None
