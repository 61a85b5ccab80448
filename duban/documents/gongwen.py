"""Word documents in the official format (公文, GB/T 9704-2012), built with python-docx.

    doc = Gongwen()
    doc.title("关于……的报告")                       # 2号 方正小标宋简体, centred, broken into lines
    doc.addressee("……：")                           # 主送机关, flush left
    doc.paragraph("截至2020年7月10日，……")           # body: 3号 仿宋_GB2312, two characters indented
    doc.heading(1, "总体进展")                      # 一、总体进展 (黑体)
    doc.heading(2, "红灯事项", "共2项。")            # （一）红灯事项 (楷体) and body text after it
    doc.table(["部门", "应报", "按时"], rows)        # same fonts, 4号, header row repeated
    doc.signature("……办公室", date(2020, 7, 10))   # 发文机关署名 and 成文日期 2020年7月10日
    data = doc.to_bytes()

The page is the standard's: A4, 天头 (top margin) 37 mm, 订口 (binding, left margin) 28 mm, 版心
(type area) 156 × 225 mm, which holds 22 lines of 28 characters of 3号 type; the margins, the exact
line spacing and the character grid below are worked out from those figures.  Page numbers are
“— 1 —” in 4号 宋体, on odd pages at the right and on even pages at the left, one character in
from the edge of the type area (different odd and even footers, each with a PAGE field).

Fonts: Chinese text is laid out with the font named in ``w:eastAsia`` of a run's ``w:rFonts``, and
Word picks its slot per character, so every run names its font in all four slots (ascii, hAnsi,
eastAsia, cs) with the hint ``eastAsia`` (quotes “” and the dashes of the page number count as
Chinese).  The fonts of the standard are not on every machine, so the font table of the file
names a fallback for each (``w:altName``, which Word tries when the font itself is missing and
reads as one name): 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体.

No Django here: callers gather their data and pass plain values in.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date, datetime, timezone
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph

from duban.dates import cn_date

from .linebreaks import title_lines, width_in_characters
from .ooxml import DOCX_CONTENT_TYPE as CONTENT_TYPE
from .ooxml import ILLEGAL_CHARACTERS

# ---- the page (GB/T 9704-2012, 5.2), in twips (1/20 point, the unit of the file) -------------

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


PAGE_WIDTH, PAGE_HEIGHT = mm(210), mm(297)  # A4: 11906 × 16838
TOP_MARGIN = mm(37)  # 天头
LEFT_MARGIN = mm(28)  # 订口
TYPE_WIDTH, TYPE_HEIGHT = mm(156), mm(225)  # 版心
RIGHT_MARGIN = PAGE_WIDTH - LEFT_MARGIN - TYPE_WIDTH  # 26 mm
BOTTOM_MARGIN = PAGE_HEIGHT - TOP_MARGIN - TYPE_HEIGHT  # 35 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

#: Exact line spacing of the body: the type area's height shared by 22 lines, rounded down so that
#: the 22nd line still fits (579 twips = 28.95 pt).
LINE_PITCH = TYPE_HEIGHT // LINES_PER_PAGE

# ---- type sizes (字号), in points ------------------------------------------------------------

SIZE_2 = 22.0  # 二号: the title
SIZE_3 = 16.0  # 三号: body and headings
SIZE_4 = 14.0  # 四号: page numbers, tables
#: 2号 characters a title line holds: the type area's width over the size (20; 156 mm is 442 pt).
TITLE_CHARS_PER_LINE = math.floor(TYPE_WIDTH / 20 / SIZE_2)

#: Character pitch: the type area's width shared by 28 characters, in points.
CHAR_PITCH = TYPE_WIDTH / 20 / CHARS_PER_LINE
#: 3号 characters are 16 pt wide, a little more than that pitch: body text is set that much tighter
#: (``w:spacing`` of its runs, in twentieths of a point, rounded down so that 28 still fit a line).
#: A character grid (``w:docGrid`` linesAndChars with a negative charSpace, as many Word templates
#: do) would say the same to Word, but LibreOffice lays such a grid out at two cells a character,
#: 14 to a line; tightened runs on a line grid read the same in Word, WPS and LibreOffice.
CHAR_TRACKING = math.floor((CHAR_PITCH - SIZE_3) * 20)
#: What one 3号 character takes on a line, in points: indents are counted in it.
CHAR_WIDTH = SIZE_3 + CHAR_TRACKING / 20

# ---- fonts (GB/T 9704-2012, 7.3 and 7.2; page numbers 7.5) -----------------------------------

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: BODY_FONT, 4: BODY_FONT}
PAGE_NUMBER_FONT = "宋体"
#: The font Word falls back to when the named one is not installed (font table, ``w:altName``).
FALLBACK_FONTS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", "楷体_GB2312": "楷体"}
GB2312_CHARSET = "86"

#: Table text: 4号 with an exact line spacing of one and a half times the size.
TABLE_LINE_RATIO = 1.5
#: Left and right padding inside table cells (1 mm), so figures and names fit narrow columns.
CELL_PADDING = mm(1)


def column_widths(proportions: Sequence[float]) -> list[int]:
    """Column widths in twips that share the type area's width in these proportions, exactly."""
    total = sum(proportions)
    twips = [int(TYPE_WIDTH * p / total) for p in proportions]
    twips[-1] += TYPE_WIDTH - sum(twips)
    return twips


