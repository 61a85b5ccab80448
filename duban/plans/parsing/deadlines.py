"""Deadlines as plans write them: "2020年6月底前", "年底前", "6月30日前", "持续推进"."""

from __future__ import annotations

import calendar
import re
from datetime import date

from .draft import DeadlineDraft
from .numerals import chinese_numeral_value

_MONTH = r"(?P<month>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:(?P<year>[0-9]{4})年)?"

# Each pattern is one way of naming a day; a text may name several (a range,
# two milestones), and the deadline is the latest of them.  They are tried in
# this order and each match is blanked out so "6月30日" is not also read as "6月".
_DAY = re.compile(_YEAR + _MONTH + r"月(?P<day>[0-9]{1,2})[日号]")  # 2020年6月30日, 6月30日
_MONTH_END = re.compile(_YEAR + _MONTH + r"月")  # 2020年6月底, 6月, 6月份: the month's last day
_QUARTER_END = re.compile(_YEAR + r"第?(?P<quarter>[一二三四1-4])季度")  # 2020年二季度: the quarter's last day
_HALF_END = re.compile(_YEAR + r"(?P<half>上半年|下半年|年中)")  # 上半年/年中: June 30; 下半年: Dec 31
_YEAR_END = re.compile(r"(?:(?P<year>[0-9]{4})年|全?年)(?:底|末|内)|(?:(?P<whole>[0-9]{4})年)?全年")  # 2020年底, 年内, 全年: Dec 31
# Any year written in the text: "2020年3月至6月" means June of 2020.
_WRITTEN_YEAR = re.compile(r"(?P<year>[0-9]{4})年")
_YEAR_ONLY = re.compile(r"(?P<year>[0-9]{4})年(?![0-9])")  # "2020年完成": Dec 31

# Work that never finishes: 持续推进, 长期坚持, 常态化开展.
_ONGOING = re.compile(r"持续|长期|常态化")


def parse_deadline(text: str, plan_year: int | None) -> DeadlineDraft:
    """Read a deadline; a year left out is the one written earlier in it, else the plan's.

    The date is the last day the text allows, or None when it names no day we
    can place (then ``ongoing`` tells whether it is open-ended on purpose).
    """
    written_year = _WRITTEN_YEAR.search(text)
    days = _named_days(text, int(written_year.group("year")) if written_year else plan_year)
    if days:
        return DeadlineDraft(text=text, date=max(days))
    return DeadlineDraft(text=text, date=None, ongoing=bool(_ONGOING.search(text)))


def _named_days(text: str, default_year: int | None) -> list[date]:
    days = []
    for pattern, day_of in (
        (_DAY, _day),
        (_MONTH_END, _month_end),
        (_QUARTER_END, _quarter_end),
        (_HALF_END, _half_end),
        (_YEAR_END, _year_end),
        (_YEAR_ONLY, _year_end),
    ):
        for match in pattern.finditer(text):
            written = next((value for name, value in match.groupdict().items() if name in ("year", "whole") and value), None)
            year = int(written) if written else default_year
            day = _valid_day(day_of, match, year) if year else None
            if day:
                days.append(day)
        text = pattern.sub(lambda match: " " * len(match.group()), text)
    return days


def _valid_day(day_of, match: re.Match[str], year: int) -> date | None:
    try:
        return day_of(match, year)
    except ValueError:  # 2月30日, 13月, year 0: not a day
        return None


def _month(match: re.Match[str]) -> int:
    return int(chinese_numeral_value(match.group("month")))


def _day(match: re.Match[str], year: int) -> date:
    return date(year, _month(match), int(match.group("day")))


def _month_end(match: re.Match[str], year: int) -> date:
    month = _month(match)
    return _last_day_of(year, month)


def _quarter_end(match: re.Match[str], year: int) -> date:
    return _last_day_of(year, 3 * int(chinese_numeral_value(match.group("quarter"))))


def _half_end(match: re.Match[str], year: int) -> date:
    return date(year, 12, 31) if match.group("half") == "下半年" else date(year, 6, 30)


def _year_end(match: re.Match[str], year: int) -> date:
    return date(year, 12, 31)


def _last_day_of(year: int, month: int) -> date:
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return date(year, month, calendar.monthrange(year, month)[1])
