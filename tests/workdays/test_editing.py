"""The rules for changing the calendar, called directly (the page and the commands go through them)."""

import datetime as dt

import pytest

from duban.workdays import editing
from duban.workdays.engine import Entry
from duban.workdays.models import CoveredYear
from duban.workdays.services import calendar_for_region, calendar_for_zone, coverage_table

D = dt.date


def cover(layer, year, status="official", notice="通知（测试）"):
    return editing.cover_year(layer=layer, year=year, status=status, notice=notice)


def test_one_row_per_layer_and_date(db):
    editing.add_entry(layer="national", entry=Entry(D(2027, 1, 1), "rest", "元旦", "通知（测试）"))
    with pytest.raises(editing.CalendarEditError, match="2027年1月1日在全国层已有录入（元旦），如需修改请先删除"):
        editing.add_entry(layer="national", entry=Entry(D(2027, 1, 1), "work", "元旦", "通知（测试）"))
    # The same date in another layer is another row.
    editing.add_entry(layer="xinjiang", entry=Entry(D(2027, 1, 1), "rest", "元旦", "通知（测试）"))


def test_a_day_the_shipped_data_already_has_is_not_entered_twice(db):
    same = Entry(D(2025, 10, 1), "rest", "国庆节、中秋节", "国办发明电〔2024〕12号")
    with pytest.raises(editing.CalendarEditError, match="与随程序发布的数据相同"):
        editing.add_entry(layer="national", entry=same)


def test_a_day_needs_a_name_a_notice_and_a_year_that_can_be_entered(db, zone):
    with pytest.raises(editing.CalendarEditError, match="请填写依据的通知"):
        editing.add_entry(layer="national", entry=Entry(D(2027, 1, 1), "rest", "元旦", " "))
    with pytest.raises(editing.CalendarEditError, match="2028 年不在可录入的范围内：全国已录入 2020–2026 年"):
        editing.add_entry(layer="national", entry=Entry(D(2028, 1, 1), "rest", "元旦", "通知"))
    with pytest.raises(editing.CalendarEditError, match="须指定开发区"):
        editing.add_entry(layer="zone", entry=Entry(D(2025, 7, 1), "rest", "停电", "通知"))
    with pytest.raises(editing.CalendarEditError, match="不属于任何开发区"):
        editing.add_entry(layer="national", zone=zone, entry=Entry(D(2025, 7, 1), "rest", "停电", "通知"))


def test_national_years_stay_contiguous(db):
    cover("national", 2027)
    cover("national", 2028)
    with pytest.raises(editing.CalendarEditError, match="只能撤销首尾年份"):
        editing.uncover_year(CoveredYear.objects.get(year=2027))
    editing.uncover_year(CoveredYear.objects.get(year=2028))
    editing.uncover_year(CoveredYear.objects.get(year=2027))
    assert calendar_for_region("national").years[-1] == 2026


def test_a_regional_year_lies_within_the_national_years_or_just_after(db):
    with pytest.raises(editing.CalendarEditError, match="地区层只能登记全国已录入的年份或其下一年（2020–2027 年）"):
        cover("xinjiang", 2028)
    cover("xinjiang", 2021, status="unverified", notice="")
    assert calendar_for_region("xinjiang").provisional_reasons(D(2021, 1, 1), D(2021, 2, 1)) == [
        "新疆 2021 年少数民族节日数据未经核实"]


def test_rating_a_shipped_year_official_ends_its_provisional_flag(db, zone):
    assert calendar_for_zone(zone).provisional_reasons(D(2024, 1, 1), D(2024, 2, 1)) == [
        "新疆 2024 年少数民族节日数据未经核实"]
    cover("xinjiang", 2024, notice="自治区2024年放假通知（测试）")
    assert calendar_for_zone(zone).provisional_reasons(D(2024, 1, 1), D(2024, 2, 1)) == []
    cell = next(c for c in coverage_table("xinjiang") if (c.layer, c.year) == ("xinjiang", 2024))
    assert cell.status_label == "正式" and cell.added_by_office is not None
    # Withdrawing the office's rating brings the shipped one back.
    editing.uncover_year(cell.added_by_office)
    assert calendar_for_zone(zone).provisional_reasons(D(2024, 1, 1), D(2024, 2, 1)) != []


def test_the_same_status_as_shipped_is_not_registered_again(db):
    with pytest.raises(editing.CalendarEditError, match="已随程序发布，状态相同"):
        cover("national", 2026, notice="国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）")
