"""The periodic watch of deadlines (限时办结): due soon on the last working day, then overdue.

Dates follow the State Council's 2025 schedule (国办发明电〔2024〕12号): National Day and
Mid-autumn off 10-01 to 10-08, worked Sun 09-28 and Sat 10-11.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from civicgrid.accounts.models import Role, User
from civicgrid.core.models import Notification, TimelineEntry
from civicgrid.govservices import deadlines
from civicgrid.govservices.actions import applications as intake
from civicgrid.govservices.actions import parts as back_office
from civicgrid.govservices.actions.applications import Submission, submit_application
from civicgrid.govservices.models import Application, Part, ServiceItem

from .fixtures import image_upload

BEIJING = ZoneInfo("Asia/Shanghai")
VALUES = {"reason": "到期", "copies": "1"}
NOTHING = {"soon_due": 0, "overdue": 0}

pytestmark = pytest.mark.django_db


def at(
    year: int, month: int, day: int, hour: int = 10, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)


def end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=BEIJING)


@contextmanager
def travel(moment: datetime) -> Iterator[datetime]:
    with time_machine.travel(moment, tick=False):
        yield moment


def submit_id_card(catalog: Any, applicant: Any, *, photo: bool = True) -> Application:
    """居民身份证换领 (promised 3 working days), applied for online by the resident."""
    files = {catalog.material(catalog.id_card, "证件照片").pk: [image_upload()]} if photo else {}
    application, _ = submit_application(applicant, Submission(catalog.id_card, VALUES, files))
    return application


def resubmit_photo(catalog: Any, applicant: Any, application: Application) -> None:
    photo = catalog.material(catalog.id_card, "证件照片")
    intake.resubmit_application(applicant, application, files={photo.pk: [image_upload()]})


def notices(user: Any, row: Application | Part) -> list[Notification]:
    application = row if isinstance(row, Application) else row.application
    return list(
        Notification.objects.filter(
            recipient=user,
            object_type="govservices.application",
            object_id=str(application.pk),
            url=f"/services/applications/{application.number}/",
        )
    )


def fresh(row: Any) -> Any:
    row.refresh_from_db()
    return row


@pytest.fixture
def clerk_owned(catalog: Any, applicant: Any, personas: dict[str, Any]) -> Application:
    """An application the clerk owns (首问负责) and whose clock restarted on Wed 2025-09-24 at
    15:00 with all 3 days left: Thu 25, Fri 26, Sun 28 (make-up workday). Due Sun 09-28."""
    with travel(at(2025, 9, 24, 10)):
        application = submit_id_card(catalog, applicant, photo=False)
    with travel(at(2025, 9, 24, 11)):
        intake.request_supplement(personas["clerk"], application, problems={})
    with travel(at(2025, 9, 24, 15)):
        resubmit_photo(catalog, applicant, application)
    application = fresh(application)
    assert application.due_at == end_of(date(2025, 9, 28))
    assert application.responsible_clerk == personas["clerk"]
    Notification.objects.all().delete()  # "materials supplied": only the watch's notices count
    return application


def test_an_application_is_due_soon_on_its_last_working_day_then_overdue(
    clerk_owned: Application, personas: dict[str, Any]
) -> None:
    application, clerk = clerk_owned, personas["clerk"]

    # Friday 09-26, the last-but-one working day, and the Saturday off after it: a whole
    # working day is still left.
    assert deadlines.watch_deadlines(at(2025, 9, 26, 23, 58)) == NOTHING
    assert deadlines.watch_deadlines(at(2025, 9, 27, 23, 59, 59)) == NOTHING
    assert not fresh(application).soon_due and notices(clerk, application) == []

    # The last working day (the make-up Sunday) has begun: due soon, and the clerk is told.
    assert deadlines.watch_deadlines(at(2025, 9, 28, 0, 0)) == {"soon_due": 1, "overdue": 0}
    application = fresh(application)
    assert application.soon_due and not application.overdue
    assert application.watch_at == application.due_at
    told = notices(clerk, application)
    assert len(told) == 1 and application.number in told[0].text
    assert not Notification.objects.exclude(recipient=clerk).exists()

    # Nothing more during the day, however often the tick runs.
    assert deadlines.watch_deadlines(at(2025, 9, 28, 12)) == NOTHING
    assert deadlines.watch_deadlines(at(2025, 9, 28, 23, 59, 58)) == NOTHING
    assert not fresh(application).overdue

    # Past 23:59:59 of the last working day: overdue (督办), and the clerk is told again.
    assert deadlines.watch_deadlines(at(2025, 9, 29, 0, 0)) == {"soon_due": 0, "overdue": 1}
    application = fresh(application)
    assert application.overdue and application.watch_at is None
    assert len(notices(clerk, application)) == 2
    assert deadlines.watch_deadlines(at(2025, 12, 31)) == NOTHING
    assert len(notices(clerk, application)) == 2
    notes = TimelineEntry.objects.filter(
        object_type="govservices.application", object_id=str(application.pk), actor=None
    )
    assert notes.count() == 2  # one note for each flag, by the system


def test_a_part_tells_the_departments_approvers_then_its_assignee(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    clerk, approver = personas["clerk"], personas["approver"]
    colleague = User.objects.create_user(
        "approver_b", role=Role.APPROVER, department=approver.department, full_name="approver_b"
    )
    with travel(at(2025, 9, 29, 9)):  # Monday; application due Tue 30, Thu 10-09, Fri 10-10
        application = submit_id_card(catalog, applicant)
    with travel(at(2025, 9, 30, 10)):  # accepted on the eve of National Day
        intake.accept_application(clerk, application)
    Notification.objects.all().delete()  # the "new case" notices of acceptance
    part = application.parts.get()
    assert part.due_at == end_of(date(2025, 10, 11))  # Thu 09, Fri 10, the make-up Saturday

    # During the holiday nothing is due yet.
    assert deadlines.watch_deadlines(at(2025, 10, 5)) == NOTHING
    # Fri 10-10 begins: the application's last day (its clock runs from submission).
    assert deadlines.watch_deadlines(at(2025, 10, 10, 0, 0)) == {"soon_due": 1, "overdue": 0}
    assert fresh(application).soon_due and not fresh(part).soon_due
    assert len(notices(clerk, application)) == 1

    # Sat 10-11 begins: the application is overdue, the unassigned part due soon — every approver
    # of the part's department is told, nobody at the other department.
    assert deadlines.watch_deadlines(at(2025, 10, 11, 0, 0)) == {"soon_due": 1, "overdue": 1}
    assert fresh(application).overdue
    assert fresh(part).soon_due and not part.overdue
    assert len(notices(clerk, application)) == 2
    assert len(notices(approver, part)) == 1 and len(notices(colleague, part)) == 1
    assert notices(personas["other_approver"], part) == []

    with travel(at(2025, 10, 11, 9)):  # the approver takes it up on the make-up Saturday
        back_office.take_up_part(approver, part)
    assert deadlines.watch_deadlines(at(2025, 10, 11, 23, 59, 58)) == NOTHING
    # Overdue: now only the assignee is told.
    assert deadlines.watch_deadlines(at(2025, 10, 12, 0, 0)) == {"soon_due": 0, "overdue": 1}
    part = fresh(part)
    assert part.overdue and part.watch_at is None
    assert len(notices(approver, part)) == 2
    assert len(notices(colleague, part)) == 1
    assert catalog.id_card.name in notices(approver, part)[-1].text


def test_a_paused_application_is_never_flagged(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    with travel(at(2025, 9, 24, 10)):
        application = submit_id_card(catalog, applicant, photo=False)
    # Due Sun 09-28: flagged due soon when that day begins...
    assert deadlines.watch_deadlines(at(2025, 9, 28, 0, 0))["soon_due"] == 1
    with travel(at(2025, 9, 28, 9)):  # ...then the one-time notice pauses it
        intake.request_supplement(personas["clerk"], application, problems={})
    application = fresh(application)
    assert not application.soon_due and application.watch_at is None

    flagged_before = TimelineEntry.objects.filter(
        object_type="govservices.application", object_id=str(application.pk), actor=None
    )
    count = flagged_before.count()
    for moment in (at(2025, 9, 29, 0, 0), at(2025, 10, 20), at(2026, 6, 1)):
        assert deadlines.watch_deadlines(moment) == NOTHING
    application = fresh(application)
    assert not application.soon_due and not application.overdue
    assert flagged_before.count() == count
    assert not Notification.objects.filter(recipient=personas["clerk"]).exists()


def test_running_the_tick_twice_flags_once(
    clerk_owned: Application, personas: dict[str, Any]
) -> None:
    moment = at(2025, 9, 28, 0, 5)
    assert deadlines.watch_deadlines(moment) == {"soon_due": 1, "overdue": 0}
    assert deadlines.watch_deadlines(moment) == NOTHING
    assert len(notices(personas["clerk"], clerk_owned)) == 1


def test_two_ticks_at_once_flag_once(
    clerk_owned: Application, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second tick reads the row before the first one claims it; its claim finds nothing."""
    claim = deadlines._flag
    results: dict[str, dict[str, int]] = {}

    def other_tick_runs_first(row: Any, now: datetime, *rest: Any) -> str | None:
        if "other" not in results:
            results["other"] = {}  # the other tick, started while this one holds the row
            results["other"] = deadlines.watch_deadlines(now)
        return claim(row, now, *rest)

    monkeypatch.setattr(deadlines, "_flag", other_tick_runs_first)
    results["this"] = deadlines.watch_deadlines(at(2025, 9, 29, 0, 5))

    assert results["other"] == {"soon_due": 0, "overdue": 1}
    assert results["this"] == NOTHING
    assert fresh(clerk_owned).overdue
    assert len(notices(personas["clerk"], clerk_owned)) == 1
    assert TimelineEntry.objects.filter(actor=None, object_id=str(clerk_owned.pk)).count() == 1


