"""A department's fill-in sheet, out and back in: export → edit with openpyxl → import, and every refusal."""

import io
import time
import zipfile
from datetime import date

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from duban.accounts.models import Role
from duban.ledger import flow, upload
from duban.ledger.models import Report
from duban.plans.models import Assignment
from tests.ooxml_files import with_shared_strings

from .sheets import download, row_of, worksheet

WATER = "优化水气报装服务"
MARKET = "放开化工新材料"  # （一）1: led by 经发局, 规建局 cooperating, no report yet


@pytest.fixture(autouse=True)
def july(pinned):
    return pinned(date(2020, 7, 10))


@pytest.fixture
def sheet_data(as_user, liaison, plan, june, lead_report) -> bytes:
    """规建局's fill-in sheet for June 2020, its draft on （八）3 in it."""
    return download(as_user(liaison), "fill_in", plan, cycle=june.pk)


def edit(data: bytes, change) -> bytes:
    """Open the sheet with openpyxl, let ``change(sheet)`` edit it, save it as a user's spreadsheet would."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text(cell, value) -> None:
    """Type text into a cell formatted as text (what Excel keeps as text, even starting with =)."""
    cell.value = value
    cell.data_type = "s"


def _file(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def token_of(page: str) -> str:
    return page.split('name="token" value="', 1)[1].split('"', 1)[0]


def written():
    """Everything an upload could write: the reports' values and the audit trail."""
    reports = list(Report.objects.order_by("pk").values_list(
        "pk", "progress", "problems", "next_steps", "completion", "state", "revision"))
    return reports, LogEntry.objects.count()


# ---- the round trip ---------------------------------------------------------------------------


def test_download_edit_upload_preview_confirm(as_user, liaison, plan, june, sheet_data, lead_report):
    sheet = worksheet(sheet_data)
    assert sheet.protection.sheet and sheet.column_dimensions["M"].hidden
    water, market = row_of(sheet, WATER), row_of(sheet, MARKET)
    assert sheet.cell(row=water, column=7).value == "已完成用水报装流程梳理"
    assert sheet.cell(row=water, column=7).protection.locked is False
    assert sheet.cell(row=water, column=3).protection.locked is True

    def fill(sheet):
        text(sheet.cell(row=water, column=7), "已完成用水报装流程梳理\n并公布办事指南")
        text(sheet.cell(row=water, column=8), "管网资料不全")
        text(sheet.cell(row=water, column=9), "下月完成管网普查")
        sheet.cell(row=water, column=10).value = 60
        text(sheet.cell(row=market, column=7), "=配合梳理准入清单（以等号开头的文字）")
        sheet.cell(row=market, column=10).value = "30%"

    before = written()
    client = as_user(liaison)
    preview = client.post(reverse("ledger:sheet_upload"), {"file": _file(edit(sheet_data, fill), "填报表.xlsx")})
    assert preview.status_code == 200, preview.text
    page = preview.text
    assert '<strong class="change-count">2</strong>' in page
    assert f"第 {water} 行" in page and "并公布办事指南" in page and "下月完成管网普查" in page
    assert written() == before  # a preview writes nothing

    done = client.post(reverse("ledger:sheet_confirm"), {"token": token_of(page)})
    assert done.status_code == 302 and done["Location"] == reverse("ledger:inbox")
    water_report = Report.objects.get(pk=lead_report.pk)
    assert (water_report.progress, water_report.problems, water_report.next_steps, water_report.completion) == (
        "已完成用水报装流程梳理\n并公布办事指南", "管网资料不全", "下月完成管网普查", 60)
    assert water_report.state == Report.State.DRAFT and water_report.revision == lead_report.revision + 1
    new = Report.objects.get(item__text__contains=MARKET, department=liaison.department, cycle=june)
    assert (new.progress, new.completion, new.state, new.created_by) == (
        "=配合梳理准入清单（以等号开头的文字）", 30, Report.State.DRAFT, liaison)
    assert not new.is_lead
    # on the audit trail, by the liaison, as a save on the report page would be
    assert LogEntry.objects.get_for_object(water_report).filter(actor=liaison).exists()
    assert LogEntry.objects.get_for_object(new).filter(actor=liaison).exists()

    again = download(client, "fill_in", plan, cycle=june.pk)
    assert worksheet(again).cell(row=water, column=7).value == "已完成用水报装流程梳理\n并公布办事指南"
    unchanged = client.post(reverse("ledger:sheet_upload"), {"file": _file(again, "填报表.xlsx")})
    assert '<strong class="change-count">0</strong>' in unchanged.text


