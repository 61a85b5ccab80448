"""duban.documents: the office layout of every .xlsx duban writes, and no text ever run as a formula."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from duban.documents import csvfile, xlsx

#: Text a spreadsheet would run as a formula, were it written naively.
INJECTIONS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\",\"点我\")",
              "#N/A", "＝1+1"]

COLUMNS = [
    xlsx.Column("序号", 5, align="center", wrap=False),
    xlsx.Column("具体任务", 30),
    xlsx.Column("工作进展", 30, group="推进情况", editable=True, number_format="@"),
    xlsx.Column("完成情况", 8, group="推进情况", editable=True, number_format='0"%"', whole_numbers=(0, 100)),
    xlsx.Column("状态", 7, align="center"),
    xlsx.Column("键", hidden=True),
]


def build(streaming: bool, rows, **options) -> bytes:
    book = xlsx.Workbook(streaming=streaming)
    sheet = book.add_sheet("台账", COLUMNS, title="某方案工作台账", subtitle="截至2020年7月10日", **options)
    for values, fills, lock in rows:
        sheet.append(values, fills=fills, lock=lock)
    return book.to_bytes()


def sample_rows():
    return [([i + 1, text, text, 50, "绿灯", "k"], {4: xlsx.GREEN if i % 2 else xlsx.RED}, i == 1)
            for i, text in enumerate(INJECTIONS)]


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("streaming", [False, True], ids=["normal", "streaming"])
@pytest.mark.parametrize("read_only", [False, True], ids=["openpyxl", "openpyxl-read-only"])
def test_text_that_looks_like_a_formula_reads_back_as_the_same_text(streaming, read_only):
    data = build(streaming, sample_rows())
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)["台账"]
    read = [(row[1].value, row[1].data_type, row[2].value, row[2].data_type) for row in sheet.iter_rows(min_row=5)]
    assert read == [(text, "s", text, "s") for text in INJECTIONS]
    assert "<f>" not in sheet_xml(data) and "<f " not in sheet_xml(data)  # no formula anywhere in the file


@pytest.mark.parametrize("streaming", [False, True], ids=["normal", "streaming"])
def test_formula_like_text_carries_the_quote_prefix_so_editing_keeps_it_text(streaming):
    sheet = openpyxl.load_workbook(io.BytesIO(build(streaming, sample_rows())))["台账"]
    prefixed = [sheet.cell(row=5 + i, column=2).quotePrefix for i in range(len(INJECTIONS))]
    assert prefixed == [text != "#N/A" for text in INJECTIONS]  # #N/A is kept text by its type alone
    assert sheet["A5"].quotePrefix is False


def test_the_layout_offices_use():
    sheet = openpyxl.load_workbook(io.BytesIO(build(True, sample_rows(), protect=True)))["台账"]
    assert sheet["A1"].value == "某方案工作台账" and sheet["A1"].font.b
    assert sheet["A2"].value == "截至2020年7月10日"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # title and subtitle across the visible columns; the group over its columns; the others over both header rows
    assert {"A1:E1", "A2:E2", "C3:D3", "A3:A4", "B3:B4", "E3:E4"} <= merged
    assert [sheet.cell(row=3, column=c).value for c in range(1, 7)] == ["序号", "具体任务", "推进情况", None, "状态", "键"]
    assert [sheet.cell(row=4, column=c).value for c in (3, 4)] == ["工作进展", "完成情况"]
    assert sheet["C3"].font.b and sheet["C3"].fill.fgColor.rgb.endswith(xlsx.HEADER)
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.column_dimensions["F"].hidden and not sheet.column_dimensions["B"].hidden
    assert sheet.column_dimensions["C"].width == 30
    assert sheet["B5"].alignment.wrap_text and not sheet["A5"].alignment.wrap_text
    assert sheet["B5"].border.left.style == "thin"
    # per-cell fill colours: the status as the cell's colour
    assert sheet["E5"].fill.fgColor.rgb.endswith(xlsx.RED) and sheet["E6"].fill.fgColor.rgb.endswith(xlsx.GREEN)
    # protection: only editable cells are open, and a locked row's are not
    assert sheet.protection.sheet
    assert sheet["C5"].protection.locked is False and sheet["C5"].fill.fgColor.rgb.endswith(xlsx.EDITABLE)
    assert sheet["B5"].protection.locked is True
    assert sheet["C6"].protection.locked is True  # row 6 was appended with lock=True
    assert sheet["D5"].number_format == '0"%"' and sheet["C5"].number_format == "@"
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref) == f"D5:D{4 + len(INJECTIONS)}" and validation.type == "whole"


def describe(data: bytes) -> list:
    """Every cell's value and look, to compare two files."""
    sheet = openpyxl.load_workbook(io.BytesIO(data))["台账"]
    return [(c.coordinate, c.value, c.data_type, c.font.name, c.font.b, c.fill.fgColor.rgb, c.alignment.wrap_text,
             c.alignment.horizontal, c.number_format, c.protection.locked, c.quotePrefix, c.border.left.style)
            for row in sheet.iter_rows() for c in row] + [sorted(map(str, sheet.merged_cells.ranges))]


