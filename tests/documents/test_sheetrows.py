"""A worksheet's extent read from its streamed XML as openpyxl would number it, before it is loaded."""

import io
import zipfile

import pytest

from duban.documents import sheetrows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def extent(sheet_data: str, dimension: str = "", **limits) -> sheetrows.Extent:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("s.xml", f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>{sheet_data}</sheetData></worksheet>')
    with zipfile.ZipFile(out) as archive:
        return sheetrows.measure(archive, "s.xml", **limits)


def test_rows_and_cells_are_numbered_as_openpyxl_numbers_them():
    found = extent('<row r="2"><c r="C2"/></row><row><c/><c/></row><row r="7.0"><c r="B7"/><c/><c/></row>')
    # Row 2 has C; the next row is 3 with A, B; row "7.0" is 7 (openpyxl reads it so), with B, C, D.
    assert (found.rows, found.columns, found.cells) == (7, 4, 6)


def test_a_row_far_down_counts_every_row_above_it():
    with pytest.raises(sheetrows.TooLarge) as large:
        extent('<row r="1"><c r="A1"/></row><row r="1048576"/>', max_rows=1000)
    assert (large.value.what, large.value.limit, large.value.found) == ("rows", 1000, 1048576)


def test_the_row_of_a_cell_too_far_right_is_named():
    with pytest.raises(sheetrows.TooLarge) as large:
        extent('<row r="1"><c r="A1"/></row><row r="4"><c r="A4"/><c r="XFD4"/></row>', max_columns=50)
    assert (large.value.what, large.value.found, large.value.row) == ("columns", 16384, 4)
    with pytest.raises(sheetrows.TooLarge) as large:  # cells that leave their column out count one by one
        extent("<row>" + "<c/>" * 60 + "</row>", max_columns=50)
    assert (large.value.what, large.value.row) == ("columns", 1)


def test_a_declared_dimension_is_taken_when_larger_never_when_smaller():
    assert extent('<row r="1"><c r="A1"/></row>', '<dimension ref="A1:J300"/>').rows == 300
    assert extent("".join(f'<row r="{n}"><c r="A{n}"/></row>' for n in range(1, 501)),
                  '<dimension ref="A1"/>').rows == 500


def test_tags_cut_by_the_chunks_read_are_counted_once():
    rows = 200_000  # about 7 MB of XML: several 1 MB chunks
    found = extent("".join(f'<row r="{n}" spans="1:2"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(1, rows + 1)))
    assert (found.rows, found.cells, found.columns) == (rows, rows, 1)
    found = extent("<row><c/></row>" * rows)
    assert (found.rows, found.cells, found.columns) == (rows, rows, 1)
