"""Spreadsheets (.xlsx) in the layout offices use: the one place duban writes them.

    from duban.documents import xlsx

    columns = [
        xlsx.Column("序号", width=5, align="center", wrap=False),
        xlsx.Column("具体任务", width=30),
        xlsx.Column("工作进展", width=32, group="推进情况", editable=True, number_format="@"),
        xlsx.Column("完成情况", width=8, group="推进情况", editable=True, number_format='0"%"',
                    whole_numbers=(0, 100)),
        xlsx.Column("状态", width=7, align="center"),
        xlsx.Column("行标识", hidden=True),
    ]
    book = xlsx.Workbook(streaming=True)
    sheet = book.add_sheet("台账", columns, title="…工作台账", subtitle="截至2020年7月10日")
    sheet.append([1, "……", "……", 80, "绿灯", key], fills={4: xlsx.GREEN})
    data = book.to_bytes()            # or book.save(a binary file)

Every sheet has the same layout:

- a title row and a subtitle row (when given), each merged across the visible columns;
- the header: one row, or two when a column has a ``group`` — a group's title spans its columns in
  the first header row and a column without a group spans both rows; bold, centred, shaded;
  frozen, and repeated at the top of every printed page;
- the body: thin borders, wrapped text, column widths in characters, hidden columns (keys) hidden;
  a cell's fill colour per row (``fills``: e.g. the RAG status as the cell's colour); each row of
  wrapped text as tall as its longest cell is estimated to need (``text_lines``), since LibreOffice
  does not fit rows to their text when it opens a file and would print the lines over each other —
  in streaming mode as a plain height, which Excel and WPS still fit, in normal mode as openpyxl
  writes heights, kept as given;
- print setup: A4 landscape, fit to one page wide, centred, page numbers in the footer;
- ``protect=True``: only the body cells of ``editable`` columns can be changed in the spreadsheet
  (no password: it guides the user; whatever comes back is checked by the server anyway).

Formula injection: every text value goes through ``_text_cell``/``_cell_xml``, which write it as a
string cell (never a formula, never an error value such as ``#N/A``) and, when it starts like a
formula (``formulas.looks_like_formula``), with Excel's quote prefix so it stays text when someone
edits the cell.  openpyxl reads back exactly the text that was given.

Two modes, one layout:

- normal (``streaming=False``): rows become openpyxl cells and ``sheet.worksheet`` is the openpyxl
  worksheet, for anything more (totals with formulas of one's own, charts);
- streaming (``streaming=True``), for very large sheets: openpyxl builds the workbook with the title
  and header rows (styles, merges, panes, print setup, protection, validation) and the body rows are
  written straight to a temporary file as sheet XML, then spliced into openpyxl's package when the
  workbook is saved.  Memory stays flat, and 100,000 ledger rows take a few seconds where openpyxl's
  own write-only mode, which builds a styled cell object per value, needs several times longer
  (``python -m benchmarks ledger``).  Only the rows above the body may be touched through
  ``sheet.worksheet``.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby
from math import ceil, isfinite
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from .formulas import MAX_CELL_TEXT, TRIGGERS, clean_text, looks_like_formula
from .ooxml import ILLEGAL_CHARACTERS as _NEEDS_CLEANING
from .ooxml import XLSX_CONTENT_TYPE as CONTENT_TYPE

# Fill colours (RRGGBB): the RAG colours are Excel's own "good / neutral / bad" shades.
GREEN = "C6EFCE"
AMBER = "FFEB9C"
RED = "FFC7CE"
GREY = "E7E6E6"
#: The shade of cells the user is asked to fill in (``Column.editable``).
EDITABLE = "FFF9DB"
HEADER = "D9E1F2"


BODY_FONT = Font(name="宋体", size=10.5)
HEADER_FONT = Font(name="黑体", size=11, bold=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
SUBTITLE_FONT = Font(name="宋体", size=10.5)
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: Characters a sheet name may not contain (Excel), and its longest length.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    """One column: its header, its width in characters, and how its body cells look and behave."""

    title: str
    width: float = 12
    group: str = ""  # the first header row's title; consecutive columns of one group share it
    align: str = "left"  # left | center | right
    wrap: bool = True
    number_format: str = "General"  # "@" keeps what the user types as text; '0"%"' shows 80 as 80%
    editable: bool = False  # unlocked in a protected sheet, and shaded EDITABLE
    hidden: bool = False
    whole_numbers: tuple[int, int] | None = None  # data validation: a whole number in this range, not blank


class Workbook:
    """A workbook of one or more sheets; ``save`` or ``to_bytes`` when every row is in."""

    def __init__(self, *, streaming: bool = False):
        self.streaming = streaming
        self._book = openpyxl.Workbook()
        self._book.remove(self._book.active)
        self.sheets: list[Sheet] = []

    def add_sheet(self, name: str, columns: Sequence[Column], *, title: str = "", subtitle: str = "",
                  protect: bool = False) -> Sheet:
        """A new sheet.  Sheets may be filled in any order (in streaming mode each keeps its rows in a
        temporary file of its own until the workbook is saved)."""
        sheet = Sheet(self, name, list(columns), title=title, subtitle=subtitle, protect=protect)
        self.sheets.append(sheet)
        return sheet

    def save(self, file) -> None:
        """Write the workbook, once, to a binary file object (callers own their files, so no path)."""
        for sheet in self.sheets:
            sheet._finish()
        if not self.streaming:
            self._book.save(file)
            return
        skeleton = io.BytesIO()
        self._book.save(skeleton)
        streamed = {sheet.worksheet.path.lstrip("/"): sheet for sheet in self.sheets}
        with zipfile.ZipFile(skeleton) as source, zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                sheet = streamed.get(info.filename)
                if sheet is None:
                    target.writestr(info, source.read(info.filename))
                    continue
                with target.open(info.filename, "w", force_zip64=True) as entry:
                    sheet._splice(source.read(info.filename), entry)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.save(out)
        return out.getvalue()


class Sheet:
    def __init__(self, book: Workbook, name: str, columns: list[Column], *, title: str, subtitle: str,
                 protect: bool):
        self.book = book
        self.columns = columns
        self.worksheet = book._book.create_sheet(_sheet_name(name))
        self.protect = protect
        self._styles: dict[tuple, _BodyStyle] = {}
        self._ids: dict[tuple, int] = {}  # the same keys, to the style's index (streaming)
        self._letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
        self.title_rows = (1 if title else 0) + (1 if subtitle else 0)
        self.header_rows = 2 if any(c.group for c in columns) else 1
        #: The first body row (1-based), and the next one ``append`` writes.
        self.first_row = self.title_rows + self.header_rows + 1
        self.next_row = self.first_row
        self._body = tempfile.TemporaryFile() if book.streaming else None
        self._buffer: list[str] = []
        #: The columns whose text wraps, and their widths: a body row's height is estimated from them.
        self._wrapped = [(i, c.width) for i, c in enumerate(columns) if c.wrap and not c.hidden]
        self._lay_out(title, subtitle)

    # ---- the head: title, header, columns, print setup ------------------------------------

    def _lay_out(self, title: str, subtitle: str) -> None:
        ws = self.worksheet
        span = self._visible_span()
        row = 1
        for text, font, height in ((title, TITLE_FONT, 30), (subtitle, SUBTITLE_FONT, 20)):
            if not text:
                continue
            cell = ws.cell(row=row, column=1)
            _text_cell(cell, text)
            cell.font = font
            cell.alignment = Alignment(horizontal="center" if font is TITLE_FONT else "left", vertical="center",
                                       wrap_text=True)
            ws.row_dimensions[row].height = height
            if span > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
            row += 1
        self._header(row)
        for letter, column in zip(self._letters, self.columns):
            dimension = ws.column_dimensions[letter]
            dimension.width = column.width
            dimension.hidden = column.hidden
        ws.freeze_panes = f"A{self.first_row}"
        ws.print_title_rows = f"{self.title_rows + 1}:{self.first_row - 1}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        if self.protect:
            ws.protection.sheet = True
            # Widths and heights may still be changed: only the cells' content is guarded.
            ws.protection.formatColumns = False
            ws.protection.formatRows = False

    def _header(self, first: int) -> None:
        if self.header_rows == 1:
            for j, column in enumerate(self.columns, 1):
                self._header_cell(first, j, column.title)
            return
        merge = self.worksheet.merge_cells
        j = 1
        for group, members in groupby(self.columns, key=lambda c: c.group):
            members = list(members)
            end = j + len(members) - 1
            for k, column in enumerate(members, j):
                if group:  # the group's title over its columns, each column's title below
                    self._header_cell(first, k, group if k == j else "")
                    self._header_cell(first + 1, k, column.title)
                else:  # the column's title over both rows
                    self._header_cell(first, k, column.title)
                    self._header_cell(first + 1, k, "")
                    merge(start_row=first, start_column=k, end_row=first + 1, end_column=k)
            if group and end > j:
                merge(start_row=first, start_column=j, end_row=first, end_column=end)
            j = end + 1

    def _header_cell(self, row: int, column: int, text: str) -> None:
        cell = self.worksheet.cell(row=row, column=column)
        if text:
            _text_cell(cell, text)
        cell.font = HEADER_FONT
        cell.fill = PatternFill("solid", fgColor=HEADER)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def _visible_span(self) -> int:
        """The title spans from the first column to the last visible one (hidden keys come last)."""
        visible = [i for i, c in enumerate(self.columns, 1) if not c.hidden]
        return visible[-1] if visible else len(self.columns)

    def head_cell(self, row: int, column: int, value) -> None:
        """Write a value above the body (e.g. a sheet's signed marker in a hidden column of row 1)."""
        if row >= self.first_row:
            raise ValueError("head_cell writes only above the body")
        cell = self.worksheet.cell(row=row, column=column)
        if isinstance(value, str):
            _text_cell(cell, value)
        else:
            cell.value = value

    # ---- the body ----------------------------------------------------------------------

    def append(self, values: Sequence, *, fills: Mapping[int, str] | None = None, lock: bool = False) -> int:
        """Add one body row and return its row number.

        ``fills`` maps a column index (0-based) to a fill colour (RRGGBB) for this row's cell;
        ``lock=True`` locks this row's editable cells too (a row that may no longer be changed).
        """
        if len(values) > len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        row = self.next_row
        self.next_row += 1
        fills = fills or {}
        lines = self._lines(values)
        if self._body is None:
            ws = self.worksheet
            if lines > 1:
                # openpyxl marks a height it writes as set by hand (customHeight): Excel then keeps
                # it rather than fitting the row, so the estimate errs on the tall side.
                ws.row_dimensions[row].height = row_height(lines)
            for i, column in enumerate(self.columns):
                value, kind = _normalise(values[i] if i < len(values) else None)
                style = self._style(i, fills.get(i), kind, lock)
                cell = ws.cell(row=row, column=i + 1)
                if kind in ("text", "quoted"):
                    _text_cell(cell, value)
                else:
                    cell.value = value
                style.apply(cell)
            return row
        # The hot loop of a large sheet: one dictionary lookup for the style, one string per cell.
        number = str(row)
        # ht without customHeight: LibreOffice, which does not fit rows when it opens a file, shows
        # the estimate; Excel and WPS fit the row to its text as they do for any row not set by hand.
        parts = [f'<row r="{number}" ht="{row_height(lines)}">' if lines > 1 else f'<row r="{number}">']
        ids, letters, count = self._ids, self._letters, len(values)
        for i in range(len(self.columns)):
            value, kind = _normalise(values[i] if i < count else None)
            key = (i, fills.get(i), kind, lock)
            style = ids.get(key)
            if style is None:
                style = ids[key] = self._style(*key).id
            parts.append(_cell_xml(letters[i] + number, style, value, kind))
        parts.append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 1000:
            self._flush()
        return row

    def _lines(self, values: Sequence) -> int:
        """The most lines any wrapped text of the row takes (``text_lines``)."""
        most, count = 1, len(values)
        for i, width in self._wrapped:
            if i < count and (value := values[i]).__class__ is str and value:
                lines = text_lines(value, width)
                if lines > most:
                    most = lines
        return most

    def _style(self, index: int, fill: str | None, kind: str, lock: bool) -> _BodyStyle:
        key = (index, fill, kind, lock)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = _BodyStyle(self.worksheet, self.columns[index], fill, kind, lock)
        return style

    def _flush(self) -> None:
        if self._buffer:
            self._body.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()

    # ---- saving ------------------------------------------------------------------------

    def _finish(self) -> None:
        """What needs the last row: validation ranges over the body."""
        last = self.next_row - 1
        if last < self.first_row:
            return
        for i, column in enumerate(self.columns):
            if column.whole_numbers is None:
                continue
            low, high = column.whole_numbers
            # Blank is not allowed: the server refuses an empty cell of such a column too (an empty
            # 完成情况 says nothing), so Excel and WPS tell the user at once where they can.
            validation = DataValidation(
                type="whole", operator="between", formula1=str(low), formula2=str(high), allow_blank=False,
                showErrorMessage=True, errorTitle=column.title, error=f"请填写 {low} 到 {high} 之间的整数，不能留空",
                showInputMessage=True, promptTitle=column.title, prompt=f"{low} 到 {high} 之间的整数，不能留空",
            )
            validation.add(f"{self._letters[i]}{self.first_row}:{self._letters[i]}{last}")
            self.worksheet.add_data_validation(validation)

    def _splice(self, skeleton: bytes, entry) -> None:
        """openpyxl's sheet XML (head rows only) with the streamed body rows put in before ``</sheetData>``."""
        head, tail = skeleton.split(b"</sheetData>")
        last_row = max(self.next_row - 1, self.first_row - 1)
        dimension = f'<dimension ref="A1:{self._letters[-1]}{last_row}"/>'.encode()
        head = re.sub(rb"<dimension [^>]*/>", dimension, head, count=1)
        entry.write(head)
        self._flush()
        self._body.seek(0)
        while chunk := self._body.read(1 << 20):
            entry.write(chunk)
        self._body.close()
        entry.write(b"</sheetData>" + tail)


class _BodyStyle:
    """One look of a body cell (column × fill × kind of value × locked), applied to openpyxl cells in
    normal mode and named by its style index in the streamed XML."""

    def __init__(self, worksheet, column: Column, fill: str | None, kind: str, lock: bool):
        self.font = BODY_FONT
        self.border = BORDER
        self.alignment = Alignment(horizontal=column.align, vertical="center", wrap_text=column.wrap)
        fill = fill or (EDITABLE if column.editable and not lock else None)
        self.fill = PatternFill("solid", fgColor=fill) if fill else None
        self.number_format = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT}.get(kind, column.number_format)
        self.protection = Protection(locked=not column.editable or lock)
        self.quote_prefix = kind == "quoted"
        self._worksheet = worksheet
        self._id: int | None = None

    def apply(self, cell) -> None:
        cell.font = self.font
        cell.border = self.border
        cell.alignment = self.alignment
        if self.fill is not None:
            cell.fill = self.fill
        cell.number_format = self.number_format
        cell.protection = self.protection
        if self.quote_prefix:
            cell.quotePrefix = True

    @property
    def id(self) -> int:
        """The index of this look in the workbook's cell formats (registered on first use)."""
        if self._id is None:
            template = Cell(self._worksheet)
            self.apply(template)
            self._id = template.style_id
        return self._id


