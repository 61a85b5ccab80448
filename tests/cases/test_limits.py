"""Case files have limits (size, rows, columns, what an .xlsx expands to), checked before the file
is parsed, with a Chinese message; the import job page works from what the upload kept."""

import io
import time
import zipfile

import pytest

from duban.cases import limits
from duban.cases.importing import ImportFormatError, read_table
from duban.cases.models import ImportJob

from tests.ooxml_files import with_shared_strings

from .test_import import HEADER, ROWS, csv_bytes, xlsx_bytes

SMALL = limits.Limits(max_bytes=10 * 1024 * 1024, max_rows=1000, max_columns=20)


def handmade_xlsx(rows: int, *, dimension: str | None = None, cell: str = "x") -> bytes:
    """A workbook written part by part, as some platforms' exporters do: ``rows`` rows of one cell."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="办件" sheetId="1" r:id="rId7"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   f'2006/relationships"><Relationship Id="rId7" Type="{rel}/worksheet" '
                   'Target="worksheets/data.xml"/></Relationships>')
        with z.open("xl/worksheets/data.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{main}">'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            if not cell:  # rows without a number or a text: what a platform's empty export rows look like
                sheet.write(b"<row><c><v>1</v></c></row>" * rows)
            for start in range(1, rows + 1 if cell else 1, 10_000):
                sheet.write("".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{cell}{n}</t></is></c></row>'
                                    for n in range(start, min(start + 10_000, rows + 1))).encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def refusal(data: bytes, name: str, limit=SMALL) -> str:
    with pytest.raises(ImportFormatError) as raised:
        read_table(data, name, limit=limit)
    return str(raised.value)


def test_the_row_count_of_an_xlsx_is_read_without_parsing_it():
    assert limits.xlsx_rows("办件.xlsx", xlsx_bytes(ROWS), SMALL) == len(ROWS) + 1
    assert limits.xlsx_rows("办件.xlsx", handmade_xlsx(1000), SMALL) == 1000
    # The tag counting does not lose a <row> cut in two by the 1 MB chunks it reads.
    assert limits.xlsx_rows("办件.xlsx", handmade_xlsx(60_000), limits.Limits(10**9, 10**6, 20)) == 60_000


def test_too_many_rows_in_an_xlsx_is_refused_before_openpyxl_opens_it(monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a file over the limit")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    message = refusal(handmade_xlsx(1002), "办件.xlsx")  # the header and 1,001 data rows
    assert message == "办件.xlsx：超过 1,000 行数据的上限。请按年度或月份拆分成几个文件分别导入"
    # A sheet that declares its extent is refused on that alone.
    assert "超过 1,000 行" in refusal(handmade_xlsx(3, dimension="A1:A3000000"), "办件.xlsx")
    assert "有 16384 列，超过 20 列的上限" in refusal(handmade_xlsx(3, dimension="A1:XFD3"), "办件.xlsx")


def test_three_million_rows_are_refused_in_a_moment():
    """The finding: a 1.27 MB .xlsx of 3 million rows took 4.5 minutes to accept."""
    data = handmade_xlsx(3_000_000, cell="")
    started = time.monotonic()
    message = refusal(data, "三百万行.xlsx", limit=limits.current())
    assert time.monotonic() - started < 5
    assert message.startswith("三百万行.xlsx：") and ("超过 200,000 行" in message or "解压后体积异常" in message)


def test_a_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"A" * 50_000_000 + b"</sst>")
    assert "解压后体积异常" in refusal(out.getvalue(), "炸弹.xlsx")


def test_millions_of_shared_strings_behind_a_few_cells_are_refused_before_openpyxl_opens_it(monkeypatch):
    """Beside a random picture, 3 million shared strings pass the zip bomb check in a 1.7 MB file, and
    openpyxl parses them all before the first row: the upload was held 37 seconds and 700 MB."""
    import openpyxl

    data = with_shared_strings(handmade_xlsx(3), 3_000_000, picture=1536 * 1024)
    assert len(data) < 2 * 1024 * 1024
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl opened the file"))
    message = refusal(data, "办件.xlsx", limit=limits.current())
    assert message.startswith("办件.xlsx：有 3,000,000 个共享文本，多于全部 3 个单元格")


def test_a_workbook_s_shared_strings_within_its_cells_pass():
    assert limits.xlsx_rows("办件.xlsx", with_shared_strings(handmade_xlsx(5), 5), SMALL) == 5


def test_csv_rows_and_columns_and_any_file_s_size_have_limits():
    rows = [ROWS[0]] * 1001
    assert refusal(csv_bytes(rows), "办件.csv") == "办件.csv：超过 1,000 行数据的上限。请按年度或月份拆分成几个文件分别导入"
    assert read_table(csv_bytes(rows[:1000]), "办件.csv", limit=SMALL).total == 1000
    wide = csv_bytes([ROWS[0] + ["多余"] * 15], header=HEADER + [f"列{n}" for n in range(15)])
    assert refusal(wide, "办件.csv") == "办件.csv：第 1 行有 25 列，超过 20 列的上限。请删除多余的列后重新上传"
    one_mb = limits.Limits(max_bytes=1024 * 1024, max_rows=10**6, max_columns=20)
    assert refusal(csv_bytes([ROWS[0]] * 20_000), "办件.csv", one_mb).startswith("办件.csv：文件大小 2.")


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_an_upload_over_the_size_limit_is_refused_on_the_page_and_kept_nowhere(office_client, settings, water):
    settings.DUBAN_IMPORT_MAX_BYTES = 1024 * 1024
    data = csv_bytes([ROWS[0]] * 20_000)
    assert len(data) > settings.DUBAN_IMPORT_MAX_BYTES
    response = office_client.post("/cases/import/", {"file": _upload("大文件.csv", data)})
    assert response.status_code == 200
    size = f"{len(data) / 1048576:.1f}"
    assert f"大文件.csv：文件大小 {size} MB，超过上限 1 MB。请按年度或月份拆分成几个文件分别导入" in response.content.decode()
    assert not ImportJob.objects.exists()


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_job_page_reads_what_the_upload_kept_never_the_file(office_client, water, monkeypatch):
    rows = [[f"SW-{n:05d}", *ROWS[0][1:]] for n in range(3000)]
    response = office_client.post("/cases/import/", {"file": _upload("办件.xlsx", xlsx_bytes(rows))})
    job = ImportJob.objects.get()
    assert response.url == f"/cases/import/{job.pk}/"
    assert (job.total_rows, job.headers, len(job.preview)) == (3000, HEADER, 5)

    from duban.cases import importing, views

    def never(*args, **kwargs):
        raise AssertionError("the job page must not read the file")

    monkeypatch.setattr(views, "read_table", never)
    monkeypatch.setattr(importing, "read_table", never)
    page = office_client.get(f"/cases/import/{job.pk}/").content.decode()
    assert "共 3000 行数据" in page and "SW-00004" in page and "SW-00005" not in page


def test_a_file_with_a_nul_in_a_cell_uploads_and_its_row_is_refused_by_name(client, office, zone, water):
    """PostgreSQL could not keep the upload's preview (a NUL in JSON): the upload was a 500 there."""
    from duban.cases import jobs

    rows = [list(ROWS[0])]
    rows[0][3] = "王\x00建国"
    client.force_login(office)
    response = client.post("/cases/import/", {"file": _upload("办件.csv", csv_bytes(rows))})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.preview[0][3] == "王\ufffd建国"
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    assert job.errors[0]["text"] == "第 2 行“申请人”列：含有不可见的控制字符 U+0000，请删除后重新提交"


def test_a_header_with_a_control_character_is_refused_at_upload(client, office, zone, water):
    client.force_login(office)
    header = list(HEADER)
    header[3] = "申请\x00人"
    response = client.post("/cases/import/", {"file": _upload("办件.csv", csv_bytes(ROWS, header=header))})
    assert response.status_code == 200
    assert "办件.csv：表头第 4 列含有不可见的控制字符 U+0000，请删除后重新上传" in response.content.decode()
    assert not ImportJob.objects.exists()

