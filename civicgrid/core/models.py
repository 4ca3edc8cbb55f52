"""What several apps share: the audit log."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scope import ScopedQuerySet, ScopeRule


class AuditLog(models.Model):
    """One row per security-relevant act: who did what to which object, when, from where.

    Rows are written only through :func:`civicgrid.core.audit.audit` and never updated or deleted
    by the application. ``action`` is namespaced by app (``regions.import``, ``accounts.login``,
    ``registry.unmask``); ``before``/``after`` hold the changed fields only.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # Only administrators read the whole log; modules expose their own slices (e.g. a resident's
    # "who looked at my record") through their own views.
    scope_rule: ClassVar[ScopeRule] = ScopeRule()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class TimelineEntry(models.Model):
    """One step of a case's life (change request, event, application): who moved it from which
    state to which, when, with what note and attachments. Written only by
    :meth:`civicgrid.core.workflow.Workflow.move`; the case's own scope governs who reads it."""

    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    from_state = models.CharField(_("from"), max_length=32, blank=True)
    to_state = models.CharField(_("to"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="timeline_object_idx")]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} {self.from_state}→{self.to_state}"
