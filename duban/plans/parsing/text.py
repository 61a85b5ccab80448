"""Text clean-up shared by every parsing step.

Plans arrive typed by hand, exported from Word or extracted from PDF, so the
same document shows up with full- or half-width punctuation, stray spaces
(often the ideographic space U+3000) and blank lines anywhere.  Everything
downstream matches on one canonical form: full-width Chinese punctuation,
ASCII digits, no spaces between Chinese characters.  Each line keeps its
1-based number in the source so an item can point back at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width digits and Latin letters become ASCII so "２０２０年" reads as a year.
# The full-width full stop becomes "." because it only appears in numbering
# ("1．") and decimals ("0．5"), both of which are matched in ASCII form.
_TO_ASCII = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
    | {"．": ".", "％": "%"}
)

# Half-width punctuation that Chinese documents write full-width.  Commas and
# colons between two digits stay ASCII: they are "1,000" and "8:30".
_TO_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ";": "；"})
_HALF_WIDTH_COMMA_OR_COLON = re.compile(r"(?<![0-9])[,:]|[,:](?![0-9])")
_FULL_WIDTH_OF = {",": "，", ":": "："}

# Runs of whitespace, including U+3000 and NBSP (both str.isspace) and the
# zero-width characters that word processors leave behind.
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")

# A line that is only a page number, as PDF extraction leaves them: "3", "- 3 -", "— 3 —".
_PAGE_NUMBER = re.compile(r"[-—－–\s]*[0-9]{1,3}[-—－–\s]*")

#: What the .docx/.xlsx readers write in a table cell merged down from the cell above: the ditto
#: mark, as tables written by hand say "same as above".
DITTO = "〃"

_OPENING_BRACKETS = "（《“‘【〔["
_CLOSING_BRACKETS = "）》”’】〕]"


@dataclass(frozen=True)
class Line:
    """One non-blank line of the plan, normalised, with its place in the source."""

    start: int  # 1-based line number in the source text
    text: str
    end: int = 0  # last source line it covers, when wrapped lines were joined
    after_blank: bool = False  # a blank line came before it: a new paragraph
    # A table row written with tabs between its cells (how the .docx/.xlsx readers write table
    # rows, and what copying a table out of Word or Excel gives): its cells, normalised.
    cells: tuple[str, ...] = ()
    # Only a number ("3", "- 3 -"): a page footer, dropped from the text, unless it is the 序号
    # of a table flattened one cell per line (tables.py looks at these before they are dropped).
    bare_number: bool = False
    # Where in its source lines the text is, when it is only part of them (a paragraph of a line
    # pasted from the web): the offset in line ``start`` where it begins, and the one in line ``end``
    # where it stops (exclusive; None: the line's end).
    column: int = 0
    end_column: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            object.__setattr__(self, "end", self.start)


def normalise(text: str) -> str:
    """One line (or phrase) in canonical form."""
    text = text.translate(_TO_ASCII).translate(_TO_FULL_WIDTH)
    text = _HALF_WIDTH_COMMA_OR_COLON.sub(lambda match: _FULL_WIDTH_OF[match.group()], text)
    return _squeeze_spaces(text).strip()


def _squeeze_spaces(text: str) -> str:
    # Chinese needs no spaces; PDF extraction and hand typing scatter them
    # ("牵 头 部 门"), so they go, except between two ASCII words ("Windows 10").
    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if _is_ascii_word_char(before) and _is_ascii_word_char(after) else ""

    return _SPACES.sub(replace, text)


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of a document, normalised, numbered as in the source.

    Lines that are only a number come back marked ``bare_number``: see ``without_bare_numbers``.

    Only \\n, \\r\\n and \\r end a line, so the numbers match what an editor shows.
    """
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = []
    after_blank = False
    for number, raw in enumerate(source_lines, start=1):
        if "\t" in raw.strip():
            cells = tuple(normalise(cell) for cell in raw.split("\t"))
            if any(cells):
                lines.append(Line(number, "".join(cells), after_blank=after_blank, cells=cells))
                after_blank = False
            continue
        spans = paragraph_spans(raw)
        for begin, stop in spans:
            line = normalise(raw[begin:stop])
            # A paragraph cut out of its line knows where it is; a whole line needs no span.
            column, end_column = (begin, stop) if len(spans) > 1 else (0, None)
            if not line:
                after_blank = True
            elif _PAGE_NUMBER.fullmatch(line):  # a page footer does not end a paragraph
                lines.append(Line(number, line, bare_number=True, column=column, end_column=end_column))
            else:
                lines.append(Line(number, line, after_blank=after_blank, column=column, end_column=end_column))
                after_blank = False
    return lines


def without_bare_numbers(lines: list[Line]) -> list[Line]:
    """The lines without page footers."""
    return [line for line in lines if not line.bare_number]


