"""No text from outside comes back as a live formula: the case export and the import error files."""

import csv
import io
import zipfile
from datetime import date

import openpyxl

from duban.cases.models import Case
from duban.documents.formulas import looks_like_formula
from tests.exporting import exported

from .test_import import HEADER, ROWS, csv_bytes, do_import

#: What an applicant or an upstream system might have typed, each a formula were it written raw.
INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"查看\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_case_export_writes_formula_like_text_with_an_apostrophe(client, office, water, make_case, settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    for i, text in enumerate(INJECTIONS):
        make_case(water, "2020-06-01", number=f"X{i}", applicant_name=text, phone=text)
    client.force_login(office)
    for query in ("?personal=1", ""):  # masked too: “=**” still starts with “=”
        rows = read_csv(exported(client, f"/cases/export.csv{query}"))[1:]
        assert len(rows) == len(INJECTIONS)
        assert not [cell for row in rows for cell in row if looks_like_formula(cell)]
    full = {row[0]: row for row in read_csv(exported(client, "/cases/export.csv?personal=1"))[1:]}
    assert [full[f"X{i}"][3] for i in range(len(INJECTIONS))] == ["'" + text for text in INJECTIONS]


def text_xlsx(rows) -> bytes:
    """A platform's .xlsx whose cells are text (as the platform wrote them), formula-like or not."""
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate([HEADER, *rows], 1):
        for c, value in enumerate(row, 1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bad_rows_with_injections():
    """Every row bad (环节数 “三”), its text cells carrying formula-like text."""
    rows = []
    for i, text in enumerate(INJECTIONS):
        row = list(ROWS[0])
        row[0], row[3], row[4], row[7] = f"SW-{i:03d}", text, text, "三"
        rows.append(row)
    return rows


def test_the_xlsx_error_file_gives_the_text_back_as_text_not_formulas(zone, water, gas):
    result = do_import(zone, text_xlsx(bad_rows_with_injections()), "办件.xlsx", skip_bad_rows=True)
    assert result.error_file_name == "办件-错误行.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(result.error_file)).active
    applicants = [(row[3].value, row[3].data_type) for row in sheet.iter_rows(min_row=2)]
    assert applicants == [(text, "s") for text in INJECTIONS]
    with zipfile.ZipFile(io.BytesIO(result.error_file)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_the_csv_error_file_writes_formula_like_text_with_an_apostrophe(zone, water, gas):
    result = do_import(zone, csv_bytes(bad_rows_with_injections()), skip_bad_rows=True)
    rows = read_csv(result.error_file)[1:]
    # the error file gives back the cells as the import read them: trimmed, then protected
    assert [row[3] for row in rows] == ["'" + text.strip() for text in INJECTIONS]
    assert [row[4] for row in rows] == ["'" + text.strip() for text in INJECTIONS]


def test_a_corrected_csv_error_file_imports_the_text_as_it_was_written(zone, water, gas):
    """The apostrophe protects the text in a spreadsheet; imported back, it comes off again."""
    result = do_import(zone, csv_bytes(bad_rows_with_injections()), skip_bad_rows=True)
    corrected = [row[:-1] for row in read_csv(result.error_file)[1:]]  # without 错误说明
    for row in corrected:
        row[7] = "3"  # the office mends 环节数
    imported = do_import(zone, csv_bytes(corrected))
    assert imported.created == len(INJECTIONS)
    names = dict(Case.objects.values_list("number", "applicant_name"))
    assert [names[f"SW-{i:03d}"] for i in range(len(INJECTIONS))] == [text.strip() for text in INJECTIONS]
