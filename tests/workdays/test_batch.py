"""Counting a file of pairs, and laying the office's entries over a shipped layer (pure: no database)."""

import datetime as dt

import pytest

from duban.workdays.engine import (
    CalendarDataError,
    CoverageYear,
    Entry,
    WorkdayCalendar,
    count_pairs,
    merged_layer,
    read_layer,
)

D = dt.date


def test_every_row_is_counted_with_its_provisional_reason(xinjiang):
    rows = count_pairs(xinjiang, "start,end\n2025-06-05,2025-06-11\n\n# note\n2021-01-04,2021-01-11\n", "f.csv")
    assert rows == [
        (D(2025, 6, 5), D(2025, 6, 11), 1, ""),
        (D(2021, 1, 4), D(2021, 1, 11), 5, "新疆 2021 年少数民族节日未录入"),
    ]


def test_a_pair_spanning_two_provisional_years_gives_both_reasons(xinjiang):
    [row] = count_pairs(xinjiang, "start,end\n2020-06-01,2021-06-01\n", "f.csv")
    assert row.provisional == "新疆 2020 年少数民族节日未录入；新疆 2021 年少数民族节日未录入"


def test_the_anchor_may_start_a_count(national):
    [row] = count_pairs(national, "start,end\n2019-12-31,2020-12-31\n", "f.csv")
    assert row.workdays == 249


@pytest.mark.parametrize(
    "text, message",
    [
        ("start,end\n2025-06-05\n", "f.csv 第 2 行：应有 2 列，实有 1 列"),
        ("start,end\n2025-06-05,2025-06-11\n2025-13-01,2025-06-11\n", "f.csv 第 3 行：日期 '2025-13-01' 无效"),
        ("start,end\n2025-06-05,2025-06-11\n2019-06-01,2025-06-11\n", "f.csv 第 3 行：2019 年不在工作日日历范围内"),
        ("end,start\n", "f.csv 第 1 行：表头应为 start,end"),
    ],
)
def test_a_bad_row_names_its_line(national, text, message):
    with pytest.raises(CalendarDataError) as caught:
        count_pairs(national, text, "f.csv")
    assert str(caught.value).startswith(message)


def test_merged_entries_replace_the_shipped_ones_for_the_same_date(national):
    shipped = read_layer("national")
    layer = merged_layer(shipped, [Entry(D(2025, 10, 8), "work", "改为上班（测试）", "通知")])
    calendar = WorkdayCalendar(layer)
    assert calendar.is_workday(D(2025, 10, 8)) and not national.is_workday(D(2025, 10, 8))
    assert calendar.count(D(2025, 9, 30), D(2025, 10, 9)) == national.count(D(2025, 9, 30), D(2025, 10, 9)) + 1


def test_merged_entries_wait_for_their_year_to_be_covered():
    shipped = read_layer("national")
    new_year = Entry(D(2027, 1, 1), "rest", "元旦", "通知")
    waiting = merged_layer(shipped, [new_year])
    assert D(2027, 1, 1) not in waiting.entries and waiting.years[-1] == 2026

    covered = merged_layer(shipped, [new_year], [CoverageYear("national", 2027, "official", "通知")])
    calendar = WorkdayCalendar(covered)
    assert calendar.years[-1] == 2027 and not calendar.is_workday(D(2027, 1, 1))
