"""Limits on a case file, checked before it is parsed: size, rows, columns, and for an .xlsx the
zip it is.

An .xlsx is a zip of XML: a 1 MB file can hold millions of rows or expand to gigabytes, and
openpyxl reads the shared strings whole before the first row.  So the zip goes through the checks
every Office upload gets (``documents.ooxml.inspect``: expanded size and ratio, entries, macros),
then the first worksheet's XML is streamed through zlib and its rows and columns measured
(``documents.sheetrows``, a fraction of a second for a million rows), stopping as soon as a limit
is passed; only then does openpyxl open the file.  The rows of a .csv are counted as they are read.  Every refusal is a Chinese
sentence naming the file, the limit and how to proceed.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from duban.documents import ooxml, sheetrows


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
    """The rows of the first worksheet as openpyxl will go through them, header included (its
    ``<row>`` tags and the numbers they carry, ``documents.sheetrows``); raises Refused (or
    zipfile.BadZipFile, KeyError for a zip that is not a workbook) before anything is parsed.
    The zip's declared sizes bound what is read: zipfile reads no part beyond them."""
    try:
        package = ooxml.inspect(data)
    except ooxml.UnsafePackage as error:
        raise Refused(f"{name}：{error}") from None
    if package.extension != ".xlsx":
        raise Refused(f"{name}：不是 Excel（.xlsx）文件")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = sheetrows.worksheets(archive)
        try:
            extent = sheetrows.measure(archive, sheets[0][1], max_rows=limits.max_rows + 1,
                                       max_columns=limits.max_columns)
        except sheetrows.TooLarge as large:
            if large.what == "columns":
                check_columns(name, large.found, large.row, limits)
            raise too_many_rows(name, limits) from None
        excess = sheetrows.excess_shared_strings(archive, sheets, extent.cells)
    if excess:
        strings, cells = excess
        raise Refused(f"{name}：有 {strings:,} 个共享文本，多于全部 {cells:,} 个单元格，不像是正常保存的 Excel 文件。"
                      "请在 Excel 或 WPS 中打开后另存为 .xlsx 再上传")
    return extent.rows
