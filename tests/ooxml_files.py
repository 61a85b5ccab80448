"""Office files for upload tests: real ones, and the dangerous ones uploads must refuse."""

import io
import os
import zipfile

import docx
import openpyxl


def real_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("用水报装流程梳理完成情况")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def real_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "办件数"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of an OOXML file with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, (replace or {}).get(entry.filename, source.read(entry.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def macro_content_types(data: bytes, spelling: str = "macroEnabled") -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        f"application/vnd.ms-word.document.{spelling}.main+xml".encode(),
    )
    return rezip(data, replace={"[Content_Types].xml": types})


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("说明.txt", "不是 Office 文档".encode())
    return out.getvalue()


def zip_bomb() -> bytes:
    """An OOXML-looking zip whose one part expands from ~50 KB to 50 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"\x00" * 1024 * 1024
            for _ in range(50):
                part.write(chunk)
    return out.getvalue()


def with_shared_strings(data: bytes, strings: int, picture: int = 0) -> bytes:
    """A copy of a workbook given a shared strings part of this many entries (and a random picture)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types, rels = z.read("[Content_Types].xml"), z.read("xl/_rels/workbook.xml.rels")
    types = types.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                       b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/'
                                             b'officeDocument/2006/relationships/sharedStrings" '
                                             b'Target="sharedStrings.xml"/></Relationships>')
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + "<si><t>推进</t></si>".encode() * strings + b"</sst>")
    add = {"xl/sharedStrings.xml": strings} | ({"xl/media/image1.png": os.urandom(picture)} if picture else {})
    return rezip(data, replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels}, add=add)
