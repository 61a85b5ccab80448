"""The Xinjiang layer: 肉孜节 and 古尔邦节 on top of the national calendar, and provisional years."""

import datetime as dt

import numpy as np
import pytest

from duban.workdays.engine import read_layer

from .helpers import days

D = dt.date

# The extra weekdays off, per the shared research note (official years only: 2023 and 2025).
OFFICIAL_FESTIVAL_DAYS = {
    2023: [D(2023, 4, 21), D(2023, 6, 28), D(2023, 6, 29), D(2023, 6, 30)],
    2025: [D(2025, 3, 31), D(2025, 6, 6), D(2025, 6, 9), D(2025, 6, 10)],
}


@pytest.mark.parametrize("year", sorted(OFFICIAL_FESTIVAL_DAYS))
def test_festival_days_are_rest_in_xinjiang_only(national, xinjiang, year):
    for day in OFFICIAL_FESTIVAL_DAYS[year]:
        assert national.is_workday(day)
        assert not xinjiang.is_workday(day)


@pytest.mark.parametrize("year", sorted(OFFICIAL_FESTIVAL_DAYS))
def test_year_differs_from_national_by_exactly_the_regional_days(national, xinjiang, year):
    start, end = D(year - 1, 12, 31), D(year, 12, 31)
    assert national.count(start, end) - xinjiang.count(start, end) == 4


@pytest.mark.parametrize(
    "a, b, regional_days",
    [
        # 2023 肉孜节: festival Saturday 4/22, the region gave Friday 4/21.
        (D(2023, 4, 20), D(2023, 4, 24), 1),
        # 2023 古尔邦节: Wed 6/28 – Fri 6/30, right after 端午节 (6/22–6/24, 调休 Sunday 6/25).
        (D(2023, 6, 21), D(2023, 7, 3), 3),
        # 2025 肉孜节: off 3/29–3/31; only Monday 3/31 is a weekday.
        (D(2025, 3, 28), D(2025, 4, 1), 1),
        # 2025 古尔邦节: off 6/6–6/10; Fri 6/6, Mon 6/9, Tue 6/10 are weekdays.
        (D(2025, 6, 5), D(2025, 6, 11), 3),
    ],
)
def test_count_across_a_festival(national, xinjiang, a, b, regional_days):
    assert national.count(a, b) - xinjiang.count(a, b) == regional_days


def test_2023_eid_al_fitr_worked_example(national, xinjiang):
    # Received Thursday 2023-04-20.  In Xinjiang Friday 4/21 is 肉孜节; Sunday 4/23 is a national
    # 调休 working day (劳动节) which the region kept, so it is day 1 there.
    assert national.add(D(2023, 4, 20), 1) == D(2023, 4, 21)
    assert xinjiang.add(D(2023, 4, 20), 1) == D(2023, 4, 23)
    assert xinjiang.add(D(2023, 4, 20), 2) == D(2023, 4, 24)


def test_every_regional_row_changes_the_national_answer(national):
    # The regional file lists only days it changes (consistency rule in xinjiang.csv's header):
    # each row is a rest day on a national working day.
    for day, entry in read_layer("xinjiang").entries.items():
        assert entry.kind == "rest" and national.is_workday(day), day


@pytest.mark.parametrize(
    "year, reasons",
    [
        (2020, ["新疆 2020 年少数民族节日未录入"]),
        (2021, ["新疆 2021 年少数民族节日未录入"]),
        (2022, ["新疆 2022 年少数民族节日数据未经核实"]),
        (2023, []),
        (2024, ["新疆 2024 年少数民族节日数据未经核实"]),
        (2025, []),
        (2026, ["新疆 2026 年少数民族节日数据未经核实"]),
    ],
)
def test_provisional_reasons_per_year(xinjiang, year, reasons):
    assert xinjiang.provisional_reasons(D(year, 3, 1), D(year, 9, 1)) == reasons


def test_uncovered_regional_year_falls_back_to_the_national_layer(national, xinjiang):
    assert xinjiang.count(D(2020, 12, 31), D(2021, 12, 31)) == national.count(D(2020, 12, 31), D(2021, 12, 31))


def test_provisional_reasons_cover_only_the_counted_days(xinjiang):
    # (2022-12-31, 2023-12-31] lies wholly in 2023: final, though it starts in 2022.
    assert xinjiang.provisional_reasons(D(2022, 12, 31), D(2023, 12, 31)) == []
    # (2022-12-30, 2023-01-05] counts 2022-12-31.
    assert xinjiang.provisional_reasons(D(2022, 12, 30), D(2023, 1, 5)) == ["新疆 2022 年少数民族节日数据未经核实"]
    assert xinjiang.provisional_reasons(D(2023, 1, 5), D(2022, 12, 30)) == ["新疆 2022 年少数民族节日数据未经核实"]
    assert xinjiang.provisional_reasons(D(2021, 5, 1), D(2021, 5, 1)) == []  # nothing counted
    assert xinjiang.provisional_reasons(D(2020, 6, 1), D(2023, 6, 1)) == [
        "新疆 2020 年少数民族节日未录入",
        "新疆 2021 年少数民族节日未录入",
        "新疆 2022 年少数民族节日数据未经核实",
    ]


def test_the_national_region_is_never_provisional(national):
    assert national.provisional_years == {}
    assert national.provisional_reasons(D(2020, 1, 1), D(2026, 12, 31)) == []
    starts = np.array(["2020-01-01", "2024-03-01"], dtype="datetime64[D]")
    assert not national.provisional_many(starts, starts + 200).any()


def test_provisional_many(xinjiang):
    starts = np.array(["2021-03-01", "2023-03-01", "2024-03-01", "2025-03-01", "2022-12-31"], dtype="datetime64[D]")
    ends = np.array(["2021-09-01", "2023-09-01", "2024-09-01", "2025-09-01", "2023-12-31"], dtype="datetime64[D]")
    assert xinjiang.provisional_many(starts, ends).tolist() == [True, False, True, False, False]
    assert xinjiang.provisional_many(ends, starts).tolist() == [True, False, True, False, False]


def test_every_regional_day_is_in_a_covered_year(xinjiang):
    layer = read_layer("xinjiang")
    assert {day.year for day in layer.entries} <= set(layer.coverage)
    assert set(layer.coverage) == {2022, 2023, 2024, 2025, 2026}


def test_festival_windows_only_rest_on_the_listed_days(national, xinjiang):
    # Across the whole 2025 古尔邦节 window the regional and national calendars differ on
    # exactly 6/6, 6/9, 6/10: the weekend inside it was rest anyway.
    window = days(D(2025, 6, 1), D(2025, 6, 15))
    differing = [day for day in window if national.is_workday(day) != xinjiang.is_workday(day)]
    assert differing == [D(2025, 6, 6), D(2025, 6, 9), D(2025, 6, 10)]
