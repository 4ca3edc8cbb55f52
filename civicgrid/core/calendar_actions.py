"""Entering a year's official holiday schedule (节假日安排) into the working-day calendar.

The schedule is pasted as published, one line per holiday range or make-up workday::

    2027-02-06..2027-02-12 休 春节
    2027-02-14 班 春节调休
    2027-10-01..2027-10-07 holiday National Day
    2027-09-26 workday

A line is a date or an inclusive range ``first..last``, a kind (休 or ``holiday``: a day off;
班 or ``workday``: a day worked) and an optional name. Blank lines and lines starting with ``#``
are skipped.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit
from .errors import ActionError, NotAllowed
from .models import CalendarDay, CalendarYear
from .workdays import ONE_DAY, calendar_changed

logger = logging.getLogger(__name__)

# Bounds that catch a mistyped year; the library's data starts in 2004.
MIN_YEAR = 2000
MAX_YEAR = 2100
# Beyond this many, a pasted text is plainly not a schedule; listing every error helps nobody.
MAX_ERRORS_SHOWN = 20

KINDS = {
    "休": CalendarDay.Kind.HOLIDAY,
    "holiday": CalendarDay.Kind.HOLIDAY,
    "班": CalendarDay.Kind.WORKDAY,
    "workday": CalendarDay.Kind.WORKDAY,
}
KIND_MARKS = {CalendarDay.Kind.HOLIDAY: "休", CalendarDay.Kind.WORKDAY: "班"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NAME_LENGTH = CalendarDay._meta.get_field("name").max_length or 60
_SOURCE_LENGTH = CalendarYear._meta.get_field("source").max_length or 200


@dataclass(frozen=True)
class ScheduledDay:
    """One day of a parsed schedule."""

    kind: str
    name: str
    line: int


def parse_schedule(year: int, text: str) -> dict[date, ScheduledDay]:
    """The days of ``text`` (the format in the module docstring), each of which must lie in
    ``year``. Reads every line before failing: raises ActionError whose ``errors`` name each bad
    line by number (and whose message lists the first of them)."""
    days: dict[date, ScheduledDay] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        error = _parse_line(year, number, line, days)
        if error:
            errors.append(error)
    if errors:
        raise _schedule_error(errors)
    if not days:
        raise ActionError(
            _("The schedule is empty: enter one line per holiday or make-up workday.")
        )
    return days


def _parse_line(year: int, number: int, line: str, days: dict[date, ScheduledDay]) -> str | None:
    """Add the line's days to ``days``; the error message if the line is wrong (nothing added)."""
    parts = line.split(maxsplit=2)  # also splits on the full-width space of pasted Chinese text
    when, kind_word, name = parts[0], parts[1] if len(parts) > 1 else "", parts[2:]
    bounds = when.split("..")
    dates: list[date] = []
    for value in bounds if len(bounds) <= 2 else [when]:
        parsed = _parse_date(value)
        if parsed is None:
            return _(
                "Line %(line)d: “%(value)s” is not a date; write YYYY-MM-DD or a range "
                "YYYY-MM-DD..YYYY-MM-DD."
            ) % {"line": number, "value": value}
        dates.append(parsed)
    first, last = dates[0], dates[-1]
    if last < first:
        return _("Line %(line)d: the range ends before it starts.") % {"line": number}
    for day in (first, last):
        if day.year != year:
            return _("Line %(line)d: %(date)s is not in %(year)d.") % {
                "line": number,
                "date": day.isoformat(),
                "year": year,
            }
    if not kind_word:
        return _(
            "Line %(line)d: say whether the days are off (休 or holiday) or worked (班 or workday)."
        ) % {"line": number}
    kind = KINDS.get(kind_word.lower())
    if kind is None:
        return _("Line %(line)d: unknown kind “%(kind)s”; use 休 or holiday, 班 or workday.") % {
            "line": number,
            "kind": kind_word,
        }
    label = name[0].strip() if name else ""
    if len(label) > _NAME_LENGTH:
        return _("Line %(line)d: the name is longer than %(max)d characters.") % {
            "line": number,
            "max": _NAME_LENGTH,
        }
    span = [first + ONE_DAY * i for i in range((last - first).days + 1)]
    for day in span:
        if day in days:
            return _("Line %(line)d: %(date)s is already on line %(other)d.") % {
                "line": number,
                "date": day.isoformat(),
                "other": days[day].line,
            }
    for day in span:
        days[day] = ScheduledDay(kind=kind, name=label, line=number)
    return None


