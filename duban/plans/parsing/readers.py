"""Uploaded files to text: .txt in UTF-8 or GBK/GB18030, .docx, .xlsx/.xls, and .pdf with a text layer.

Every problem is a PlanParseError with one line of Chinese that starts with
the file name, ready to show to whoever uploaded it.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from .draft import PlanParseError
from .sheets import TooLarge, xls_text, xlsx_text
from .word import docx_text

SUPPORTED = ".txt、.docx、.xlsx、.xls 或 .pdf"

# Text files hold no NUL bytes and hardly any other control bytes (tab, line
# ends and form feed aside); a file with more than this share is binary.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
_MAX_CONTROL_SHARE = 0.05

# Notepad's "Unicode" is UTF-16 with a byte-order mark; it is full of NUL
# bytes, so it is recognised by the mark before the binary check.
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")

# Characters that Python's str.splitlines() (which the import preview uses to show source lines)
# takes as line ends besides \n and \r: a PDF's form feed between pages, Word's line separator.
# They become \n so the parser's line numbers and the preview's are the same.
_OTHER_LINE_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"))


def read_document(data: bytes, filename: str) -> str:
    """The text of an uploaded plan document."""
    suffix = PurePath(filename).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise _error(filename, _unsupported(suffix))
    if not data:
        raise _error(filename, "文件为空")
    try:
        text = reader(data)
    except _Unreadable as problem:
        raise _error(filename, str(problem)) from None
    if not text.strip():
        raise _error(filename, "文件为空")
    return text.translate(_OTHER_LINE_BREAKS)


class _Unreadable(Exception):
    """Why a file's text cannot be read (the message, without the file name)."""


def _error(filename: str, message: str) -> PlanParseError:
    return PlanParseError(f"{filename}：{message}")


def _unsupported(suffix: str) -> str:
    if suffix == ".doc":
        return "不支持旧版 Word 文档（.doc），请在 Word 中另存为 .docx 后上传"
    return f"不支持的文件类型，请上传 {SUPPORTED}"


def _read_txt(data: bytes) -> str:
    if data.startswith(_UTF16_MARKS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Unreadable("无法识别的文字编码（支持 UTF-8、GBK、GB18030）") from None
    if _looks_binary(data):
        raise _Unreadable("不是文本文件（含二进制内容）")
    # GB18030 is a superset of GBK (and GB2312); UTF-8 is tried first because
    # GB18030 also "decodes" many UTF-8 byte strings, into nonsense.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _Unreadable("无法识别的文字编码（支持 UTF-8、GBK、GB18030）")


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    control = sum(1 for byte in data if byte in _CONTROL_BYTES)
    return control > _MAX_CONTROL_SHARE * len(data)


def _read_docx(data: bytes) -> str:
    try:
        return docx_text(data)
    except Exception:  # python-docx raises zip, XML and key errors alike on a broken file
        raise _Unreadable("不是有效的 Word 文档（文件已损坏）") from None


def _read_xlsx(data: bytes) -> str:
    try:
        return xlsx_text(data)
    except TooLarge as problem:
        raise _Unreadable(str(problem)) from None
    except Exception:  # openpyxl raises zip, XML and value errors alike on a broken file
        raise _Unreadable("不是有效的 Excel 文件（文件已损坏）") from None


def _read_xls(data: bytes) -> str:
    try:
        return xls_text(data)
    except TooLarge as problem:
        raise _Unreadable(str(problem)) from None
    except Exception:  # xlrd raises its XLRDError, struct and index errors on a broken file
        raise _Unreadable("不是有效的 Excel 97-2003 文件（.xls，文件已损坏）") from None


def _read_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Unreadable("PDF 已加密，请提供未加密的文件")
        # A page's text ends with a line break; the next page goes on right after it.
        text = "\n".join((page.extract_text() or "").rstrip("\n") for page in reader.pages)
    except _Unreadable:
        raise
    except FileNotDecryptedError:
        raise _Unreadable("PDF 已加密，请提供未加密的文件") from None
    except Exception:  # pypdf raises many kinds of error on a broken file
        raise _Unreadable("不是有效的 PDF 文件（文件已损坏）") from None
    if not text.strip():
        raise _Unreadable("PDF 没有文字层（可能是扫描件），请提供可复制文字的 PDF")
    return text


_READERS = {".txt": _read_txt, ".docx": _read_docx, ".xlsx": _read_xlsx, ".xls": _read_xls, ".pdf": _read_pdf}
