"""The working-day engine: pure Python + numpy, no Django.

Public surface (see docs/workdays.md)::

    from duban.workdays.engine import load_calendar
    calendar = load_calendar("xinjiang")
    calendar.count(received, today)      # working days d with received < d <= today
    calendar.add(received, 20)           # the 20th working day after receipt
"""

from .calendar import OrdinalRow, WorkdayCalendar, load_calendar
from .coverage import coverage, missing_notice_warnings
from .data import (
    KINDS,
    NATIONAL,
    OFFICIAL,
    REGIONS,
    REST,
    UNVERIFIED,
    WORK,
    XINJIANG,
    CoverageYear,
    Entry,
    Layer,
    read_layer,
)
from .errors import CalendarDataError, CalendarNotCovered

__all__ = [
    "KINDS",
    "NATIONAL",
    "OFFICIAL",
    "REGIONS",
    "REST",
    "UNVERIFIED",
    "WORK",
    "XINJIANG",
    "CalendarDataError",
    "CalendarNotCovered",
    "CoverageYear",
    "Entry",
    "Layer",
    "OrdinalRow",
    "WorkdayCalendar",
    "coverage",
    "load_calendar",
    "missing_notice_warnings",
    "read_layer",
]