# Text copied from a web page can lose its paragraph breaks: the whole plan on one line, a
# single space where each paragraph ended.  Chinese puts no spaces between words, so in a long
# line a space after a sentence end, or before a heading number or a role label, was a break.
_LONG_LINE = 100
_SPACE_RUN = re.compile(r"[ \u3000\u00a0]+")
_ENDS_PARAGRAPH = frozenset("。；！？）》”")
# A glued page shows several paragraph ends; a typed paragraph with a stray space shows one at most.
_GLUED_PARAGRAPH_ENDS = 2
# A number starts a paragraph, not a list of numbers: "2、3月" and "一、二类" are no headings.
_STARTS_PARAGRAPH = re.compile(
    r"(?:[一二三四五六七八九十]+[、.．](?![一二三四五六七八九十])|[（(][一二三四五六七八九十]+[)）]"
    r"|[0-9]{1,3}(?:、|[.．])(?![0-9])|[（(][0-9]{1,3}[)）]|[①-⑳]"
    r"|(?:牵头|配合|责任|协办|实施|主办|承办|部门|完成|工作|具体)[^ ：:]{0,4}[：:])"
)
# The plan's title, first on the line, ends in a word like 方案.
_TITLE_WORD_BEFORE = re.compile(r"(?:方案|计划|要点|意见|规划|办法|细则|清单|通知|安排|分工|分解)(?:（[^（）]*）)?$")
_HEADING_MAX_LENGTH = 40


def _is_heading(line: str, start: int, end: int) -> bool:
    """A short numbered paragraph without punctuation: "（二）规范涉企收费" before its text."""
    if end - start > _HEADING_MAX_LENGTH:
        return False
    number = _HEADING_NUMBER.match(line, start)
    # "一、 主要任务": a space right after the number is no break.
    return number is not None and number.end() < end and not any(mark in line[start:end] for mark in "，。；：")


_HEADING_NUMBER = re.compile(r"[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]")
_BARE_NUMBER = re.compile(r"[（(](?:[一二三四五六七八九十]+|[0-9]{1,3})[)）]")


def _paragraph_ends(line: str) -> int:
    """The spaces that follow a sentence end: each one a paragraph break of a glued page."""
    return sum(1 for space in _SPACE_RUN.finditer(line) if space.start() and line[space.start() - 1] in _ENDS_PARAGRAPH)


def paragraphs_of(raw: str) -> list[str]:
    """A source line cut where a web page's paragraphs were glued together by single spaces."""
    return [raw[start:end] for start, end in paragraph_spans(raw)]


def paragraph_spans(raw: str) -> list[tuple[int, int]]:
    """Where ``paragraphs_of`` cuts a source line: (start, end) offsets in it, one per paragraph.

    A line that is not cut is one span, the whole line.
    """
    lead = len(raw) - len(raw.lstrip())
    line = raw.strip()
    if len(line) < _LONG_LINE or _paragraph_ends(line) < _GLUED_PARAGRAPH_ENDS:
        return [(0, len(raw))]
    spans, start = [], 0
    for space in _SPACE_RUN.finditer(line):
        before = line[space.start() - 1] if space.start() else ""
        if before == "）" and _BARE_NUMBER.fullmatch(line, start, space.start()):
            continue  # "（一） 优化审批服务": the space follows a heading's number
        ends_title = (not spans and _TITLE_WORD_BEFORE.search(line, 0, space.start()) is not None) or _is_heading(
            line, start, space.start()
        )
        if ends_title or before in _ENDS_PARAGRAPH or (before not in "：:" and _STARTS_PARAGRAPH.match(line, space.end())):
            spans.append((lead + start, lead + space.start()))
            start = space.end()
    spans.append((lead + start, lead + len(line)))
    return spans


def join_fragments(fragments: list[str]) -> str:
    """Glue the pieces of one paragraph that the source broke across lines."""
    joined = ""
    for fragment in fragments:
        # Only English words were separated by the break; a number cut in two ("1" / "00") was not.
        if joined and _is_ascii_letter(joined[-1]) and _is_ascii_letter(fragment[:1]):
            joined += " "
        joined += fragment
    return joined


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` except inside （）, 《》, “” and the like.

    Keeps "组织部（人社局、医保局）" and "《A、B方案》" whole.  Empty pieces are dropped.
    """
    pieces, current, depth = [], [], 0
    for char in text:
        if char in _OPENING_BRACKETS:
            depth += 1
        elif char in _CLOSING_BRACKETS:
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return [piece.strip() for piece in pieces if piece.strip()]


BRACKET_PAIRS = {"（": "）", "〔": "〕", "【": "】", "[": "]"}


def closing_bracket_of(text: str, opening: int) -> int | None:
    """Index of the bracket that closes the （, 〔 or 【 at ``opening``; None when it is never closed."""
    if not 0 <= opening < len(text) or text[opening] not in BRACKET_PAIRS:
        return None
    open_char, close_char = text[opening], BRACKET_PAIRS[text[opening]]
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == open_char:
            depth += 1
        elif text[index] == close_char:
            depth -= 1
            if depth == 0:
                return index
    return None


def strip_punctuation(text: str) -> str:
    """Drop the list and sentence punctuation around a phrase."""
    return text.strip("，、；。：,;:.！？!? ")