def test_completion_typed_as_a_percentage_is_read_as_one(as_user, liaison, sheet_data, lead_report):
    sheet = worksheet(sheet_data)
    water = row_of(sheet, WATER)

    def percent(sheet):
        cell = sheet.cell(row=water, column=10)
        cell.value, cell.number_format = 0.8, "0%"  # Excel stores a typed “80%” so

    client = as_user(liaison)
    page = client.post(reverse("ledger:sheet_upload"), {"file": _file(edit(sheet_data, percent), "a.xlsx")}).text
    client.post(reverse("ledger:sheet_confirm"), {"token": token_of(page)})
    assert Report.objects.get(pk=lead_report.pk).completion == 80


@pytest.mark.parametrize("number_format, percentage", [
    ('0"%"', False), ("0\\%", False), ("0%", True), ("0.0%", True), ("[Red]0%", True), ('"%"0', False),
    ("General", False), ("", False), ('0" 完成%"', False), ("0_%", False),
])
def test_only_a_percentage_format_of_its_own_multiplies_by_100(number_format, percentage):
    assert upload.is_percentage_format(number_format) is percentage


def test_completion_in_libreoffice_s_escaped_format_is_read_as_shown(as_user, liaison, sheet_data, lead_report):
    """LibreOffice saves the sheet's 0"%" as 0\\%: 60 in that cell is shown, and read, as 60%."""
    water = row_of(worksheet(sheet_data), WATER)

    def escaped(sheet):
        cell = sheet.cell(row=water, column=10)
        cell.value, cell.number_format = 60, "0\\%"

    client = as_user(liaison)
    page = client.post(reverse("ledger:sheet_upload"), {"file": _file(edit(sheet_data, escaped), "a.xlsx")}).text
    assert '<strong class="change-count">1</strong>' in page, page
    client.post(reverse("ledger:sheet_confirm"), {"token": token_of(page)})
    assert Report.objects.get(pk=lead_report.pk).completion == 60


def test_a_sheet_saved_by_libreoffice_uploads_unchanged(as_user, liaison, plan, june, lead_report, tmp_path):
    """Downloaded, opened and saved in LibreOffice (which rewrites styles and number formats), uploaded:
    nothing changed, nothing refused."""
    from tests.libreoffice import convert

    lead_report.completion = 60
    lead_report.save()
    client = as_user(liaison)
    saved = convert(download(client, "fill_in", plan, cycle=june.pk), "填报表.xlsx", "xlsx", tmp_path)
    assert worksheet(saved).cell(row=row_of(worksheet(saved), WATER), column=10).number_format == "0\\%"
    response = client.post(reverse("ledger:sheet_upload"), {"file": _file(saved, "填报表.xlsx")})
    assert response.status_code == 200, response.text[:800]
    assert '<strong class="change-count">0</strong>' in response.text


def test_the_sheet_asks_for_a_completion_and_excel_refuses_it_blank(sheet_data):
    """The server refuses an empty 完成情况 (test_a_bad_completion_is_refused), and so does the
    sheet's own check, where Excel or WPS can tell the user at once."""
    (validation,) = worksheet(sheet_data).data_validations.dataValidation
    assert str(validation.sqref).startswith("J5:J")
    assert validation.type == "whole" and (validation.formula1, validation.formula2) == ("0", "100")
    assert not validation.allow_blank and "不能留空" in validation.error and validation.showInputMessage


# ---- refusals: each names the row and column, and writes nothing --------------------------------


