"""Office Open XML packages (.docx/.xlsx/.pptx) checked before any library opens them.

An OOXML file is a zip archive.  Every upload that may be one — evidence files in the ledger, plan
documents in plans — goes through ``inspect()`` first: it reads only the zip's directory and
``[Content_Types].xml``, never a part's content, and refuses

- a zip that would expand beyond a sane size or ratio, or has too many entries (a zip bomb),
- a zip that is not an Office package (no ``[Content_Types].xml``),
- a package with macros (``vbaProject.bin``, macro-enabled content types),
- a broken zip, including one that lies about its sizes.

Pure Python, no Django: the caller adds the file name and raises its own error type.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_ENTRIES = 5000

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Which part folder makes which kind of package.
KINDS = {
    "word/": (DOCX_CONTENT_TYPE, ".docx"),
    "xl/": (XLSX_CONTENT_TYPE, ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}

#: Characters the XML 1.0 of a package's parts cannot hold (control characters other than tab,
#: line feed and carriage return, and the non-characters U+FFFE, U+FFFF): what duban writes into a
#: .docx or .xlsx goes without them (users paste them in from other files).
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class UnsafePackage(ValueError):
    """Why the file is refused, in Chinese, without the file name (the caller prefixes it)."""


@dataclass(frozen=True)
class Package:
    content_type: str  # one of KINDS' MIME types
    extension: str  # .docx, .xlsx or .pptx


def inspect(data: bytes) -> Package:
    """The kind of a safe OOXML package; UnsafePackage for anything else."""
    if not data.startswith(ZIP_SIGNATURE):
        raise UnsafePackage("不是有效的 Office 文档")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise UnsafePackage("压缩包条目过多，疑似恶意文件")
            # The sizes the zip declares: nothing is unpacked to learn them.  A part that lies
            # about its size is read no further than declared (zipfile stops), then fails its CRC.
            expanded = sum(e.file_size for e in entries)
            compressed = sum(e.compress_size for e in entries) or 1
            if expanded > MAX_EXPANDED_BYTES or expanded / compressed > MAX_COMPRESSION_RATIO:
                raise UnsafePackage("解压后体积异常（压缩炸弹），已拒绝")
            names = {e.filename for e in entries}
            if "[Content_Types].xml" not in names:
                raise UnsafePackage("不是有效的 Office 文档")
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise UnsafePackage("含有宏，不接受启用宏的文档")
            content_types = archive.read("[Content_Types].xml")
    except zipfile.BadZipFile as error:
        raise UnsafePackage("文件已损坏") from error
    # Content types are case-insensitive (RFC 2045), and Office opens "MACROENABLED" as well.
    lowered = content_types.lower()
    if b"macroenabled" in lowered or b"vbaproject" in lowered:
        raise UnsafePackage("含有宏，不接受启用宏的文档")
    for prefix, (content_type, extension) in KINDS.items():
        if any(n.startswith(prefix) for n in names):
            return Package(content_type, extension)
    raise UnsafePackage("不是 Word、Excel 或 PowerPoint 文档")
