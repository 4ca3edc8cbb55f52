"""Household star ratings (脱贫立志、星级创建).

Each quarter a village's evaluation meeting (村评议会) rates its households against ten criteria
(爱党爱国, 遵纪守法, …), one star each. A household with 9 or 10 stars in two consecutive quarters
becomes a 自强户 (self-reliant household) and holds the title while the streak lasts.

Scope: rounds by the village's code (a grid worker also sees the rounds of the village their grid
belongs to); ratings and titles by the household's grid code; department-only accounts see none.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.core.scope import ScopedQuerySet, ScopeRule
from civicgrid.registry.models import Household

STARS_FOR_TITLE = 9  # 9–10 stars in consecutive quarters make a 自强户
MAX_STARS = 10


def quarter_index(year: int, quarter: int) -> int:
    """Quarters as consecutive integers: Q4 of one year and Q1 of the next differ by one."""
    return year * 4 + quarter - 1


def quarter_label(year: int, quarter: int) -> str:
    return f"{year} Q{quarter}"


class Criterion(models.Model):
    """One rating criterion (评星标准), worth exactly one star.

    Configured by an administrator. A round can only be opened while exactly ten criteria are
    active; the round keeps a copy of them, so later edits never change past ratings.
    """

    name = models.CharField(_("name"), max_length=20, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(staff_reference=True)

    class Meta:
        verbose_name = _("rating criterion")
        verbose_name_plural = _("rating criteria")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class RoundState(models.TextChoices):
    OPEN = "open", pgettext_lazy("rating round", "Open")
    CLOSED = "closed", pgettext_lazy("rating round", "Closed")


class RatingRoundQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """The scope rule (village code in the account's region subtree), and for a grid worker
        whose scope is a single grid also the rounds of that grid's village: they record the
        households of their grid at the village's meeting."""
        visible = super().visible_to(user)
        code = getattr(user, "scope_region_code", None) if user is not None else None
        if (
            getattr(user, "is_authenticated", False)
            and getattr(user, "role", None) == "grid_worker"
            and code
            and len(code) > 12
            and getattr(user, "scope_department_id", None) is None
        ):
            return self.filter(Q(pk__in=visible.values("pk")) | Q(village_id=code[:12]))
        return visible


class RatingRound(models.Model):
    """One village's evaluation meeting of one quarter (a 季度评星).

    Opened by the village's service staff, recorded by them and the village's grid workers, then
    closed (open → closed); closing applies the 自强户 rule. ``criteria`` is the snapshot of the
    ten active criteria at opening (``[{"id", "name"}]``). One round per village and quarter.
    """

    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        to_field="code",
        db_column="village_code",
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    meeting_date = models.DateField(_("meeting date"))
    state = models.CharField(
        _("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN
    )
    criteria = models.JSONField(_("criteria"), default=list)
    version = models.PositiveIntegerField(_("version"), default=1)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = RatingRoundQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="village__code")

    class Meta:
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")
        ordering = ["-year", "-quarter", "village_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year", "quarter"], name="one_rating_round_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="rating_round_quarter_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.period}"

    @property
    def period(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def index(self) -> int:
        return quarter_index(self.year, self.quarter)

    @property
    def criterion_ids(self) -> list[int]:
        return [c["id"] for c in self.criteria]


class HouseholdRating(models.Model):
    """The stars one household earned at one round: ``earned`` lists the ids of the round's
    criteria it met (one star each), ``total`` is their number (0–10). ``grid_code`` is the
    household's grid at recording time, the row's scope."""

    round = models.ForeignKey(
        RatingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="ratings"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    grid_code = models.CharField(_("grid"), max_length=15, db_index=True)
    earned = models.JSONField(_("criteria earned"), default=list)
    total = models.PositiveSmallIntegerField(_("stars"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid_code")

    class Meta:
        verbose_name = _("household rating")
        verbose_name_plural = _("household ratings")
        ordering = ["round", "grid_code", "household_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "household"], name="one_rating_per_household_round"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=MAX_STARS), name="rating_total_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.total}★"


class Title(models.Model):
    """A 自强户 title: earned in ``since`` quarter (the second consecutive quarter with 9+ stars),
    held while every later rating has 9+ stars, lost in the quarter of the first rating below 9
    (``lost_*``; empty while held). Rows are kept as the household's history."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="+"
    )
    grid_code = models.CharField(_("grid"), max_length=15, db_index=True)
    since_year = models.PositiveSmallIntegerField(_("since year"))
    since_quarter = models.PositiveSmallIntegerField(_("since quarter"))
    lost_year = models.PositiveSmallIntegerField(_("lost year"), null=True, blank=True)
    lost_quarter = models.PositiveSmallIntegerField(_("lost quarter"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid_code")

    class Meta:
        verbose_name = _("自强户 title")
        verbose_name_plural = _("自强户 titles")
        ordering = ["household_id", "since_year", "since_quarter"]
        constraints = [
            # Titles are recomputed under a lock on the household (actions.apply_title_rule);
            # these make a duplicate impossible even so.
            models.UniqueConstraint(
                fields=["household", "since_year", "since_quarter"],
                name="one_title_per_household_quarter",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(lost_year__isnull=True),
                name="one_held_title_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} 自强户 {self.since}"

    @property
    def held(self) -> bool:
        return self.lost_year is None

    @property
    def since(self) -> str:
        return quarter_label(self.since_year, self.since_quarter)

    @property
    def lost(self) -> str:
        return quarter_label(self.lost_year, self.lost_quarter) if self.lost_year else ""


class RatedHousehold(Household):
    """A registry household seen through the ratings' scope (its grid code in the account's region
    subtree), for the household's rating history page."""

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid__code")

    class Meta:
        proxy = True
        verbose_name = _("rated household")
        verbose_name_plural = _("rated households")