def refused(client, data: bytes, name: str = "填报表.xlsx") -> str:
    before = written()
    response = client.post(reverse("ledger:sheet_upload"), {"file": _file(data, name)})
    assert response.status_code == 400, response.text[:500]
    assert "没有保存任何内容" in response.text
    assert written() == before
    return response.text


def test_a_cell_edited_outside_the_allowed_cells_is_refused(as_user, liaison, sheet_data):
    sheet = worksheet(sheet_data)
    water = row_of(sheet, WATER)

    def tamper(sheet):
        text(sheet.cell(row=water, column=3), "改过的任务内容")
        text(sheet.cell(row=water, column=11), "绿灯")
        text(sheet.cell(row=water, column=7), "正常填写的进展")

    page = refused(as_user(liaison), edit(sheet_data, tamper))
    assert f"第 {water} 行 C 列（具体任务）：只能填写工作进展、存在问题、下步计划和完成情况" in page
    assert f"第 {water} 行 K 列（状态）" in page


def test_writing_beside_the_table_or_in_the_title_is_refused(as_user, liaison, sheet_data):
    def tamper(sheet):
        text(sheet.cell(row=6, column=15), "备注")
        sheet.unmerge_cells("A1:L1")
        text(sheet.cell(row=1, column=5), "批注")

    page = refused(as_user(liaison), edit(sheet_data, tamper))
    assert "第 6 行 O 列：表格之外的单元格不能填写" in page and "第 1 行 E 列" in page


def test_another_department_s_sheet_is_refused(as_user, shuiwu, liaison, plan, june):
    theirs = download(as_user(shuiwu), "fill_in", plan, cycle=june.pk)
    page = refused(as_user(liaison), theirs)
    assert "第 1 行 M 列" in page and "这是水务局的填报表，只能由该部门上传" in page


def test_a_row_of_another_department_pasted_in_is_refused(as_user, shuiwu, liaison, plan, june, sheet_data):
    theirs = worksheet(download(as_user(shuiwu), "fill_in", plan, cycle=june.pk))
    water_theirs = row_of(theirs, WATER)
    water = row_of(worksheet(sheet_data), WATER)

    def paste(sheet):
        for column in range(1, 14):
            sheet.cell(row=water, column=column).value = theirs.cell(row=water_theirs, column=column).value

    assert f"第 {water} 行：该行属于其他部门的填报表" in refused(as_user(liaison), edit(sheet_data, paste))


def test_a_changed_row_whose_report_was_filed_since_is_refused_as_closed(as_user, liaison, sheet_data, lead_report):
    flow.transition(lead_report, flow.Action.SUBMIT, liaison)
    water = row_of(worksheet(sheet_data), WATER)
    page = refused(as_user(liaison), edit(sheet_data, lambda s: text(s.cell(row=water, column=8), "新问题")))
    assert f"第 {water} 行 H 列（存在问题）：本期报告待负责人审核，已关闭，不能再修改" in page


def test_a_filed_row_is_locked_and_grey_and_edits_to_it_are_refused(as_user, liaison, plan, june, lead_report):
    flow.transition(lead_report, flow.Action.SUBMIT, liaison)
    data = download(as_user(liaison), "fill_in", plan, cycle=june.pk)
    sheet = worksheet(data)
    water = row_of(sheet, WATER)
    cell = sheet.cell(row=water, column=7)
    assert cell.protection.locked is True and cell.fill.fgColor.rgb.endswith("E7E6E6")
    # openpyxl ignores the sheet's protection, as a determined user could
    page = refused(as_user(liaison), edit(data, lambda s: s.cell(row=water, column=10).__setattr__("value", 90)))
    assert f"第 {water} 行 J 列（完成情况）：本期报告待负责人审核，已关闭" in page


