"""工作进展情况报告: opened with python-docx, checked for the 公文 format and for what the ledger says."""

from datetime import date
from decimal import Decimal

import pytest

from duban.cases.models import LimitUnit, ServiceType
from duban.ledger import status
from duban.plans.models import Item, Target
from duban.reports import progress
from duban.reports.periods import find_period

from ..documents.docx_checks import (
    BODY, HEI, KAI, assert_gongwen, find_paragraph, full_text, open_docx, paragraph_fonts, table_rows,
)
from .conftest import TODAY, moment


def report_for(plan, key: str):
    return open_docx(progress.write(progress.gather(plan, find_period(plan.year, TODAY, key), TODAY)))


def test_the_quarterly_report_is_a_gongwen_built_from_the_ledger(small_plan, ledger):
    document = report_for(small_plan, "2020-Q2")
    assert_gongwen(document)
    text = full_text(document)
    assert document.paragraphs[0].text == "准东开发区2020年公文测试工作\n2020年第二季度进展情况报告"
    assert document.paragraphs[2].text == "准东开发区公文测试领导小组："
    # Statuses as of today: （一）1 amber (存在风险), （一）2 red (two months missing), （二） green.
    assert ("截至2020年7月10日，《方案》确定的2项主要任务、3项具体任务中，已完成0项，正常推进（绿灯）1项，"
            "存在风险（黄灯）1项，逾期（红灯）1项") in text
    # May and June owed: 经发局 2 on time; 规建局 1 on time, 3 missing (June's lead report was sent
    # back); 水务局 and 财政局 one on time and one late each: 10 owed, 5 on time, 2 late, 3 missing.
    assert "2020年第二季度各部门应报台账10份，按时报送5份，逾期报送2份，未报送3份，按时报送率50.0%。" in text
    assert document.paragraphs[-2].text == "准东开发区公文测试领导小组办公室"
    assert document.paragraphs[-1].text == "2020年7月10日"


def test_each_item_shows_what_its_lead_department_reported_in_the_period(small_plan, ledger):
    text = full_text(report_for(small_plan, "2020-Q2"))
    # The newest cycle of the quarter each lead department filed, not yet accepted by the office.
    assert ("1.梳理准入项目清单。牵头部门：经发局。状态：黄灯（存在风险）。本期进展（2020年6月）：准入项目清单已征求各部门意见。"
            "完成进度60%（待办公室确认）。存在问题：部分行业口径不一。下步计划：7月底前印发清单。") in text
    assert "2.推行燃气报装线上申请。牵头部门：规建局。状态：红灯（逾期）。本期进展：牵头部门本期未报送台账。" in text
    # A task of one unnumbered item has no level-3 heading: the item's paragraph follows the task.
    assert ("牵头部门：水务局。状态：绿灯（正常推进）。本期进展（2020年6月）：用水报装全部进驻政务大厅。"
            "完成进度95%（待办公室确认）。") in text


def test_a_monthly_report_reads_that_month_only(small_plan, ledger):
    text = full_text(report_for(small_plan, "2020-05"))
    assert "本期进展（2020年5月）：完成准入项目清单初稿。完成进度40%。" in text  # accepted: no mark
    # May alone: 经发局, 规建局 (cooperating) and 财政局 on time, 水务局 late, 规建局's lead report missing.
    assert "2020年5月各部门应报台账5份，按时报送3份，逾期报送1份，未报送1份，按时报送率60.0%。" in text


def test_red_and_amber_items_are_listed_with_the_reasons_of_their_status(small_plan, ledger):
    document = report_for(small_plan, "2020-06")
    red = find_paragraph(document, "（一）逾期事项（红灯）。")
    assert paragraph_fonts(red)[0][0] == KAI
    text = full_text(document)
    assert "（一）逾期事项（红灯）。共1项。" in text
    assert "1.（一）第2项推行燃气报装线上申请。牵头部门：规建局。原因：2期台账未报送：2020年5月、2020年6月。" in text
    assert "（二）存在风险事项（黄灯）。共1项。" in text
    assert "1.（一）第1项梳理准入项目清单。牵头部门：经发局。原因：牵头部门自评存在风险。" in text
    assert paragraph_fonts(find_paragraph(document, "三、存在的主要问题")) == [(HEI, 16, "三、存在的主要问题")]


def test_departments_figures_are_in_a_table(small_plan, ledger):
    document = report_for(small_plan, "2020-Q2")
    table = document.tables[-1]
    assert table_rows(table) == [
        ["部门", "牵头任务", "已完成", "红灯", "黄灯", "应报", "按时", "逾期", "未报"],
        ["经发局", "1", "0", "0", "1", "2", "2", "0", "0"],
        ["财政局", "0", "0", "0", "0", "2", "1", "1", "0"],
        ["规建局", "1", "0", "1", "0", "4", "1", "0", "3"],
        ["水务局", "1", "0", "0", "0", "2", "1", "1", "0"],
    ]
    cell_fonts = {f for row in table.rows[1:] for cell in row.cells for f, _, _ in paragraph_fonts(cell.paragraphs[0]._p)}
    assert cell_fonts == {BODY}
    assert "《方案》暂无接入办件数据的量化指标。" in full_text(document)