def test_streaming_writes_the_same_workbook_as_normal_mode():
    rows = sample_rows() + [([99, "日期", "文字", 100, "红灯", None], {}, False)]
    assert describe(build(True, rows, protect=True)) == describe(build(False, rows, protect=True))


@pytest.mark.parametrize("streaming", [False, True], ids=["normal", "streaming"])
def test_values_of_every_kind_read_back(streaming):
    book = xlsx.Workbook(streaming=streaming)
    sheet = book.add_sheet("表", [xlsx.Column(str(i)) for i in range(8)])
    values = [7, 2.5, Decimal("120.50"), True, date(2020, 6, 30), datetime(2020, 6, 30, 9, 30), " 前后空格 ", "第一行\n第二行"]
    sheet.append(values)
    sheet.append(["含\x01控制字符", None, "", float("nan")])
    read = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["表"]
    assert [c.value for c in read[1]] == [str(i) for i in range(8)]  # no title: the header is row 1
    assert [c.value for c in read[2]] == [7, 2.5, 120.5, True, datetime(2020, 6, 30), datetime(2020, 6, 30, 9, 30),
                                          " 前后空格 ", "第一行\n第二行"]
    assert [c.value for c in read[3]][:4] == ["含控制字符", None, None, "nan"]


def test_a_sheet_name_excel_refuses_is_cleaned():
    book = xlsx.Workbook()
    assert book.add_sheet("2020/06:台账[全部]*?" + "长" * 40, [xlsx.Column("a")]).worksheet.title == (
        "202006台账全部" + "长" * 40)[:31]


def test_csv_text_that_looks_like_a_formula_gets_an_apostrophe_and_numbers_stay_numbers():
    out = io.StringIO()
    writer = csvfile.Writer(out)
    writer.writerow(["编号", "申请人"])
    writer.writerows([[i, text] for i, text in enumerate(INJECTIONS)] + [[-5, "普通文字"]])
    data = csvfile.encode(out.getvalue())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    expected = ["'" + t if t[0] in "=+-@\t\r＝" else t for t in INJECTIONS]
    assert [r[1] for r in rows[1:-1]] == expected
    assert rows[-1] == ["-5", "普通文字"]


def test_a_streamed_workbook_holds_several_sheets_filled_in_any_order():
    book = xlsx.Workbook(streaming=True)
    first = book.add_sheet("甲", [xlsx.Column("a")], title="甲表")
    second = book.add_sheet("乙", [xlsx.Column("b")])
    for i in range(3):
        first.append([f"甲{i}"])
        second.append([f"=乙{i}"])
    read = openpyxl.load_workbook(io.BytesIO(book.to_bytes()))
    assert [c.value for c in read["甲"]["A"]] == ["甲表", "a", "甲0", "甲1", "甲2"]
    assert [(c.value, c.data_type) for c in read["乙"]["A"]][1:] == [("=乙0", "s"), ("=乙1", "s"), ("=乙2", "s")]


# ---- row heights: LibreOffice does not fit rows to their text when it opens a file --------------


