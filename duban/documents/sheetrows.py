"""How large a worksheet is, read from its XML as it streams out of the zip, before any library loads it.

An .xlsx is a zip of XML, and a small one can hold millions of rows: openpyxl (even read-only)
goes through every one, and it fills the rows a sheet skips — a single ``<row r="1000000"/>`` is
a million empty rows to it — and pads each row to its last cell's column.  So every upload of a
workbook (the case import, the ledger's fill-in sheet, a plan's task-division table) is measured
here first and refused past its limits: a worksheet part is decompressed a megabyte at a time and
its ``<row>`` and ``<c>`` start tags are counted with regular expressions (a million rows in a
fraction of a second), numbered the way openpyxl numbers them (the ``r`` attribute, or one past
the row or cell before), stopping as soon as a limit is passed.  The ``<dimension>`` the sheet
declares is no proof of its size (any program can write any extent), but readers that trust it pad
to it, so the extent is the larger of what is declared and what is found.

Pure Python, no Django; each caller turns ``TooLarge`` into its own Chinese message naming the file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
#: The ``r`` of a row or cell start tag (attribute values cannot hold ``>``, so ``[^>]`` stays in the tag).
_ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br\s*=\s*[\"']([^\"']*)")
_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})")
#: Both kinds of tag in order, for a sheet whose rows or cells leave their number out.
_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"\br\s*=\s*[\"']([^\"']*)")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref\s*=\s*"([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_CHUNK = 1 << 20
#: A window is cut at its last ``<``, so no tag is read in two halves; a tag longer than this
#: (no real one is) may be cut, and at most one per megabyte.
_LONGEST_TAG = 4096


class TooLarge(ValueError):
    """A worksheet passes a limit: ``what`` is "rows", "columns" or "cells"; ``found`` is at least
    ``limit`` + 1 (counting stops there); ``row`` is where a row too wide was met."""

    def __init__(self, what: str, limit: int, found: int, row: int | None = None):
        self.what, self.limit, self.found, self.row = what, limit, found, row
        super().__init__(f"worksheet {what} {found} > {limit}")


@dataclass
class Extent:
    rows: int = 0  # what a reader goes through: the last row's number, or the count when larger
    columns: int = 0  # the widest row: the last column a cell of any row is in
    cells: int = 0  # <c> elements
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # see merge_range


def worksheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part name) of every worksheet, in the workbook's order (chart sheets left out); the
    first is what openpyxl's ``worksheets[0]`` reads."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship")}
    parts = []
    for sheet in book.iter(f"{{{MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{_RELATIONSHIPS}}}id"), "")
        part = _part(target)
        if "worksheets/" in part:
            parts.append((sheet.get("name", ""), part))
    return parts


def _part(target: str) -> str:
    """The zip entry a workbook relationship's target names (relative to xl/, or absolute)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?si[\s/>]")


def shared_strings(archive: zipfile.ZipFile) -> int:
    """How many entries the workbook's shared strings part holds (0 without one), counted in its
    streamed XML: openpyxl parses that part whole even to read one row, so a part far larger than
    the cells that could use it is refused before it is (see ``cases.limits.xlsx_rows``)."""
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship"):
        if rel.get("Type", "").endswith("/sharedStrings"):
            target = rel.get("Target", "")
            part = _part(target)
            break
    else:
        return 0
    count, tail = 0, b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            window = tail + chunk
            cut = max(window.rfind(b"<"), len(window) - 64, 0) if chunk else len(window)
            count += len(_SHARED_STRING.findall(window, 0, cut))
            if not chunk:
                return count
            tail = window[cut:]


def excess_shared_strings(archive: zipfile.ZipFile, sheets: list[tuple[str, str]],
                          first_sheet_cells: int) -> tuple[int, int] | None:
    """(shared strings, cells) when the workbook's shared strings outnumber the cells of all its
    worksheets, else None.  Excel, WPS and LibreOffice keep only the strings some cell uses, and
    openpyxl parses them all before the first row: more strings than cells is a file made to be
    slow (3 million strings behind one row, in a 1.7 MB file beside a random picture, held an
    upload 37 seconds and 700 MB).  The other sheets are measured only when the first one's cells
    do not already account for the strings."""
    strings = shared_strings(archive)
    if strings <= first_sheet_cells:
        return None
    cells = first_sheet_cells + sum(measure(archive, part).cells for _title, part in sheets[1:])
    return (strings, cells) if strings > cells else None


