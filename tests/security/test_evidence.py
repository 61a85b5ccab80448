"""Evidence files: checked by content before anything opens them, stored under a random name
outside the web root, and handed out only by id, through the permission check."""

import struct
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.ledger import evidence as evidence_files
from duban.ledger.evidence import EvidenceRejected, check
from duban.ledger.models import Evidence
from tests.ooxml_files import macro_content_types, plain_zip, real_docx, real_xlsx, rezip, zip_bomb

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode."

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- what is accepted -----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("验收报告.pdf", PDF, "application/pdf"),
    ("现场照片.png", PNG, "image/png"),
    ("现场照片.jpg", JPEG, "image/jpeg"),
    ("工作总结.docx", real_docx(), DOCX),
    ("办件统计.xlsx", real_xlsx(), XLSX),
])
def test_office_formats_are_accepted_by_their_content(name, data, content_type):
    checked = check(name, data)
    assert checked.content_type == content_type and checked.size == len(data)


def test_the_content_decides_the_type_and_the_name_keeps_its_agreeing_extension():
    assert check("现场照片.JPEG", JPEG).name == "现场照片.JPEG"
    assert check("现场照片.jpeg", JPEG).content_type == "image/jpeg"
    # A name without an extension is given the one of its content.
    assert check("验收报告", PDF).name == "验收报告.pdf"
    assert check("验收报告.pdf. ", PDF).name == "验收报告.pdf"


GIF = b"GIF89a" + b"\x00" * 32


@pytest.mark.parametrize(("name", "data", "suffix", "label"), [
    ("整改方案.bat", PDF, ".bat", "PDF"),
    ("通知.hta", PDF, ".hta", "PDF"),
    ("报告.html", PDF, ".html", "PDF"),
    ("整改方案.pdf.exe", PDF, ".exe", "PDF"),
    ("图.svg", GIF, ".svg", "GIF 图片"),
    ("照片.docx", PDF, ".docx", "PDF"),
    ("统计.xlsx", real_docx(), ".xlsx", "DOCX 文档"),
])
def test_a_name_whose_extension_disagrees_with_the_content_is_refused(name, data, suffix, label):
    with pytest.raises(EvidenceRejected) as refused:
        check(name, data)
    assert str(refused.value).startswith(f"{name}：扩展名“{suffix}”与文件内容（{label}）不符")


# --- what is refused, and why -----------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "reason"), [
    ("宏文档.docm", macro_content_types(real_docx()), "含有宏"),
    ("宏文档.docx", macro_content_types(real_docx(), "MACROENABLED"), "含有宏"),  # content types ignore case
    ("宏文档.docx", rezip(real_docx(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 100}), "含有宏"),
    ("宏文档.docx", rezip(real_docx(), add={"word/VBAPROJECT.BIN": b"\x00" * 100}), "含有宏"),
    ("旧版文档.doc", OLE_DOC, "旧版 Office 格式"),
    ("报告.pdf", EXE, "不支持的文件类型"),
    ("压缩包.zip", plain_zip(), "不是有效的 Office 文档"),
    ("空文件.pdf", b"", "文件为空"),
])
def test_dangerous_or_unknown_files_are_refused_with_a_chinese_reason_naming_the_file(name, data, reason):
    with pytest.raises(EvidenceRejected) as refused:
        check(name, data)
    assert str(refused.value).startswith(f"{name}：") and reason in str(refused.value)


def test_a_zip_bomb_is_refused_before_anything_is_extracted(monkeypatch):
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024  # small on the wire, 50 MB unpacked

    def no_extraction(*args, **kwargs):
        raise AssertionError("a part of the zip was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_extraction)
    with pytest.raises(EvidenceRejected, match="压缩炸弹"):
        check("工作总结.docx", bomb)


def test_a_zip_that_lies_about_its_sizes_is_refused_without_being_unpacked():
    """The bomb check reads the sizes a zip declares.  A part that declares 100 bytes but holds
    20 MB is read no further than 100 bytes (zipfile stops there), then fails its checksum."""
    data = bytearray(rezip(real_docx(), replace={"[Content_Types].xml": b"<Types>" + b" " * 20_000_000 + b"</Types>"}))
    entry = data.find(b"PK\x01\x02")  # central directory entries: the sizes zipfile believes
    while entry != -1:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46: entry + 46 + name_length] == b"[Content_Types].xml":
            struct.pack_into("<I", data, entry + 24, 100)  # uncompressed size
        entry = data.find(b"PK\x01\x02", entry + 4)
    with pytest.raises(EvidenceRejected, match="文件已损坏"):
        check("工作总结.docx", bytes(data))


# --- through the pages ------------------------------------------------------------------------

def upload(client, report, name, data, follow=True):
    return client.post(reverse("ledger:evidence_add", args=[report.pk]), {"file": SimpleUploadedFile(name, data)},
                       follow=follow)