#: The height of one line of body text (宋体 10.5 pt), in points, as Excel sets a row of one line.
LINE_HEIGHT = 14.25


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide.

    A column's width counts characters of the width of a digit: a Chinese character (three bytes
    in UTF-8) takes two, a Latin letter or digit (one byte) one, so the width of a line in those
    units is its length plus half its extra UTF-8 bytes — counted in C, as it runs for every
    wrapped cell of a large sheet.  One unit is left for the cell's padding, and each line break
    the text holds starts a line.
    """
    usable = max(width - 1, 1)
    total = 0
    for line in text.split("\n"):
        units = len(line) + (len(line.encode("utf-8")) - len(line)) / 2
        total += ceil(units / usable) if units > usable else 1
    return total


def row_height(lines: int) -> float:
    """The height, in points, of a row of ``lines`` lines of body text."""
    return lines * LINE_HEIGHT


def _sheet_name(name: str) -> str:
    return SHEET_NAME_FORBIDDEN.sub("", name)[:SHEET_NAME_MAX] or "Sheet"


def _normalise(value) -> tuple[object, str]:
    """The value as written, and its kind: empty, text, quoted (text that looks like a formula),
    bool, number, date, datetime."""
    if value.__class__ is str:  # the common case first
        text = clean_text(value) if _NEEDS_CLEANING.search(value) or len(value) > MAX_CELL_TEXT else value
        if not text:
            return None, "empty"
        return text, "quoted" if text.startswith(TRIGGERS) else "text"
    if value is None:
        return None, "empty"
    if isinstance(value, str):  # a str subclass
        return _normalise(str.__str__(value))
    if isinstance(value, bool):
        return value, "bool"
    if isinstance(value, (int, Decimal)) or (isinstance(value, float) and isfinite(value)):
        return value, "number"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise TypeError("an .xlsx cell cannot hold a time zone: pass a local, naive datetime")
        return value, "datetime"
    if isinstance(value, date):
        return value, "date"
    return _normalise(str(value))  # a time of day, a duration, NaN, anything else: as its text


def _text_cell(cell, text: str) -> None:
    """Put text in an openpyxl cell as a string, whatever it starts with (openpyxl would make
    ``=…`` a formula and ``#N/A`` an error value)."""
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True


_ENTITIES = {"\r": "&#13;"}  # a bare CR would be read back as a line feed (XML end-of-line handling)


_NEEDS_ESCAPE = re.compile(r"[&<>\r]")


def _cell_xml(ref: str, style: int, value, kind: str) -> str:
    if kind == "text" or kind == "quoted":
        space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
        if _NEEDS_ESCAPE.search(value):
            value = escape(value, _ENTITIES)
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{value}</t></is></c>'
    if kind == "empty":
        return f'<c r="{ref}" s="{style}"/>'
    if kind == "bool":
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if kind in ("date", "datetime"):
        value = to_excel(value)
    return f'<c r="{ref}" s="{style}" t="n"><v>{value}</v></c>'
