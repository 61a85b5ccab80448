"""Reading an .xlsx duban wrote as a spreadsheet would: is any text in it run as a formula?"""

import io
import zipfile

import openpyxl

from duban.documents.formulas import looks_like_formula


def formula_like_text(data: bytes) -> list[str]:
    """Every text cell, of every sheet, that a spreadsheet would run as a formula were it not
    protected — after checking that each is protected: a string cell (never a formula) with the
    quote prefix that keeps it text when edited.  No sheet may hold a formula at all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    found = []
    for sheet in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
                    found.append(cell.value)
    return found
