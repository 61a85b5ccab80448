"""督办通知单 and 催办单: the notice's and the department's own records, in the 公文 format."""

from datetime import date

import pytest
from django.utils import timezone

from duban.documents.gongwen import issue_date
from duban.meetings.models import Decision, Meeting
from duban.reports import notice_sheet, reminder_sheet
from duban.supervision import notices

from ..documents.docx_checks import assert_gongwen, full_text, open_docx, table_rows
from .conftest import TODAY


def form(document) -> dict[str, str]:
    [table] = document.tables
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


@pytest.fixture
def gas_notice(ledger, small_plan, office):
    guijian = small_plan.zone.departments.get(name="规建局")
    return notices.issue(ledger["gas"], guijian, "请说明5月、6月台账未报送的原因，并于本周内补报。", date(2020, 7, 20), office)


def test_the_notice_sheet_prints_the_notice_its_item_and_the_state_of_both(gas_notice, guijian_head):
    document = open_docx(notice_sheet.write(gas_notice, TODAY))
    assert_gongwen(document)
    assert document.paragraphs[0].text == "督办通知单"
    text = full_text(document)
    assert "规建局：" in text
    assert "根据《准东开发区2020年公文测试工作方案》，现就（一）第2项具体任务督办如下：" in text
    assert "请说明5月、6月台账未报送的原因，并于本周内补报。" in text
    assert "请于2020年7月20日前在督办系统中回复办理情况。" in text
    issued = timezone.localtime(gas_notice.issued_at)
    facts = form(document)
    assert facts["督办编号"] == f"督〔{issued.year}〕1号"
    assert facts["具体任务"] == "（一）第2项 推行燃气报装线上申请。"
    assert facts["牵头部门"] == "规建局" and facts["配合部门"] == "无"
    assert facts["当前状态"] == "红灯（逾期）：2期台账未报送：2020年5月、2020年6月。"
    assert facts["回复期限"] == "2020年7月20日" and facts["办理情况"] == "待回复"
    # Dated the day it was issued, in the name of the plan's steering office.
    assert document.paragraphs[-2].text == "准东开发区公文测试领导小组办公室"
    assert document.paragraphs[-1].text == issue_date(issued.date())

    notices.reply(gas_notice, "已于7月12日补报两期台账", guijian_head)
    gas_notice.refresh_from_db()
    handled = form(open_docx(notice_sheet.write(gas_notice, TODAY)))["办理情况"]
    replied = issue_date(timezone.localtime(gas_notice.replied_at).date())
    assert handled == f"已于7月12日补报两期台账。（guijian_head于{replied}回复）"


def test_the_notice_sheet_s_form_keeps_its_narrow_labels_in_libreoffice(gas_notice, tmp_path):
    """Printed from LibreOffice, the form's label column is a fifth of the type area (1:4), not half."""
    from tests.libreoffice import pdf_words

    words = pdf_words(notice_sheet.write(gas_notice, TODAY), "督办通知单.docx", tmp_path)
    label = next(w for w in words if w[3] == "督办编号")
    value = next(w for w in words if w[3].startswith("督〔") and w[2] == label[2])
    mm = (value[1] - label[1]) * 25.4 / 72
    assert 156 / 5 - 3 < mm < 156 / 5 + 3, mm


def test_notices_are_numbered_in_the_order_they_were_issued(gas_notice, small_plan, office, ledger):
    second = notices.issue(ledger["water"], small_plan.zone.departments.get(name="水务局"), "请报送进驻情况。",
                           date(2020, 7, 20), office)
    year = timezone.localtime(second.issued_at).year
    assert notice_sheet.number(gas_notice) == f"督〔{year}〕1号"
    assert notice_sheet.number(second) == f"督〔{year}〕2号"


@pytest.fixture
def guijian_overdue(ledger, small_plan, office, guijian_head):
    """Beyond its missing reports, 规建局 has an unanswered notice, a late item and an open action."""
    guijian = small_plan.zone.departments.get(name="规建局")
    gas = ledger["gas"]
    gas.deadline = date(2020, 6, 30)
    gas.save()
    notices.issue(gas, guijian, "请补报台账。", date(2020, 7, 8), office)
    meeting = Meeting.objects.create(zone=small_plan.zone, plan=small_plan, host=guijian, date=date(2020, 6, 10),
                                     title="燃气报装推进会", chair="张三", recorded_by=guijian_head)
    Decision.objects.create(zone=small_plan.zone, meeting=meeting, text="开通燃气报装线上申请", owner=guijian,
                            due=date(2020, 7, 1))
    return guijian


def test_the_reminder_sheet_lists_the_department_s_overdue_work_oldest_first(guijian_overdue):
    document = open_docx(reminder_sheet.write(guijian_overdue, TODAY))
    assert_gongwen(document)
    text = full_text(document)
    assert document.paragraphs[0].text == "催办单"
    assert ("截至2020年7月10日，你单位有6项工作逾期：台账逾期未报送3项、督办通知逾期未回复1项、超过完成时限未完成1项、"
            "跟踪事项逾期未完成1项，明细见下表。") in text
    [table] = document.tables
    rows = table_rows(table)
    assert [row[1:4] for row in rows[1:]] == [
        ["（一）第2项 推行燃气报装线上申请（2020年5月台账）", "台账逾期未报送", "2020年5月25日"],
        ["（一）第1项 梳理准入项目清单（2020年6月台账）", "台账逾期未报送", "2020年6月25日"],
        ["（一）第2项 推行燃气报装线上申请（2020年6月台账）", "台账逾期未报送", "2020年6月25日"],
        ["（一）第2项 推行燃气报装线上申请", "超过完成时限未完成", "2020年6月30日"],
        ["燃气报装推进会：开通燃气报装线上申请", "跟踪事项逾期未完成", "2020年7月1日"],
        ["（一）第2项 请补报台账", "督办通知逾期未回复", "2020年7月8日"],
    ]
    # Working days after the due day up to 7月10日: the Dragon Boat holiday (6月25日–27日) does not
    # count and Sunday 6月28日, its make-up day, does: 6/28, 6/29–7/3, 7/6–7/10 = 11.
    assert [row[4] for row in rows[2:]] == ["11", "11", "8", "7", "2"]


def test_a_department_with_nothing_overdue_is_told_so(ledger, small_plan):
    jingfa = small_plan.zone.departments.get(name="经发局")
    assert "截至2020年7月10日，你单位无逾期工作。" in full_text(open_docx(reminder_sheet.write(jingfa, TODAY)))
