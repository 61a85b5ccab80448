"""Plan files as they arrive: too large, zip bombs and macros are refused before any reader opens
them, with one Chinese line naming the file, and nothing is written — on the page and in the command."""

import zipfile
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.plans.importing import read_plan
from duban.plans.parsing import PlanParseError
from tests.ooxml_files import macro_content_types, real_docx, real_xlsx, rezip, zip_bomb

from .test_importing import table_counts


def plan_docx(seed_bytes: bytes) -> bytes:
    """The seed plan as a Word document, one paragraph a line."""
    import io

    document = docx.Document()
    for line in seed_bytes.decode("utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_real_word_plan_passes_the_check_and_is_read(seed_bytes):
    text, draft = read_plan(plan_docx(seed_bytes), "方案.docx")
    assert len(draft.tasks) == 12 and "提升公用事业服务水平" in text


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("方案.docx", macro_content_types(real_docx()), "含有宏"),
    ("方案.docx", rezip(real_docx(), add={"word/vbaProject.bin": b"\x00" * 100}), "含有宏"),
    ("方案.docx", real_xlsx(), "不是有效的 Word 文档"),
    ("任务分工.xlsx", real_docx(), "不是有效的 Excel 文档"),
    ("方案.docx", b"PK\x03\x04" + b"\x00" * 64, "文件已损坏"),
])
def test_unsafe_or_mislabelled_office_files_are_refused_naming_the_file(name, data, reason):
    with pytest.raises(PlanParseError) as refused:
        read_plan(data, name)
    assert str(refused.value).startswith(f"{name}：") and reason in str(refused.value)


def test_a_zip_bomb_is_refused_before_any_part_is_unpacked(monkeypatch):
    bomb = zip_bomb()

    def no_extraction(*args, **kwargs):
        raise AssertionError("a part of the zip was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_extraction)
    with pytest.raises(PlanParseError, match="^方案.docx：.*压缩炸弹"):
        read_plan(bomb, "方案.docx")


def test_a_small_docx_whose_text_unpacks_to_tens_of_megabytes_is_refused_before_it_is_read(monkeypatch):
    """30 MB of paragraphs beside a megabyte of incompressible picture: the package's overall ratio
    passes the zip bomb check, and python-docx used to parse it all (a 2.4 MB file of this kind
    held the request 90 seconds and 1.5 GB)."""
    import io
    import os

    from duban.plans.parsing import readers

    read = []
    monkeypatch.setattr(readers, "docx_text", lambda data: read.append(data) or "")
    base = real_docx()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        document = archive.read("word/document.xml")
    body = document.index(b"<w:body>") + len(b"<w:body>")
    paragraphs = b"<w:p><w:r><w:t>\xe6\x8e\xa8\xe8\xbf\x9b</w:t></w:r></w:p>" * 800_000  # 推进, 30 MB
    data = rezip(base, replace={"word/document.xml": document[:body] + paragraphs + document[body:]},
                 add={"word/media/image1.png": os.urandom(1024 * 1024)})
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(PlanParseError, match=r"^方案.docx：文档内容解压后约 3\d MB，超过上限 24 MB"):
        read_plan(data, "方案.docx")
    assert not read


def test_a_file_over_the_limit_is_refused_whatever_its_type(settings, seed_bytes):
    settings.DUBAN_PLAN_MAX_BYTES = 1024
    with pytest.raises(PlanParseError, match=r"^方案.txt：文件大小 0\.0 MB，超过上限 0 MB"):
        read_plan(seed_bytes, "方案.txt")


# --- through the page -------------------------------------------------------------------------

def pending_files() -> set[Path]:
    return set((Path(settings.MEDIA_ROOT) / "pending-imports").glob("*"))


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("方案.docx", zip_bomb(), "压缩炸弹"),
    ("方案.docx", macro_content_types(real_docx()), "含有宏"),
])
def test_the_page_refuses_a_bad_office_file_with_one_line_and_writes_nothing(client, office, name, data, reason):
    client.force_login(office)
    before, waiting = table_counts(), pending_files()
    page = client.post(reverse("plans:import"), {"document": SimpleUploadedFile(name, data)}).text
    errors = [line for line in page.splitlines() if f"{name}：" in line]
    assert len(errors) == 1 and reason in errors[0]
    assert table_counts() == before and pending_files() == waiting


def test_the_page_refuses_a_file_over_the_limit_before_reading_it(client, office, settings, seed_bytes):
    settings.DUBAN_PLAN_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(office)
    before = table_counts()
    big = SimpleUploadedFile("方案.txt", seed_bytes + b" " * (3 * 1024 * 1024))
    page = client.post(reverse("plans:import"), {"document": big}).text
    assert "方案.txt：文件大小 3.0 MB，超过上限 2 MB" in page
    assert "不超过 2 MB" in page  # the limit is said before uploading, too
    assert table_counts() == before


def test_the_command_refuses_a_zip_bomb_and_writes_nothing(zone, tmp_path):
    path = tmp_path / "方案.docx"
    path.write_bytes(zip_bomb())
    before = table_counts()
    with pytest.raises(CommandError, match="方案.docx：.*压缩炸弹"):
        call_command("import_plan", str(path), "--zone", zone.name)
    assert table_counts() == before
