"""Application deadlines (限时办结) across the Spring Festival, National Day and make-up workdays.

The expected dates are written out from the State Council's notices:

* 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号): Spring Festival off Tue
  01-28 to Tue 02-04, worked Sun 01-26 and Sat 02-08; National Day and Mid-autumn off 10-01 to
  10-08, worked Sun 09-28 and Sat 10-11.
* 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号): Spring Festival off Sun
  02-15 to Mon 02-23, worked Sat 02-14 and Sat 02-28; Mid-autumn off 09-25 to 09-27; National Day
  off 10-01 to 10-07, worked Sun 09-20 and Sat 10-10.

Each is also counted again day by day with ``chinese_calendar.is_workday`` itself: the oracle is
the library, not :mod:`civicgrid.core.workdays`. The calendar functions have their own tests in
``civicgrid/core/tests/test_workdays.py``; these are about applications and their parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from django.utils import timezone

from civicgrid.core.calendar_actions import enter_schedule
from civicgrid.core.workdays import Due, add_working_days
from civicgrid.govservices import deadlines
from civicgrid.govservices.actions import applications as intake
from civicgrid.govservices.actions import parts as back_office
from civicgrid.govservices.actions.applications import Submission, submit_application
from civicgrid.govservices.models import Application, ApplicationState, Part, PartState
from civicgrid.registry.tests.fixtures import id_number

from .fixtures import image_upload, pdf_upload

BEIJING = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)
ID_CARD_VALUES = {"reason": "到期", "copies": "1"}
ALLOWANCE_VALUES = {"bank": "6222"}


def at(
    year: int, month: int, day: int, hour: int = 10, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=BEIJING)


def start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=BEIJING)


@contextmanager
def travel(moment: datetime) -> Iterator[datetime]:
    """Run the enclosed actions at ``moment`` (``timezone.now()`` returns it, frozen)."""
    with time_machine.travel(moment, tick=False):
        assert timezone.now() == moment
        yield moment


# --- the oracle: chinese_calendar, day by day ---------------------------------------------------


def _local(moment: datetime) -> date:
    return moment.astimezone(BEIJING).date()


def library_deadline(start: datetime, days: int) -> date:
    """The ``days``-th day after ``start``'s Beijing date that the library calls a workday."""
    day = _local(start)
    while days > 0:
        day += ONE_DAY
        if chinese_calendar.is_workday(day):
            days -= 1
    return day


def library_count(start: datetime, end: datetime) -> int:
    """Library workdays after ``start``'s Beijing date, up to and including ``end``'s."""
    first, last = _local(start) + ONE_DAY, _local(end)
    return sum(
        chinese_calendar.is_workday(first + ONE_DAY * i) for i in range((last - first).days + 1)
    )