def _copies(template: Any, count: int, first_watch: datetime, **fields: Any) -> None:
    """``count`` copies of ``template`` not yet due, each watched a minute later than the last."""
    model = type(template)
    rows = []
    for i in range(count):
        row = model.objects.get(pk=template.pk)
        row.pk = None
        row.watch_at = first_watch + timedelta(minutes=i)
        row.due_at = row.watch_at + timedelta(days=1)
        for name, value in fields.items():
            setattr(row, name, value(i) if callable(value) else value)
        rows.append(row)
    model.objects.bulk_create(rows)


def test_a_tick_over_applications_not_yet_due_reads_none_of_them(
    catalog: Any,
    applicant: Any,
    personas: dict[str, Any],
    django_assert_max_num_queries: Any,
) -> None:
    with travel(at(2025, 9, 22, 10)):  # due Thu 09-25, watched from 00:00 that day
        application = submit_id_card(catalog, applicant)
        intake.accept_application(personas["clerk"], application)
    application = fresh(application)
    part = application.parts.get()
    now = at(2025, 9, 24, 12)

    def tick_queries() -> int:
        with django_assert_max_num_queries(4) as captured:
            assert deadlines.watch_deadlines(now) == NOTHING
        selects = [q["sql"] for q in captured.captured_queries]
        assert all(sql.lstrip().upper().startswith("SELECT") for sql in selects)
        assert all("watch_at" in sql and "<=" in sql for sql in selects)  # filtered in the DB
        return len(selects)

    few = tick_queries()
    _copies(application, 199, application.watch_at, number=lambda i: f"BJT{i:06d}")
    _copies(part, 199, part.watch_at, application_id=application.pk)
    assert Application.objects.filter(watch_at__gt=now).count() == 200
    assert Part.objects.filter(watch_at__gt=now).count() == 200
    assert tick_queries() == few  # the same handful of queries, however many rows wait
    assert not Application.objects.filter(soon_due=True).exists()
    assert not Part.objects.filter(soon_due=True).exists()


