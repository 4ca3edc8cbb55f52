"""The Chinese working-day calendar (工作日) that deadlines (办结时限) are counted on.

A working day is Monday to Friday, except the public holidays of the State Council's yearly
schedule (休), plus the weekend days worked in lieu (调休上班, 班). Whether a day is one comes from,
in order:

1. a :class:`~civicgrid.core.models.CalendarDay` override entered by an administrator (any year;
   overrides also correct the library);
2. the ``chinesecalendar`` package (``chinese_calendar``) for the years it knows — it raises
   ``NotImplementedError`` for the others (1.11.0 knows 2004–2026);
3. plain Monday to Friday.

A year's schedule is published only weeks before the year starts, so a deadline may run into a
year that neither the library nor an administrator (:class:`~civicgrid.core.models.CalendarYear`)
knows. It is then counted on plain weekdays and marked *provisional* — never an error — and
:data:`calendar_changed` tells the apps to recompute it once the schedule is entered.

The ``holidays`` package is deliberately not used: for a year not yet published it silently guesses
(2027 with no make-up workdays) instead of saying that it does not know.

Nothing read from the database is cached between calls: several processes serve the site and a
schedule entered in one must count in all at once. Only the library's answers, fixed for the life
of the process, are cached.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.dispatch import Signal
from django.utils import timezone

from .models import CalendarDay, CalendarYear

ONE_DAY = timedelta(days=1)

calendar_changed = Signal()
"""Sent (on commit) with ``years``, a ``set[int]``, after the schedule of those years changed.

Receivers recompute the provisional deadlines that run into those years; they should be idempotent
and hand long work to a background task. One failing receiver is logged and does not stop the rest
(see :func:`civicgrid.core.calendar_actions.enter_schedule`).
"""


@dataclass(frozen=True)
class Due:
    """A deadline: ``at`` is the end (23:59:59 local time) of its last working day;
    ``provisional`` says the count ran through a year whose official schedule is not known yet,
    so ``at`` was counted on plain weekdays there and will move once the schedule is entered."""

    at: datetime
    provisional: bool


@functools.cache
def library_knows(year: int) -> bool:
    """Whether ``chinese_calendar`` has the official schedule of ``year``."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@functools.cache
def _library_is_working_day(day: date) -> bool:
    # Called only for years the library knows, so the cache holds at most ~8,400 dates. The
    # library's is_workday() rescans its whole table on every call (about 15 µs), which adds up
    # when every open case's deadline is recomputed.
    return chinese_calendar.is_workday(day)


def _is_working_day_without_override(day: date) -> bool:
    if library_knows(day.year):
        return _library_is_working_day(day)
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day: an administrator's override if there is one, else the
    library if it knows the year, else Monday to Friday. One query."""
    kind = CalendarDay.objects.filter(date=day).values_list("kind", flat=True).first()
    if kind is not None:
        return kind == CalendarDay.Kind.WORKDAY
    return _is_working_day_without_override(day)


def year_is_known(year: int) -> bool:
    """Whether the official schedule of ``year`` is known: to the library, or entered by an
    administrator. Deadlines running into an unknown year are provisional."""
    return library_knows(year) or CalendarYear.objects.filter(year=year).exists()


class _Span:
    """The overrides of a run of dates, loaded in one query and extended as counting goes on."""

    def __init__(self, first: date, last: date) -> None:
        self.last = first - ONE_DAY
        self.overrides: dict[date, str] = {}
        self.extend_to(last)

    def extend_to(self, last: date) -> None:
        if last <= self.last:
            return
        rows = CalendarDay.objects.filter(date__gt=self.last, date__lte=last)
        self.overrides.update(rows.values_list("date", "kind"))
        self.last = last

    def is_working_day(self, day: date) -> bool:
        self.extend_to(day)
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == CalendarDay.Kind.WORKDAY
        return _is_working_day_without_override(day)


def _unknown_years(first: int, last: int) -> set[int]:
    """The years from ``first`` to ``last`` that neither the library nor an administrator knows;
    at most one query, none when the library knows them all."""
    candidates = {year for year in range(first, last + 1) if not library_knows(year)}
    if not candidates:
        return set()
    entered = CalendarYear.objects.filter(year__in=candidates).values_list("year", flat=True)
    return candidates - set(entered)


def local_date(moment: datetime) -> date:
    """The calendar date of the aware ``moment`` in the site's time zone (settings.TIME_ZONE)."""
    if timezone.is_naive(moment):
        raise ValueError("working days are counted from timezone-aware datetimes")
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def end_of_day(day: date) -> datetime:
    """23:59:59 of ``day`` in the site's time zone, aware."""
    return timezone.make_aware(
        datetime.combine(day, time(23, 59, 59)), timezone.get_default_timezone()
    )


def due_soon_from(start: datetime, due_at: datetime) -> datetime:
    """When a deadline becomes "due soon": the first moment of the deadline's own day (its last
    working day), but never before the clock started."""
    first = datetime.combine(local_date(due_at), time.min)
    return max(start, timezone.make_aware(first, timezone.get_default_timezone()))


def add_working_days(start: datetime, days: int) -> Due:
    """The deadline ``days`` working days after ``start`` (an aware datetime).

    The day of ``start`` does not count, whatever the hour: counting begins with the next working
    day, and the deadline is the end (23:59:59 local time) of the ``days``-th. ``provisional`` is
    True if any year from ``start``'s to the deadline's is not known (see :func:`year_is_known`).
    Raises ValueError if ``days`` < 1 or ``start`` is naive. Usually two queries.
    """
    if days < 1:
        raise ValueError(f"a deadline is at least one working day away, not {days}")
    first = local_date(start)
    # N working days fit in about 7/5·N calendar days plus the longest holiday, so one load of
    # overrides nearly always suffices; a longer run of days off just loads the next stretch.
    stretch = timedelta(days=2 * days + 31)
    span = _Span(first, first + stretch)
    day = first
    counted = 0
    while counted < days:
        day += ONE_DAY
        if day > span.last:
            span.extend_to(day + stretch)
        if span.is_working_day(day):
            counted += 1
    provisional = bool(_unknown_years(first.year, day.year))
    return Due(at=end_of_day(day), provisional=provisional)


def working_days_between(start: datetime, end: datetime) -> int:
    """How many working days lie after ``start``'s local date, up to and including ``end``'s —
    how long a case took, counted like its deadline. 0 if ``end`` falls on or before ``start``'s
    day. Both must be aware. One query."""
    first = local_date(start) + ONE_DAY
    last = local_date(end)
    if last < first:
        return 0
    span = _Span(first, last)
    return sum(span.is_working_day(first + ONE_DAY * i) for i in range((last - first).days + 1))