def library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def oracle_is_workday(day: date, overrides: dict[date, bool]) -> bool:
    """An administrator's day first, then the library if it knows the year, then Mon–Fri."""
    if day in overrides:
        return overrides[day]
    if library_knows(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def oracle_deadline(start: datetime, days: int, overrides: dict[date, bool] | None = None) -> date:
    day = _local(start)
    while days > 0:
        day += ONE_DAY
        if oracle_is_workday(day, overrides or {}):
            days -= 1
    return day


# --- driving the actions --------------------------------------------------------------------------


def submit(catalog: Any, applicant: Any, target: str, *, complete: bool = True) -> Application:
    """The resident applies online; ``complete=False`` leaves out the required material."""
    if target == "id_card":
        material, upload, values = "证件照片", image_upload, ID_CARD_VALUES
    else:
        material, upload, values = "银行卡复印件", pdf_upload, ALLOWANCE_VALUES
    item = getattr(catalog, target)
    files = {catalog.material(item, material).pk: [upload()]} if complete else {}
    application, created = submit_application(applicant, Submission(item, dict(values), files))
    assert created
    return application


def resubmit(catalog: Any, applicant: Any, application: Application) -> None:
    if application.item_id == catalog.id_card.pk:
        files = {catalog.material(catalog.id_card, "证件照片").pk: [image_upload()]}
    else:
        files = {catalog.material(catalog.allowance, "银行卡复印件").pk: [pdf_upload()]}
    intake.resubmit_application(applicant, application, files=files)


def ask_for_the_bank_card(catalog: Any, clerk: Any, application: Application) -> None:
    card = catalog.material(catalog.allowance, "银行卡复印件")
    intake.request_supplement(clerk, application, problems={card.pk: "看不清"})


def fresh(row: Any) -> Any:
    row.refresh_from_db()
    return row


def decide(part: Part, approver: Any, *, approve: bool = True) -> None:
    back_office.take_up_part(approver, part)
    while not part.last_step:
        back_office.complete_step(approver, part)
    back_office.decide_part(approver, part, approve=approve, note="" if approve else "不符")


# === 1. due dates across the holidays, checked against the notices and the library =============

CASES = [
    # 2025 Spring Festival: off Tue 01-28 .. Tue 02-04, worked Sun 01-26 and Sat 02-08.
    ("2025 make-up Sunday counts", at(2025, 1, 24), 1, date(2025, 1, 26)),
    ("2025 last day before the festival", at(2025, 1, 24), 2, date(2025, 1, 27)),
    ("2025 eight days off skipped", at(2025, 1, 24), 3, date(2025, 2, 5)),
    ("2025 make-up Saturday after", at(2025, 1, 24), 6, date(2025, 2, 8)),
    ("2025 from the eve of the festival", at(2025, 1, 27, 16), 3, date(2025, 2, 7)),
    ("2025 from the eve, into the make-up Saturday", at(2025, 1, 27, 16), 4, date(2025, 2, 8)),
    ("2025 start on a festival day", at(2025, 1, 30), 1, date(2025, 2, 5)),
    ("2025 start on a plain Saturday", at(2025, 1, 25, 9), 1, date(2025, 1, 26)),
    ("2025 start late on the make-up Sunday", at(2025, 1, 26, 23, 59, 59), 1, date(2025, 1, 27)),
    # 00:30 in Beijing on Mon 01-27 is still Sunday in UTC: the Beijing date is the one that counts.
    (
        "2025 just after midnight, given in UTC",
        datetime(2025, 1, 26, 16, 30, tzinfo=UTC),
        1,
        date(2025, 2, 5),
    ),
    # 2026 Spring Festival: off Sun 02-15 .. Mon 02-23, worked Sat 02-14 and Sat 02-28.
    ("2026 make-up Saturday, then nine days off", at(2026, 2, 12), 3, date(2026, 2, 24)),
    ("2026 start late on the make-up Saturday", at(2026, 2, 14, 23, 30), 1, date(2026, 2, 24)),
    ("2026 start on a festival day", at(2026, 2, 15), 5, date(2026, 2, 28)),
    ("2026 make-up Saturday after", at(2026, 2, 27, 17), 1, date(2026, 2, 28)),
    # 2025 National Day and Mid-autumn: off 10-01 .. 10-08, worked Sun 09-28 and Sat 10-11.
    ("2025 make-up Sunday before", at(2025, 9, 26), 1, date(2025, 9, 28)),
    ("2025 up to the eve of National Day", at(2025, 9, 26), 3, date(2025, 9, 30)),
    ("2025 eight days off skipped", at(2025, 9, 26), 4, date(2025, 10, 9)),
    ("2025 twenty days over the holiday", at(2025, 9, 26), 20, date(2025, 10, 30)),
    ("2025 start late on the eve", at(2025, 9, 30, 23, 59), 1, date(2025, 10, 9)),
    ("2025 start on a holiday, into the make-up Saturday", at(2025, 10, 4), 3, date(2025, 10, 11)),
    # 2026: Mid-autumn off 09-25 .. 09-27; National Day off 10-01 .. 10-07, worked Sun 09-20 and
    # Sat 10-10.
    ("2026 start on a plain Saturday, make-up Sunday", at(2026, 9, 19), 1, date(2026, 9, 20)),
    ("2026 over Mid-autumn and National Day", at(2026, 9, 23), 5, date(2026, 10, 8)),
    ("2026 start late, make-up Saturday", at(2026, 10, 9, 22), 1, date(2026, 10, 10)),
    ("2026 start on a holiday", at(2026, 10, 3), 5, date(2026, 10, 13)),
]


@pytest.mark.parametrize(
    ("start", "days", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
@pytest.mark.django_db
def test_due_date_is_the_notices_and_the_librarys(
    start: datetime, days: int, expected: date
) -> None:
    assert library_deadline(start, days) == expected  # the notice and the library agree
    due = add_working_days(start, days)
    assert due == Due(at=end_of(expected), provisional=False)
    fields = deadlines.clock(start, days)
    assert fields["due_at"] == due.at
    assert fields["due_provisional"] is False
    assert (fields["soon_due"], fields["overdue"]) == (False, False)
    # Watched from the first moment of the last working day (the deadline's own day).
    assert fields["watch_at"] == start_of(expected)


@pytest.mark.parametrize(
    ("day", "working", "name"),
    [
        (date(2025, 1, 26), True, "Spring Festival"),  # 国办发明电〔2024〕12号: 1月26日（周日）上班
        (date(2025, 2, 4), False, "Spring Festival"),
        (date(2025, 2, 8), True, "Spring Festival"),  # 2月8日（周六）上班
        (date(2025, 9, 28), True, "National Day"),  # 9月28日（周日）上班
        (date(2025, 10, 8), False, "National Day"),
        (date(2025, 10, 11), True, "National Day"),  # 10月11日（周六）上班
        (date(2026, 2, 14), True, "Spring Festival"),  # 国办发明电〔2025〕7号: 2月14日（周六）上班
        (date(2026, 2, 23), False, "Spring Festival"),
        (date(2026, 9, 20), True, "National Day"),  # 9月20日（周日）上班
        (date(2026, 10, 10), True, "National Day"),  # 10月10日（周六）上班
    ],
)
def test_the_oracle_carries_the_notices_days(day: date, working: bool, name: str) -> None:
    assert chinese_calendar.is_workday(day) is working
    assert chinese_calendar.get_holiday_detail(day)[1] == name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "submitted", "expected"),
    [
        ("id_card", at(2025, 1, 24, 15), date(2025, 2, 5)),  # 3 days: Sun 26, Mon 27, Wed 02-05
        ("allowance", at(2025, 1, 24, 15), date(2025, 2, 7)),  # 5 days
        ("allowance", at(2025, 9, 26, 9), date(2025, 10, 10)),  # 28, 29, 30, 10-09, 10-10
        ("id_card", at(2026, 2, 13, 18), date(2026, 2, 25)),  # Sat 14, Tue 24, Wed 25
    ],
)
def test_submission_starts_the_clock_with_the_items_promise(
    catalog: Any, applicant: Any, target: str, submitted: datetime, expected: date
) -> None:
    with travel(submitted):
        application = submit(catalog, applicant, target)
    application = fresh(application)
    promised = getattr(catalog, target).promised_days
    assert application.promised_days == promised
    assert application.clock_started_at == submitted == application.submitted_at
    assert application.days_used == 0
    assert application.due_at == end_of(expected) == end_of(library_deadline(submitted, promised))
    assert application.due_provisional is False
    assert application.watch_at == start_of(expected)


# === 2. pauses: the one-time notice stops the clock, resubmission restarts it ===================


@pytest.mark.django_db
def test_a_notice_before_the_spring_festival_pauses_until_resubmission_after_it(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    clerk = personas["clerk"]
    with travel(at(2025, 1, 22, 10)) as submitted:  # Wednesday; 高龄津贴 promises 5 days
        application = submit(catalog, applicant, "allowance", complete=False)
    # Thu 23, Fri 24, Sun 26 (make-up), Mon 27, then Wed 02-05 after the festival.
    assert fresh(application).due_at == end_of(date(2025, 2, 5))

    with travel(at(2025, 1, 24, 11)) as noticed:  # Friday: the one-time notice
        ask_for_the_bank_card(catalog, clerk, application)
    application = fresh(application)
    assert application.state == ApplicationState.SUPPLEMENT_REQUESTED
    assert application.days_used == 2 == library_count(submitted, noticed)  # Thu 23, Fri 24
    assert (application.due_at, application.watch_at) == (None, None)
    assert application.due_provisional is False

    with travel(at(2025, 2, 5, 15)) as resubmitted:  # the first working day after the festival
        resubmit(catalog, applicant, application)
    application = fresh(application)
    assert application.state == ApplicationState.SUBMITTED
    assert application.clock_started_at == resubmitted
    assert application.days_used == 2
    # Three days left from Wed 02-05: Thu 06, Fri 07 and the make-up Saturday 08.
    assert application.due_at == end_of(date(2025, 2, 8))
    assert application.due_at == end_of(library_deadline(resubmitted, 5 - 2))
    assert application.watch_at == start_of(date(2025, 2, 8))


@pytest.mark.django_db
def test_several_pauses_add_up(catalog: Any, applicant: Any, personas: dict[str, Any]) -> None:
    clerk = personas["clerk"]
    steps = [
        # (moment, action, days_used after it, due date after it or None while paused)
        (at(2025, 1, 20, 10), "submit", 0, date(2025, 1, 26)),  # 21 22 23 24 Sun-26
        (at(2025, 1, 22, 10), "notice", 2, None),  # Tue 21, Wed 22
        (at(2025, 1, 23, 9), "resubmit", 2, date(2025, 1, 27)),  # 3 left: Fri 24, Sun 26, Mon 27
        (at(2025, 1, 26, 10), "notice", 4, None),  # + Fri 24, Sun 26 (the window works)
        (at(2025, 2, 6, 10), "resubmit", 4, date(2025, 2, 7)),  # 1 left: Fri 02-07
        (at(2025, 2, 7, 9), "notice", 5, None),  # + Fri 02-07: the whole promise is spent
    ]
    application: Application | None = None
    clock_started = None
    used = 0
    for moment, action, days_used, due in steps:
        with travel(moment):
            if action == "submit":
                application = submit(catalog, applicant, "allowance", complete=False)
            elif action == "notice":
                ask_for_the_bank_card(catalog, clerk, application)
            else:
                resubmit(catalog, applicant, application)
        application = fresh(application)
        # The oracle: working days spent while the clock ran, added up over the pauses.
        if action == "notice":
            used += library_count(clock_started, moment)
        else:
            clock_started = moment
        assert application.days_used == days_used == used, (moment, action)
        if due is None:
            assert application.due_at is None and application.watch_at is None
        else:
            assert application.due_at == end_of(due) == end_of(library_deadline(moment, 5 - used))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("noticed", "resubmitted"),
    [
        (at(2025, 9, 25, 11), at(2025, 9, 25, 16)),  # on the day of submission
        (at(2025, 9, 28, 9), at(2025, 9, 28, 17)),  # on the make-up Sunday
    ],
)
def test_a_pause_that_starts_and_ends_the_same_day_costs_nothing(
    catalog: Any,
    applicant: Any,
    personas: dict[str, Any],
    noticed: datetime,
    resubmitted: datetime,
) -> None:
    with travel(at(2025, 9, 25, 10)):  # Thursday; 居民身份证换领 promises 3 days
        application = submit(catalog, applicant, "id_card", complete=False)
    unpaused = fresh(application).due_at
    assert unpaused == end_of(date(2025, 9, 29))  # Fri 26, Sun 28 (make-up), Mon 29

    with travel(noticed):
        intake.request_supplement(personas["clerk"], application, problems={})
    with travel(resubmitted):
        resubmit(catalog, applicant, application)
    application = fresh(application)
    assert application.days_used == library_count(at(2025, 9, 25, 10), noticed)
    assert application.due_at == unpaused


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("noticed", "days_used"),
    [
        (at(2025, 1, 26, 10), 3),  # Thu 23, Fri 24, Sun 26: the promise is used up exactly
        (at(2025, 1, 27, 10), 4),  # and one day beyond it
    ],
)
def test_resubmission_after_the_promise_ran_out_is_due_that_day_then_overdue(
    catalog: Any, applicant: Any, personas: dict[str, Any], noticed: datetime, days_used: int
) -> None:
    clerk = personas["clerk"]
    with travel(at(2025, 1, 22, 10)):
        application = submit(catalog, applicant, "id_card", complete=False)
    assert fresh(application).due_at == end_of(date(2025, 1, 26))
    with travel(noticed):
        intake.request_supplement(clerk, application, problems={})
    assert fresh(application).days_used == days_used

    with travel(at(2025, 2, 6, 10)) as resubmitted:
        resubmit(catalog, applicant, application)
    application = fresh(application)
    assert application.due_at == end_of(date(2025, 2, 6))
    assert application.due_provisional is False
    assert application.watch_at == resubmitted  # watched at once

    deadlines.watch_deadlines(at(2025, 2, 6, 23, 59, 58))
    assert not fresh(application).overdue  # the rest of the day is still the window's
    assert deadlines.watch_deadlines(at(2025, 2, 7, 0, 0))["overdue"] == 1
    application = fresh(application)
    assert application.overdue and application.watch_at is None


