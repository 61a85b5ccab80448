"""The national layer against chinesecalendar and holidays, for every day 2020-01-01..2026-12-31.

Both libraries are test-only: duban ships its own data because chinesecalendar has
no regional layer and holidays invents future years (it answers for 2027 without a
notice).  For 2020–2026 the two libraries agree with each other on every day, so no
tie needs breaking; they differ only in representation, which does not affect
working days:

* holidays names only some days of a break (e.g. not Saturday 2024-02-17) and
  labels others "Day off (substituted from …)"; its is_working_day() still treats
  unnamed weekend days as rest, so the answer is the same.
* holidays lists 调休 days in ``weekend_workdays``; chinesecalendar in ``workdays``.
* Both carry the 2020 COVID extension (国办发明电〔2020〕1号): 2020-02-01 is rest in both.
If they ever disagree after a data update, the State Council notice decides, not a library.
"""

import datetime as dt

import chinese_calendar
import holidays
import pytest

from .helpers import days

D = dt.date
EVERY_DAY = days(D(2020, 1, 1), D(2026, 12, 31))


@pytest.fixture(scope="module")
def china_holidays():
    return holidays.China(years=range(2020, 2027))


def test_every_day_agrees_with_chinesecalendar(national):
    disagreements = [day for day in EVERY_DAY if national.is_workday(day) != chinese_calendar.is_workday(day)]
    assert disagreements == []


def test_every_day_agrees_with_holidays(national, china_holidays):
    disagreements = [day for day in EVERY_DAY if national.is_workday(day) != china_holidays.is_working_day(day)]
    assert disagreements == []


def test_the_two_libraries_agree_with_each_other(china_holidays):
    disagreements = [
        day for day in EVERY_DAY if chinese_calendar.is_workday(day) != china_holidays.is_working_day(day)
    ]
    assert disagreements == []


def test_makeup_days_agree_with_both_libraries(national, china_holidays):
    ours = {day for day in EVERY_DAY if day.weekday() >= 5 and national.is_workday(day)}
    theirs = {day for day in chinese_calendar.constants.workdays if 2020 <= day.year <= 2026}
    assert ours == theirs
    assert ours == {day for day in china_holidays.weekend_workdays if 2020 <= day.year <= 2026}


@pytest.mark.parametrize("year", range(2020, 2027))
def test_year_totals_agree_with_chinesecalendar(national, year):
    expected = len(chinese_calendar.get_workdays(D(year, 1, 1), D(year, 12, 31)))
    assert national.count(D(year - 1, 12, 31), D(year, 12, 31)) == expected