def _parse_date(value: str) -> date | None:
    # fromisoformat alone would also take 20270206 or 2027-W06-1; the published form is this one.
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _schedule_error(errors: list[str]) -> ActionError:
    shown = errors[:MAX_ERRORS_SHOWN]
    if len(errors) > len(shown):
        shown.append(
            _("…and %(count)d more lines with errors.") % {"count": len(errors) - len(shown)}
        )
    return ActionError("\n".join(shown), errors=shown)


def format_schedule(days: Iterable[CalendarDay]) -> list[str]:
    """``days`` (in date order) as schedule lines, consecutive days of the same kind and name
    joined into a range: what :func:`parse_schedule` reads, so a year can be copied, corrected
    and entered again."""
    lines: list[str] = []
    run: list[CalendarDay] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        when = first.date.isoformat()
        if last.date != first.date:
            when += f"..{last.date.isoformat()}"
        lines.append(f"{when} {KIND_MARKS[CalendarDay.Kind(first.kind)]} {first.name}".rstrip())
        run.clear()

    for day in days:
        if run and (
            day.date != run[-1].date + ONE_DAY
            or day.kind != run[-1].kind
            or day.name != run[-1].name
        ):
            flush()
        run.append(day)
    flush()
    return lines


def enter_schedule(actor: Any, year: int, text: str, source: str) -> CalendarYear:
    """Enter the official schedule of ``year`` as published in ``text`` (see the module
    docstring); ``source`` names the notice (its title or number).

    Administrators only (NotAllowed otherwise). The whole text is read first: any bad line raises
    ActionError naming it and nothing is written. Otherwise, in one transaction, the year's
    :class:`CalendarDay` rows are replaced by the schedule's, the :class:`CalendarYear` is created
    or updated (which makes the year known), one ``core.calendar_schedule`` audit entry records the
    days that changed, and :data:`~civicgrid.core.workdays.calendar_changed` is sent with
    ``years={year}`` once the transaction commits.

    For a year the library knows, the entered days override the library's; a library day the
    text does not mention keeps the library's answer (enter it as 班 or 休 to change it).
    """
    if getattr(actor, "role", None) != "administrator":
        raise NotAllowed(_("Only administrators may enter the holiday schedule."))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ActionError(
            _("The year must be between %(min)d and %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    source = source.strip()
    if not source:
        raise ActionError(_("Say where the schedule comes from: the notice's title or number."))
    if len(source) > _SOURCE_LENGTH:
        raise ActionError(
            _("The source is longer than %(max)d characters.") % {"max": _SOURCE_LENGTH}
        )
    days = parse_schedule(year, text)
    in_year = {"date__gte": date(year, 1, 1), "date__lte": date(year, 12, 31)}

    with transaction.atomic():
        # The row lock makes two administrators entering the same year at once take turns.
        calendar_year, created = CalendarYear.objects.select_for_update().get_or_create(
            year=year, defaults={"source": source, "entered_by": actor}
        )
        old = {
            d.date.isoformat(): _describe(d.kind, d.name)
            for d in CalendarDay.objects.filter(**in_year)
        }
        new = {day.isoformat(): _describe(s.kind, s.name) for day, s in sorted(days.items())}
        CalendarDay.objects.filter(**in_year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=day, kind=s.kind, name=s.name) for day, s in sorted(days.items())
        )
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if not created:
            if calendar_year.source != source:
                before["source"], after["source"] = calendar_year.source, source
            calendar_year.source = source
            calendar_year.entered_by = actor
            calendar_year.entered_at = timezone.now()
            calendar_year.save(update_fields=["source", "entered_by", "entered_at"])
        else:
            after["source"] = source
        changed = sorted(d for d in old.keys() | new.keys() if old.get(d) != new.get(d))
        if changed:
            before["days"] = {d: old[d] for d in changed if d in old}
            after["days"] = {d: new[d] for d in changed if d in new}
        audit(actor, "core.calendar_schedule", calendar_year, before=before, after=after)
        transaction.on_commit(partial(_announce, {year}))
    return calendar_year


def _describe(kind: str, name: str) -> str:
    return f"{kind} {name}".rstrip()


def _announce(years: set[int]) -> None:
    # The schedule is already committed: a failing receiver must neither undo nor hide that, nor
    # keep the other apps from recomputing their deadlines.
    for receiver, result in calendar_changed.send_robust(sender=CalendarYear, years=years):
        if isinstance(result, Exception):
            logger.error(
                "calendar_changed receiver %r failed for %s", receiver, years, exc_info=result
            )
