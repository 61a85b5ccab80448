"""The calendar page's year: twelve month grids, each day marked with what decides it and why.

A day is decided by the first layer with an entry for it (zone → region → national), or
else by the weekday.  The mark says which: 法定节假日, 调休上班, a regional festival, a
zone override, a plain weekend; the hover text names the notice it comes from.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from django.utils.formats import date_format

from .engine import NATIONAL, Entry, WorkdayCalendar
from .models import CalendarLayer
from .services import CalendarLayers

WEEKDAY_NAMES = "一二三四五六日"

#: mark → legend text, in the order the legend lists them.
MARKS = {
    "holiday": "法定节假日",
    "makeup": "调休上班",
    "regional": "地区节日",
    "zone": "本开发区调整",
    "weekend": "周末",
    "pending": "待生效（该年尚未登记）",
}


@dataclass(frozen=True)
class Day:
    date: dt.date
    is_workday: bool | None  # None: the year is not entered, so nobody can say
    entry: Entry | None = None  # the entry that decides the day
    layer: str | None = None  # the layer that entry belongs to
    pending: bool = False  # an entry waiting for its year to be marked entered

    @property
    def mark(self) -> str:
        if self.pending:
            return "pending"
        if self.entry is None:
            return "weekend" if self.date.weekday() >= 5 else ""
        if self.layer == CalendarLayer.ZONE:
            return "zone"
        if self.layer != NATIONAL:
            return "regional"
        if self.entry.is_workday:
            return "makeup" if self.date.weekday() >= 5 else ""
        return "holiday"

    @property
    def css(self) -> str:
        state = {True: "work", False: "rest", None: "unknown"}[self.is_workday]
        return " ".join(filter(None, ["day", state, self.mark]))

    @property
    def title(self) -> str:
        """The hover text: the date, what it is, and the notice it comes from."""
        heading = f"{date_format(self.date, 'DATE_FORMAT')} 星期{WEEKDAY_NAMES[self.date.weekday()]}"
        if self.entry is None:
            what = {True: "工作日", False: "休息日", None: "该年未录入"}[self.is_workday]
            return f"{heading} · {what}"
        kind = "上班" if self.entry.is_workday else "放假"
        source = f"{_layer_label(self.layer)}：{self.entry.notice}" if self.entry.notice else _layer_label(self.layer)
        text = f"{heading} · {self.entry.name}（{kind}）· {source}"
        return f"{text} · 待生效：该年尚未登记为已录入" if self.pending else text


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Day | None]]  # Monday first; None pads the first and last weeks

    @property
    def label(self) -> str:
        return f"{self.number}月"


@dataclass(frozen=True)
class YearGrid:
    year: int
    months: list[Month]
    workdays: int | None  # None when the year is not entered
    provisional: str  # why the total is provisional, "" when final
    weekday_names: ClassVar[str] = WEEKDAY_NAMES
    legend: ClassVar[dict[str, str]] = MARKS

    @property
    def covered(self) -> bool:
        return self.workdays is not None


def year_grid(
    layers: CalendarLayers,
    calendar: WorkdayCalendar,
    year: int,
    pending: Iterable[tuple[str, Entry]] = (),
) -> YearGrid:
    """``year`` on ``calendar``; ``pending`` are (layer, entry) pairs entered for a year not yet marked entered."""
    waiting = {entry.date: (layer, entry) for layer, entry in pending if entry.date.year == year}
    covered = year in calendar.years

    def day(date: dt.date) -> Day:
        is_workday = calendar.is_workday(date) if covered else None
        if date in waiting:
            layer, entry = waiting[date]
            return Day(date, is_workday, entry, layer, pending=True)
        layer, entry = _deciding_entry(layers, date)
        if not covered and entry is None and date.weekday() >= 5:
            is_workday = False  # a weekend with no entry is shown as one, even before the year is entered
        return Day(date, is_workday, entry, layer)

    months = [
        Month(month, [[day(dt.date(year, month, d)) if d else None for d in week]
                      for week in month_calendar.monthcalendar(year, month)])
        for month in range(1, 13)
    ]
    workdays = calendar.count(dt.date(year - 1, 12, 31), dt.date(year, 12, 31)) if covered else None
    return YearGrid(year, months, workdays, calendar.provisional_years.get(year, ""))


def _deciding_entry(layers: CalendarLayers, date: dt.date) -> tuple[str | None, Entry | None]:
    """The first layer with an entry for the day: zone → region → national (the engine's order)."""
    if date in layers.zone:
        return CalendarLayer.ZONE, layers.zone[date]
    if layers.regional is not None and date in layers.regional.entries:
        return layers.regional.name, layers.regional.entries[date]
    if date in layers.national.entries:
        return NATIONAL, layers.national.entries[date]
    return None, None


def _layer_label(layer: str) -> str:
    return CalendarLayer(layer).label