def test_a_line_of_wrapped_text_is_measured_in_column_width_units():
    # A Chinese character is two units wide, a Latin letter or digit one; one unit is padding.
    assert xlsx.text_lines("推" * 14, 30) == 1  # 28 units in 29
    assert xlsx.text_lines("推" * 15, 30) == 2  # 30 units
    assert xlsx.text_lines("a" * 29, 30) == 1 and xlsx.text_lines("a" * 30, 30) == 2
    assert xlsx.text_lines("2020年6月" * 4, 14) == 3  # (5 + 4) × 4 = 36 units in 13
    assert xlsx.text_lines("第一行\n第二行\n\n第四行", 30) == 4  # each line break starts a line
    assert xlsx.row_height(3) == 3 * xlsx.LINE_HEIGHT


LONG = "推动技能人才评价体系建设，创新技能人才评价工作，依托企业等用人单位和第三方评价机构开展职业技能等级认定试点工作。"


def test_streamed_rows_carry_their_estimated_height_for_excel_to_fit_again():
    """A body row of wrapped text gets the height of its longest cell (ht), not set by hand (no
    customHeight), so Excel and WPS still fit it and LibreOffice prints its lines apart."""
    data = build(True, [([1, LONG, "一行", 50, "绿灯", "k"], {}, False), ([2, "短", "短", 0, "绿灯", "k"], {}, False),
                        ([3, "短", "甲\n乙\n丙\n丁\n戊", 0, "绿灯", "k"], {}, False)])
    xml = sheet_xml(data)
    lines = xlsx.text_lines(LONG, 30)
    assert lines == 4
    assert f'<row r="5" ht="{xlsx.row_height(4)}">' in xml and '<row r="6">' in xml
    assert f'<row r="7" ht="{xlsx.row_height(5)}">' in xml
    assert "customHeight" not in xml.split("<sheetData>")[1].split("</sheetData>")[0].split('<row r="5"')[1]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["台账"]
    assert sheet.row_dimensions[5].height == xlsx.row_height(4) and sheet.row_dimensions[6].height is None


def test_in_normal_mode_openpyxl_keeps_the_estimated_height():
    data = build(False, [([1, LONG, "一行", 50, "绿灯", "k"], {}, False), ([2, "短", "短", 0, "绿灯", "k"], {}, False)])
    sheet = openpyxl.load_workbook(io.BytesIO(data))["台账"]
    assert sheet.row_dimensions[5].height == xlsx.row_height(4) and sheet.row_dimensions[6].height is None


def test_hidden_and_unwrapped_columns_do_not_make_a_row_taller():
    data = build(True, [(["很长" * 40, "短", "短", 0, "绿灯", "键" * 200], {}, False)])  # 序号 does not wrap; 键 is hidden
    assert '<row r="5">' in sheet_xml(data)


def test_every_xlsx_duban_writes_is_written_by_documents_xlsx():
    """Outside duban/documents openpyxl only reads (load_workbook): the ledger, the fill-in sheet, the
    closing 对账单, the assessment results, the case import's error file all build their workbooks
    with ``xlsx.Workbook``, so every .xlsx duban hands out has its text protected."""
    import re
    from pathlib import Path

    import duban

    root = Path(duban.__file__).parent
    writers = re.compile(r"openpyxl\.Workbook\(|from openpyxl import[^\n]*\bWorkbook\b|write_only|xlsxwriter|"
                         r"openpyxl\.writer|WriteOnlyCell")
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if path.parent != root / "documents" and writers.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    users = {str(path.relative_to(root)) for path in root.rglob("*.py")
             if path.parent != root / "documents" and re.search(r"\bxlsx\.Workbook\(", path.read_text(encoding="utf-8"))}
    assert users == {"ledger/workbook.py", "closing/export.py", "assessment/exports.py", "cases/importing.py"}


@pytest.mark.parametrize("streaming", [False, True], ids=["normal", "streaming"])
def test_characters_xml_cannot_hold_are_dropped_as_in_a_docx(streaming):
    """The same rule as the 公文's (``ooxml.ILLEGAL_CHARACTERS``): U+FFFF would make the sheet's XML unreadable."""
    book = xlsx.Workbook(streaming=streaming)
    book.add_sheet("表", [xlsx.Column("a")]).append(["前\x0b中\uffff后\ufffe"])
    assert openpyxl.load_workbook(io.BytesIO(book.to_bytes()))["表"]["A2"].value == "前中后"
