"""Applications (办件), their parts at the departments, submitted materials and notices."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.scope import ScopedQuerySet, ScopeRule

from .catalog import Bundle, Material, ServiceItem


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    MOBILE = "mobile", _("Mobile")
    WINDOW = "window", _("Comprehensive window")
    TOWN_CENTRE = "town_centre", _("Town service centre")
    VILLAGE_CENTRE = "village_centre", _("Village service centre")
    GRID_PROXY = "grid_proxy", _("Grid worker on the resident's behalf")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application state", "Submitted")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", pgettext_lazy("application state", "Closed")


class PartState(models.TextChoices):
    WAITING = "waiting", _("Waiting for an earlier part")
    ACCEPTED = "accepted", _("Accepted, at the department")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    ISSUED = "issued", _("Certificate issued")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", pgettext_lazy("application state", "Closed")


OPEN_PART_STATES = frozenset(
    {PartState.ACCEPTED, PartState.IN_REVIEW, PartState.APPROVED, PartState.ISSUED}
)
"""Parts the department or the window still owes work on (the clock runs until delivery)."""


class Delivery(models.TextChoices):
    PICKUP = "pickup", _("Pick up at the window")
    MAIL = "mail", _("Mail (free EMS)")


class ApplicationQuerySet(ScopedQuerySet):
    def watched(self, now: object) -> ApplicationQuerySet:
        """Applications whose deadline watch has come up: one range scan of the watch index."""
        return self.filter(watch_at__lte=now)


def _routed_to(department_id: int) -> Q:
    return Q(pk__in=Part.objects.filter(department_id=department_id).values("application_id"))


class Application(models.Model):
    """An application (办件) for one item or one bundle, from one applicant.

    The window (or a town/village centre) accepts it once for all its parts (一窗受理), asks for
    every missing material in one notice (一次性告知) or refuses it with a reason; accepted, it
    fans out into one :class:`Part` per item at the item's department. The clerk who first acts
    on it owns it to the end (首问负责, ``responsible_clerk``) and delivers the results.

    The applicant's promise clock (``promised_days`` of the item or bundle, in working days)
    starts at submission and stops while a supplement is requested: ``days_used`` holds the
    working days spent before the pause, ``due_at`` the deadline of the running clock.

    ``region`` is the applicant's grid (from the registry) or the district; scope follows it,
    the departments its parts are routed to, and the applicant's own account. Identity numbers
    and phones are stored encrypted (``*_enc``) beside their masked forms; sensitive form values
    (identity numbers, phones) live only in ``form_sensitive``, encrypted, and ``form_data``
    holds their masked forms.
    """

    number = models.CharField(_("number"), max_length=20, unique=True, null=True)
    item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    bundle = models.ForeignKey(
        Bundle, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    title = models.CharField(_("title"), max_length=120)
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=ApplicationState.choices,
        default=ApplicationState.SUBMITTED,
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        to_field="code",
        db_column="region_code",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads the (region, state) index
    )

    applicant_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    applicant_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("applicant in the registry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applicant_name = models.CharField(_("applicant"), max_length=60)
    applicant_id_enc = models.BinaryField(_("ID number (encrypted)"), null=True, blank=True)
    applicant_id_masked = models.CharField(_("ID number"), max_length=18, blank=True)
    applicant_phone_enc = models.BinaryField(_("phone (encrypted)"), null=True, blank=True)
    applicant_phone_masked = models.CharField(_("phone"), max_length=20)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proxy_consent = models.CharField(_("applicant's consent"), max_length=200, blank=True)

    form_data = models.JSONField(_("form"), default=dict)
    form_sensitive = models.BinaryField(_("sensitive form values (encrypted)"), null=True)
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.PICKUP
    )
    mailing_address = models.CharField(_("mailing address"), max_length=200, blank=True)

    responsible_clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible clerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    not_accepted_reason = models.CharField(_("reason"), max_length=500, blank=True)

    promised_days = models.PositiveSmallIntegerField(_("promised working days"))
    clock_started_at = models.DateTimeField(_("clock started"))
    days_used = models.PositiveSmallIntegerField(_("working days used before pauses"), default=0)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    watch_at = models.DateTimeField(_("next check"), null=True, blank=True)
    soon_due = models.BooleanField(_("due soon"), default=False)
    overdue = models.BooleanField(_("overdue"), default=False)

    submitted_at = models.DateTimeField(_("submitted"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)

    idempotency_scope = models.CharField(max_length=40, blank=True)
    idempotency_key = models.CharField(max_length=100, blank=True)
    request_digest = models.CharField(max_length=64, blank=True)

    objects = ApplicationQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="region__code", department_rows=_routed_to, owner="applicant_account_id"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["region", "state"], name="application_region_state_idx"),
            models.Index(fields=["state", "submitted_at"], name="application_state_idx"),
            models.Index(
                fields=["watch_at"],
                name="application_watch_idx",
                condition=Q(watch_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_application_per_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(item__isnull=False, bundle__isnull=True)
                | Q(item__isnull=True, bundle__isnull=False),
                name="application_for_item_or_bundle",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="application_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.title}"

    @property
    def target(self) -> ServiceItem | Bundle:
        return self.bundle if self.bundle_id else self.item  # type: ignore[return-value]

    @property
    def clock_paused(self) -> bool:
        return self.state == ApplicationState.SUPPLEMENT_REQUESTED


class PartQuerySet(ScopedQuerySet):
    def watched(self, now: object) -> PartQuerySet:
        return self.filter(watch_at__lte=now)


class Part(models.Model):
    """One item of an application at its department (办件子项): the back office reviews it through
    the item's ``steps`` (``step_index``, each with an ``assignee``), approves or denies it,
    issues the certificate; the window delivers it. A part of a later bundle stage waits until
    the earlier stage is decided. ``due_at`` counts the item's promised working days from when
    the part reached the department (``started_at``); ``days_taken`` is measured at decision.

    Department staff see the parts routed to their department; the applicant sees their own.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="parts")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="parts")
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads the (department, state) index
    )
    stage = models.PositiveSmallIntegerField(_("stage"), default=1)
    state = models.CharField(
        _("state"), max_length=12, choices=PartState.choices, default=PartState.WAITING
    )
    step_index = models.PositiveSmallIntegerField(_("step"), default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("reached the department"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    due_provisional = models.BooleanField(_("due date provisional"), default=False)
    watch_at = models.DateTimeField(_("next check"), null=True, blank=True)
    soon_due = models.BooleanField(_("due soon"), default=False)
    overdue = models.BooleanField(_("overdue"), default=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    days_taken = models.PositiveSmallIntegerField(_("working days taken"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=500, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="application__region__code",
        department="department_id",
        owner="application__applicant_account_id",
    )

    class Meta:
        verbose_name = _("application part")
        verbose_name_plural = _("application parts")
        ordering = ["stage", "id"]
        indexes = [
            models.Index(fields=["department", "state"], name="part_department_state_idx"),
            models.Index(fields=["item", "decided_at"], name="part_item_decided_idx"),
            models.Index(
                fields=["watch_at"], name="part_watch_idx", condition=Q(watch_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.item.name}"

    @property
    def step_name(self) -> str:
        steps = self.item.step_names
        return steps[min(self.step_index, len(steps) - 1)]

    @property
    def last_step(self) -> bool:
        return self.step_index >= len(self.item.step_names) - 1


class SubmittedMaterial(models.Model):
    """A file the applicant supplied for a material. A resubmission replaces a file by adding a
    new row and marking the old one ``superseded``: nothing the applicant sent is lost. Read only
    through its application (which carries the scope)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="submitted_materials"
    )
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to="govservices/materials/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    superseded = models.BooleanField(_("replaced"), default=False)

    class Meta:
        verbose_name = _("submitted material")
        verbose_name_plural = _("submitted materials")
        ordering = ["material__order", "material_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """A written notice to the applicant: acceptance (受理通知书), the one-time notice of every
    missing or invalid material (一次性告知书, ``problems`` lists them), or refusal
    (不予受理通知书). Numbered and kept for printing."""

    class Kind(models.TextChoices):
        ACCEPTANCE = "acceptance", _("Acceptance notice")
        SUPPLEMENT = "supplement", _("One-time notice of missing materials")
        NOT_ACCEPTED = "not_accepted", _("Notice of non-acceptance")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=30, unique=True)
    problems = models.JSONField(_("materials to supply"), default=list)
    note = models.TextField(_("note"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return self.number