# === 3. parts: their own clocks from acceptance =============================================


@pytest.mark.django_db
def test_parts_accepted_before_national_day_count_their_own_promise_from_acceptance(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    values = {"child_name": "李小宝", "weight": "3200", "other_parent_id": id_number()}
    files = {
        catalog.material(catalog.birth, "出生医学证明").pk: [pdf_upload()],
        catalog.material(catalog.birth, "结婚证").pk: [pdf_upload()],
    }
    with travel(at(2025, 9, 26, 16)) as submitted:  # Friday; the bundle promises 5 days
        application, _ = submit_application(applicant, Submission(catalog.birth, values, files))
    with travel(at(2025, 9, 28, 10)) as accepted:  # the make-up Sunday
        intake.accept_application(personas["clerk"], application)

    application = fresh(application)
    # The application's own clock still runs from submission: 28, 29, 30, 10-09, 10-10.
    assert application.due_at == end_of(date(2025, 10, 10))
    assert application.due_at == end_of(library_deadline(submitted, 5))
    parts = {p.item_id: p for p in application.parts.all()}
    id_card, allowance = parts[catalog.id_card.pk], parts[catalog.allowance.pk]
    for part in (id_card, allowance):
        assert part.state == PartState.ACCEPTED and part.started_at == accepted
        assert part.due_at == end_of(library_deadline(accepted, part.item.promised_days))
        assert part.due_provisional is False
    assert id_card.due_at == end_of(date(2025, 10, 9))  # 3 days: Mon 29, Tue 30, Thu 10-09
    assert allowance.due_at == end_of(date(2025, 10, 11))  # 5 days, the last the make-up Saturday

    with travel(at(2025, 10, 9, 11)) as decided:
        decide(id_card, personas["approver"])
    id_card = fresh(id_card)
    assert id_card.state == PartState.APPROVED and id_card.decided_at == decided
    assert id_card.days_taken == 3 == library_count(accepted, decided)
    assert id_card.watch_at is None
    assert fresh(application).watch_at is not None  # the other part is still open

    with travel(at(2025, 10, 11, 9)) as decided:  # worked on the make-up Saturday
        decide(allowance, personas["other_approver"])
    allowance = fresh(allowance)
    assert allowance.days_taken == 5 == library_count(accepted, decided)
    assert fresh(application).watch_at is None  # every part decided: the clock stops


@pytest.mark.django_db
def test_a_later_stage_starts_its_clock_when_the_earlier_one_is_decided(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    files = {catalog.material(catalog.chain, "申请书").pk: [pdf_upload()]}
    with travel(at(2025, 9, 30, 9)) as submitted:  # the eve of National Day; chain promises 8
        application, _ = submit_application(applicant, Submission(catalog.chain, {}, files))
    with travel(at(2025, 9, 30, 10)) as accepted:
        intake.accept_application(personas["clerk"], application)
    first, second = application.parts.order_by("stage")
    assert first.due_at == end_of(date(2025, 10, 11))  # 10-09, 10-10, the make-up Saturday
    assert first.due_at == end_of(library_deadline(accepted, 3))
    assert second.state == PartState.WAITING
    assert (second.started_at, second.due_at, second.watch_at) == (None, None, None)

    with travel(at(2025, 10, 10, 15)) as decided:
        decide(first, personas["approver"])
    assert fresh(first).days_taken == 2 == library_count(accepted, decided)
    second = fresh(second)
    assert second.state == PartState.ACCEPTED and second.started_at == decided
    # 高龄津贴's 5 days from Fri 10-10: Sat 11 (make-up), Mon 13 .. Thu 16.
    assert second.due_at == end_of(date(2025, 10, 16))
    assert second.due_at == end_of(library_deadline(decided, 5))
    assert second.watch_at == start_of(date(2025, 10, 16))
    application = fresh(application)  # 8 days from 09-30: 10-09 .. 10-17
    assert application.due_at == end_of(date(2025, 10, 17))
    assert application.due_at == end_of(library_deadline(submitted, 8))


# === 4. provisional deadlines in a year whose schedule is not known yet ======================


@pytest.fixture
def unknown_year() -> int:
    """The first year from this one on that chinese_calendar does not know (2027 with 1.11.0)."""
    this_year = timezone.localdate().year
    return next(y for y in range(this_year, this_year + 100) if not library_knows(y))


def made_up_schedule(year: int) -> tuple[str, dict[date, bool]]:
    """A schedule for ``year`` (made up: the real one is not in the library) whose first week is
    off and whose first weekend day after it is worked; its text and its days."""
    first_week = [date(year, 1, 1) + ONE_DAY * i for i in range(7)]
    weekend = next(
        d for d in (date(year, 1, 8) + ONE_DAY * i for i in range(7)) if d.weekday() >= 5
    )
    text = f"{year}-01-01..{year}-01-07 休 元旦（测试）\n{weekend.isoformat()} 班 调休（测试）\n"
    return text, {**dict.fromkeys(first_week, False), weekend: True}


def new_year_eve_week(year: int) -> datetime:
    """10:00 on 28 December of the year before ``year``: five working days always reach into
    ``year`` (29–31 December hold three at most)."""
    return at(year - 1, 12, 28)


@pytest.mark.django_db
def test_a_clock_into_an_unknown_year_is_provisional_and_recomputed_once_the_year_is_entered(
    catalog: Any,
    applicant: Any,
    personas: dict[str, Any],
    unknown_year: int,
    django_capture_on_commit_callbacks: Any,
) -> None:
    year = unknown_year
    with travel(new_year_eve_week(year)) as started:
        application = submit(catalog, applicant, "allowance")  # 5 days
        intake.accept_application(personas["clerk"], application)
    application = fresh(application)
    part = application.parts.get()

    weekdays_due = oracle_deadline(started, 5)  # plain Monday–Friday in the unknown year
    assert weekdays_due.year == year
    for row in (application, part):
        assert row.due_provisional is True
        assert row.due_at == end_of(weekdays_due)
        assert row.watch_at == start_of(weekdays_due)
    assert deadlines.clock(started, 5)["due_provisional"] is True

    text, entered = made_up_schedule(year)
    with (
        travel(at(year - 1, 12, 29, 9)),
        django_capture_on_commit_callbacks(execute=True),  # calendar_changed → recompute
    ):
        enter_schedule(personas["admin"], year, text, "测试通知")

    final_due = oracle_deadline(started, 5, entered)
    assert final_due > weekdays_due  # the entered week off falls inside: the deadline moves
    for row in (fresh(application), fresh(part)):
        assert row.due_provisional is False
        assert row.due_at == end_of(final_due)
        assert row.watch_at == start_of(final_due)
        assert not row.soon_due and not row.overdue


@pytest.mark.django_db
def test_a_case_already_overdue_stays_overdue_when_its_deadline_moves(
    catalog: Any,
    applicant: Any,
    personas: dict[str, Any],
    unknown_year: int,
    django_capture_on_commit_callbacks: Any,
) -> None:
    year = unknown_year
    with travel(new_year_eve_week(year)) as started:
        application = submit(catalog, applicant, "allowance")
    weekdays_due = end_of(oracle_deadline(started, 5))
    assert fresh(application).due_at == weekdays_due
    counts = deadlines.watch_deadlines(weekdays_due + timedelta(seconds=1))
    assert counts["overdue"] == 1
    assert fresh(application).overdue

    text, entered = made_up_schedule(year)
    with (
        travel(weekdays_due + timedelta(hours=10)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enter_schedule(personas["admin"], year, text, "测试通知")
    application = fresh(application)
    assert application.due_provisional is False
    assert application.due_at == end_of(oracle_deadline(started, 5, entered)) > weekdays_due
    assert application.overdue and application.watch_at is None
    assert deadlines.watch_deadlines(application.due_at + ONE_DAY) == {"soon_due": 0, "overdue": 0}


@pytest.mark.django_db
def test_a_decided_application_is_not_watched_again_after_the_schedule_is_entered(
    catalog: Any,
    applicant: Any,
    personas: dict[str, Any],
    unknown_year: int,
    django_capture_on_commit_callbacks: Any,
) -> None:
    year = unknown_year
    with travel(new_year_eve_week(year)):
        application = submit(catalog, applicant, "allowance")
        intake.accept_application(personas["clerk"], application)
    with travel(at(year - 1, 12, 29, 11)):
        decide(application.parts.get(), personas["other_approver"])
    application = fresh(application)
    assert application.state == ApplicationState.ACCEPTED and application.watch_at is None

    text, _entered = made_up_schedule(year)
    with travel(at(year - 1, 12, 30, 9)), django_capture_on_commit_callbacks(execute=True):
        enter_schedule(personas["admin"], year, text, "测试通知")

    # Finished work is never flagged: a tick long after the (moved) deadline leaves it alone.
    assert deadlines.watch_deadlines(at(year, 3, 1)) == {"soon_due": 0, "overdue": 0}
    application = fresh(application)
    assert not application.soon_due and not application.overdue
    assert application.watch_at is None