def measure(archive: zipfile.ZipFile, part: str, *, max_rows: int | None = None, max_columns: int | None = None,
            max_cells: int | None = None) -> Extent:
    """The extent of one worksheet part; TooLarge as soon as it passes a limit given."""
    scan = _Scan(max_rows, max_columns, max_cells)
    tail = b""
    first = True
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            window = tail + chunk
            if first:
                scan.dimension(window)
                first = False
            if chunk:
                cut = max(window.rfind(b"<"), len(window) - _LONGEST_TAG, 0)
            else:
                cut = len(window)
            scan.window(window, cut)
            if not chunk:
                break
            tail = window[cut:]
    return scan.extent


class _Scan:
    def __init__(self, max_rows, max_columns, max_cells):
        self.max_rows, self.max_columns, self.max_cells = max_rows, max_columns, max_cells
        self.extent = Extent()
        self.row = 0  # the number of the row being read (openpyxl's row_counter)
        self.column = 0  # the column of the last cell read in it (col_counter)
        self.counted = 0  # <row> elements

    def dimension(self, head: bytes) -> None:
        match = _DIMENSION.search(head)
        if not match:
            return
        first_letters, first_digits, last_letters, last_digits = match.groups()
        letters, digits = (last_letters, last_digits) if match.group(3) is not None else (first_letters, first_digits)
        self._widen(column_number(letters or b""), 1)
        self._lengthen(int(digits) if digits else 0)

    def window(self, window: bytes, cut: int) -> None:
        rows = len(_ROW.findall(window, 0, cut))
        cells = len(_CELL.findall(window, 0, cut))
        numbers = _ROW_NUMBER.findall(window, 0, cut)
        columns = _CELL_COLUMN.findall(window, 0, cut)
        self.extent.merges += [merge_range(m) for m in _MERGE.finditer(window, 0, cut)]
        try:
            last_numbers = [int(n) for n in numbers]
        except ValueError:
            last_numbers = None
        if len(numbers) == rows and len(columns) == cells and last_numbers is not None:
            # Every row and cell says where it is (what Excel, WPS, LibreOffice and openpyxl write):
            # the extent is the largest number, found at C speed.
            widest = max((column_number(c) for c in set(columns)), default=0)
            if self.max_columns is not None and widest > self.max_columns:
                self._walk(window, cut)  # raises, naming the row the wide cell is in
            self.counted += rows
            self._count_cells(cells)
            self._widen(widest, self.row)
            if last_numbers:
                self.row = last_numbers[-1]
                self._lengthen(max(max(last_numbers), self.counted))
            return
        self._walk(window, cut)

    def _walk(self, window: bytes, cut: int) -> None:
        """Tag by tag, numbering rows and cells as openpyxl does where they leave their number out."""
        for match in _TAG.finditer(window, 0, cut):
            ref = _REF.search(match.group(2))
            if match.group(1) == b"row":
                self.counted += 1
                number = _row_number(ref.group(1)) if ref else None
                self.row = number if number is not None else self.row + 1
                self.column = 0
                self._lengthen(max(self.row, self.counted))
            else:
                self._count_cells(1)
                letters = re.match(rb"[A-Za-z]{1,3}", ref.group(1)) if ref else None
                self.column = column_number(letters.group(0)) if letters else self.column + 1
                self._widen(self.column, self.row)

    def _count_cells(self, cells: int) -> None:
        self.extent.cells += cells
        if self.max_cells is not None and self.extent.cells > self.max_cells:
            raise TooLarge("cells", self.max_cells, self.extent.cells)

    def _widen(self, columns: int, row: int) -> None:
        if columns > self.extent.columns:
            self.extent.columns = columns
            if self.max_columns is not None and columns > self.max_columns:
                raise TooLarge("columns", self.max_columns, columns, row=max(row, 1))

    def _lengthen(self, rows: int) -> None:
        if rows > self.extent.rows:
            self.extent.rows = rows
            if self.max_rows is not None and rows > self.max_rows:
                raise TooLarge("rows", self.max_rows, rows)


def _row_number(text: bytes) -> int | None:
    """A row's ``r`` as openpyxl reads it (it takes "5.0" too); None when it is no number."""
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() and number < 1 << 31 else None


def column_number(letters: bytes) -> int:
    """b"A" → 1, b"XFD" → 16384."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def merge_range(match: re.Match[bytes]) -> tuple[int, int, int, int]:
    """ "B2:C4" → (1, 4, 1, 3): first row, last row + 1, first column, last column + 1 (0-based)."""
    first_column, first_row = column_number(match.group(1)), int(match.group(2))
    last_column = column_number(match.group(3)) if match.group(3) else first_column
    last_row = int(match.group(4)) if match.group(4) else first_row
    return first_row - 1, last_row, first_column - 1, last_column
