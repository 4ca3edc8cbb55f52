"""Deadlines counted in Chinese working days, and the schedule administrators enter for a year.

Expected dates follow the State Council's 2026 schedule (国办发明电〔2025〕7号), which
chinesecalendar 1.11.0 carries: Spring Festival off 02-15..02-23, worked Sat 02-14 and Sat 02-28;
Mid-autumn off 09-25..09-27; National Day off 10-01..10-07, worked Sun 09-20 and Sat 10-10.
2027 is not published in that version; the 2027 schedules below are made up for the tests.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from civicgrid.core.calendar_actions import enter_schedule, format_schedule, parse_schedule
from civicgrid.core.errors import ActionError, NotAllowed
from civicgrid.core.models import AuditLog, CalendarDay, CalendarYear
from civicgrid.core.workdays import (
    Due,
    add_working_days,
    calendar_changed,
    is_working_day,
    library_knows,
    working_days_between,
    year_is_known,
)

BEIJING = ZoneInfo("Asia/Shanghai")

SCHEDULE_2027 = """\
# made up for the tests
2027-01-01..2027-01-03 休 元旦
2027-02-06..2027-02-12 休 春节
2027-02-14 班 春节调休
2027-10-01..2027-10-07 holiday National Day
2027-09-26 workday
"""


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)


def end_of(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 23, 59, 59, tzinfo=BEIJING)


@pytest.fixture
def english() -> Any:
    with translation.override("en"):
        yield


# --- the library -----------------------------------------------------------------------------


def test_the_library_knows_2026_and_not_2027() -> None:
    # If a newer chinesecalendar learns 2027, the provisional tests below need a later year.
    assert library_knows(2026)
    assert not library_knows(2027)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 2, 13), True),  # Friday before the Spring Festival
        (date(2026, 2, 14), True),  # make-up Saturday
        (date(2026, 2, 16), False),  # Monday off
        (date(2026, 2, 28), True),  # make-up Saturday
        (date(2026, 3, 7), False),  # plain Saturday
        (date(2026, 9, 20), True),  # make-up Sunday
        (date(2026, 10, 7), False),  # Wednesday off
        (date(2026, 10, 10), True),  # make-up Saturday
        (date(2027, 1, 1), True),  # unknown year: a Friday is a working day
        (date(2027, 1, 2), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "due"),
    [
        (1, end_of(2026, 2, 14)),  # the make-up Saturday counts
        (2, end_of(2026, 2, 24)),  # then nine days off
        (5, end_of(2026, 2, 27)),
        (6, end_of(2026, 2, 28)),  # the second make-up Saturday
    ],
)
def test_deadline_across_the_spring_festival(days: int, due: datetime) -> None:
    assert add_working_days(at(2026, 2, 13), days) == Due(at=due, provisional=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2026, 9, 18), 1, end_of(2026, 9, 20)),  # make-up Sunday
        (at(2026, 9, 18), 5, end_of(2026, 9, 24)),  # Mid-autumn Friday off
        (at(2026, 9, 18), 20, end_of(2026, 10, 22)),
        (at(2026, 9, 30), 2, end_of(2026, 10, 9)),
        (at(2026, 9, 30), 3, end_of(2026, 10, 10)),  # make-up Saturday
    ],
)
def test_deadline_across_national_day(start: datetime, days: int, due: datetime) -> None:
    assert add_working_days(start, days) == Due(at=due, provisional=False)


@pytest.mark.django_db
def test_the_start_day_never_counts_and_is_taken_in_beijing_time() -> None:
    late_friday = datetime(2026, 2, 13, 15, 30, tzinfo=UTC)  # 23:30 in Beijing
    early_friday = datetime(2026, 2, 12, 16, 30, tzinfo=UTC)  # 00:30 on Friday in Beijing
    on_a_day_off = at(2026, 2, 16)
    assert add_working_days(late_friday, 1).at == end_of(2026, 2, 14)
    assert add_working_days(early_friday, 1).at == end_of(2026, 2, 14)
    assert add_working_days(on_a_day_off, 1).at == end_of(2026, 2, 24)
    assert add_working_days(late_friday, 1).at.tzinfo is not None


@pytest.mark.django_db
def test_a_deadline_is_at_least_one_day_from_an_aware_start() -> None:
    with pytest.raises(ValueError, match="at least one"):
        add_working_days(at(2026, 3, 2), 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(datetime(2026, 3, 2, 10), 1)  # noqa: DTZ001


@pytest.mark.django_db
def test_deadline_into_an_unknown_year_counts_weekdays_and_is_provisional() -> None:
    due = add_working_days(at(2026, 12, 28), 5)
    # Tue 29, Wed 30, Thu 31, Fri 2027-01-01 (a weekday as far as anyone knows), Mon 4.
    assert due == Due(at=end_of(2027, 1, 4), provisional=True)
    assert not year_is_known(2027)


@pytest.mark.django_db
def test_entered_schedule_makes_the_deadline_final_and_honours_its_days(
    personas: dict[str, Any],
) -> None:
    enter_schedule(personas["admin"], 2027, SCHEDULE_2027, "测试通知")

    assert year_is_known(2027)
    assert add_working_days(at(2026, 12, 28), 5) == Due(at=end_of(2027, 1, 5), provisional=False)
    # 02-06..02-12 off, Sat 13 off, Sun 14 worked.
    assert add_working_days(at(2027, 2, 5), 1) == Due(at=end_of(2027, 2, 14), provisional=False)
    assert is_working_day(date(2027, 9, 26))  # a Sunday entered as worked
    assert not is_working_day(date(2027, 10, 4))


@pytest.mark.django_db
def test_an_override_corrects_the_library() -> None:
    assert add_working_days(at(2026, 9, 30), 2).at == end_of(2026, 10, 9)
    CalendarDay.objects.create(date=date(2026, 10, 9), kind=CalendarDay.Kind.HOLIDAY, name="更正")

    assert not is_working_day(date(2026, 10, 9))
    assert add_working_days(at(2026, 9, 30), 2).at == end_of(2026, 10, 10)
    assert working_days_between(at(2026, 9, 30), at(2026, 10, 12)) == 3  # 8th, 10th, 12th


@pytest.mark.django_db
def test_a_schedule_for_a_known_year_overrides_only_the_days_it_names(
    personas: dict[str, Any],
) -> None:
    enter_schedule(personas["admin"], 2026, "2026-10-09 休 更正", "更正通知")

    assert not is_working_day(date(2026, 10, 9))
    assert is_working_day(date(2026, 10, 10))  # still the library's make-up Saturday
    assert not is_working_day(date(2026, 10, 7))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (at(2026, 2, 13), at(2026, 2, 25), 3),  # Sat 14, Tue 24, Wed 25
        (at(2026, 2, 13), at(2026, 2, 23, 18), 1),
        (at(2026, 9, 18), at(2026, 10, 12), 12),
        (at(2026, 2, 13, 9), at(2026, 2, 13, 18), 0),  # same day
        (at(2026, 2, 25), at(2026, 2, 13), 0),  # end before start
        (at(2026, 12, 30), at(2027, 1, 4), 3),  # 31, Fri 2027-01-01 (unknown year), Mon 4
    ],
)
def test_working_days_between(start: datetime, end: datetime, count: int) -> None:
    assert working_days_between(start, end) == count


@pytest.mark.django_db
def test_working_days_between_agrees_with_the_deadline() -> None:
    start = at(2026, 9, 18, 17)
    for days in (1, 3, 10, 25):
        assert working_days_between(start, add_working_days(start, days).at) == days


@pytest.mark.django_db
def test_query_counts(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):  # overrides only: the library knows 2026
        add_working_days(at(2026, 2, 13), 20)
    with django_assert_num_queries(2):  # overrides, and whether 2027 was entered
        add_working_days(at(2026, 12, 28), 20)
    with django_assert_num_queries(1):
        working_days_between(at(2026, 1, 1), at(2027, 6, 30))


@pytest.mark.django_db
def test_a_long_run_of_days_off_loads_more_overrides() -> None:
    # Two months off run past the first stretch of overrides loaded; then Labour Day 05-01..05-05.
    CalendarDay.objects.bulk_create(
        CalendarDay(date=date.fromordinal(date(2026, 3, 1).toordinal() + i), kind="holiday")
        for i in range(60)
    )
    assert add_working_days(at(2026, 2, 28), 1).at == end_of(2026, 4, 30)
    assert add_working_days(at(2026, 2, 28), 2).at == end_of(2026, 5, 6)


# --- entering a schedule ---------------------------------------------------------------------


@pytest.mark.django_db
def test_enter_schedule_writes_the_days_the_year_and_an_audit_entry(
    personas: dict[str, Any],
) -> None:
    admin = personas["admin"]
    calendar_year = enter_schedule(admin, 2027, SCHEDULE_2027, " 测试通知 ")

    assert (calendar_year.year, calendar_year.source, calendar_year.entered_by) == (
        2027,
        "测试通知",
        admin,
    )
    days = {d.date: (d.kind, d.name) for d in CalendarDay.objects.all()}
    assert len(days) == 3 + 7 + 1 + 7 + 1
    assert days[date(2027, 2, 14)] == ("workday", "春节调休")
    assert days[date(2027, 10, 3)] == ("holiday", "National Day")
    assert days[date(2027, 9, 26)] == ("workday", "")
    entry = AuditLog.objects.get(action="core.calendar_schedule")
    assert entry.actor == admin
    assert entry.object_id == str(calendar_year.pk)
    assert entry.after["days"]["2027-02-14"] == "workday 春节调休"


@pytest.mark.django_db
def test_entering_a_year_again_replaces_its_days(personas: dict[str, Any]) -> None:
    admin = personas["admin"]
    CalendarDay.objects.create(date=date(2026, 12, 31), kind="holiday")
    enter_schedule(admin, 2027, SCHEDULE_2027, "第一版")
    enter_schedule(admin, 2027, "2027-02-05..2027-02-11 休 春节", "第二版")

    assert CalendarYear.objects.get().source == "第二版"
    assert [d.date for d in CalendarDay.objects.filter(date__year=2027)] == [
        date(2027, 2, d) for d in range(5, 12)
    ]
    assert CalendarDay.objects.filter(date=date(2026, 12, 31)).exists()  # other years untouched
    second = AuditLog.objects.filter(action="core.calendar_schedule").order_by("id").last()
    assert second.before["source"] == "第一版"
    assert second.before["days"]["2027-02-12"] == "holiday 春节"
    assert "2027-02-12" not in second.after["days"]
    assert second.after["days"]["2027-02-05"] == "holiday 春节"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("2027-01-01 休 元旦\n2027-02-30 休 春节", "Line 2"),  # no such day
        ("2027-01-01 休 元旦\n\n2027/02/06 休 春节", "Line 3"),
        ("2027-01-01 休 元旦\n2026-12-31..2027-01-02 休 元旦", "Line 2"),  # outside the year
        ("2027-01-01 休 元旦\n2027-02-14 上班", "Line 2"),  # unknown kind
        ("2027-02-14", "Line 1"),  # no kind
        ("2027-02-12..2027-02-06 休", "Line 1"),  # backwards
        ("2027-02-06..2027-02-12 休\n2027-02-12 班", "Line 2"),  # twice
        ("2027-02-06..2027-02-08..2027-02-12 休", "Line 1"),
        ("2027-02-06 休 " + "长" * 61, "Line 1"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(
    personas: dict[str, Any], english: Any, text: str, line: str
) -> None:
    enter_schedule(personas["admin"], 2027, "2027-05-01 休 劳动节", "旧通知")
    with pytest.raises(ActionError) as caught:
        enter_schedule(personas["admin"], 2027, text, "新通知")

    assert caught.value.message.startswith(f"{line}:")
    assert CalendarYear.objects.get().source == "旧通知"
    assert [d.date for d in CalendarDay.objects.all()] == [date(2027, 5, 1)]
    assert AuditLog.objects.filter(action="core.calendar_schedule").count() == 1


@pytest.mark.django_db
def test_every_bad_line_is_reported(personas: dict[str, Any], english: Any) -> None:
    with pytest.raises(ActionError) as caught:
        enter_schedule(personas["admin"], 2027, "x 休\n2027-01-01 休\n2027-01-02 ?", "通知")
    assert [e.split(":")[0] for e in caught.value.errors] == ["Line 1", "Line 3"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "text", "source"),
    [
        (2027, "", "通知"),  # empty
        (2027, "# only a comment\n\n", "通知"),
        (2027, "2027-01-01 休", "  "),  # no source
        (1999, "1999-01-01 休", "通知"),
    ],
)
def test_an_incomplete_request_writes_nothing(
    personas: dict[str, Any], year: int, text: str, source: str
) -> None:
    with pytest.raises(ActionError):
        enter_schedule(personas["admin"], year, text, source)
    assert not CalendarYear.objects.exists()
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["reviewer", "clerk", "leader", "resident"])
def test_only_administrators_enter_a_schedule(personas: dict[str, Any], persona: str) -> None:
    with pytest.raises(NotAllowed):
        enter_schedule(personas[persona], 2027, SCHEDULE_2027, "通知")
    assert not CalendarYear.objects.exists()
    assert not CalendarDay.objects.exists()


def test_a_schedule_reads_back_as_entered() -> None:
    days = parse_schedule(2027, SCHEDULE_2027)
    rows = [CalendarDay(date=d, kind=s.kind, name=s.name) for d, s in sorted(days.items())]
    assert format_schedule(rows) == [
        "2027-01-01..2027-01-03 休 元旦",
        "2027-02-06..2027-02-12 休 春节",
        "2027-02-14 班 春节调休",
        "2027-09-26 班",
        "2027-10-01..2027-10-07 休 National Day",
    ]
    again = parse_schedule(2027, "\n".join(format_schedule(rows)))
    assert {d: (s.kind, s.name) for d, s in again.items()} == {
        d: (s.kind, s.name) for d, s in days.items()
    }


# --- telling the apps ------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_changed_is_sent_on_commit(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    received: list[set[int]] = []

    def receiver(sender: Any, years: set[int], **kwargs: Any) -> None:
        received.append(years)

    calendar_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            enter_schedule(personas["admin"], 2027, SCHEDULE_2027, "通知")
        assert received == []  # not before the schedule is committed
        for callback in callbacks:
            callback()
    finally:
        calendar_changed.disconnect(receiver)
    assert received == [{2027}]


@pytest.mark.django_db
def test_a_failing_receiver_is_logged_and_does_not_stop_the_others(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    received: list[set[int]] = []

    def broken(sender: Any, years: set[int], **kwargs: Any) -> None:
        raise RuntimeError("boom")

    def working(sender: Any, years: set[int], **kwargs: Any) -> None:
        received.append(years)

    calendar_changed.connect(broken)
    calendar_changed.connect(working)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enter_schedule(personas["admin"], 2027, SCHEDULE_2027, "通知")
    finally:
        calendar_changed.disconnect(broken)
        calendar_changed.disconnect(working)
    assert received == [{2027}]
    assert "calendar_changed receiver" in caplog.text


@pytest.mark.django_db
def test_a_failed_schedule_sends_nothing(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ActionError):
        enter_schedule(personas["admin"], 2027, "2027-13-01 休", "通知")
    assert callbacks == []


# --- the page --------------------------------------------------------------------------------


@pytest.fixture
def this_year() -> int:
    return timezone.localdate().year


@pytest.mark.django_db
def test_the_page_shows_each_year_for_an_administrator(
    client_for: Any, this_year: int, django_assert_max_num_queries: Any
) -> None:
    client = client_for("admin")
    with django_assert_max_num_queries(6):
        response = client.get("/calendar/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    for year in (this_year, this_year + 1, this_year + 2):
        assert f'data-year="{year}"' in page
    assert "<textarea" in page
    assert "provisional" in page  # the library knows only until 2026


@pytest.mark.django_db
def test_a_reviewer_sees_the_calendar_but_cannot_enter_a_schedule(
    client_for: Any, personas: dict[str, Any], this_year: int
) -> None:
    enter_schedule(personas["admin"], this_year + 1, f"{this_year + 1}-01-01 休 元旦", "通知甲")
    client = client_for("reviewer")
    page = client.get("/calendar/").content.decode()

    assert "通知甲" in page
    assert f"{this_year + 1}-01-01 休 元旦" in page
    assert "<textarea" not in page
    response = client.post(
        "/calendar/", {"year": this_year + 1, "source": "x", "text": f"{this_year + 1}-05-01 休"}
    )
    assert response.status_code == 403
    assert CalendarYear.objects.get().source == "通知甲"


@pytest.mark.django_db
def test_residents_and_strangers_are_kept_out(client_for: Any, client: Any) -> None:
    assert client_for("resident").get("/calendar/").status_code == 403
    assert client.get("/calendar/").status_code == 302


@pytest.mark.django_db
def test_an_administrator_enters_a_schedule_on_the_page(client_for: Any) -> None:
    response = client_for("admin").post(
        "/calendar/", {"year": 2027, "source": "测试通知", "text": SCHEDULE_2027}
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get().year == 2027
    assert CalendarDay.objects.count() == 19


@pytest.mark.django_db
def test_a_bad_schedule_on_the_page_shows_the_error_and_keeps_the_text(client_for: Any) -> None:
    text = "2027-01-01 休 元旦\n2027-02-30 休 春节"
    response = client_for("admin").post(
        "/calendar/",
        {"year": 2027, "source": "测试通知", "text": text},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2:" in page
    assert "2027-02-30 休 春节</textarea>" in page
    assert 'value="测试通知"' in page
    assert not CalendarYear.objects.exists()