def test_a_row_from_another_cycle_s_sheet_is_refused(as_user, liaison, plan, june, sheet_data):
    may = worksheet(download(as_user(liaison), "fill_in", plan, cycle=plan.cycles.get(label="2020年5月").pk))
    water = row_of(worksheet(sheet_data), WATER)

    def paste(sheet):
        sheet.cell(row=water, column=13).value = may.cell(row=row_of(may, WATER), column=13).value

    page = refused(as_user(liaison), edit(sheet_data, paste))
    assert f"第 {water} 行：该行是2020年5月的填报表中的行，本表为2020年6月" in page


def test_a_report_saved_on_its_page_after_the_download_is_an_edit_conflict(as_user, liaison, sheet_data, lead_report):
    flow.save_draft(lead_report, liaison, lead_report.revision, progress="网页上改的")
    water = row_of(worksheet(sheet_data), WATER)
    page = refused(as_user(liaison), edit(sheet_data, lambda s: text(s.cell(row=water, column=7), "表里改的")))
    assert f"第 {water} 行：该报告在下载填报表之后已在系统中修改" in page
    assert Report.objects.get(pk=lead_report.pk).progress == "网页上改的"


def test_a_report_started_on_the_web_after_the_download_is_an_edit_conflict(as_user, liaison, sheet_data):
    market = row_of(worksheet(sheet_data), MARKET)
    assignment = Assignment.objects.get(item__text__contains=MARKET, department=liaison.department)
    as_user(liaison).post(reverse("ledger:report_start", args=[assignment.item_id]),
                          {"assignment": assignment.pk, "cycle": Report.objects.get().cycle_id})
    page = refused(as_user(liaison), edit(sheet_data, lambda s: text(s.cell(row=market, column=7), "表里写的")))
    assert f"第 {market} 行：该报告在下载填报表之后已在系统中修改" in page


def test_untouched_rows_of_filed_reports_are_skipped_not_refused(as_user, liaison, plan, june, lead_report):
    flow.transition(lead_report, flow.Action.SUBMIT, liaison)
    data = download(as_user(liaison), "fill_in", plan, cycle=june.pk)
    market = row_of(worksheet(data), MARKET)
    page = as_user(liaison).post(reverse("ledger:sheet_upload"), {
        "file": _file(edit(data, lambda s: text(s.cell(row=market, column=7), "只改这一行")), "a.xlsx")}).text
    assert '<strong class="change-count">1</strong>' in page and "只改这一行" in page


@pytest.mark.parametrize("value", [150, "很多", -5, 33.5, None, "²"])
def test_a_bad_completion_is_refused(as_user, liaison, sheet_data, value):
    water = row_of(worksheet(sheet_data), WATER)
    page = refused(as_user(liaison), edit(sheet_data, lambda s: s.cell(row=water, column=10).__setattr__("value", value)))
    assert f"第 {water} 行 J 列（完成情况）：应为 0 到 100 之间的整数" in page
    if value is None:
        assert "不能留空" in page


def test_a_formula_is_refused(as_user, liaison, sheet_data):
    water = row_of(worksheet(sheet_data), WATER)
    page = refused(as_user(liaison), edit(sheet_data, lambda s: s.cell(row=water, column=7).__setattr__("value", "=1+1")))
    assert f"第 {water} 行 G 列（工作进展）：不能填写公式" in page


def test_a_removed_or_moved_column_is_refused_naming_it(as_user, liaison, sheet_data):
    page = refused(as_user(liaison), edit(sheet_data, lambda s: s.delete_cols(8)))
    assert "第 4 行 H 列（存在问题）：表头应为“存在问题”，实为“下步计划”：列不能移动、删除或增加" in page

    def swap(sheet):
        for row in sheet.iter_rows(min_row=4):
            row[6].value, row[7].value = row[7].value, row[6].value

    page = refused(as_user(liaison), edit(sheet_data, swap))
    assert "第 4 行 G 列（工作进展）：表头应为“工作进展”，实为“存在问题”" in page


