"""The 公文 builder: a document written with every element, opened again with python-docx."""

from datetime import date

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from duban.documents.gongwen import Gongwen, chinese_number, issue_date, signature_indents, width_in_characters

from .docx_checks import (
    BODY, HEI, KAI, TITLE, assert_gongwen, find_paragraph, full_text, open_docx, paragraph_fonts, run_tracking, text_of,
)

ISSUER = "准东开发区深化“放管服”改革领导小组办公室"


@pytest.fixture
def written():
    doc = Gongwen()
    doc.title("关于深化“放管服”改革工作2020年6月进展情况的报告")
    doc.addressee("准东开发区深化“放管服”改革领导小组：")
    doc.paragraph("截至2020年7月10日，方案确定的17项具体任务中已完成2项。\n第二行成为第二段。")
    doc.heading(1, "总体进展")
    doc.heading(2, "红灯事项", "共2项。")
    doc.heading(3, "优化水气报装服务。", "规建局牵头。")
    doc.heading(4, "居民燃气报装", "中位用时4个工作日。")
    doc.heading(4, "临时用水报装")
    doc.heading(2, "黄灯事项")
    doc.heading(1, "各部门报送情况")
    doc.table(["部门", "应报", "按时", "按时率"], [["规建局", 54, 36, "66.7%"], ["水务局", 30, 22, None]], [3, 1, 1, 1])
    doc.signature(ISSUER, date(2020, 7, 10))
    return open_docx(doc.to_bytes())


def test_the_page_fonts_spacing_and_page_numbers_follow_the_standard(written):
    assert_gongwen(written)


def test_the_title_is_2hao_xiaobiaosong_centred_and_followed_by_an_empty_line(written):
    title = written.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # 24½ characters: broken by the builder into two lines, where the date starts (test_linebreaks.py).
    assert title.text == "关于深化“放管服”改革工作\n2020年6月进展情况的报告"
    assert {(font, size) for font, size, _ in paragraph_fonts(title._p)} == {(TITLE, 22)}
    assert automatic_spacing(title._p) == {"autoSpaceDE": "0", "autoSpaceDN": "0"}
    assert written.paragraphs[1].text == ""
    assert written.paragraphs[2].text.endswith("领导小组：")
    assert written.paragraphs[2].paragraph_format.first_line_indent is None  # 主送机关 flush left


