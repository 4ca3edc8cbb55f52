"""The service-item catalog (政务服务事项目录): items, their materials, bundles.

The catalog is public (办事指南): anyone may read active items and bundles, so these models carry
no scope rule; only administrators change them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing (行政许可)")
    CONFIRMATION = "confirmation", _("Administrative confirmation (行政确认)")
    PAYMENT = "payment", _("Administrative payment (行政给付)")
    ADJUDICATION = "adjudication", _("Administrative adjudication (行政裁决)")
    REWARD = "reward", _("Administrative reward (行政奖励)")
    OTHER_POWER = "other_power", _("Other administrative power (其他行政权力)")
    PUBLIC_SERVICE = "public_service", _("Public service (公共服务)")


class ServiceItem(models.Model):
    """A government-service item (政务服务事项) with the national item fields.

    ``legal_days``/``promised_days`` are working days (法定/承诺时限; the promise counts from
    submission, paused while the applicant supplies missing materials). Every item is accepted at
    the district's comprehensive window; ``accept_town``/``accept_village`` say whether town and
    village service centres may accept it too (下放). ``steps`` are the department's back-office
    steps after acceptance (审查, 决定 …), each taken by an assignee. ``form`` is the application
    form: a list of field definitions (see :mod:`civicgrid.govservices.forms_spec`).
    """

    code = models.CharField(_("item code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        related_name="service_items",
    )
    legal_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"))
    fee = models.DecimalField(_("fee (yuan)"), max_digits=10, decimal_places=2, default=0)
    accept_town = models.BooleanField(_("accepted at town centres"), default=False)
    accept_village = models.BooleanField(_("accepted at village centres"), default=False)
    online = models.BooleanField(_("can be applied for online"), default=True)
    steps = models.JSONField(_("procedure steps"), default=list)
    form = models.JSONField(_("application form"), default=list)
    conditions = models.TextField(_("conditions"), blank=True)
    basis = models.TextField(_("legal basis"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service items")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_days__lte=models.F("legal_days")) & Q(promised_days__gte=1),
                name="item_promise_within_legal_limit",
            ),
            models.CheckConstraint(
                condition=Q(accept_village=False) | Q(accept_town=True),
                name="item_village_implies_town",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> list[str]:
        return (
            ["district"]
            + (["town"] if self.accept_town else [])
            + (["village"] if self.accept_village else [])
        )

    @property
    def step_names(self) -> list[str]:
        return list(self.steps) or ["审查决定"]


class Bundle(models.Model):
    """A bundle (一件事一次办): one form and one set of materials that fan out into one part per
    item, routed to the items' departments. Parts of the same ``BundleItem.stage`` run in
    parallel; a later stage starts when every part of the earlier one is decided."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    promised_days = models.PositiveSmallIntegerField(_("promised time limit (working days)"))
    form = models.JSONField(_("application form"), default=list)
    items = models.ManyToManyField(ServiceItem, through="BundleItem", related_name="bundles")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="bundle_items")
    item = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, related_name="+")
    stage = models.PositiveSmallIntegerField(_("stage"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bundle item")
        verbose_name_plural = _("bundle items")
        ordering = ["stage", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="bundle_item_once")]

    def __str__(self) -> str:
        return f"{self.bundle_id}:{self.item_id}"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("Original")
    COPY = "copy", _("Copy")
    ELECTRONIC = "electronic", _("Electronic")


class HeldBy(models.TextChoices):
    """Where the government already holds a material (免提交): it is taken from there and never
    asked for."""

    NOBODY = "", _("Submitted by the applicant")
    ID_CARD = "id_card", _("Identity card, from the registry")
    HOUSEHOLD_REGISTER = "household_register", _("Household register, from the registry")


class Material(models.Model):
    """A material (申请材料) of an item or a bundle: name, required or not, original or copy,
    how many, and whether the government already holds it (``held``)."""

    item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    bundle = models.ForeignKey(
        Bundle, null=True, blank=True, on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("name"), max_length=120)
    required = models.BooleanField(_("required"), default=True)
    form = models.CharField(
        pgettext_lazy("material", "form"),
        max_length=12,
        choices=MaterialForm.choices,
        default=MaterialForm.COPY,
    )
    count = models.PositiveSmallIntegerField(_("copies"), default=1)
    held = models.CharField(
        _("held by the government"), max_length=20, choices=HeldBy.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, bundle__isnull=True)
                | Q(item__isnull=True, bundle__isnull=False),
                name="material_of_item_or_bundle",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def asked(self) -> bool:
        """Whether the applicant has to supply it (not held by the government)."""
        return not self.held
