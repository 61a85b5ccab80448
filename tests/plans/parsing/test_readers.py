"""Uploaded files: encodings, Word and PDF, and the one-line errors a user sees."""

import io
import zipfile

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from duban.plans.parsing import PlanParseError, parse_document, parse_plan, read_document

from .office import docx_of

CHINESE_FONT = "STSong-Light"
# Typesetting never starts a line with these (行首禁则), so neither does the PDF wrapper below.
NO_LINE_START = "、，。；：）》”！？"


def without_lines(plan):
    """A plan's JSON without the line numbers, which a PDF's layout changes."""
    data = plan.to_json()
    for task in data["tasks"]:
        for item in task["items"]:
            del item["lines"]
    return data


def wrap(line, width):
    pieces = []
    while len(line) > width:
        cut = width
        while cut < len(line) and line[cut] in NO_LINE_START:
            cut += 1
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]


def pdf_of(lines, font_size=10.5):
    """A PDF with a text layer in a CID font, as Chinese office software writes them."""
    pdfmetrics.registerFont(UnicodeCIDFont(CHINESE_FONT))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = A4[1] - 60
    page.setFont(CHINESE_FONT, font_size)
    for line in lines:
        if y < 60:
            page.showPage()
            page.setFont(CHINESE_FONT, font_size)
            y = A4[1] - 60
        page.drawString(50, y, line)
        y -= font_size * 1.6
    page.save()
    return buffer.getvalue()


def error_of(data, filename):
    with pytest.raises(PlanParseError) as raised:
        read_document(data, filename)
    message = str(raised.value)
    assert "\n" not in message
    return message


# Plain text


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_seed_in_each_supported_encoding_reads_as_the_same_text(seed_text, encoding):
    assert read_document(seed_text.encode(encoding), "plan.txt") == seed_text


def test_gbk_seed_parses_like_the_utf8_one(seed_text, seed_plan):
    assert parse_document(seed_text.encode("gbk"), "方案.txt") == seed_plan


def test_gb18030_characters_beyond_gbk_are_read():
    text = "某区2021年工作方案\n（一）推进㐀项改革\n牵头单位：审批局\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert read_document(text.encode("gb18030"), "plan.txt") == text


def test_utf8_byte_order_mark_is_not_part_of_the_title(seed_text):
    plan = parse_document(b"\xef\xbb\xbf" + seed_text.encode("utf-8"), "plan.txt")
    assert plan.title == "准东开发区2020年深化“放管服”改革工作方案"


def test_extension_is_case_insensitive(seed_text):
    assert read_document(seed_text.encode("utf-8"), "PLAN.TXT") == seed_text


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n"])
def test_empty_file(data):
    assert error_of(data, "x.txt") == "x.txt：文件为空"


