"""Spreadsheet plans (.xlsx with openpyxl, .xls with xlrd) as text: one line per row, tabs between cells.

Each sheet's non-empty rows, in order, with a blank line between sheets.  Merged cells are
written as the table reader expects them (see tables.py): repeated across the columns they
span, and as the ditto mark 〃 in the rows below their first.  Dates are written the Chinese
way (2021年6月30日), numbers without a trailing ".0".
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from duban.documents import sheetrows

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


def _scan_worksheets(data: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Each worksheet's merged ranges by its title, read while its rows and cells are counted from
    its streamed XML (``documents.sheetrows``): TooLarge as soon as the workbook passes the limits."""
    merges: dict[str, list[tuple[int, int, int, int]]] = {}
    rows = cells = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for title, part in sheetrows.worksheets(archive):
            try:  # the workbook's budget, less what its earlier sheets used
                extent = sheetrows.measure(archive, part, max_rows=MAX_ROWS - rows, max_cells=MAX_CELLS - cells)
            except sheetrows.TooLarge as large:
                raise _too_many_cells() if large.what == "cells" else _too_many_rows() from None
            rows, cells = rows + extent.rows, cells + extent.cells
            merges[title] = extent.merges
    return merges


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
