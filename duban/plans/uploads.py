"""Plan documents as they arrive: a size limit, and Office files checked before any reader opens them.

The web upload and ``duban import_plan`` both pass through ``check_upload`` (from
``importing.read_plan``) before the parser's readers see the bytes: a file over
``DUBAN_PLAN_MAX_BYTES``, or a .docx/.xlsx that is a zip bomb, has macros or is no Office
package at all, is refused with one Chinese line naming the file, and nothing is written.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings

from duban.documents import ooxml

from .parsing import PlanParseError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: Extensions that are OOXML packages and what the package must be.
_PACKAGES = {".docx": "Word", ".xlsx": "Excel"}


#: The most a plan's parts may unpack to, pictures and embedded files left out: the XML the readers
#: parse whole (python-docx; openpyxl's shared strings).  A plan of a few hundred pages is a few MB.
#: ooxml's limits are on the whole package, whose ratio an incompressible picture beside highly
#: compressed XML keeps low: a 2.4 MB .docx holding 52 MB of paragraphs passed them and took
#: 90 seconds and 1.5 GB to read.
MAX_PARSED_BYTES = 24 * 1024 * 1024
_NOT_PARSED = ("/media/", "/embeddings/")


def max_bytes() -> int:
    return getattr(settings, "DUBAN_PLAN_MAX_BYTES", DEFAULT_MAX_BYTES)


def size_problem(filename: str, size: int) -> str | None:
    """The Chinese line refusing a file of this size, or None when it is within the limit."""
    limit = max_bytes()
    if size > limit:
        return f"{filename}：文件大小 {size / 1048576:.1f} MB，超过上限 {limit / 1048576:.0f} MB"
    return None


def check_upload(data: bytes, filename: str) -> None:
    """Refuse (PlanParseError) a file too large, or an unsafe or mislabelled Office package."""
    problem = size_problem(filename, len(data))
    if problem:
        raise PlanParseError(problem)
    suffix = PurePath(filename).suffix.lower()
    if suffix not in _PACKAGES or not data:
        return  # other types, and empty files, are the readers' to refuse
    try:
        package = ooxml.inspect(data)
    except ooxml.UnsafePackage as unsafe:
        raise PlanParseError(f"{filename}：{unsafe}") from None
    if package.extension != suffix:
        raise PlanParseError(f"{filename}：不是有效的 {_PACKAGES[suffix]} 文档（文件内容是 {package.extension} 格式）")
    parsed = _parsed_bytes(data)
    if parsed > MAX_PARSED_BYTES:
        raise PlanParseError(f"{filename}：文档内容解压后约 {parsed / 1048576:.0f} MB，超过上限 "
                             f"{MAX_PARSED_BYTES // 1048576} MB（方案正文不会这么长），已拒绝")


def _parsed_bytes(data: bytes) -> int:
    """What the parts a reader parses unpack to, from the sizes the zip declares (nothing is
    unpacked; a part that lies is read no further than declared, then fails its CRC)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(e.file_size for e in archive.infolist() if not any(n in e.filename for n in _NOT_PARSED))
