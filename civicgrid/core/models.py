"""What several apps share: the audit log, case timelines and the working-day calendar."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
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
    :mod:`civicgrid.core.workflow` (``Workflow.move`` for transitions, ``record_note`` for a
    case's first entry and for notes such as escalations); the case's own scope governs who
    reads it."""

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


class CalendarYear(models.Model):
    """An administrator has entered the official holiday schedule of ``year`` (节假日安排).

    Its presence makes the year *known*: deadlines running into it are no longer provisional.
    The schedule's days are the year's :class:`CalendarDay` rows. Written only by
    :func:`civicgrid.core.calendar_actions.enter_schedule`.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    # Reference data: every staff account reads the calendar its deadlines are counted on.
    scope_rule: ClassVar[ScopeRule] = ScopeRule(staff_reference=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One day whose working status an administrator has set: a public holiday (休) or a make-up
    workday (调休上班, 班) — or a correction of what ``chinese_calendar`` says.

    An override wins over the library and over the Monday–Friday rule, in any year. Written only by
    :func:`civicgrid.core.calendar_actions.enter_schedule`, which replaces a year's rows as a whole.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Day off")
        WORKDAY = "workday", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(staff_reference=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()


class Notification(models.Model):
    """A short message to one person: a case dispatched to them, an overdue case escalated to
    them (督办), their closed report waiting for a rating. Written through
    :func:`civicgrid.core.notifications.notify`; each person sees only their own."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    text = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=200, blank=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(owner="recipient_id")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text