def test_added_copied_or_forged_rows_are_refused(as_user, liaison, sheet_data):
    sheet = worksheet(sheet_data)
    water, last = row_of(sheet, WATER), sheet.max_row

    def tamper(sheet):
        text(sheet.cell(row=last + 1, column=7), "新加的一行")
        for column in range(1, 14):
            sheet.cell(row=last + 2, column=column).value = sheet.cell(row=water, column=column).value
        key = sheet.cell(row=5, column=13)
        key.value = key.value[:-3] + ("AAA" if not key.value.endswith("AAA") else "BBB")

    page = refused(as_user(liaison), edit(sheet_data, tamper))
    assert f"第 {last + 1} 行：不是下载时的行（缺少行标识）" in page
    assert f"第 {last + 2} 行：与第 {water} 行是同一行（行标识重复）" in page
    assert "第 5 行 M 列（行标识（请勿修改））：行标识无效（被修改）" in page


def test_a_sheet_without_its_marker_is_refused(as_user, liaison, sheet_data):
    page = refused(as_user(liaison), edit(sheet_data, lambda s: s.cell(row=1, column=13).__setattr__("value", None)))
    assert "第 1 行 M 列" in page and "缺少或改动了填报表标识" in page
    page = refused(as_user(liaison), edit(sheet_data, lambda s: text(s["A1"], "另一个标题")))
    assert "第 1 行 A 列（序号）：标题行被修改" in page


def test_files_that_are_not_a_sheet_are_refused_before_openpyxl_opens_them(as_user, liaison, monkeypatch):
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    client = as_user(liaison)
    assert "不是 Excel（.xlsx）文件" in refused(client, "工作进展,存在问题\n".encode(), "填报表.csv")
    assert "不是 Excel（.xlsx）文件" in refused(client, minimal_ooxml("word/document.xml"), "填报表.xlsx")
    assert "压缩炸弹" in refused(client, zip_bomb(), "填报表.xlsx")
    assert "含有宏" in refused(client, minimal_ooxml("xl/workbook.xml", "xl/vbaProject.bin"), "填报表.xlsx")
    assert opened == []


def test_a_file_too_large_is_refused_before_it_is_read(as_user, liaison, monkeypatch):
    monkeypatch.setattr(upload, "read", lambda *a: pytest.fail("read a file over the limit"))
    page = refused(as_user(liaison), b"PK\x03\x04" + b"0" * upload.MAX_BYTES)
    assert "文件超过上限 5 MB" in page


def test_a_sheet_with_too_many_rows_is_refused(as_user, liaison, sheet_data, monkeypatch):
    monkeypatch.setattr(upload, "MAX_ROWS", 5)
    assert "行数超过上限 5 行" in refused(as_user(liaison), sheet_data)


def with_empty_rows(data: bytes, rows: str) -> bytes:
    """The sheet with ``rows`` (XML) added at the end of its table: rows a small zip holds by the million."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
            target.writestr(entry.filename, content)
    return out.getvalue()


@pytest.mark.parametrize("rows", [
    "".join(f'<row r="{n}"/>' for n in range(100, 300_000)),  # many empty rows, each counted
    '<row r="1048576"/>',  # one row far down: openpyxl fills the million rows above it
    "<row/>" * 6000,  # rows that leave their number out
], ids=["numbered", "far-down", "unnumbered"])
def test_a_small_zip_of_many_empty_rows_is_refused_before_openpyxl_reads_it(as_user, liaison, sheet_data,
                                                                          monkeypatch, rows):
    data = with_empty_rows(sheet_data, rows)
    assert len(data) < upload.MAX_BYTES
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the sheet"))
    started = time.monotonic()
    page = refused(as_user(liaison), data)
    assert time.monotonic() - started < 3
    assert "行数超过上限 5000 行" in page
    assert not Report.objects.filter(version__gt=1).exists()


def test_a_sheet_wider_than_a_fill_in_sheet_is_refused_naming_the_row(as_user, liaison, sheet_data, monkeypatch):
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the sheet"))
    page = refused(as_user(liaison), with_empty_rows(sheet_data, '<row r="90"><c r="XFD90"/></row>'))
    assert "第 90 行：列数超过上限 100 列（填报表只有 13 列）" in page


def test_millions_of_shared_strings_beside_a_picture_are_refused_before_openpyxl_reads_them(
        as_user, liaison, sheet_data, monkeypatch):
    """2 million shared strings (44 MB unpacked, under the 50 MB cap, a random picture keeping the
    package's ratio low) behind a sheet of a few hundred cells: openpyxl would parse them all first."""
    data = with_shared_strings(sheet_data, 2_000_000, picture=1536 * 1024)
    assert len(data) < upload.MAX_BYTES
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl read the sheet"))
    started = time.monotonic()
    page = refused(as_user(liaison), data)
    assert time.monotonic() - started < 10
    assert "个共享文本，多于全部" in page and "不是本系统的填报表" in page
    assert not Report.objects.filter(version__gt=1).exists()


def test_an_unreadable_workbook_is_refused(as_user, liaison):
    assert "不是有效的 Excel（.xlsx）文件" in refused(as_user(liaison), minimal_ooxml("xl/workbook.xml"))


def minimal_ooxml(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return out.getvalue()


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))
    return out.getvalue()


