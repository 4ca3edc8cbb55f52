"""The periodic watch flags questions due soon, then overdue, and tells the department."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from civicgrid.core import ticks
from civicgrid.core.models import Notification
from civicgrid.inquiries.actions import answer_inquiry, assign_inquiry
from civicgrid.inquiries.deadlines import watch_inquiries
from civicgrid.inquiries.models import Inquiry

from .fixtures import inquiries_ask


def test_the_watch_is_registered_as_a_tick() -> None:
    assert "inquiries.watch" in ticks._registry


def test_due_soon_then_overdue_each_once(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    inquiry = inquiries_ask(personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。")
    assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    assert inquiry.due_at > inquiry.assigned_at + timedelta(days=4)  # 5 working days
    assert watch_inquiries(inquiry.watch_at - timedelta(seconds=1)) == {"soon_due": 0, "overdue": 0}
    assert watch_inquiries(inquiry.watch_at) == {"soon_due": 1, "overdue": 0}
    assert watch_inquiries(inquiry.watch_at) == {"soon_due": 0, "overdue": 0}
    assert watch_inquiries(inquiry.due_at) == {"soon_due": 0, "overdue": 1}
    inquiry.refresh_from_db()
    assert inquiry.soon_due and inquiry.overdue and inquiry.watch_at is None
    told = Notification.objects.filter(recipient=personas["approver"], object_id=str(inquiry.pk))
    assert told.count() == 2
    assert not Notification.objects.filter(recipient=personas["other_approver"]).exists()


def test_an_answered_question_is_no_longer_watched(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    inquiry = inquiries_ask(personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。")
    assign_inquiry(personas["reviewer"], inquiry, departments["D001"])
    due = inquiry.due_at
    answer_inquiry(personas["approver"], inquiry, "已安排民警加强夜间巡逻，感谢反映。")
    assert watch_inquiries(due + timedelta(days=1)) == {"soon_due": 0, "overdue": 0}
    assert not Inquiry.objects.get(pk=inquiry.pk).overdue


def test_the_category_time_limit_counts_working_days(
    personas: dict[str, Any], departments: Any, inquiries_categories: Any
) -> None:
    from civicgrid.core.workdays import working_days_between

    inquiry = inquiries_ask(personas["resident"], "低保申请", "低保申请需要什么条件和材料？", "SB")
    assign_inquiry(personas["reviewer"], inquiry, departments["D002"])
    assert working_days_between(inquiry.assigned_at, inquiry.due_at) == 3