@pytest.fixture
def gas_cases(plan, zone, pinned):
    """The seed plan's 居民燃气报装时间 (≤ 3 工作日) measured by three cases of 4, 5 and 6 working days."""
    pinned(TODAY)
    target = Target.objects.get(item__task__plan=plan, subject="居民燃气报装时间")
    gas = ServiceType.objects.create(zone=zone, name="居民燃气报装", department=zone.departments.get(name="规建局"),
                                     limit_value=3, calendar_region="national", target=target)
    for n, completed in enumerate(["2020-06-05", "2020-06-08", "2020-06-09"]):
        gas.cases.create(zone=zone, number=f"G{n}", applicant_kind="个人", applicant_name="张三",
                         received_at=moment(date(2020, 6, 1)), completed_at=moment(date.fromisoformat(completed)))
    status.refresh(plan, TODAY)
    return target


def test_measured_targets_stand_against_their_promise(plan, gas_cases):
    document = report_for(plan, "2020-06")
    text = full_text(document)
    assert "接入办件数据的量化指标1项，按2020年以来的办件计算，达标（绿灯）0项，黄灯0项，红灯1项。" in text
    targets = next(t for t in document.tables if t.rows[0].cells[1].text == "指标")
    assert table_rows(targets)[1] == ["1", "（八）第3项 居民燃气报装时间", "≤ 3 工作日",
                                "居民燃气报装：办结3件，中位用时5个工作日，按时办结率0%", "红灯"]
    # The missed target is among the reasons of the red item, as the ledger's status gives it.
    assert "指标“居民燃气报装时间”红灯：居民燃气报装：中位用时5个工作日，超过承诺的3个工作日" in text


def test_periods_offered_are_those_begun(small_plan):
    from duban.reports.periods import default_period, report_periods

    keys = [p.key for p in report_periods(2020, TODAY)]
    assert keys == ["2020-07", "2020-06", "2020-05", "2020-04", "2020-03", "2020-02", "2020-01",
                    "2020-Q3", "2020-Q2", "2020-Q1"]
    assert default_period(2020, TODAY).label == "2020年6月"  # the last month ended
    assert default_period(2020, date(2020, 1, 15)).label == "2020年1月"  # none ended yet: the current one
    assert report_periods(2021, TODAY) == []


def measure_targets(plan, zone, count: int, first: int = 0) -> list[Target]:
    """``count`` targets (≤ 10 工作日) on the seed plan's items, each measured by a service type of
    its own with two cases completed in June 2020."""
    items = list(Item.objects.filter(task__plan=plan).order_by("task__order", "order"))
    department = zone.departments.get(name="规建局")
    targets = []
    for n in range(first, first + count):
        target = Target.objects.create(zone=zone, item=items[n % len(items)], subject=f"测试指标{n}", comparator="<=",
                                       value=Decimal(10), unit="工作日", order=100 + n)
        service_type = ServiceType.objects.create(zone=zone, name=f"测试事项{n}", department=department,
                                                  limit_value=10, calendar_region="national", target=target)
        for k in range(2):
            service_type.cases.create(zone=zone, number=f"S{n}-{k}", applicant_kind="个人", applicant_name="张三",
                                      received_at=moment(date(2020, 6, 1)), completed_at=moment(date(2020, 6, 3 + k)))
        targets.append(target)
    return targets


def test_the_targets_are_measured_at_once_whatever_their_number(plan, zone):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            document = open_docx(progress.write(progress.gather(plan, find_period(plan.year, TODAY, "2020-06"), TODAY)))
        assert "（" in table_rows(next(t for t in document.tables if t.rows[0].cells[1].text == "指标"))[1][1]
        return len(captured)

    measure_targets(plan, zone, 1)
    queries()  # the calendar is read once and kept (workdays.services)
    one = queries()
    measure_targets(plan, zone, 9, first=1)
    assert queries() == one


def test_targets_the_calendar_cannot_count_yet_are_reported_as_such(plan, zone):
    """On 2027年3月1日 the calendar (2020–2026) cannot count an open case's working days: its target is
    listed as not counted, and the target counted in calendar days is measured as usual."""
    working, calendar_days = measure_targets(plan, zone, 2)
    open_type = ServiceType.objects.get(target=working)
    open_type.cases.create(zone=zone, number="OPEN", applicant_kind="个人", applicant_name="李四",
                           received_at=moment(date(2020, 12, 20)))
    ServiceType.objects.filter(target=calendar_days).update(limit_unit=LimitUnit.CALENDAR_DAYS)
    day = date(2027, 3, 1)
    document = open_docx(progress.write(progress.gather(plan, find_period(plan.year, day, "2020-12"), day)))
    text = full_text(document)
    assert "接入办件数据的量化指标2项" in text and "工作日历未覆盖、暂不能计算1项" in text
    rows = table_rows(next(t for t in document.tables if t.rows[0].cells[1].text == "指标"))
    measured = {row[1].split(" ")[-1]: row for row in rows[1:]}
    assert "办结2件" in measured[calendar_days.subject][3]
    assert measured[working.subject][3] == "工作日历未覆盖" and rows[-1][1].endswith(working.subject)
