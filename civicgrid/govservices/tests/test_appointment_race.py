"""Many people press "book" for the last place at the same moment: exactly one gets it.

Runs with real concurrent transactions (one thread and connection per person) on PostgreSQL, the
production database: each conditional UPDATE (``booked < capacity``) waits for the row lock of the
one before it and then re-checks the condition, so only one increment lands and the others get
``Conflict``. (SQLite's in-memory test database shares one cache between connections, whose table
locks do not wait; the same rule on SQLite is covered by the sequential tests in
test_appointments.)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.core.models import AuditLog
from civicgrid.core.testing.race import race
from civicgrid.govservices.actions.appointments import book
from civicgrid.govservices.models import Appointment, Hall, Slot

RACERS = 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_several_people_race_for_the_last_place(halls: dict[str, Hall]) -> None:
    starts = timezone.now() + timedelta(days=1)
    slot = Slot.objects.create(
        hall=halls["town"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        capacity=3,
        booked=2,  # two places already taken: one left
    )
    people = [
        User.objects.create_user(username=f"racer{i}", role=Role.RESIDENT) for i in range(RACERS)
    ]

    def act(person: Any) -> None:
        book(person, Slot.objects.select_related("hall__region").get(pk=slot.pk))

    outcomes = race(*(lambda p=p: act(p) for p in people))
    assert sorted(outcomes) == ["conflict"] * (RACERS - 1) + ["won"]
    slot.refresh_from_db()
    assert slot.booked == slot.capacity == 3
    assert Appointment.objects.filter(slot=slot).count() == 1
    assert AuditLog.objects.filter(action="govservices.book").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_double_click_books_once_and_keeps_the_count(halls: dict[str, Hall]) -> None:
    """The same person's two requests at once: one booking, one place taken."""
    starts = timezone.now() + timedelta(days=1)
    slot = Slot.objects.create(
        hall=halls["town"], starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=4
    )
    person = User.objects.create_user(username="clicker", role=Role.RESIDENT)

    def click() -> None:
        book(person, Slot.objects.select_related("hall__region").get(pk=slot.pk))

    outcomes = race(click, click, click)
    refused = "refused: You have already booked this time."
    assert sorted(outcomes) == [refused, refused, "won"]
    slot.refresh_from_db()
    assert slot.booked == 1
    assert Appointment.objects.filter(slot=slot, account=person).count() == 1