def issue_date(day: date) -> str:
    """成文日期 in Arabic numerals, the year in full and no padding zero: 2020年7月10日 (7.3.5.1) —
    the project's one Chinese date, ``duban.dates.cn_date``."""
    return cn_date(day)


CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (headings are numbered up to 99)."""
    if not 0 < n < 100:
        raise ValueError(f"标题序号须在 1 到 99 之间：{n}")
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" if tens else ""
    return text + (CHINESE_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The numbering of the four heading levels (7.3.3): 一、 （一） 1. （1）."""
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def signature_indents(issuer: str, dated: str) -> tuple[float, float]:
    """Right indents, in characters, of 发文机关署名 and 成文日期 on a document without a seal (7.3.5.2).

    The issuer ends two characters from the right; the date goes on the next line, its first
    character two characters right of the issuer's first character.  Should the date then run
    further right than two characters from the edge, the date is set two characters from the
    right and the issuer moves right with it, still two characters before the date's start.
    """
    issuer_width, date_width = width_in_characters(issuer), width_in_characters(dated)
    if issuer_width >= date_width + 2:
        return 2.0, 2 + issuer_width - 2 - date_width
    return 2 + 2 + date_width - issuer_width, 2.0


class Gongwen:
    """One 公文 being written, top to bottom.  Every paragraph and run carries its fonts itself."""

    def __init__(self):
        self.document = Document()
        self._numbers = [0, 0, 0, 0]  # the current number of each heading level
        self._set_up_page()
        self._set_up_styles()
        self._set_up_font_table()
        self._set_up_page_numbers()

    # ---- writing ---------------------------------------------------------------------------

    def title(self, text: str) -> None:
        """The title (标题), 2号 方正小标宋简体, centred, in as many lines as its width needs.

        Pass the whole title: a long one is broken into balanced lines without cutting a word, in
        the shapes the standard allows (``linebreaks.title_lines``).  Measured so, the title is set
        without the automatic space word processors add between Chinese and digits.  One empty line
        follows it, before the addressee or the body (7.3.1, 7.3.2)."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        no_automatic_spacing(paragraph)
        lines = title_lines(text, TITLE_CHARS_PER_LINE)
        for n, line in enumerate(lines):
            run = self._run(paragraph, line, TITLE_FONT, SIZE_2)
            if n < len(lines) - 1:
                run.add_break()
        self.blank_line()

    def addressee(self, text: str) -> None:
        """主送机关: flush left, on the line after the blank one below the title (7.3.2)."""
        self._run(self._paragraph(WD_ALIGN_PARAGRAPH.LEFT, indent=False), text, BODY_FONT, SIZE_3)

    def paragraph(self, text: str) -> None:
        """A paragraph of the body: 3号 仿宋_GB2312, justified, its first line two characters in.

        Each line of a text with several lines (as users type them) becomes a paragraph of its own."""
        for line in [line.strip() for line in text.splitlines()] or [""]:
            if line or not text.strip():
                self._run(self._paragraph(WD_ALIGN_PARAGRAPH.JUSTIFY), line, BODY_FONT, SIZE_3)

    def heading(self, level: int, text: str, body: str = "") -> None:
        """A numbered heading of level 1–4 (一、 黑体; （一） 楷体; 1. and （1） 仿宋).

        Numbers count on by themselves; a heading restarts the numbering of the levels below it.
        ``body`` continues the same paragraph in the body font, as a level-3 or level-4 heading
        usually does: “1. 标题。正文……”.
        """
        if level not in HEADING_FONTS:
            raise ValueError(f"标题层级须为 1 至 4：{level}")
        self._numbers[level - 1] += 1
        self._numbers[level:] = [0] * (4 - level)
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.JUSTIFY)
        self._run(paragraph, heading_number(level, self._numbers[level - 1]) + text, HEADING_FONTS[level], SIZE_3)
        if body:
            self._run(paragraph, body, BODY_FONT, SIZE_3)

    def blank_line(self) -> None:
        self._run(self._paragraph(WD_ALIGN_PARAGRAPH.LEFT, indent=False), "", BODY_FONT, SIZE_3)

    def table(self, header: Sequence[str] | None, rows: Sequence[Sequence[object]],
              widths: Sequence[float] | None = None, size: float = SIZE_4) -> None:
        """A table across the type area: cells in 仿宋_GB2312, 4号 by default.

        ``header`` (or ``None`` for a form of label and value rows) is set in 黑体 and repeated on
        every page.  ``widths`` are relative column widths (default: equal).  Numbers are centred,
        text is set flush left; ``None`` is shown as “—”.
        """
        columns = len(header) if header is not None else len(rows[0])
        widths = list(widths or [1] * columns)
        if len(widths) != columns or any(len(row) != columns for row in rows):
            raise ValueError("表格各行的列数须一致")
        twips = column_widths(widths)
        lines = ([list(header)] if header is not None else []) + [list(row) for row in rows]
        table = self.document.add_table(rows=len(lines), cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._fix_table_layout(table, twips)
        for r, values in enumerate(lines):
            is_header = header is not None and r == 0
            row = table.rows[r]
            if is_header:
                row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = Twips(twips[c])
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                text, numeric = _cell_text(value)
                paragraph = cell.paragraphs[0]
                centred = is_header or numeric
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
                self._format(paragraph, indent=False, line=Pt(round(size * TABLE_LINE_RATIO)))
                self._run(paragraph, text, HEADING_FONTS[1] if is_header else BODY_FONT, size)
        # A table must not run into the paragraph after it: Word joins two adjacent tables.
        self.blank_line()

    def signature(self, issuer: str, dated: date) -> None:
        """发文机关署名 and 成文日期 below the body after one empty line (7.3.5.2, no seal).

        The issuer is set flush right, two characters in (more when the date is the longer line,
        ``signature_indents``).  The date is placed by its first character, as the standard places
        it (two characters right of the issuer's first): flush left, indented to there, so its
        start does not depend on how wide a word processor sets its digits.  Word and WPS add a
        space between Chinese and digits unless told not to (both lines are told,
        ``no_automatic_spacing``); LibreOffice adds it whatever it is told; either would widen
        2020年7月10日 by more than a character.
        """
        text = issue_date(dated)
        issuer_indent, _ = signature_indents(issuer, text)
        issuer_end = TYPE_WIDTH - round(issuer_indent * CHAR_WIDTH * 20)  # from the type area's left edge
        date_start = issuer_end - round((width_in_characters(issuer) - 2) * CHAR_WIDTH * 20)
        self.blank_line()
        self._keep_last_lines_with_signature()
        for line, alignment in ((issuer, WD_ALIGN_PARAGRAPH.RIGHT), (text, WD_ALIGN_PARAGRAPH.LEFT)):
            paragraph = self._paragraph(alignment, indent=False)
            no_automatic_spacing(paragraph)
            if line is issuer:
                paragraph.paragraph_format.right_indent = Twips(TYPE_WIDTH - issuer_end)
            else:
                paragraph.paragraph_format.left_indent = Twips(date_start)
            if line is issuer:
                paragraph.paragraph_format.keep_with_next = True
            self._run(paragraph, line, BODY_FONT, SIZE_3)
        properties = self.document.core_properties
        properties.author = properties.last_modified_by = issuer

    def _keep_last_lines_with_signature(self) -> None:
        """The signature never stands alone at the top of a page (GB/T 9704, 7.3.5.2 asks for the
        body to be adjusted so that it does not): the last paragraph of the body, or the last row
        of a closing table, moves to the next page with it, and so do the blank lines between.
        """
        for block in reversed(list(self.document.element.body.iterchildren())):
            if block.tag == qn("w:sectPr"):
                continue
            if block.tag == qn("w:tbl"):
                last_row = block.findall(qn("w:tr"))[-1]
                for paragraph in last_row.iter(qn("w:p")):
                    _keep_with_next(paragraph)
                return
            _keep_with_next(block)
            if "".join(block.itertext()).strip():
                return

    # ---- output ----------------------------------------------------------------------------

    def save(self, stream) -> None:
        properties = self.document.core_properties
        first = next((p.text for p in self.document.paragraphs if p.text.strip()), "")
        properties.title = first
        properties.comments = properties.keywords = properties.subject = ""
        properties.created = properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
        self.document.save(stream)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()

    # ---- paragraphs and runs ---------------------------------------------------------------

    def _paragraph(self, alignment, indent: bool = True):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = alignment
        self._format(paragraph, indent=indent, line=Twips(LINE_PITCH))
        return paragraph

    @staticmethod
    def _format(paragraph, indent: bool, line) -> None:
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            # Two characters; firstLineChars keeps it two characters if the size changes.
            fmt.first_line_indent = Twips(round(2 * CHAR_WIDTH * 20))
            paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")

    @staticmethod
    def _run(paragraph, text: str, font: str, size: float):
        run = paragraph.add_run(xml_safe(text))
        set_run_font(run._r, font, size)
        return run

    # ---- set-up ----------------------------------------------------------------------------

    def _set_up_page(self) -> None:
        section = self.document.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = Twips(TOP_MARGIN), Twips(BOTTOM_MARGIN)
        section.left_margin, section.right_margin = Twips(LEFT_MARGIN), Twips(RIGHT_MARGIN)
        section.gutter = Twips(0)
        section.header_distance = Twips(mm(15))
        section.footer_distance = Twips(FOOTER_DISTANCE)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH))
        if qn("w:charSpace") in grid.attrib:
            del grid.attrib[qn("w:charSpace")]

    def _set_up_styles(self) -> None:
        """The Normal style and the document defaults: 3号 仿宋_GB2312, exact spacing, Chinese language.

        The template's defaults name theme fonts (``w:eastAsiaTheme``), which would win over a
        named font wherever a run does not name its own: they are replaced.
        """
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_rpr_font(defaults, BODY_FONT, SIZE_3)
        language = defaults.find(qn("w:lang"))
        language.set(qn("w:val"), "zh-CN")
        language.set(qn("w:eastAsia"), "zh-CN")
        normal = self.document.styles["Normal"]
        set_rpr_font(normal.element.get_or_add_rPr(), BODY_FONT, SIZE_3)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Twips(LINE_PITCH)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False  # 22 full lines on every page, no line pushed over for a widow

    def _set_up_font_table(self) -> None:
        """Name the fonts and their fallbacks in the font table (python-docx keeps it as raw bytes)."""
        part = self.document.part
        old = part.part_related_by(RT.FONT_TABLE)
        fonts = parse_xml(old.blob)
        for name in (TITLE_FONT, BODY_FONT, *HEADING_FONTS.values(), PAGE_NUMBER_FONT):
            if fonts.find(f"{qn('w:font')}[@{qn('w:name')}='{name}']") is not None:
                continue
            font = OxmlElement("w:font", attrs={qn("w:name"): name})
            if name in FALLBACK_FONTS:
                font.append(OxmlElement("w:altName", attrs={qn("w:val"): FALLBACK_FONTS[name]}))
            font.append(OxmlElement("w:charset", attrs={qn("w:val"): GB2312_CHARSET}))
            font.append(OxmlElement("w:family", attrs={qn("w:val"): "auto"}))
            fonts.append(font)
        rid = next(r for r, rel in part.rels.items() if rel.reltype == RT.FONT_TABLE)
        part.drop_rel(rid)
        part.relate_to(XmlPart(old.partname, old.content_type, fonts, old.package), RT.FONT_TABLE)

    def _set_up_page_numbers(self) -> None:
        """“— 1 —” in 4号 宋体: odd pages at the right, even pages at the left, one character in (7.5)."""
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        one_character = Twips(round(SIZE_4 * 20))
        for footer, alignment, cached in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "1"),
                                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "2")):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.alignment = alignment
            self._format(paragraph, indent=False, line=Pt(SIZE_4))
            fmt = paragraph.paragraph_format
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = one_character
            else:
                fmt.left_indent = one_character
            append_page_number(paragraph._p, cached)

    @staticmethod
    def _fix_table_layout(table, twips: list[int]) -> None:
        """The columns' widths in every place a word processor reads them.

        Word lays a table out from the cells' widths (``w:tcW``), LibreOffice from the grid
        (``w:gridCol``): python-docx leaves the grid at equal columns, so both are set, with the
        table's own width (``w:tblW``) and a fixed layout that keeps them whatever the text.
        """
        table.autofit = False  # w:tblLayout fixed: Word keeps the widths given
        for column, width in zip(table._tbl.tblGrid.gridCol_lst, twips):
            column.w = Twips(width)
        table_width = table._tbl.tblPr.find(qn("w:tblW"))
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(sum(twips)))
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margins.append(OxmlElement(f"w:{side}", attrs={qn("w:w"): str(CELL_PADDING), qn("w:type"): "dxa"}))
        table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                               "w:tblPrChange")


#: The page number's line (“一字线”) sits 7 mm below the type area (7.5): the footer's distance from
#: the bottom edge leaves the type area's 35 mm minus those 7 mm minus the number's own 4号 line.
FOOTER_DISTANCE = BOTTOM_MARGIN - mm(7) - round(SIZE_4 * 20)


def _keep_with_next(p) -> None:
    Paragraph(p, None).paragraph_format.keep_with_next = True


def set_rpr_font(rpr, font: str, size: float) -> None:
    """Name ``font`` in every slot of ``w:rFonts`` (no theme fonts) and set the size, in a ``w:rPr``."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), font)
    fonts.set(qn("w:hint"), "eastAsia")
    half_points = str(round(size * 2))
    sz = rpr.get_or_add_sz()
    sz.set(qn("w:val"), half_points)
    # 3号 text keeps to 28 characters a line (CHAR_TRACKING); other sizes are set as they are.
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        sz.addprevious(spacing)  # w:spacing comes before w:sz in the schema
    spacing.set(qn("w:val"), str(CHAR_TRACKING if size == SIZE_3 else 0))
    complex_sz = rpr.find(qn("w:szCs"))
    if complex_sz is None:
        complex_sz = OxmlElement("w:szCs")
        sz.addnext(complex_sz)  # w:szCs comes right after w:sz in the schema
    complex_sz.set(qn("w:val"), half_points)


def no_automatic_spacing(paragraph) -> None:
    """No automatic space between Chinese and Latin text or digits in this paragraph
    (``w:autoSpaceDE`` / ``w:autoSpaceDN`` off): Word, WPS and LibreOffice otherwise widen each
    such boundary by about a quarter of a character, and a line measured in characters comes out
    longer than measured."""
    properties = paragraph._p.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        element = properties.find(qn(name))
        if element is None:
            element = OxmlElement(name)
            properties.insert_element_before(element, *_AFTER_AUTO_SPACE)
        element.set(qn("w:val"), "0")


#: The paragraph properties that follow w:autoSpaceDN in the schema (CT_PPrBase), in order.
_AFTER_AUTO_SPACE = (
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def set_run_font(r, font: str, size: float) -> None:
    set_rpr_font(r.get_or_add_rPr(), font, size)


def append_page_number(p, cached: str) -> None:
    """“— PAGE —”: the number as a field Word fills in on every page (``cached`` shows until it does)."""

    def run(child) -> None:
        r = OxmlElement("w:r")
        set_run_font(r, PAGE_NUMBER_FONT, SIZE_4)
        r.append(child)
        p.append(r)

    def text(value: str):
        t = OxmlElement("w:t")
        t.text = value
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return t

    run(text("— "))
    run(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "begin"}))
    instruction = OxmlElement("w:instrText")
    instruction.text = " PAGE "
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run(instruction)
    run(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    run(text(cached))
    run(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))
    run(text(" —"))


def xml_safe(text: str) -> str:
    """``text`` without the control characters a .docx cannot hold (users paste them from other files)."""
    return ILLEGAL_CHARACTERS.sub("", text)


def _cell_text(value) -> tuple[str, bool]:
    if value is None:
        return "—", True
    if isinstance(value, bool):
        return ("是" if value else "否"), True
    if isinstance(value, (int, float, Decimal)):
        return f"{value:g}" if isinstance(value, float) else str(value), True
    return str(value), False
