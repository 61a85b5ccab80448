"""Spreadsheet plans (.xlsx with openpyxl, .xls with xlrd) as text: one line per row, tabs between cells.

Each sheet's non-empty rows, in order, with a blank line between sheets.  Merged cells are
written as the table reader expects them (see tables.py): repeated across the columns they
span, and as the ditto mark 〃 in the rows below their first.  Dates are written the Chinese
way (2021年6月30日), numbers without a trailing ".0".
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import date, datetime
from xml.etree import ElementTree

from duban.dates import cn_date

from .text import DITTO

#: A plan's task-division table has hundreds of rows, a few thousand at most; a workbook beyond
#: these is refused before openpyxl reads it (a 15 MB sheet of 250,000 rows took a minute and
#: 800 MB to load).  Counted over all its worksheets.
MAX_ROWS = 20_000
MAX_CELLS = 400_000


class TooLarge(ValueError):
    """A workbook with more rows or cells than a plan has; the message says so, in Chinese."""


def _too_many_rows() -> TooLarge:
    return TooLarge(f"工作簿超过 {MAX_ROWS:,} 行（任务分工表不会这么长），请删去无关的工作表或行后上传")


def _too_many_cells() -> TooLarge:
    return TooLarge(f"工作簿超过 {MAX_CELLS:,} 个单元格（任务分工表不会这么多），请删去无关的工作表、行或列后上传")


def xlsx_text(data: bytes) -> str:
    import openpyxl  # imported here so reading .txt does not need openpyxl

    merges = _scan_worksheets(data)  # refuses a workbook too large before anything is loaded
    # Read-only: values are streamed row by row, not kept as cell objects; the merged ranges, which
    # a read-only workbook does not know, come from the scan.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # the stored dimension may be wrong: read every row there is
            grid = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
            sheets.append(_rows_text(grid, merges.get(sheet.title, [])))
    finally:
        workbook.close()
    return "\n\n".join(sheets)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_CHUNK = 1 << 20
_TAIL = 128  # bytes kept from one chunk to the next, so a tag cut by the chunk's end is read whole


def _scan_worksheets(data: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Each worksheet's merged ranges by its title, read from its XML streamed in chunks, while its
    ``<row>`` and ``<c>`` tags are counted: TooLarge as soon as the workbook passes the limits."""
    merges: dict[str, list[tuple[int, int, int, int]]] = {}
    rows = cells = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for title, part in _worksheet_parts(archive):
            found: list[tuple[int, int, int, int]] = []
            tail = b""
            with archive.open(part) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    window = tail + chunk
                    cut = len(window) if not chunk else max(len(window) - _TAIL, 0)
                    rows += sum(1 for match in _ROW.finditer(window, 0, cut + _TAIL) if match.start() < cut)
                    cells += sum(1 for match in _CELL.finditer(window, 0, cut + _TAIL) if match.start() < cut)
                    found += [_merge_range(match) for match in _MERGE.finditer(window) if match.start() < cut]
                    if rows > MAX_ROWS:
                        raise _too_many_rows()
                    if cells > MAX_CELLS:
                        raise _too_many_cells()
                    if not chunk:
                        break
                    tail = window[cut:]
            merges[title] = found
    return merges


def _merge_range(match: re.Match[bytes]) -> tuple[int, int, int, int]:
    """ "B2:C4" → (1, 4, 1, 3): first row, last row + 1, first column, last column + 1 (0-based)."""
    first_column, first_row = _column_number(match.group(1)), int(match.group(2))
    last_column = _column_number(match.group(3)) if match.group(3) else first_column
    last_row = int(match.group(4)) if match.group(4) else first_row
    return first_row - 1, last_row, first_column - 1, last_column


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _worksheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part name) of every worksheet, in the workbook's order (chart sheets left out)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship")}
    parts = []
    for sheet in book.iter(f"{{{_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_RELATIONSHIPS}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if "worksheets/" in part:
            parts.append((sheet.get("name", ""), part))
    return parts


def xls_text(data: bytes) -> str:
    import xlrd  # imported here so reading .txt does not need xlrd

    workbook = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    if sum(workbook.sheet_by_index(index).nrows for index in range(workbook.nsheets)) > MAX_ROWS:
        raise _too_many_rows()
    sheets = []
    for sheet in workbook.sheets():
        grid = [[_xls_cell_text(sheet.cell(row, column), workbook.datemode) for column in range(sheet.ncols)] for row in range(sheet.nrows)]
        sheets.append(_rows_text(grid, list(sheet.merged_cells)))
    return "\n\n".join(sheets)


def _rows_text(grid: list[list[str]], merges: list[tuple[int, int, int, int]]) -> str:
    """Rows as tab-separated lines; merges are (first row, last row + 1, first column, last column + 1)."""
    for first_row, end_row, first_column, end_column in merges:
        if first_row >= len(grid):
            continue
        value = grid[first_row][first_column] if first_column < len(grid[first_row]) else ""
        for row in range(first_row, min(end_row, len(grid))):
            for column in range(first_column, min(end_column, len(grid[row]))):
                grid[row][column] = value if row == first_row or not value else DITTO
    lines = []
    for row in grid:
        while row and not row[-1]:
            row = row[:-1]
        if any(cell and cell != DITTO for cell in row):
            lines.append("\t".join(row))
    return "\n".join(lines)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _xls_cell_text(cell, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return _cell_text(xlrd.xldate_as_datetime(cell.value, datemode))
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return _cell_text(cell.value)
