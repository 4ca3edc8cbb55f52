"""The periodic watch flags questions due soon, then overdue, and tells the department."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

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


def test_provisional_deadlines_of_running_clocks_are_recomputed_when_the_year_is_entered(
    personas: dict[str, Any],
    departments: Any,
    inquiries_categories: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    import chinese_calendar
    import time_machine

    from civicgrid.core.calendar_actions import enter_schedule
    from civicgrid.core.workdays import end_of_day, library_knows

    this_year = timezone.localdate().year
    year = next(y for y in range(this_year, this_year + 100) if not library_knows(y))
    # 28 December, 10:00: five working days reach into the unknown year.
    with time_machine.travel(datetime(year - 1, 12, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        running = inquiries_ask(
            personas["resident"], "小区夜间不安全", "最近小区夜里常有陌生人出入。"
        )
        assign_inquiry(personas["reviewer"], running, departments["D001"])
        answered = inquiries_ask(personas["resident"], "路灯坏了很久", "东社区路灯坏了一个多月。")
        assign_inquiry(personas["reviewer"], answered, departments["D001"])
        answer_inquiry(personas["approver"], answered, "已通知路灯管理所三日内修复。")
    weekdays_due = running.due_at
    assert running.due_provisional and timezone.localtime(weekdays_due).year == year
    answered_due = Inquiry.objects.get(pk=answered.pk).due_at

    # The first week of the year is off (a made-up schedule: the real one is not known yet).
    text = f"{year}-01-01..{year}-01-07 休 元旦（测试）\n"
    with django_capture_on_commit_callbacks(execute=True):  # calendar_changed → recompute
        enter_schedule(personas["admin"], year, text, "测试通知")

    # The oracle: the 5th working day after 28 December, the entered week off.
    day, left = date(year - 1, 12, 28), 5
    while left:
        day += timedelta(days=1)
        known = chinese_calendar.is_workday(day) if library_knows(day.year) else day.weekday() < 5
        if known and not date(year, 1, 1) <= day <= date(year, 1, 7):
            left -= 1
    running.refresh_from_db()
    assert not running.due_provisional
    assert running.due_at == end_of_day(day) > weekdays_due
    midnight = end_of_day(day).replace(hour=0, minute=0, second=0)
    assert timezone.localtime(running.watch_at) == midnight
    assert not running.soon_due and not running.overdue
    stopped = Inquiry.objects.get(pk=answered.pk)
    assert stopped.due_at == answered_due and stopped.due_provisional  # its clock had stopped