# ---- all or nothing, and who may -------------------------------------------------------------


def test_confirming_is_all_or_nothing(as_user, liaison, plan, june, sheet_data, lead_report):
    sheet = worksheet(sheet_data)
    water, market = row_of(sheet, WATER), row_of(sheet, MARKET)

    def fill(sheet):
        text(sheet.cell(row=market, column=7), "先写的一行")
        text(sheet.cell(row=water, column=7), "后写的一行")

    client = as_user(liaison)
    page = client.post(reverse("ledger:sheet_upload"), {"file": _file(edit(sheet_data, fill), "a.xlsx")}).text
    flow.transition(lead_report, flow.Action.SUBMIT, liaison)  # filed between the preview and the confirmation
    before = written()
    response = client.post(reverse("ledger:sheet_confirm"), {"token": token_of(page)})
    assert response.status_code == 409 and f"第 {water} 行" in response.text
    assert written() == before
    assert not Report.objects.filter(progress="先写的一行").exists()


def test_a_preview_is_confirmed_only_by_who_uploaded_it(as_user, liaison, make_user, zone, sheet_data):
    water = row_of(worksheet(sheet_data), WATER)
    page = as_user(liaison).post(reverse("ledger:sheet_upload"), {
        "file": _file(edit(sheet_data, lambda s: text(s.cell(row=water, column=7), "改")), "a.xlsx")}).text
    colleague = make_user("guijian2", zone, "规建局", Role.LIAISON)
    before = written()
    response = as_user(colleague).post(reverse("ledger:sheet_confirm"), {"token": token_of(page)})
    assert response.status_code == 409 and "只能确认本人上传的本部门填报表" in response.text
    forged = as_user(liaison).post(reverse("ledger:sheet_confirm"), {"token": token_of(page)[:-2] + "xx"})
    assert forged.status_code == 409 and "确认信息无效" in forged.text
    assert written() == before


@pytest.mark.parametrize("who", ["head", "office", "assessor"])
def test_only_a_liaison_downloads_and_uploads_a_fill_in_sheet(as_user, make_user, zone, plan, june, sheet_data, who):
    roles = {"head": ("规建局", Role.HEAD), "office": ("经发局", Role.OFFICE), "assessor": (None, Role.ASSESSOR)}
    department, role = roles[who]
    user = make_user(who, zone, department, role)
    client = as_user(user)
    assert client.get(reverse("ledger:fill_in", args=[plan.pk]), {"cycle": june.pk}).status_code == 403
    before = written()
    assert client.post(reverse("ledger:sheet_upload"), {"file": _file(sheet_data, "a.xlsx")}).status_code == 403
    assert client.post(reverse("ledger:sheet_confirm"), {"token": "x"}).status_code == 403
    assert written() == before


def test_a_cycle_not_begun_has_no_fill_in_sheet(as_user, liaison, plan):
    december = plan.cycles.get(label="2020年12月")
    response = as_user(liaison).get(reverse("ledger:fill_in", args=[plan.pk]), {"cycle": december.pk})
    assert response.status_code == 400