def stored_files() -> set[Path]:
    return {p for p in (Path(settings.MEDIA_ROOT) / "evidence").rglob("*") if p.is_file()}


def test_an_upload_over_the_cap_is_refused_and_nothing_is_stored(client, liaison_b, b_draft_report, settings):
    settings.DUBAN_EVIDENCE_MAX_BYTES = 1024
    before = stored_files()
    client.force_login(liaison_b)
    response = upload(client, b_draft_report, "大文件.pdf", PDF + b"0" * 2048)
    assert "大文件.pdf：文件超过上限" in response.text
    assert not Evidence.objects.exists() and stored_files() == before


def test_a_refused_upload_names_the_file_in_chinese_on_the_page(client, liaison_b, b_draft_report):
    client.force_login(liaison_b)
    before = stored_files()
    response = upload(client, b_draft_report, "宏文档.docm", macro_content_types(real_docx()))
    assert "宏文档.docm：含有宏，不接受启用宏的文档" in response.text
    assert not Evidence.objects.exists() and stored_files() == before


def test_a_disguised_upload_is_refused_on_the_page_and_nothing_is_stored(client, liaison_b, b_draft_report):
    client.force_login(liaison_b)
    stored_before = set(evidence_files.storage_dir(b_draft_report.zone_id).iterdir())
    response = upload(client, b_draft_report, "整改方案.bat", PDF)
    assert "整改方案.bat：扩展名“.bat”与文件内容（PDF）不符" in response.content.decode()
    assert not Evidence.objects.exists()
    assert set(evidence_files.storage_dir(b_draft_report.zone_id).iterdir()) == stored_before


def test_a_file_is_served_under_the_extension_of_its_content(client, liaison_b, b_draft_report):
    client.force_login(liaison_b)
    upload(client, b_draft_report, "验收报告", PDF)
    evidence = Evidence.objects.get()
    assert evidence.title == "验收报告.pdf"
    # A row kept before names were checked, with the uploader's extension: never served under it.
    Evidence.objects.filter(pk=evidence.pk).update(title="整改方案.bat")
    response = client.get(reverse("ledger:evidence", args=[evidence.pk]))
    disposition = response["Content-Disposition"]
    assert ".bat" not in disposition and "%E6%95%B4%E6%94%B9%E6%96%B9%E6%A1%88.pdf" in disposition


def test_the_file_is_stored_under_a_random_name_outside_the_web_root(client, liaison_b, b_draft_report):
    client.force_login(liaison_b)
    upload(client, b_draft_report, "../../规建局 验收报告.pdf", PDF)
    evidence = Evidence.objects.get()
    stored = evidence_files.path_of(evidence.zone_id, evidence.stored_name)
    assert stored.read_bytes() == PDF
    assert stored.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not stored.resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert all(not stored.resolve().is_relative_to(Path(d if isinstance(d, (str, Path)) else d[1]).resolve())
               for d in settings.STATICFILES_DIRS)
    assert len(evidence.stored_name) == 32 and "验收" not in stored.name and ".pdf" not in stored.name
    assert evidence.title == "规建局 验收报告.pdf"  # the directories of the name are dropped, not followed
    assert evidence.sha256 and evidence.size == len(PDF)


def test_two_uploads_of_the_same_name_do_not_overwrite_each_other(client, liaison_b, b_draft_report):
    client.force_login(liaison_b)
    upload(client, b_draft_report, "照片.pdf", PDF)
    upload(client, b_draft_report, "照片.pdf", PDF + b"% v2\n")
    first, second = Evidence.objects.order_by("pk")
    assert first.stored_name != second.stored_name
    assert evidence_files.path_of(first.zone_id, first.stored_name).read_bytes() == PDF


def test_download_by_id_for_the_owner_as_an_attachment(client, liaison_b, b_evidence):
    client.force_login(liaison_b)
    response = client.get(reverse("ledger:evidence", args=[b_evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == evidence_files.path_of(
        b_evidence.zone_id, b_evidence.stored_name).read_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_is_refused_to_another_department_and_another_zone(client, liaison_a, outsider, b_evidence):
    url = reverse("ledger:evidence", args=[b_evidence.pk])
    client.force_login(liaison_a)
    assert client.get(url).status_code in (403, 404)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_files_are_not_served_by_url(client, liaison_b, b_evidence):
    """Only /evidence/<id>/ hands files out: the stored name is not a URL anywhere."""
    client.force_login(liaison_b)
    for guess in (f"/media/evidence/{b_evidence.zone_id}/{b_evidence.stored_name}",
                  f"/files/evidence/{b_evidence.zone_id}/{b_evidence.stored_name}",
                  f"/static/evidence/{b_evidence.zone_id}/{b_evidence.stored_name}"):
        assert client.get(guess).status_code == 404
