"""Divisions and grids: district → town → village/community → grid (行政区划与网格)."""

from __future__ import annotations

import re
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.core.scope import ScopedQuerySet, ScopeRule


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")


# The code of each level extends its parent's code, so a subtree is a code prefix:
# GB/T 2260 gives the district six digits; towns add three (9), villages and communities add three
# more (12, the statistical division code); CivicGrid's grids add three under their village (15).
CODE_LENGTH = {
    Level.DISTRICT: 6,
    Level.TOWN: 9,
    Level.VILLAGE: 12,
    Level.COMMUNITY: 12,
    Level.GRID: 15,
}
PARENT_LEVELS = {
    Level.DISTRICT: (),
    Level.TOWN: (Level.DISTRICT,),
    Level.VILLAGE: (Level.TOWN,),
    Level.COMMUNITY: (Level.TOWN,),
    Level.GRID: (Level.VILLAGE, Level.COMMUNITY),
}
_DIGITS = re.compile(r"^\d+$")


class RegionQuerySet(ScopedQuerySet):
    def subtree(self, code: str) -> RegionQuerySet:
        """The region with ``code`` and everything below it (an index range scan on ``code``)."""
        return self.filter(code__startswith=code)

    def grids(self) -> RegionQuerySet:
        return self.filter(level=Level.GRID)


class Region(models.Model):
    """One node of the division tree: the district, a town, a village or community, or a grid.

    ``code`` is the materialized path: every descendant's code starts with it. ``boundary`` is a
    GeoJSON geometry (Polygon or MultiPolygon, WGS 84 lon/lat); grids tile their village, villages
    their town. A user's data scope is a region; see :mod:`civicgrid.core.scope`.
    """

    code = models.CharField(_("code"), max_length=15, unique=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centre longitude"), null=True, blank=True)
    centroid_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegionQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="code")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        errors = validate_region_code(self.code, self.level, self.parent)
        if errors:
            raise ValidationError({"code": errors})

    @property
    def ancestor_codes(self) -> list[str]:
        """Codes of every ancestor, district first, derived from the code itself."""
        return [self.code[:n] for n in (6, 9, 12) if n < len(self.code)]


def validate_region_code(code: str, level: str, parent: Region | None) -> list[str]:
    """Messages for everything wrong with ``code`` at ``level`` under ``parent`` (empty: valid)."""
    errors: list[str] = []
    if level not in CODE_LENGTH:
        return [str(_("Unknown level “%(level)s”.") % {"level": level})]
    want = CODE_LENGTH[Level(level)]
    if not _DIGITS.match(code or "") or len(code) != want:
        errors.append(
            str(_("A %(level)s code has %(n)d digits.") % {"level": Level(level).label, "n": want})
        )
    allowed = PARENT_LEVELS[Level(level)]
    if not allowed:
        if parent is not None:
            errors.append(str(_("A district has no parent region.")))
    elif parent is None:
        errors.append(str(_("This level needs a parent region.")))
    else:
        if parent.level not in allowed:
            errors.append(
                str(
                    _("A %(level)s cannot be placed under a %(parent)s.")
                    % {"level": Level(level).label, "parent": Level(parent.level).label}
                )
            )
        if not code.startswith(parent.code):
            errors.append(
                str(
                    _("The code must start with its parent's code %(code)s.")
                    % {"code": parent.code}
                )
            )
    return errors


class GridPost(models.TextChoices):
    """AB岗: the A post does the grid's work; the B post stands in when A is away."""

    A = "A", _("A post (primary)")
    B = "B", _("B post (backup)")


class GridAssignment(models.Model):
    """A grid worker's post in a grid (网格员, A/B 岗). One worker may hold posts in several grids.

    A grid has at most one A post and one B post.
    """

    grid = models.ForeignKey(
        Region,
        verbose_name=_("grid"),
        on_delete=models.CASCADE,
        related_name="assignments",
        limit_choices_to={"level": Level.GRID},
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        on_delete=models.CASCADE,
        related_name="grid_assignments",
    )
    post = models.CharField(_("post"), max_length=1, choices=GridPost.choices, default=GridPost.A)
    since = models.DateField(_("since"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(region="grid__code")

    class Meta:
        verbose_name = _("grid assignment")
        verbose_name_plural = _("grid assignments")
        ordering = ["grid__code", "post"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "post"], name="one_worker_per_grid_post"),
            models.UniqueConstraint(fields=["grid", "worker"], name="one_post_per_worker_in_grid"),
        ]

    def __str__(self) -> str:
        return f"{self.grid.name} {self.post}: {self.worker}"


class BoundaryVersion(models.Model):
    """A single counter bumped whenever a boundary changes, so every process can tell when the
    point-in-grid index it built is out of date without reloading the polygons."""

    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("boundary version")

    def __str__(self) -> str:
        return str(self.version)
