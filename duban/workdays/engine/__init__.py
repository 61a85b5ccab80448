"""The working-day engine: pure Python + numpy, no Django.

Public surface (see docs/workdays.md)::

    from duban.workdays.engine import load_calendar
    calendar = load_calendar("xinjiang")
    calendar.count(received, today)      # working days d with received < d <= today
    calendar.add(received, 20)           # the 20th working day after receipt
"""

from .batch import CountedPair, count_pairs
from .calendar import OrdinalRow, WorkdayCalendar, load_calendar
from .coverage import coverage, missing_notice_warnings
from .data import (
    KINDS,
    LAYERS,
    NATIONAL,
    OFFICIAL,
    REGIONS,
    REST,
    STATUSES,
    UNVERIFIED,
    WORK,
    XINJIANG,
    CoverageYear,
    Entry,
    Layer,
    merged_layer,
    parse_entries,
    read_layer,
)
from .errors import CalendarDataError, CalendarNotCovered

__all__ = [
    "KINDS",
    "LAYERS",
    "NATIONAL",
    "OFFICIAL",
    "REGIONS",
    "REST",
    "STATUSES",
    "UNVERIFIED",
    "WORK",
    "XINJIANG",
    "CalendarDataError",
    "CalendarNotCovered",
    "CountedPair",
    "CoverageYear",
    "Entry",
    "Layer",
    "OrdinalRow",
    "WorkdayCalendar",
    "count_pairs",
    "coverage",
    "load_calendar",
    "merged_layer",
    "missing_notice_warnings",
    "parse_entries",
    "read_layer",
]
