"""Cases derived by hand from the State Council notices (国务院办公厅关于XXXX年部分节假日安排的通知)."""

import datetime as dt

import pytest

from .helpers import days

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# (first day off, last day off, 调休 working days) as each notice states them.
SPRING_FESTIVALS = {
    2020: (D(2020, 1, 24), D(2020, 2, 2), [D(2020, 1, 19)]),  # with the COVID extension, see below
    2021: (D(2021, 2, 11), D(2021, 2, 17), [D(2021, 2, 7), D(2021, 2, 20)]),  # 国办发明电〔2020〕27号
    2022: (D(2022, 1, 31), D(2022, 2, 6), [D(2022, 1, 29), D(2022, 1, 30)]),  # 国办发明电〔2021〕11号
    2023: (D(2023, 1, 21), D(2023, 1, 27), [D(2023, 1, 28), D(2023, 1, 29)]),  # 国办发明电〔2022〕16号
    2024: (D(2024, 2, 10), D(2024, 2, 17), [D(2024, 2, 4), D(2024, 2, 18)]),  # 国办发明电〔2023〕7号
    2025: (D(2025, 1, 28), D(2025, 2, 4), [D(2025, 1, 26), D(2025, 2, 8)]),  # 国办发明电〔2024〕12号
    2026: (D(2026, 2, 15), D(2026, 2, 23), [D(2026, 2, 14), D(2026, 2, 28)]),  # 国办发明电〔2025〕7号
}
NATIONAL_DAYS = {
    2020: (D(2020, 10, 1), D(2020, 10, 8), [D(2020, 9, 27), D(2020, 10, 10)]),  # with 中秋节
    2021: (D(2021, 10, 1), D(2021, 10, 7), [D(2021, 9, 26), D(2021, 10, 9)]),
    2022: (D(2022, 10, 1), D(2022, 10, 7), [D(2022, 10, 8), D(2022, 10, 9)]),
    2023: (D(2023, 9, 29), D(2023, 10, 6), [D(2023, 10, 7), D(2023, 10, 8)]),  # with 中秋节
    2024: (D(2024, 10, 1), D(2024, 10, 7), [D(2024, 9, 29), D(2024, 10, 12)]),
    2025: (D(2025, 10, 1), D(2025, 10, 8), [D(2025, 9, 28), D(2025, 10, 11)]),  # with 中秋节
    2026: (D(2026, 10, 1), D(2026, 10, 7), [D(2026, 9, 20), D(2026, 10, 10)]),
}
# Working days per year, as the notices add up (shared research note).
YEAR_TOTALS = {2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248}


def assert_break(calendar, first, last, makeup_days):
    assert not any(calendar.is_workday(day) for day in days(first, last))
    assert all(calendar.is_workday(day) for day in makeup_days)
    assert all(day.weekday() >= 5 for day in makeup_days)  # 调休 is always a weekend day
    # Every break in 2020–2026 is bounded by working days on both sides.
    assert calendar.is_workday(first - ONE_DAY) and calendar.is_workday(last + ONE_DAY)
    assert calendar.count(first - ONE_DAY, last) == 0
    assert calendar.count(first - ONE_DAY, last + ONE_DAY) == 1


@pytest.mark.parametrize("year", sorted(SPRING_FESTIVALS))
def test_spring_festival(national, year):
    assert_break(national, *SPRING_FESTIVALS[year])


@pytest.mark.parametrize("year", sorted(NATIONAL_DAYS))
def test_national_day(national, year):
    assert_break(national, *NATIONAL_DAYS[year])


@pytest.mark.parametrize("year", sorted(YEAR_TOTALS))
def test_year_totals(national, year):
    # A whole year is count(31 Dec of the year before, 31 Dec): for 2020 that start is the anchor day.
    assert national.count(D(year - 1, 12, 31), D(year, 12, 31)) == YEAR_TOTALS[year]


def test_2020_spring_festival_extended_by_the_covid_notice(national):
    # 国办发明电〔2020〕1号 extended the break to Sunday 2 February: Friday 1/31 became a holiday
    # and Saturday 2/1, a 调休 working day under 国办发明电〔2019〕16号, became a rest day.
    assert not national.is_workday(D(2020, 1, 31))
    assert not national.is_workday(D(2020, 2, 1))
    assert not national.is_workday(D(2020, 2, 2))
    assert national.is_workday(D(2020, 2, 3))
    assert national.is_workday(D(2020, 1, 19))  # the other 调休 day of that break was kept
    assert national.count(D(2020, 1, 23), D(2020, 2, 3)) == 1
    assert national.add(D(2020, 1, 23), 1) == D(2020, 2, 3)


def test_2024_new_years_eve_was_a_working_day(national):
    # 国办发明电〔2023〕7号 gave 2/10–2/17 off and only "鼓励各单位……安排职工在除夕（2月9日）休息":
    # encouraged leave, not a holiday.  chinesecalendar and holidays agree (see the cross-check).
    assert national.is_workday(D(2024, 2, 9))
    assert national.count(D(2024, 2, 8), D(2024, 2, 18)) == 2  # Fri 2/9 and the 调休 Sunday 2/18


def test_new_years_eve_is_a_holiday_from_2025(national):
    # The 2024 revision of 《全国年节及纪念日放假办法》 made 除夕 a holiday from 2025 on.
    assert not national.is_workday(D(2025, 1, 28))
    assert not national.is_workday(D(2026, 2, 16))


def test_new_years_day_2023_began_on_31_december_2022(national):
    # The 2023 notice's 元旦 break was 2022-12-31 to 2023-01-02; the row sits in 2022.
    assert not national.is_workday(D(2022, 12, 31))
    assert not national.is_workday(D(2023, 1, 2))
