"""Reading a generated .docx back with python-docx, and the 公文 checks every document must pass.

Each check says what a clerk would verify with a ruler and Word's 字体 / 段落 / 页面设置 dialogs:
the page, the fonts of every run, the exact line spacing, and the page numbers in the footers.
"""

import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

TITLE, BODY, HEI, KAI, SONG = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"
MM_PER_PT = 25.4 / 72


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def run_font(r) -> dict[str, str]:
    """The fonts a run names itself, slot by slot (ascii, hAnsi, eastAsia, cs)."""
    fonts = r.find(qn("w:rPr") + "/" + qn("w:rFonts"))
    if fonts is None:
        return {}
    return {slot: fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}


def run_size(r) -> float | None:
    size = r.find(qn("w:rPr") + "/" + qn("w:sz"))
    return int(size.get(qn("w:val"))) / 2 if size is not None else None


def run_tracking(r) -> int:
    """The run's character spacing (``w:spacing``), in twentieths of a point; 0 when it has none."""
    spacing = r.find(qn("w:rPr") + "/" + qn("w:spacing"))
    return int(spacing.get(qn("w:val"))) if spacing is not None else 0


def body_paragraphs(document):
    """Every paragraph of the body, those inside table cells included, in document order."""
    for block in document.element.body.iter(qn("w:p")):
        yield block


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def full_text(document) -> str:
    return "\n".join(text_of(p) for p in body_paragraphs(document))


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def paragraph_fonts(p) -> list[tuple[str, float, str]]:
    """(eastAsia font, size in points, text) of each run of a paragraph."""
    return [(run_font(r).get("eastAsia"), run_size(r), "".join(t.text or "" for t in r.iter(qn("w:t"))))
            for r in p.iter(qn("w:r"))]


def find_paragraph(document, start: str):
    """The first body paragraph whose text starts with ``start``."""
    for p in body_paragraphs(document):
        if text_of(p).startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def assert_gongwen(document) -> None:
    """The page, fonts, spacing and page numbers GB/T 9704-2012 asks of every document."""
    section = document.sections[0]
    # A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so 26 mm right and 35 mm bottom).
    assert round(section.page_width.mm, 1) == 210.0 and round(section.page_height.mm, 1) == 297.0
    assert round(section.top_margin.mm, 1) == 37.0
    assert round(section.left_margin.mm, 1) == 28.0
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm, 1) == 156.0
    assert round(section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm, 1) == 225.0

    # The line grid: 22 lines of the exact line spacing fit the type area's height, 23 do not.
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:charSpace")) is None
    pitch_mm = int(grid.get(qn("w:linePitch"))) / 20 * MM_PER_PT
    assert 22 * pitch_mm <= 225 < 23 * pitch_mm

    # Every run of the body and the footers names its east-Asian font, in every slot.
    parts = [document.element.body, *(f._element for f in footers(document).values())]
    runs = [r for part in parts for r in part.iter(qn("w:r"))]
    assert runs
    for r in runs:
        fonts = run_font(r)
        assert fonts.get("eastAsia"), f"run without an east-Asian font: {r.xml[:200]}"
        assert len(set(fonts.values())) == 1, fonts
        assert run_size(r) is not None
        # 28 characters of 3号 body text fit the type area's width, 29 do not.
        if run_size(r) == 16:
            char_mm = (16 + run_tracking(r) / 20) * MM_PER_PT
            assert 28 * char_mm <= 156 < 29 * char_mm

    # Exact line spacing everywhere: body paragraphs at the grid's pitch, table cells at their own.
    for p in body_paragraphs(document):
        spacing = p.find(qn("w:pPr") + "/" + qn("w:spacing"))
        assert spacing is not None and spacing.get(qn("w:lineRule")) == "exact", text_of(p)
    for paragraph in document.paragraphs:
        assert paragraph.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert round(paragraph.paragraph_format.line_spacing.pt, 2) == 28.95, paragraph.text

    # The default font is 3号 仿宋_GB2312 too, with no theme font that could win over it.
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert run_font(normal.element)["eastAsia"] == BODY

    assert_page_numbers(document)


def footers(document) -> dict[str, object]:
    section = document.sections[0]
    return {"odd": section.footer, "even": section.even_page_footer}


def assert_page_numbers(document) -> None:
    """“— PAGE —” in 4号 宋体: odd pages at the right, even pages at the left, each one character in."""
    assert document.settings.odd_and_even_pages_header_footer
    for side, footer in footers(document).items():
        assert not footer.is_linked_to_previous
        [paragraph] = footer.paragraphs
        instructions = [t.text.strip() for t in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"], side
        kinds = [c.get(qn("w:fldCharType")) for c in paragraph._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        texts = [t.text for t in paragraph._p.iter(qn("w:t"))]
        assert texts[0] == "— " and texts[-1] == " —"
        for r in paragraph._p.iter(qn("w:r")):
            assert run_font(r)["eastAsia"] == SONG and run_size(r) == 14
        fmt = paragraph.paragraph_format
        if side == "odd":
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT and round(fmt.right_indent.pt) == 14
        else:
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT and round(fmt.left_indent.pt) == 14
