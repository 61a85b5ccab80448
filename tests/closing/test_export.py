"""A 对账单's download content: every line in words, and the sign-off (who confirmed it, when)."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from duban.closing import flow
from duban.closing.export import COLUMNS, sheet_export
from duban.closing.models import Line
from duban.documents import xlsx

from ..documents.docx_checks import assert_gongwen, full_text, open_docx, table_rows
from .conftest import PDF, YEAR_END, applied, carried, closed_out


@pytest.fixture
def confirmed_sheet(guijian_sheet, water_line, liaison, guijian_head, office):
    """规建局's sheet signed off: （八）3 carried over to 2021年6月30日, every other line closed out."""
    carried(water_line, liaison, office, date(2021, 6, 30), "完成燃气报装线上办理")
    for line in guijian_sheet.lines.exclude(pk=water_line.pk):
        closed_out(line, liaison, office)
    flow.confirm(guijian_sheet, guijian_head)
    guijian_sheet.refresh_from_db()
    return guijian_sheet


def test_an_open_sheet_exports_unconfirmed(guijian_sheet):
    before = sheet_export(guijian_sheet, YEAR_END)
    assert (before.status, before.sign_off) == ("对账中", "未确认")
    assert before.title == "规建局对账单（2020年度）" and len(before.rows) == 9
    assert all(list(row)[: len(COLUMNS)] == list(COLUMNS) for row in before.rows)


def test_the_export_holds_every_line_and_the_sign_off(confirmed_sheet):
    after = sheet_export(confirmed_sheet, YEAR_END)
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


def test_a_resolved_dispute_carries_the_office_s_answer_in_both_downloads(as_user, water_line, liaison, guijian_head,
                                                                          office):
    """A sheet confirmed after a dispute: the download says how the office answered it, not only that
    the head disputed the line (which would read as a dispute never settled)."""
    closed_out(water_line, liaison, office)
    flow.dispute(water_line, guijian_head, "燃气部分未完成")
    flow.resolve(water_line, office, "燃气部分已于12月验收")
    rows = sheet_export(water_line.sheet, YEAR_END).rows
    water = next(r for r in rows if r["具体任务"] == "（八）第3项")
    assert water["负责人异议"] == "燃气部分未完成；办公室处理：维持原审定。燃气部分已于12月验收"
    docx = full_text(open_docx(as_user(guijian_head).get(
        reverse("closing:sheet_docx", args=[water_line.sheet_id])).content))
    assert "办公室处理：维持原审定。燃气部分已于12月验收" in docx


def test_both_downloads_carry_each_line_s_rag_history(as_user, confirmed_sheet, water_line, office):
    """The 对账单 reconciles each line against its RAG history (红黄绿灯记录), the page's and the downloads'."""
    from duban.ledger.models import StatusChange

    item = water_line.item
    StatusChange.objects.filter(item=item).delete()
    for before, after, day in (("", "green", date(2020, 2, 1)), ("green", "red", date(2020, 11, 2))):
        StatusChange.objects.create(zone_id=item.zone_id, item=item, from_colour=before, to_colour=after, as_of=day)
    water = next(r for r in sheet_export(confirmed_sheet, YEAR_END).rows if r["具体任务"] == "（八）第3项")
    assert water["红黄绿灯记录"] == "2020年2月1日 —→绿灯（正常推进）；2020年11月2日 绿灯（正常推进）→红灯（逾期）"
    client = as_user(office)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("closing:sheet_xlsx", args=[confirmed_sheet.pk])).content))["对账单"]
    assert [c.value for c in sheet[4]][COLUMNS.index("红黄绿灯记录")] == "红黄绿灯记录"
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == "（八）第3项")
    assert row[COLUMNS.index("红黄绿灯记录")].value == water["红黄绿灯记录"]
    document = open_docx(client.get(reverse("closing:sheet_docx", args=[confirmed_sheet.pk])).content)
    form = {r[0]: r[1] for r in table_rows(next(t for t in document.tables[2:] if "配套系统年内未建成" in full_text_of(t)))}
    assert form["红黄绿灯记录"] == water["红黄绿灯记录"]


def test_the_word_sheet_is_a_gongwen_with_the_sign_off_and_every_line(as_user, confirmed_sheet, guijian_head, shuiwu):
    url = reverse("closing:sheet_docx", args=[confirmed_sheet.pk])
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


