"""Administrative division codes (GB/T 2260) with the years each was in use.

Identity numbers keep the area code they were first issued with, for life, so validating one needs
every code that was ever in use, not only today's. The seed comes from python-stdnum's
``stdnum/cn/loc.dat`` (compiled from Wikipedia's lists of division codes); administrators add or
correct entries with :func:`parse_area_code_csv`.

Pure Python: importable and usable without Django being set up.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .messages import gettext_noop, translated

__all__ = [
    "CSV_HEADER",
    "AreaCode",
    "AreaCodeCsvError",
    "in_use",
    "parse_area_code_csv",
    "stdnum_area_codes",
]

CSV_HEADER = ("code", "name", "valid_from", "valid_to")

_PROVINCE_LINE = re.compile(r'(?P<prefix>[0-9]{2}) province="(?P<name>[^"]*)"')
_COUNTY_LINE = re.compile(r'\s+(?P<suffix>[0-9]{4}) county="(?P<names>[^"]*)"')
# One name of a county line; a line lists the names a code had, comma separated, e.g.
# [1983-1996]东区,[1997-]荷塘区
_NAMED_SPAN = re.compile(r"(?:\[(?P<start>[0-9]{4})?-(?P<end>[0-9]{4})?\])?(?P<name>[^\[\],]+)")
_CODE = re.compile(r"[0-9]{6}")
_YEAR = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class AreaCode:
    """One name a six-digit division code had, and the years it had it (None: open-ended)."""

    code: str
    name: str
    province: str  # province name, e.g. 湖南省
    valid_from: int | None
    valid_to: int | None


class AreaCodeCsvError(ValueError):
    """A division-code CSV had bad rows; ``problems`` lists ``(line number, problem)``."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__(
            "\n".join(
                translated(
                    gettext_noop("line %(line)d: %(problem)s"), {"line": line, "problem": problem}
                )
                for line, problem in problems
            )
        )


def _read_loc_dat() -> str:
    return resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")


def stdnum_area_codes() -> list[AreaCode]:
    """Every (code, name, years) entry in python-stdnum's ``stdnum/cn/loc.dat``, in file order.

    A code that had several names, or was reused for another place, gives one entry per name.
    Entries without years are open-ended on both sides. A few entries in the file have their years
    reversed (``[1983-1982]郊区``); they are read as the span they name, not as an empty one, so
    that numbers issued under them are not rejected. Returns a new list on every call; the file is
    parsed once per process.
    """
    return list(_parse_loc_dat())


@cache
def _parse_loc_dat() -> tuple[AreaCode, ...]:
    entries: list[AreaCode] = []
    province_prefix = province_name = ""
    for line_number, line in enumerate(_read_loc_dat().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if match := _PROVINCE_LINE.fullmatch(line):
            province_prefix, province_name = match["prefix"], match["name"]
            continue
        match = _COUNTY_LINE.fullmatch(line)
        if match is None or not province_prefix:
            # A new layout in a python-stdnum upgrade must not pass silently as a smaller table.
            raise ValueError(f"stdnum/cn/loc.dat line {line_number} is not understood: {line!r}")
        code = province_prefix + match["suffix"]
        for part in match["names"].split(","):
            span = _NAMED_SPAN.fullmatch(part)
            if span is None:
                raise ValueError(f"stdnum/cn/loc.dat line {line_number}: bad name {part!r}")
            start = int(span["start"]) if span["start"] else None
            end = int(span["end"]) if span["end"] else None
            if start is not None and end is not None and start > end:
                start, end = end, start
            entries.append(AreaCode(code, span["name"], province_name, start, end))
    return tuple(entries)


@cache
def _province_names() -> dict[str, str]:
    return {entry.code[:2]: entry.province for entry in _parse_loc_dat()}


def in_use(entries: Iterable[AreaCode]) -> Callable[[str, int, int], bool]:
    """A checker ``(code, from_year, to_year) -> bool`` over ``entries``.

    True when any entry for ``code`` was valid at some time in ``[from_year, to_year]``
    (inclusive; open ends of an entry reach forever). Unknown codes are False. The entries are
    indexed once, so each check is a dictionary look-up and a scan of that code's few spans.
    """
    spans: defaultdict[str, list[tuple[int | None, int | None]]] = defaultdict(list)
    for entry in entries:
        spans[entry.code].append((entry.valid_from, entry.valid_to))
    index = dict(spans)

    def check(code: str, from_year: int, to_year: int) -> bool:
        return any(
            (start is None or start <= to_year) and (end is None or end >= from_year)
            for start, end in index.get(code, ())
        )

    return check


def parse_area_code_csv(text: str) -> list[AreaCode]:
    """Entries from an administrator's CSV with the header ``code,name,valid_from,valid_to``.

    ``code`` is six digits, ``name`` is required, the years are four-digit years or blank
    (open-ended). A byte-order mark (as Excel writes one) and blank lines are ignored. The province
    of each entry is looked up from its first two digits in python-stdnum's table ("" if unknown).
    A code may appear on several rows (renamed or reused codes). Raises :class:`AreaCodeCsvError`
    listing every bad row by its line number in the file, header included as line 1.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(column.strip().lower() for column in header) != CSV_HEADER:
        raise AreaCodeCsvError(
            [
                (
                    1,
                    translated(
                        gettext_noop("the header must be %(header)s."),
                        {"header": ",".join(CSV_HEADER)},
                    ),
                )
            ]
        )

    entries: list[AreaCode] = []
    problems: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_HEADER):
            problems.append(
                (
                    line,
                    translated(
                        gettext_noop("expected %(expected)d columns, found %(found)d."),
                        {"expected": len(CSV_HEADER), "found": len(row)},
                    ),
                )
            )
            continue
        code, name, valid_from, valid_to = (cell.strip() for cell in row)
        row_problems: list[str] = []
        if not _CODE.fullmatch(code):
            row_problems.append(
                translated(
                    gettext_noop("the code must be six digits (got %(code)s)."), {"code": code}
                )
            )
        if not name:
            row_problems.append(translated(gettext_noop("the name is missing."), {}))
        years: list[int | None] = []
        for column, value in (("valid_from", valid_from), ("valid_to", valid_to)):
            if not value:
                years.append(None)
            elif _YEAR.fullmatch(value):
                years.append(int(value))
            else:
                years.append(None)
                row_problems.append(
                    translated(
                        gettext_noop(
                            "%(column)s must be a year such as 2018, or blank (got %(value)s)."
                        ),
                        {"column": column, "value": value},
                    )
                )
        start, end = years
        if start is not None and end is not None and start > end:
            row_problems.append(
                translated(
                    gettext_noop("valid_from %(start)d is after valid_to %(end)d."),
                    {"start": start, "end": end},
                )
            )
        if row_problems:
            problems.extend((line, problem) for problem in row_problems)
            continue
        entries.append(AreaCode(code, name, _province_names().get(code[:2], ""), start, end))
    if problems:
        raise AreaCodeCsvError(problems)
    return entries
