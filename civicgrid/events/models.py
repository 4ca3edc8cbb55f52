"""Events (事件处置): reported problems followed through the closed loop of GB/T 30428.

An :class:`Event` moves ``reported → registered | rejected → dispatched → handling → handled →
verified → closed → evaluated``, with ``handled → returned → handling`` when on-site verification
fails and ``dispatched → registered`` when a department sends a mis-dispatched case back. Only
:mod:`civicgrid.events.actions` changes an event; every step is on the event's timeline.

Each step has a deadline taken from the event's :class:`Category` (:class:`StepLimit`, in hours or
Chinese working days). ``watch_at`` is when the periodic tick must next look at the event (the
deadline, then the next escalation level); it is ``NULL`` when there is nothing to watch, so
"everything overdue" is a range scan of one partial index, however many events are open.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.scope import ScopedQuerySet, ScopeRule


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


class Step(models.TextChoices):
    """The timed steps of the loop; each state belongs to one (see ``STEP_OF_STATE``)."""

    REGISTER = "register", _("Register")
    DISPATCH = "dispatch", _("Dispatch")
    HANDLE = "handle", _("Handle")
    VERIFY = "verify", _("Verify on site")
    CLOSE = "close", _("Close")


class LimitUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    WORKING_DAYS = "working_days", _("working days")


class Category(models.Model):
    """An event category (事件类别) in a two-level tree, e.g. 市容环境 / 垃圾池满溢.

    A category names the department that usually handles it (``department``; a second-level
    category without one inherits its parent's) or says that the town handles it
    (``handled_by_town``, e.g. neighbourhood disputes). Its ``code`` is the Open311
    ``service_code``. Only second-level categories (or top-level ones without children) are
    reported against.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_by_town = models.BooleanField(_("handled by the town"), default=False)
    default_urgency = models.CharField(
        _("default urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(staff_reference=True)

    class Meta:
        verbose_name = _("event category")
        verbose_name_plural = _("event categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class StepLimit(models.Model):
    """How long one step of a category's events may take at one urgency (时限).

    Missing limits fall back to the normal urgency, then to the parent category, then to
    ``DEFAULT_LIMITS`` in :mod:`civicgrid.events.deadlines`.
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="limits")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    amount = models.PositiveSmallIntegerField(_("time limit"))
    unit = models.CharField(_("unit"), max_length=12, choices=LimitUnit.choices)

    class Meta:
        verbose_name = _("step time limit")
        verbose_name_plural = _("step time limits")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency", "step"], name="one_limit_per_step"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="limit_is_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.step} {self.amount} {self.unit}"


class State(models.TextChoices):
    REPORTED = "reported", _("Reported")
    REGISTERED = "registered", _("Registered")
    REJECTED = "rejected", pgettext_lazy("event state", "Rejected")
    DISPATCHED = "dispatched", _("Dispatched")
    HANDLING = "handling", _("Handling")
    HANDLED = "handled", _("Handled")
    RETURNED = "returned", _("Returned for rework")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")
    EVALUATED = "evaluated", _("Rated")


STEP_OF_STATE = {
    State.REPORTED: Step.REGISTER,
    State.REGISTERED: Step.DISPATCH,
    State.DISPATCHED: Step.HANDLE,
    State.HANDLING: Step.HANDLE,
    State.RETURNED: Step.HANDLE,
    State.HANDLED: Step.VERIFY,
    State.VERIFIED: Step.CLOSE,
}
OPEN_STATES = frozenset(STEP_OF_STATE)
FINISHED_STATES = frozenset({State.CLOSED, State.EVALUATED})


class Source(models.TextChoices):
    GRID_WORKER = "grid_worker", _("Grid worker")
    RESIDENT = "resident", _("Resident (signed in)")
    STAFF = "staff", _("Staff member")
    PUBLIC = "public", _("Public page")
    HOTLINE_12345 = "hotline_12345", _("12345 hotline")
    HOTLINE_12349 = "hotline_12349", _("12349 elderly-service hotline")
    OPEN311 = "open311", _("Open311 client")
    API = "api", _("API")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class EventQuerySet(ScopedQuerySet):
    def overdue(self, now: object) -> EventQuerySet:
        """Events the tick must look at now: one range scan of ``event_watch_idx``."""
        return self.filter(watch_at__lte=now)


class Event(models.Model):
    """A reported problem (事件) and where it stands in the loop.

    ``region`` is the most precise region known: the grid of the reported point (or of the linked
    building or facility), or the district until the dispatcher places an address-only report in
    a grid. Scope follows it, the handling ``department``, and the ``reporter`` (a resident sees
    their own reports). ``due_at`` is the deadline of the current step; ``late`` records that
    some step finished (or was escalated) after its deadline, for the on-time rate.
    ``contact_phone`` is stored encrypted; pages show ``contact_phone_masked``.
    """

    number = models.CharField(_("number"), max_length=20, unique=True, null=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="events"
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REPORTED
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    description = models.TextField(_("description"), max_length=2000)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("grid"),
        to_field="code",
        db_column="region_code",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads the composite (region, state) index
    )
    building = models.ForeignKey(
        "registry.Building",
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facility = models.ForeignKey(
        "registry.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_events",
    )
    contact_name = models.CharField(_("contact name"), max_length=40, blank=True)
    contact_phone = models.BinaryField(_("contact phone (encrypted)"), null=True, blank=True)
    contact_phone_masked = models.CharField(_("contact phone"), max_length=20, blank=True)

    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("handling department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads the composite (department, state) index
    )
    handling_town = models.ForeignKey(
        "regions.Region",
        verbose_name=_("handling town"),
        to_field="code",
        db_column="handling_town_code",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)

    step_started_at = models.DateTimeField(_("step started"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    watch_at = models.DateTimeField(_("next check"), null=True, blank=True)
    overdue = models.BooleanField(_("overdue"), default=False)
    late = models.BooleanField(_("a step was late"), default=False)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    rework_count = models.PositiveSmallIntegerField(_("times returned"), default=0)

    reported_at = models.DateTimeField(_("reported"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_note = models.CharField(_("comment"), max_length=500, blank=True)

    # A client's retry with the same key returns the first result instead of a second event.
    idempotency_scope = models.CharField(max_length=40, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)
    token = models.CharField(_("tracking token"), max_length=32, blank=True, db_index=True)

    objects = EventQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="region__code", department="department_id", owner="reporter_id"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["region", "state"], name="event_region_state_idx"),
            models.Index(fields=["department", "state"], name="event_department_state_idx"),
            models.Index(fields=["state", "reported_at"], name="event_state_reported_idx"),
            models.Index(fields=["reported_at"], name="event_reported_idx"),
            models.Index(
                fields=["watch_at"], name="event_watch_idx", condition=Q(watch_at__isnull=False)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_event_per_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.category.name}"

    @property
    def step(self) -> str | None:
        return STEP_OF_STATE.get(self.state)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Photo(models.Model):
    """A photo attached at one step (report, handled, verification), stored without its metadata
    (EXIF location and camera data are dropped when the pixels are re-encoded), with a thumbnail.
    Served only through the event's scope."""

    class Stage(models.TextChoices):
        REPORT = "report", _("Report")
        HANDLED = "handled", _("Handling result")
        VERIFY = "verify", _("Verification")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    image = models.FileField(_("photo"), upload_to="events/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="events/")
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="event__region__code", department="event__department_id", owner="event__reporter_id"
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.event_id} {self.stage} {self.pk}"


class ApiKey(models.Model):
    """A key an Open311 client posts requests with (``civicgrid open311-key create NAME``).

    Only a SHA-256 digest of the key is stored; the key itself is printed once. A revoked key
    is refused.
    """

    name = models.CharField(_("name"), max_length=60, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