@pytest.mark.parametrize("data", [bytes(range(256)), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\x01\x02\x03\x04abc\x05\x06\x07\x08"])
def test_binary_content_is_refused(data):
    assert error_of(data, "x.bin.txt") == "x.bin.txt：不是文本文件（含二进制内容）"


def test_unknown_encoding_is_refused():
    assert error_of("café crème ÿ".encode("latin-1"), "x.txt") == "x.txt：无法识别的文字编码（支持 UTF-8、GBK、GB18030）"


@pytest.mark.parametrize("filename", ["x", "x.wps", "x.et", "x.ods"])
def test_unsupported_file_type(filename):
    assert error_of(b"data", filename) == f"{filename}：不支持的文件类型，请上传 .txt、.docx、.xlsx、.xls 或 .pdf"


def test_old_word_documents_are_asked_for_as_docx():
    assert error_of(b"\xd0\xcf\x11\xe0", "plan.doc") == "plan.doc：不支持旧版 Word 文档（.doc），请在 Word 中另存为 .docx 后上传"


# Word


def test_docx_paragraphs_and_table_cells_in_document_order():
    def build(document):
        document.add_paragraph("某区2021年优化营商环境工作方案")
        document.add_paragraph("二、主要任务")
        document.add_paragraph("（一）优化审批服务")
        document.add_paragraph("具体任务：1、推行承诺制。2、推行容缺受理。")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).merge(table.cell(0, 1)).text = "牵头单位：审批局"
        table.cell(1, 0).text = "配合单位：经发局"
        table.cell(1, 1).text = "完成时限：2021年6月底前"
        document.add_paragraph("三、工作要求")

    text = read_document(docx_of(build), "plan.docx")
    assert text.split("\n") == [
        "某区2021年优化营商环境工作方案",
        "二、主要任务",
        "（一）优化审批服务",
        "具体任务：1、推行承诺制。2、推行容缺受理。",
        "牵头单位：审批局\t牵头单位：审批局",  # a table row: a tab between cells, a merged one repeated
        "配合单位：经发局\t完成时限：2021年6月底前",
        "三、工作要求",
    ]
    first, second = parse_document(docx_of(build), "plan.docx").items
    assert (first.text, first.lead, first.cooperating) == ("推行承诺制。", ["审批局"], ["经发局"])
    assert second.deadline.text == "2021年6月底前"


def test_seed_as_docx_parses_like_the_text(seed_text, seed_plan):
    def build(document):
        for line in seed_text.split("\n"):
            document.add_paragraph(line)

    assert parse_document(docx_of(build), "seed.docx") == seed_plan


@pytest.mark.parametrize(
    "data",
    [b"not a zip at all", b"PK\x03\x04broken", None],
    ids=["not-a-zip", "broken-zip", "zip-without-a-document"],
)
def test_corrupt_docx(data):
    if data is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        data = buffer.getvalue()
    assert error_of(data, "plan.docx") == "plan.docx：不是有效的 Word 文档（文件已损坏）"


def test_docx_without_text_is_empty():
    assert error_of(docx_of(lambda document: document.add_paragraph("  ")), "plan.docx") == "plan.docx：文件为空"


# PDF


def test_pdf_text_layer_in_a_chinese_cid_font_is_extracted():
    text = read_document(pdf_of(["（八）提升公用事业服务水平", "配合部门：组织部（人社局）、国网昌吉供电公司准东分公司"]), "plan.pdf")
    assert text.split("\n")[:2] == ["（八）提升公用事业服务水平", "配合部门：组织部（人社局）、国网昌吉供电公司准东分公司"]


def test_seed_as_pdf_parses_like_the_text(seed_text, seed_plan):
    assert without_lines(parse_document(pdf_of(seed_text.split("\n")), "seed.pdf")) == without_lines(seed_plan)


@pytest.mark.parametrize("width", [20, 28, 40])
def test_seed_as_pdf_with_lines_cut_by_the_page_width_parses_like_the_text(seed_text, seed_plan, width):
    lines = [piece for line in seed_text.split("\n") for piece in wrap(line, width)]
    parsed = parse_document(pdf_of(lines), "seed.pdf")
    assert without_lines(parsed)["tasks"] == without_lines(seed_plan)["tasks"]
    assert parsed.departments == seed_plan.departments
    assert parsed.title == seed_plan.title


def test_items_cut_by_the_page_width_span_their_lines(seed_text):
    lines = [piece for line in seed_text.split("\n") for piece in wrap(line, 28)]
    parsed = parse_plan("\n".join(lines))
    third = parsed.tasks[7].items[2]
    assert third.line_end > third.line_start
    source = "".join(lines[third.line_start - 1 : third.line_end])
    assert source == "3、" + third.text


def test_pdf_without_a_text_layer_is_taken_for_a_scan():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.rect(50, 50, 200, 300, fill=1)
    page.save()
    assert error_of(buffer.getvalue(), "scan.pdf") == "scan.pdf：PDF 没有文字层（可能是扫描件），请提供可复制文字的 PDF"


def test_corrupt_pdf():
    assert error_of(b"%PDF-1.4\nthis is not a pdf", "plan.pdf") == "plan.pdf：不是有效的 PDF 文件（文件已损坏）"


def test_encrypted_pdf():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, encrypt="secret")
    page.drawString(50, 700, "plan")
    page.save()
    assert error_of(buffer.getvalue(), "plan.pdf") == "plan.pdf：PDF 已加密，请提供未加密的文件"


# Parse errors name the file too


def test_parse_errors_start_with_the_file_name():
    with pytest.raises(PlanParseError, match="^notes.txt：未找到任何主要任务"):
        parse_document("会议纪要\n今天开了会。".encode(), "notes.txt")


def test_line_breaks_other_than_newline_become_newlines_so_line_numbers_agree_everywhere():
    text = read_document("某区2021年工作方案\f（一）优化审批服务\u2028牵头单位：审批局".encode(), "plan.txt")
    assert text.split("\n") == text.splitlines() == ["某区2021年工作方案", "（一）优化审批服务", "牵头单位：审批局"]


def test_a_line_break_inside_a_word_table_cell_stays_in_its_row():
    def build(document):
        table = document.add_table(rows=2, cols=3)
        for cell, value in zip(table.rows[0].cells, ["序号", "重点任务", "牵头单位"]):
            cell.text = value
        for cell, value in zip(table.rows[1].cells, ["1", "推行承诺制\n审批。", "审批局"]):
            cell.text = value

    assert read_document(docx_of(build), "plan.docx").split("\n")[1] == "1\t推行承诺制 审批。\t审批局"