def test_the_spreadsheet_holds_the_sign_off_and_a_row_per_line(as_user, confirmed_sheet, assessor):
    response = as_user(assessor).get(reverse("closing:sheet_xlsx", args=[confirmed_sheet.pk]))
    assert response.status_code == 200 and response["Content-Type"] == xlsx.CONTENT_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["对账单"]
    assert sheet["A1"].value == "规建局对账单（2020年度）"
    assert "对账状态：已确认" in sheet["A2"].value and "负责人确认：guijian_head 于 2020年12月20日 确认" in sheet["A2"].value
    # Two header rows (对账依据 and 对账结果 group their columns), then one row per line.
    assert [c.value for c in sheet[3]][:6] == ["序号", "具体任务", "任务内容", "分工", "完成时限", "对账依据"]
    assert [c.value for c in sheet[4]][5:7] == ["最近确认的台账报告", "量化指标"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 9 and [r[0] for r in rows] == list(range(1, 10))
    water = dict(zip(COLUMNS, next(r for r in rows if r[1] == "（八）第3项")))
    assert (water["审定结果"], water["部门申请"]) == ("结转", "申请结转：尚未完成")
    assert water["审定意见"].endswith("阶段目标：完成燃气报装线上办理")
    decision = COLUMNS.index("审定结果") + 1
    shade = next(row for row in sheet.iter_rows(min_row=5) if row[1].value == "（八）第3项")[decision - 1]
    assert shade.fill.fgColor.rgb.endswith(xlsx.AMBER)  # carried over: amber


def test_what_people_wrote_stays_text_in_the_spreadsheet(as_user, water_line, liaison, office):
    flow.add_evidence(water_line, liaison, "佐证.pdf", PDF)
    flow.apply(water_line, liaison, "close", "已完成")
    flow.decide(water_line, office, flow.Ruling("returned", '=HYPERLINK("http://example.com","补充")'))
    response = as_user(liaison).get(reverse("closing:sheet_xlsx", args=[water_line.sheet_id]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["对账单"]
    cell = next(row for row in sheet.iter_rows(min_row=5) if row[1].value == "（八）第3项")[COLUMNS.index("审定意见")]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://example.com","补充")'


def test_no_text_people_wrote_is_run_as_a_formula(as_user, water_line, liaison, office, guijian_head):
    """The office's note and the head's objection, typed by people, come back as text that stays text
    when edited (the quote prefix), and the sheet holds no formula at all."""
    from tests.spreadsheets import formula_like_text

    flow.decide(applied(water_line, liaison), office, flow.Ruling(Line.Decision.CLOSED, "-已核实，同意销号"))
    flow.dispute(water_line, guijian_head, "@燃气部分未完成")
    response = as_user(liaison).get(reverse("closing:sheet_xlsx", args=[water_line.sheet_id]))
    assert set(formula_like_text(response.content)) == {"-已核实，同意销号", "@燃气部分未完成"}


def test_every_line_lists_its_evidence_file_names_in_both_downloads(as_user, confirmed_sheet, water_line, liaison,
                                                                    sheet_of, office):
    rows = sheet_export(confirmed_sheet, YEAR_END).rows
    water = next(r for r in rows if r["具体任务"] == "（八）第3项")
    assert water["佐证材料"] == "对账申请：完成情况说明.pdf"
    # An adjustment's approval and a file named like a formula: listed, and text in the spreadsheet.
    line = sheet_of("水务局").lines.filter(is_lead=False).first()
    flow.add_evidence(line, liaison, "=cmd.pdf", PDF)
    flow.add_evidence(line, liaison, "验收报告.pdf", PDF)
    flow.apply(line, liaison, Line.Request.ADJUST, "已调整")
    flow.decide(line, office, flow.Ruling(Line.Decision.ADJUSTED, "取消", approval=("管委会批复.pdf", PDF)))
    row = next(r for r in sheet_export(line.sheet, YEAR_END).rows if r["具体任务"] == line.item.code)
    assert row["佐证材料"] == "对账申请：=cmd.pdf、验收报告.pdf；批准文件：管委会批复.pdf"
    untouched = next(r for r in sheet_export(line.sheet, YEAR_END).rows if r["部门申请"] == "未申请")
    assert untouched["佐证材料"] == "无"

    client = as_user(office)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("closing:sheet_xlsx", args=[line.sheet_id])).content))
    sheet = book["对账单"]
    assert [c.value for c in sheet[4]][COLUMNS.index("佐证材料")] == "佐证材料"
    cell = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == line.item.code)[COLUMNS.index("佐证材料")]
    assert cell.data_type == "s" and cell.value == "对账申请：=cmd.pdf、验收报告.pdf；批准文件：管委会批复.pdf"
    document = open_docx(client.get(reverse("closing:sheet_docx", args=[confirmed_sheet.pk])).content)
    water_form = {row[0]: row[1] for row in table_rows(next(t for t in document.tables[2:]
                                                            if "配套系统年内未建成" in full_text_of(t)))}
    assert water_form["佐证材料"] == "对账申请：完成情况说明.pdf"
