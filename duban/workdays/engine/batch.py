"""Counting a file of (start, end) pairs: what ``duban workdays count FILE.csv`` does, minus the I/O.

The file is UTF-8 CSV with the header ``start,end`` (ISO dates); ``#`` lines and blank
lines are skipped, as in the data files.  Every row is checked before anything is
counted, so a bad row stops the whole file with its line number and no partial result.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np

from .calendar import WorkdayCalendar
from .data import _parse_date, _rows
from .errors import CalendarDataError, CalendarNotCovered

PAIR_COLUMNS = ("start", "end")


class CountedPair(NamedTuple):
    start: dt.date
    end: dt.date
    workdays: int
    provisional: str  # why the count is provisional ("；"-joined reasons), "" when final


def count_pairs(calendar: WorkdayCalendar, text: str, source: str) -> list[CountedPair]:
    """count(start, end) for every row of ``text``; CalendarDataError names ``source`` and the line."""
    lines, starts, ends = [], [], []
    for line, row in _rows(text, source, PAIR_COLUMNS):
        try:
            start, end = _parse_date(row["start"]), _parse_date(row["end"])
        except ValueError as exc:
            raise CalendarDataError(source, str(exc), line) from exc
        lines.append(line)
        starts.append(start)
        ends.append(end)
    _check_covered(calendar, lines, starts, ends, source)
    workdays = calendar.count_many(starts, ends)
    provisional = calendar.provisional_many(starts, ends)
    return [
        CountedPair(a, b, int(n), "；".join(calendar.provisional_reasons(a, b)) if flagged else "")
        for a, b, n, flagged in zip(starts, ends, workdays, provisional)
    ]


def _check_covered(calendar, lines, starts, ends, source) -> None:
    """count_many would refuse a date outside the calendar without saying which row; find it first."""
    if not lines:
        return
    first, last = np.datetime64(calendar.anchor, "D"), np.datetime64(calendar.last_day, "D")
    days = np.array([starts, ends], dtype="datetime64[D]")
    outside = np.flatnonzero(((days < first) | (days > last)).any(axis=0))
    if outside.size:
        i = int(outside[0])
        try:
            calendar.count(starts[i], ends[i])
        except CalendarNotCovered as exc:
            raise CalendarDataError(source, str(exc), lines[i]) from exc
