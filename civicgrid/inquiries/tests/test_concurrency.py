"""The operator publishes while someone returns the same answer: exactly one step lands.

Real concurrent transactions on PostgreSQL (see events/tests/test_concurrency.py for why not on
SQLite; the sequential stale click is in test_inquiry_flow)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from civicgrid.core.models import AuditLog
from civicgrid.core.testing.race import race
from civicgrid.core.workflow import timeline
from civicgrid.inquiries.actions import (
    answer_inquiry,
    assign_inquiry,
    publish_inquiry,
    return_inquiry,
)
from civicgrid.inquiries.models import Inquiry

from .fixtures import inquiries_ask


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_publish_and_return_at_once(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    inquiry = inquiries_ask(personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。")
    assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    answer_inquiry(personas["approver"], inquiry, "已安排民警加强夜间巡逻，感谢反映。")
    reviewer = personas["reviewer"]
    publish, send_back = race(
        lambda i: publish_inquiry(reviewer, i),
        lambda i: return_inquiry(reviewer, i, "请补充"),
        before=lambda: Inquiry.objects.select_related("category", "department").get(pk=inquiry.pk),
    )
    assert sorted([publish, send_back]) == ["conflict", "won"]
    inquiry.refresh_from_db()
    assert [t.to_state for t in timeline(inquiry)][-1] == inquiry.state


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_ticks_flag_a_question_once(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    from civicgrid.inquiries.deadlines import watch_inquiries

    inquiry = inquiries_ask(personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。")
    assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    counts: list[int] = []

    def tick() -> None:
        counts.append(watch_inquiries(inquiry.watch_at)["soon_due"])

    assert race(tick, tick) == ["won", "won"]
    assert sum(counts) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_reassignments_at_once_one_lands(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    from civicgrid.accounts.models import Department

    inquiry = inquiries_ask(personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。")
    assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    housing = Department.objects.create(code="D003", name="区住建局")
    reviewer = personas["reviewer"]
    to_d002, to_housing = race(
        lambda mine: assign_inquiry(reviewer, mine, departments["D002"]),
        lambda mine: assign_inquiry(reviewer, mine, housing),
        before=lambda: Inquiry.objects.select_related("category", "department").get(pk=inquiry.pk),
    )
    assert sorted([to_d002, to_housing]) == ["conflict", "won"]
    inquiry.refresh_from_db()
    assert [t.to_state for t in timeline(inquiry)].count("assigned") == 2
    audited = AuditLog.objects.filter(action="inquiries.assign", object_id=str(inquiry.pk))
    assert audited.count() == 2
    winner = departments["D002"] if to_d002 == "won" else housing
    assert inquiry.department_id == winner.pk
