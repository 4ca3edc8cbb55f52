"""Appointments (办事预约): halls and centres, their time slots with a capacity, bookings."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicgrid.core.scope import ScopedQuerySet, ScopeRule


class Hall(models.Model):
    """A place where applications are accepted: the district's comprehensive hall, a town's or a
    village's service centre (便民服务中心). Public reference data."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        to_field="code",
        db_column="region_code",
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    hours = models.CharField(_("opening hours"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        ordering = ["region_id", "name"]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    """A bookable time at a hall. ``booked`` counts live bookings and never exceeds ``capacity``:
    booking increments it with a conditional UPDATE, so two people racing for the last place
    cannot both get it."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at", "hall_id"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "starts_at"], name="one_slot_per_hall_time"),
            models.CheckConstraint(
                condition=Q(booked__lte=models.F("capacity")), name="slot_not_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hall} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    CHECKED_IN = "checked_in", _("Checked in")


class Appointment(models.Model):
    """A booking of one place in a slot by a signed-in resident, for an item or bundle they mean
    to apply for. One live booking per person per slot. Staff of the hall's region see it and
    check the visitor in by the booking ``code``."""

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments"
    )
    item = models.ForeignKey(
        "govservices.ServiceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bundle = models.ForeignKey(
        "govservices.Bundle", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("booking code"), max_length=12, unique=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AppointmentState.choices,
        default=AppointmentState.BOOKED,
    )
    booked_at = models.DateTimeField(_("booked"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope_rule: ClassVar[ScopeRule] = ScopeRule(
        region="slot__hall__region__code", owner="account_id"
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "account"],
                condition=Q(state="booked"),
                name="one_live_booking_per_person_and_slot",
            )
        ]

    def __str__(self) -> str:
        return self.code
