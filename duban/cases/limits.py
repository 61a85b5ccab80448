"""Limits on a case file, checked before it is parsed: size, rows, columns, and for an .xlsx the
zip it is.

An .xlsx is a zip of XML: a 1 MB file can hold millions of rows or expand to gigabytes, and
openpyxl reads the shared strings whole before the first row.  So the zip goes through the checks
every Office upload gets (``documents.ooxml.inspect``: expanded size and ratio, entries, macros),
then the first worksheet's XML is streamed through zlib and its ``<row>`` tags counted (a fraction
of a second for a million rows), stopping as soon as the limit is passed; only then does openpyxl
open the file.  The rows of a .csv are counted as they are read.  Every refusal is a Chinese
sentence naming the file, the limit and how to proceed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings

from duban.documents import ooxml

_ROW = re.compile(rb"<(?:\w+:)?row[\s/>]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]*)(\d*)"')
_CHUNK = 1 << 20


class Refused(ValueError):
    """The file passes a limit, or is no safe workbook; the message says why, in Chinese."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int  # data rows, the header not counted
    max_columns: int


def current() -> Limits:
    return Limits(settings.DUBAN_IMPORT_MAX_BYTES, settings.DUBAN_IMPORT_MAX_ROWS, settings.DUBAN_IMPORT_MAX_COLUMNS)


def check_size(name: str, size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise Refused(f"{name}：文件大小 {size / 1048576:.1f} MB，超过上限 {limits.max_bytes / 1048576:.0f} MB。"
                       "请按年度或月份拆分成几个文件分别导入")


def too_many_rows(name: str, limits: Limits) -> Refused:
    return Refused(f"{name}：超过 {limits.max_rows:,} 行数据的上限。请按年度或月份拆分成几个文件分别导入")


def check_columns(name: str, columns: int, row: int, limits: Limits) -> None:
    if columns > limits.max_columns:
        raise Refused(f"{name}：第 {row} 行有 {columns} 列，超过 {limits.max_columns} 列的上限。"
                       "请删除多余的列后重新上传")


def xlsx_rows(name: str, data: bytes, limits: Limits) -> int:
    """The number of ``<row>`` elements of the first worksheet, header included; raises Refused
    (or zipfile.BadZipFile, KeyError for a zip that is not a workbook) before anything is parsed.
    The zip's declared sizes bound what is read: zipfile reads no part beyond them."""
    try:
        package = ooxml.inspect(data)
    except ooxml.UnsafePackage as error:
        raise Refused(f"{name}：{error}") from None
    if package.extension != ".xlsx":
        raise Refused(f"{name}：不是 Excel（.xlsx）文件")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _count_rows(name, archive, _first_sheet(archive), limits)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet (the one openpyxl's ``worksheets[0]`` reads)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = book.find("m:sheets/m:sheet", ns)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.findall("p:Relationship", ns)
                  if r.get("Id") == first.get(f"{{{ns['r']}}}id"))
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _count_rows(name: str, archive: zipfile.ZipFile, part: str, limits: Limits) -> int:
    rows, tail, first = 0, b"", True
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if first:
                _check_dimension(name, window, limits)
                first = False
            # Count the tags that start before the last 16 bytes; those after, perhaps cut by the
            # chunk's end, are counted with the next chunk.
            cut = max(len(window) - 16, 0)
            rows += sum(1 for m in _ROW.finditer(window) if m.start() < cut)
            tail = window[cut:]
            if rows > limits.max_rows + 1:
                raise too_many_rows(name, limits)
    rows += len(_ROW.findall(tail))
    if rows > limits.max_rows + 1:
        raise too_many_rows(name, limits)
    return rows


def _check_dimension(name: str, head: bytes, limits: Limits) -> None:
    """The sheet's declared extent (``<dimension ref="A1:J200"/>``), when it has one: openpyxl pads
    every row to its last column, so a declared column XFD would mean 16,384 cells a row."""
    match = _DIMENSION.search(head)
    if not match:
        return
    letters, digits = match.groups()
    columns = 0
    for ch in letters.decode():
        columns = columns * 26 + ord(ch) - 64
    if columns:
        check_columns(name, columns, 1, limits)
    if digits and int(digits) > limits.max_rows + 1:
        raise too_many_rows(name, limits)
