"""The packaged data files: well-formed, consistent with their notices, and the parser's errors."""

import datetime as dt

import pytest

from duban.workdays.engine import REST, WORK, CalendarDataError, coverage, read_layer
from duban.workdays.engine.data import CoverageYear, parse_coverage, parse_entries, parse_layer

D = dt.date


def national_notices() -> str:
    return " ".join(row.notice for row in coverage() if row.layer == "national")


def test_national_rows_cite_a_notice_listed_in_coverage():
    notices = national_notices()
    for day, entry in read_layer("national").entries.items():
        assert entry.notice and entry.notice in notices, day
        assert entry.name, day


def test_national_working_day_rows_are_weekend_makeup_days():
    for day, entry in read_layer("national").entries.items():
        if entry.kind == WORK:
            assert day.weekday() >= 5 and entry.name.startswith("调休上班"), day


def test_each_notice_number_is_in_the_data():
    entries = read_layer("national").entries.values()
    used = {entry.notice for entry in entries}
    assert used == {
        "国办发明电〔2019〕16号",  # 2020
        "国办发明电〔2020〕1号",  # 2020 COVID extension
        "国办发明电〔2020〕27号",  # 2021
        "国办发明电〔2021〕11号",  # 2022
        "国办发明电〔2022〕16号",  # 2023 (and 2022-12-31)
        "国办发明电〔2023〕7号",  # 2024
        "国办发明电〔2024〕12号",  # 2025
        "国办发明电〔2025〕7号",  # 2026
    }


def test_regional_rows_name_the_festival_and_a_source():
    for day, entry in read_layer("xinjiang").entries.items():
        assert entry.kind == REST and entry.name in ("肉孜节", "古尔邦节") and entry.notice, day


HEADER = "date,kind,name,notice\n"


@pytest.mark.parametrize(
    "body, message",
    [
        ("2024-02-30,rest,春节,x\n", "第 3 行：日期 '2024-02-30' 无效"),
        ("2024-02-10,holiday,春节,x\n", "第 3 行：类型应为 rest（放假）或 work（上班）"),
        ("2024-02-10,rest,春节\n", "第 3 行：应有 4 列，实有 3 列"),
    ],
)
def test_entry_errors_name_the_file_and_line(body, message):
    with pytest.raises(CalendarDataError, match=message):
        parse_entries("# a comment\n" + HEADER + body, "national.csv")


def test_a_wrong_header_is_refused():
    with pytest.raises(CalendarDataError, match="第 1 行：表头应为 date,kind,name,notice"):
        parse_entries("day,kind,name,notice\n", "national.csv")


def test_duplicate_dates_and_uncovered_years_are_refused():
    covered = [CoverageYear("national", 2024, "official")]
    with pytest.raises(CalendarDataError, match="第 3 行：2024-02-10 重复录入"):
        parse_layer("national", HEADER + "2024-02-10,rest,春节,x\n2024-02-10,work,春节,x\n", covered, "national.csv")
    with pytest.raises(CalendarDataError, match="第 2 行：2025 年不在 coverage.csv 中"):
        parse_layer("national", HEADER + "2025-02-10,rest,春节,x\n", covered, "national.csv")


def test_coverage_status_must_be_known():
    text = "layer,year,status,notice,note\nxinjiang,2024,reported,,\n"
    with pytest.raises(CalendarDataError, match="状态应为 official 或 unverified"):
        parse_coverage(text, "coverage.csv")
