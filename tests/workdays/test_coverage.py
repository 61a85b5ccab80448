"""Coverage: years outside the national layer raise; listing; reminders to enter next year's notices."""

import datetime as dt

import pytest

from duban.workdays.engine import CalendarNotCovered, coverage, load_calendar, missing_notice_warnings

D = dt.date


def test_not_covered_is_a_value_error_with_a_chinese_message(national):
    with pytest.raises(CalendarNotCovered) as caught:
        national.count(D(2026, 12, 1), D(2027, 1, 4))
    assert isinstance(caught.value, ValueError)
    assert caught.value.year == 2027
    assert str(caught.value).startswith("2027 年的国务院节假日安排尚未录入，请省级管理员录入该年通知后再计算")


@pytest.mark.parametrize("day, year", [(D(2027, 1, 1), 2027), (D(2030, 6, 1), 2030), (D(2019, 6, 1), 2019)])
def test_every_single_date_call_raises_outside_the_span(xinjiang, day, year):
    for call in (
        lambda: xinjiang.is_workday(day),
        lambda: xinjiang.count(D(2024, 1, 2), day),
        lambda: xinjiang.count(day, D(2024, 1, 2)),
        lambda: xinjiang.add(day, 1),
        lambda: xinjiang.provisional_reasons(D(2024, 1, 2), day),
    ):
        with pytest.raises(CalendarNotCovered) as caught:
            call()
        assert caught.value.year == year
        assert str(year) in str(caught.value)


def test_before_the_first_year_the_message_says_so(national):
    with pytest.raises(CalendarNotCovered, match="2019 年不在工作日日历范围内"):
        national.is_workday(D(2019, 6, 1))


def test_coverage_lists_layers_years_and_status():
    rows = {(row.layer, row.year): row.status for row in coverage()}
    assert rows == {
        **{("national", year): "official" for year in range(2020, 2027)},
        ("xinjiang", 2022): "unverified",  # unverified copy
        ("xinjiang", 2023): "official",
        ("xinjiang", 2024): "unverified",
        ("xinjiang", 2025): "official",
        ("xinjiang", 2026): "unverified",  # reported
    }
    assert all(row.notice or row.note for row in coverage())


def test_unknown_region_is_refused():
    with pytest.raises(ValueError, match="未知地区"):
        load_calendar("tibet")


@pytest.mark.parametrize(
    "today, expected",
    [
        (D(2026, 6, 1), []),
        (D(2026, 10, 31), []),
        (D(2026, 11, 1), ["2027 年的国务院节假日安排尚未录入"]),
        (D(2026, 12, 19), ["2027 年的国务院节假日安排尚未录入"]),
        (D(2026, 12, 20), ["2027 年的国务院节假日安排尚未录入", "新疆 2027 年少数民族节日放假安排尚未录入"]),
        # Into a year nobody entered: the current year is missing for both layers.
        (D(2027, 1, 5), ["2027 年的国务院节假日安排尚未录入，该年的工作日无法计算", "新疆 2027 年少数民族节日放假安排尚未录入"]),
    ],
)
def test_missing_notice_warnings(today, expected):
    warnings = missing_notice_warnings(today)
    assert len(warnings) == len(expected)
    for warning, start in zip(warnings, expected):
        assert warning.startswith(start)


def test_missing_notice_warnings_for_the_national_layer_only():
    assert len(missing_notice_warnings(D(2026, 12, 20), regions=["national"])) == 1


def test_regional_warnings_name_every_missing_year_due():
    # Xinjiang 2020 and 2021 are not entered (no notice was found): on 2020-12-20 both are due.
    warnings = missing_notice_warnings(D(2020, 12, 20))
    assert [warning[:9] for warning in warnings] == ["新疆 2020 年", "新疆 2021 年"]
    assert warnings[1] == (
        "新疆 2021 年少数民族节日放假安排尚未录入：录入前该年按全国安排计算并标注为暂定，"
        "请省级管理员在自治区通知发布后及时录入"
    )


@pytest.mark.parametrize("today", [D(2027, 1, 5), D(2026, 12, 20)])
def test_every_missing_notice_warning_names_the_province_keeper_who_enters_it(today):
    """The national and regional layers are the 省级管理员's (Role.PROVINCE): a zone office cannot enter them."""
    warnings = missing_notice_warnings(today)
    assert warnings
    for warning in warnings:
        assert "请省级管理员" in warning and "领导小组办公室" not in warning


def test_a_year_before_the_calendar_names_the_province_keeper_too():
    for error in (CalendarNotCovered(2019, 2020, 2026), CalendarNotCovered(2030, 2020, 2026)):
        assert "请省级管理员" in str(error) and "领导小组办公室" not in str(error)
