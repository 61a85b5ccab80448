"""A 对账单's download content: every line in words, and the sign-off (who confirmed it, when)."""

from datetime import date

from django.urls import reverse

from duban.closing import flow
from duban.closing.export import COLUMNS, sheet_export
from duban.closing.models import Line

from ..documents.docx_checks import assert_gongwen, full_text, open_docx, table_rows
from .conftest import YEAR_END, carried, closed_out


def test_the_export_holds_every_line_and_the_sign_off(guijian_sheet, water_line, liaison, guijian_head, office):
    before = sheet_export(guijian_sheet, YEAR_END)
    assert (before.status, before.sign_off) == ("对账中", "未确认")
    assert before.title == "规建局对账单（2020年度）" and len(before.rows) == 9
    assert all(list(row) == list(COLUMNS) for row in before.rows)

    carried(water_line, liaison, office, date(2021, 6, 30), "完成燃气报装线上办理")
    for line in guijian_sheet.lines.exclude(pk=water_line.pk):
        closed_out(line, liaison, office)
    flow.confirm(guijian_sheet, guijian_head)
    guijian_sheet.refresh_from_db()
    after = sheet_export(guijian_sheet, YEAR_END)
    assert (after.status, after.sign_off) == ("已确认", "guijian_head 于 2020年12月20日 确认")
    assert after.summary.startswith("共 9 项：已审定 9 项（销号 8、结转 1、调整 0）")
    water = next(r for r in after.rows if r["具体任务"] == "（八）第3项")
    assert water["分工"] == "牵头部门" and water["审定结果"] == "结转"
    assert water["部门申请"] == "申请结转：尚未完成"
    assert water["审定意见"] == "配套系统年内未建成；结转后完成时限：2021年6月30日；阶段目标：完成燃气报装线上办理"
    assert "居民燃气报装时间 ≤ 3 工作日" in water["量化指标"]


def test_a_disputed_line_carries_the_head_s_comment(water_line, liaison, guijian_head, office):
    closed_out(water_line, liaison, office)
    flow.dispute(water_line, guijian_head, "燃气部分未完成")
    rows = sheet_export(water_line.sheet, YEAR_END).rows
    water = next(r for r in rows if r["具体任务"] == "（八）第3项")
    assert water["负责人异议"] == "燃气部分未完成" and sheet_export(water_line.sheet, YEAR_END).status == "有异议"
    assert Line.objects.get(pk=water_line.pk).state == "disputed"


def test_the_word_sheet_is_a_gongwen_with_the_sign_off_and_every_line(as_user, guijian_sheet, water_line, liaison,
                                                                      guijian_head, office, shuiwu):
    carried(water_line, liaison, office, date(2021, 6, 30), "完成燃气报装线上办理")
    for line in guijian_sheet.lines.exclude(pk=water_line.pk):
        closed_out(line, liaison, office)
    flow.confirm(guijian_sheet, guijian_head)
    url = reverse("closing:sheet_docx", args=[guijian_sheet.pk])
    response = as_user(guijian_head).get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "filename*=utf-8''%E8%A7%84" in response["Content-Disposition"]  # 规建局对账单（2020年度）.docx
    document = open_docx(response.content)
    assert_gongwen(document)
    assert document.paragraphs[0].text == "规建局2020年度对账单"
    facts = {row[0]: row[1] for row in table_rows(document.tables[0])}
    assert facts["对账状态"] == "已确认" and facts["负责人确认"] == "guijian_head 于 2020年12月20日 确认"
    lines = table_rows(document.tables[1])
    assert lines[0] == ["序号", "具体任务", "分工", "部门申请", "审定结果"] and len(lines) == 10
    assert ["7", "（八）第3项", "牵头部门", "申请结转", "结转"] in lines
    water = {row[0]: row[1] for row in table_rows(next(t for t in document.tables[2:]
                                                       if "配套系统年内未建成" in full_text_of(t)))}
    assert water["审定意见"] == "配套系统年内未建成；结转后完成时限：2021年6月30日；阶段目标：完成燃气报装线上办理"
    assert "负责人异议" not in water
    text = full_text(document)
    assert "（七）（八）第3项（牵头部门）" in text  # the line's heading
    assert document.paragraphs[-2].text == "规建局"
    # Another department may not download it.
    assert as_user(shuiwu).get(url).status_code == 403


def full_text_of(table) -> str:
    return "".join(cell.text for row in table.rows for cell in row.cells)
