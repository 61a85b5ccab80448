"""Spreadsheet plans (.xlsx with openpyxl, .xls with xlrd) as text: one line per row, tabs between cells.

Each sheet's non-empty rows, in order, with a blank line between sheets.  Merged cells are
written as the table reader expects them (see tables.py): repeated across the columns they
span, and as the ditto mark 〃 in the rows below their first.  Dates are written the Chinese
way (2021年6月30日), numbers without a trailing ".0".
"""

from __future__ import annotations

import io
from datetime import date, datetime

from .text import DITTO


def xlsx_text(data: bytes) -> str:
    import openpyxl  # imported here so reading .txt does not need openpyxl

    # Not read-only: merged ranges are only known to a fully loaded workbook.
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for sheet in workbook.worksheets:
        grid = [[_cell_text(cell.value) for cell in row] for row in sheet.iter_rows()]
        merges = [(r.min_row - 1, r.max_row, r.min_col - 1, r.max_col) for r in sheet.merged_cells.ranges]
        sheets.append(_rows_text(grid, merges))
    return "\n\n".join(sheets)


def xls_text(data: bytes) -> str:
    import xlrd  # imported here so reading .txt does not need xlrd

    workbook = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
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
        return f"{value.year}年{value.month}月{value.day}日"
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
