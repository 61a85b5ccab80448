"""Evidence files: checked by their content, stored under a random name outside the web root.

Only what an office produces is accepted: PDF, PNG/JPEG/GIF images, and the
OOXML formats (.docx/.xlsx/.pptx).  OOXML files are zip archives, so before any
library opens them ``duban.documents.ooxml`` checks that the zip has the parts of
its format, has no macros and would not expand beyond a sane size (a zip bomb).
Legacy .doc/.xls (OLE) files are refused: their macros cannot be checked without
opening them; Word and WPS both save as .docx.

The name a file is kept and handed out under ends with the extension of the type its content
shows, never one the uploader chose: a PDF named 整改方案.bat (or a GIF named 图.svg) is refused,
since a colleague downloading it would have it opened by whatever that extension runs.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

from duban.documents import ooxml

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
OLE = ooxml.OLE_SIGNATURE

#: The extensions a file of each accepted type may carry (the first is given to a name without one),
#: and the type's name in messages.
EXTENSIONS = {
    "application/pdf": ((".pdf",), "PDF"),
    "image/png": ((".png",), "PNG 图片"),
    "image/jpeg": ((".jpg", ".jpeg"), "JPEG 图片"),
    "image/gif": ((".gif",), "GIF 图片"),
    **{content_type: ((extension,), f"{extension[1:].upper()} 文档") for content_type, extension in ooxml.KINDS.values()},
}
MAX_NAME_LENGTH = 200


class EvidenceRejected(ValueError):
    """The file is not accepted as evidence; the message names the file and says why, in Chinese."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    name: str  # the name to keep and serve it under: the upload's, with the extension of its content


def max_bytes() -> int:
    return getattr(settings, "DUBAN_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def check(name: str, data: bytes) -> CheckedFile:
    limit = max_bytes()
    if not data:
        raise EvidenceRejected(f"{name}：文件为空")
    if len(data) > limit:
        raise EvidenceRejected(f"{name}：文件大小 {len(data) / 1048576:.1f} MB，超过上限 {limit / 1048576:.0f} MB")
    content_type = _content_type(name, data)
    return CheckedFile(content_type, len(data), hashlib.sha256(data).hexdigest(), _name_for(name, content_type))


def _name_for(name: str, content_type: str) -> str:
    """The upload's own name when its extension agrees with the content; refused when it disagrees."""
    extensions, label = EXTENSIONS[content_type]
    # Windows drops trailing dots and spaces from a file name: "报告.pdf." would open as a .pdf.
    stem, suffix = _split(name.rstrip(". ") or "佐证材料")
    if suffix and suffix.lower() not in extensions:
        raise EvidenceRejected(
            f"{name}：扩展名“{suffix}”与文件内容（{label}）不符，请以 {' 或 '.join(extensions)} 为扩展名上传"
        )
    return stem[: MAX_NAME_LENGTH - len(suffix or extensions[0])] + (suffix or extensions[0])


def served_name(title: str, content_type: str) -> str:
    """The name a stored file is handed out under: its title, ending with its content's extension.

    Titles kept before names were checked may carry any extension; the download never repeats it.
    """
    extensions, _ = EXTENSIONS.get(content_type, ((".bin",), ""))
    stem, suffix = _split(title)
    return title if suffix.lower() in extensions else stem + extensions[0]


def _split(name: str) -> tuple[str, str]:
    """(stem, extension); the extension is "" for a name without one (a leading dot is not one)."""
    dot = name.rfind(".")
    if dot <= 0 or dot == len(name) - 1 or any(c in name[dot:] for c in "/\\ "):
        return name, ""
    return name[:dot], name[dot:]


def _content_type(name: str, data: bytes) -> str:
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data.startswith(OLE):
        raise EvidenceRejected(f"{name}：不接受旧版 Office 格式（.doc/.xls/.ppt），请另存为 .docx/.xlsx/.pptx 或 PDF")
    if data.startswith(ooxml.ZIP_SIGNATURE):
        return _ooxml_type(name, data)
    raise EvidenceRejected(f"{name}：不支持的文件类型，仅接受 PDF、图片（PNG/JPEG/GIF）和 Office 文档（.docx/.xlsx/.pptx）")


def _ooxml_type(name: str, data: bytes) -> str:
    try:
        return ooxml.inspect(data).content_type
    except ooxml.UnsafePackage as problem:
        raise EvidenceRejected(f"{name}：{problem}") from None


def storage_dir(zone_id: int) -> Path:
    path = Path(settings.MEDIA_ROOT) / "evidence" / str(zone_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(zone_id: int, data: bytes) -> str:
    """Write the bytes under a fresh random name; the user's file name is never used as a path.

    Written as ``.<name>.part`` and renamed when whole, so a file under its name is always complete:
    a backup running meanwhile (duban/operations) copies whole files and skips the dotted one.
    """
    stored_name = secrets.token_hex(16)
    directory = storage_dir(zone_id)
    part = directory / f".{stored_name}.part"
    try:
        with open(part, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before its name is: a power cut leaves no empty evidence
        os.replace(part, directory / stored_name)
    finally:
        part.unlink(missing_ok=True)
    return stored_name


def path_of(zone_id: int, stored_name: str) -> Path:
    return storage_dir(zone_id) / stored_name


def download(zone_id: int, stored_name: str, title: str, content_type: str) -> FileResponse:
    """The stored file as a download under its checked name (404 when the file is gone).

    For the views that have already checked who may read it: the ledger's and the reconciliation's.
    """
    path = path_of(zone_id, stored_name)
    if not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=served_name(title, content_type),
                        content_type=content_type)