@pytest.mark.parametrize(
    ("model", "index"), [(Application, "application_watch_idx"), (Part, "part_watch_idx")]
)
def test_the_watch_reads_through_its_partial_index(model: Any, index: str) -> None:
    queryset = model.objects.watched(timezone.now()).order_by("watch_at")[:500]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # tables this small would be read whole otherwise
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert index in queryset.explain()


def test_one_promised_day_is_not_due_soon_before_that_day(
    catalog: Any, applicant: Any, personas: dict[str, Any]
) -> None:
    ServiceItem.objects.filter(pk=catalog.id_card.pk).update(promised_days=1)
    catalog.id_card.refresh_from_db()
    with travel(at(2025, 9, 26, 10)):  # Friday; the one working day is the make-up Sunday
        application = submit_id_card(catalog, applicant)
    assert fresh(application).due_at == end_of(date(2025, 9, 28))

    # Friday afternoon and the Saturday off: the only working day has not begun.
    assert deadlines.watch_deadlines(at(2025, 9, 26, 10, 5)) == NOTHING
    assert deadlines.watch_deadlines(at(2025, 9, 27, 12)) == NOTHING
    assert deadlines.watch_deadlines(at(2025, 9, 28, 0, 0)) == {"soon_due": 1, "overdue": 0}