def test_the_body_is_3hao_fangsong_indented_two_characters(written):
    body = find_paragraph(written, "截至2020年7月10日")
    assert paragraph_fonts(body) == [(BODY, 16, "截至2020年7月10日，方案确定的17项具体任务中已完成2项。")]
    indent = body.find(qn("w:pPr") + "/" + qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert text_of(find_paragraph(written, "第二行")) == "第二行成为第二段。"


def test_headings_are_numbered_by_level_in_their_own_fonts(written):
    assert paragraph_fonts(find_paragraph(written, "一、")) == [(HEI, 16, "一、总体进展")]
    assert paragraph_fonts(find_paragraph(written, "（一）")) == [(KAI, 16, "（一）红灯事项"), (BODY, 16, "共2项。")]
    assert paragraph_fonts(find_paragraph(written, "1.")) == [(BODY, 16, "1.优化水气报装服务。"), (BODY, 16, "规建局牵头。")]
    assert text_of(find_paragraph(written, "（1）")) == "（1）居民燃气报装中位用时4个工作日。"
    assert text_of(find_paragraph(written, "（2）")) == "（2）临时用水报装"
    # A heading restarts the levels below it: the second level-2 heading is （二）, and the second
    # level-1 heading starts its own （一） again.
    assert text_of(find_paragraph(written, "（二）")) == "（二）黄灯事项"
    assert text_of(find_paragraph(written, "二、")) == "二、各部门报送情况"


def test_the_table_uses_the_same_fonts_with_a_repeated_header_row(written):
    [table] = written.tables
    assert [c.text for c in table.rows[0].cells] == ["部门", "应报", "按时", "按时率"]
    assert [c.text for c in table.rows[2].cells] == ["水务局", "30", "22", "—"]
    assert table.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    header_fonts = {f for cell in table.rows[0].cells for f, _, _ in paragraph_fonts(cell.paragraphs[0]._p)}
    body_fonts = {f for row in table.rows[1:] for cell in row.cells for f, _, _ in paragraph_fonts(cell.paragraphs[0]._p)}
    assert header_fonts == {HEI} and body_fonts == {BODY}
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # a figure
    assert table.rows[1].cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT  # a name
    # The columns share the type area's 156 mm in the given proportions.
    widths = [cell.width.mm for cell in table.rows[0].cells]
    assert round(sum(widths)) == 156 and round(widths[0] / widths[1]) == 3


def test_the_table_grid_has_the_columns_widths_as_libreoffice_reads_them():
    """LibreOffice lays a table out from its grid (w:gridCol), not its cells' widths: a form of
    1:4 label and value columns must be 1:4 there too, in a fixed layout across the type area."""
    doc = Gongwen()
    doc.table(None, [["督办编号", "督〔2020〕1号"], ["具体任务", "放开化工新材料、硅基新材料、铝基新材料"]], [1, 4])
    [table] = open_docx(doc.to_bytes()).tables
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    cells = [[cell.width.twips for cell in row.cells] for row in table.rows]
    assert cells == [grid, grid]
    assert sum(grid) == round(156 * 1440 / 25.4) and round(grid[1] / grid[0]) == 4
    properties = table._tbl.tblPr
    assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    width = properties.find(qn("w:tblW"))
    assert (width.get(qn("w:type")), int(width.get(qn("w:w")))) == ("dxa", sum(grid))


def test_the_issuer_and_the_date_of_writing_close_the_document(written):
    issuer, dated = written.paragraphs[-2], written.paragraphs[-1]
    assert issuer.text == ISSUER and dated.text == "2020年7月10日"
    # The issuer ends two characters from the right; the date starts two characters right of the
    # issuer's start, placed by that start (flush left, indented), so that however wide a word
    # processor sets its digits, the start stays where the standard wants it.  The issuer is 21
    # characters (the quotes count as Chinese) of 3号 body text, as tightly as it is set.
    assert issuer.alignment == WD_ALIGN_PARAGRAPH.RIGHT and dated.alignment == WD_ALIGN_PARAGRAPH.LEFT
    char_pt = 16 + run_tracking(dated.runs[0]._r) / 20
    assert round(issuer.paragraph_format.right_indent.pt / char_pt, 1) == 2.0
    issuer_start = 156 / 25.4 * 72 - (2 + 21) * char_pt  # in points from the type area's left edge
    assert round((dated.paragraph_format.left_indent.pt - issuer_start) / char_pt, 1) == 2.0
    assert written.core_properties.author == ISSUER
    # Placed by width in characters, both are set without the automatic space between Chinese
    # and digits, which would widen the date by more than a character.
    assert automatic_spacing(issuer._p) == automatic_spacing(dated._p) == {"autoSpaceDE": "0", "autoSpaceDN": "0"}


@pytest.mark.parametrize("issuer", [ISSUER, "经发局"])  # a date shorter, and longer, than the issuer
def test_the_date_starts_two_characters_right_of_the_issuer_in_libreoffice(issuer, tmp_path):
    from tests.libreoffice import pdf_words

    doc = Gongwen()
    doc.paragraph("正文。")
    doc.signature(issuer, date(2020, 7, 10))
    words = pdf_words(doc.to_bytes(), "署名.docx", tmp_path)
    issuer = min(w[1] for w in words if w[3].startswith(issuer[:2]))
    dated = min(w[1] for w in words if w[3].startswith("2020"))
    characters = (dated - issuer) / 16  # 3号 characters, a little tighter than 16 pt
    assert 1.8 < characters < 2.2, characters


def test_the_last_table_row_and_the_blank_lines_move_with_the_signature(written):
    # As Word and WPS read it (the LibreOffice test below sees the effect): the closing table's
    # last row, the blank lines and the issuer each keep with what follows; the date ends the chain.
    last_row = written.tables[-1].rows[-1]
    assert all(p.paragraph_format.keep_with_next for cell in last_row.cells for p in cell.paragraphs)
    assert not any(p.paragraph_format.keep_with_next for cell in written.tables[-1].rows[0].cells
                   for p in cell.paragraphs)
    *blanks, issuer, dated = written.paragraphs[-4:]
    assert [p.text for p in blanks] == ["", ""]
    assert all(p.paragraph_format.keep_with_next for p in (*blanks, issuer))
    assert not dated.paragraph_format.keep_with_next


@pytest.mark.parametrize("ending", ["paragraph", "table"])
def test_the_signature_never_stands_alone_on_a_page_in_libreoffice(ending, tmp_path):
    # Bodies of growing length: wherever the page breaks, the page that holds the issuer also
    # holds the last lines of the body (a paragraph, or the last row of a closing table).
    from tests.libreoffice import pdf_pages

    checked_breaks = 0
    for length in range(6, 12):
        doc = Gongwen()
        doc.addressee("经发局：")
        for _ in range(length):
            doc.paragraph("请按照方案要求推进落实，按时报送进展情况。" * 2)
        if ending == "table":
            doc.table(None, [["督办编号", "2020-001"], ["办理情况", "尚未回复"]], widths=[1, 4])
        doc.signature(ISSUER, date(2020, 7, 10))
        pages = pdf_pages(doc.to_bytes(), f"署名{length}.docx", tmp_path / str(length))
        last = pages[-1]
        assert last.find("领导小组办公室") > 0, (length, last)
        body_end = "尚未回复" if ending == "table" else "进展情况。"
        assert body_end in last, (length, pages)
        checked_breaks += len(pages) > 1
    assert checked_breaks, "没有一种长度让署名跨页，测试未检验任何情形"


def automatic_spacing(p) -> dict:
    """The paragraph's switches of the automatic space between Chinese and Latin text / digits."""
    properties = p.find(qn("w:pPr"))
    return {name: properties.find(qn(f"w:{name}")).get(qn("w:val"))
            for name in ("autoSpaceDE", "autoSpaceDN") if properties.find(qn(f"w:{name}")) is not None}


def test_the_fonts_name_their_fallbacks_in_the_font_table(written):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml

    fonts = parse_xml(written.part.part_related_by(RT.FONT_TABLE).blob)
    fallback = {f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
                for f in fonts.iter(qn("w:font")) if f.find(qn("w:altName")) is not None}
    assert fallback == {TITLE: "宋体", BODY: "仿宋", KAI: "楷体"}


def test_the_date_of_writing_is_in_arabic_numerals_without_padding():
    assert issue_date(date(2020, 7, 10)) == "2020年7月10日"
    assert issue_date(date(2021, 1, 5)) == "2021年1月5日"


def test_chinese_numbers_for_headings():
    assert [chinese_number(n) for n in (1, 9, 10, 11, 20, 23, 99)] == ["一", "九", "十", "十一", "二十", "二十三", "九十九"]
    with pytest.raises(ValueError):
        chinese_number(100)


def test_a_date_longer_than_the_issuer_moves_the_issuer_right():
    # “经发局” is 3 characters, “2020年12月31日” 7: the date sits two characters from the right and
    # the issuer starts two characters before it (2 + 7 + 2 − 3 = 8 characters from the right).
    assert width_in_characters("2020年12月31日") == 7
    assert signature_indents("经发局", "2020年12月31日") == (8.0, 2.0)


def test_text_a_document_cannot_hold_is_dropped_not_fatal():
    doc = Gongwen()
    doc.paragraph("进展\x00\x07顺利")
    doc.table(["说明"], [["表中\x1b文字"]])
    assert "进展顺利" in full_text(open_docx(doc.to_bytes()))
