"""A .docx plan as text: paragraphs with their list numbers, and tables as rows of cells.

Word keeps automatic numbering ("一、" "（一）" "1." typed by the list feature, not by hand)
out of the paragraph's text: the paragraph names a list (numId) and a level (ilvl), and
numbering.xml says how that level is written ("%1、" in chineseCounting, "（%2）" …).  The
numbers are counted again here, in document order, so the parser sees them as typed.

A table row becomes one line with a tab between its cells (see tables.py): a cell merged across
columns is repeated in each, a cell merged down the rows is written as the ditto mark 〃 below
its first row.  A row that is one cell (a layout table around the text) gives its paragraphs
as lines of their own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from .text import DITTO

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9


def docx_text(data: bytes) -> str:
    import docx  # imported here so reading .txt does not need python-docx

    document = docx.Document(io.BytesIO(data))
    numbering = _Numbering(document)
    return "\n".join(_block_lines(document, numbering))


def _block_lines(container, numbering: _Numbering) -> list[str]:
    """Paragraphs and tables in document order."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines += _table_lines(block, numbering)
        else:
            lines.append(numbering.number_of(block._p) + block.text)
    return lines


def _table_lines(table, numbering: _Numbering) -> list[str]:
    from docx.table import _Cell

    lines = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = [""] * tr.grid_before
        blocks: list[list[str]] = []
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                text = DITTO
            else:
                cell_lines = [line for line in _block_lines(_Cell(tc, table), numbering) if line.strip()]
                blocks.append(cell_lines)
                # One line per row: a cell's paragraphs, and its line breaks and tabs, become spaces.
                text = " ".join(" ".join(line.split()) for line in cell_lines)
            cells += [text] * tc.grid_span
        cells += [""] * tr.grid_after
        distinct = {cell for cell in cells if cell and cell != DITTO}
        if len(cells) <= 1 or (len(distinct) == 1 and len(blocks) == 1 and len(blocks[0]) > 1):
            # A layout table around the text, or a merged cell of several paragraphs: its
            # paragraphs as lines, as in the text around.
            lines += [line for block in blocks for line in block]
        elif distinct:
            lines.append("\t".join(cells))
    return lines


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = ""  # "%1、", "（%2）"; "" for none


@dataclass
class _List:
    levels: dict[int, _Level] = field(default_factory=dict)


class _Numbering:
    """Counts Word's automatic list numbers in document order."""

    def __init__(self, document) -> None:
        self._abstract: dict[str, _List] = {}
        self._num_to_abstract: dict[str, str] = {}
        self._overrides: dict[str, dict[int, int]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()
        self._style_numbers = _style_numbers(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part: nothing is numbered
            return
        for abstract in root.iter(f"{_W}abstractNum"):
            self._abstract[abstract.get(f"{_W}abstractNumId")] = _List(
                {int(level.get(f"{_W}ilvl", "0")): _level_of(level) for level in abstract.iter(f"{_W}lvl")}
            )
        for num in root.iter(f"{_W}num"):
            num_id = num.get(f"{_W}numId")
            abstract_id = num.find(f"{_W}abstractNumId")
            if abstract_id is not None:
                self._num_to_abstract[num_id] = abstract_id.get(f"{_W}val")
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[int(override.get(f"{_W}ilvl", "0"))] = int(start.get(f"{_W}val", "1"))
            self._overrides[num_id] = overrides

    def number_of(self, paragraph) -> str:
        """The list number Word shows before this paragraph, or ""."""
        num_id, level = self._numbering_of(paragraph)
        abstract_id = self._num_to_abstract.get(num_id or "")
        if abstract_id is None or abstract_id not in self._abstract:
            return ""
        definition = self._abstract[abstract_id]
        counters = self._counters.setdefault(abstract_id, [None] * _LEVELS)
        if num_id not in self._started:
            # A list that restarts its numbering (Word's "restart at 1") says so in lvlOverride.
            self._started.add(num_id)
            for overridden in self._overrides.get(num_id, {}):
                counters[overridden] = None
        level = min(max(level, 0), _LEVELS - 1)
        start = self._overrides.get(num_id, {}).get(level, definition.levels.get(level, _Level()).start)
        counters[level] = start if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, _LEVELS):
            counters[deeper] = None
        pattern = definition.levels.get(level, _Level()).text
        for shown in range(_LEVELS):
            token = f"%{shown + 1}"
            if token in pattern:
                value = counters[shown] if counters[shown] is not None else definition.levels.get(shown, _Level()).start
                pattern = pattern.replace(token, _formatted(value, definition.levels.get(shown, _Level()).format))
        return "" if definition.levels.get(level, _Level()).format in ("bullet", "none") else pattern

    def _numbering_of(self, paragraph) -> tuple[str | None, int]:
        num_id, level = None, None
        properties = paragraph.pPr
        numbered = properties.numPr if properties is not None else None
        if numbered is not None:
            num_id = numbered.numId.val if numbered.numId is not None else None
            level = numbered.ilvl.val if numbered.ilvl is not None else None
        style = properties.pStyle.val if properties is not None and properties.pStyle is not None else None
        style_num, style_level = self._style_numbers.get(style, (None, None))
        num_id = num_id if num_id is not None else style_num
        level = level if level is not None else style_level
        return (str(num_id) if num_id not in (None, 0, "0") else None), int(level or 0)


def _level_of(element) -> _Level:
    def value(tag: str, default: str) -> str:
        found = element.find(f"{_W}{tag}")
        return found.get(f"{_W}val", default) if found is not None else default

    return _Level(start=int(value("start", "1")), format=value("numFmt", "decimal"), text=value("lvlText", ""))


def _style_numbers(document) -> dict[str, tuple[str | None, int | None]]:
    """Paragraph styles that carry numbering (heading styles linked to a list), by style id."""
    numbers: dict[str, tuple[str | None, int | None]] = {}
    try:
        styles = document.styles.element
    except (KeyError, NotImplementedError):
        return numbers
    based_on: dict[str, str] = {}
    for style in styles.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId")
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based_on[style_id] = parent.get(f"{_W}val")
        numbered = style.find(f"{_W}pPr/{_W}numPr")
        if numbered is not None:
            num_id = numbered.find(f"{_W}numId")
            level = numbered.find(f"{_W}ilvl")
            numbers[style_id] = (
                num_id.get(f"{_W}val") if num_id is not None else None,
                int(level.get(f"{_W}val")) if level is not None else None,
            )
    for style_id in list(based_on):
        seen, current = set(), style_id
        while current not in numbers and current in based_on and current not in seen:
            seen.add(current)
            current = based_on[current]
        if current in numbers and style_id not in numbers:
            numbers[style_id] = numbers[current]
    return numbers


_CHINESE_DIGITS = "零一二三四五六七八九"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_WITH_FULL_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _formatted(value: int, number_format: str) -> str:
    """A counter written in one of Word's number formats (ST_NumberFormat)."""
    if number_format in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting", "japaneseCounting", "ideographLegalTraditional"):
        return chinese_number(value)
    if number_format in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CHINESE_DIGITS[int(digit)] for digit in str(value))
    if number_format == "ideographTraditional" and 1 <= value <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[value - 1]
    if number_format.startswith("decimalEnclosedCircle") and 1 <= value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if number_format == "decimalEnclosedParen" and 1 <= value <= len(_PARENTHESISED):
        return _PARENTHESISED[value - 1]
    if number_format == "decimalEnclosedFullstop" and 1 <= value <= len(_WITH_FULL_STOP):
        return _WITH_FULL_STOP[value - 1]
    if number_format == "decimalZero":
        return f"{value:02d}"
    if number_format in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if number_format == "upperLetter" else letter
    if number_format in ("lowerRoman", "upperRoman") and value >= 1:
        roman = _roman(value)
        return roman if number_format == "upperRoman" else roman.lower()
    return str(value)  # decimal, decimalFullWidth (normalised to ASCII later) and the rest


def chinese_number(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as list numbers are written)."""
    if value <= 0:
        return str(value)
    if value < 10:
        return _CHINESE_DIGITS[value]
    if value < 20:
        return "十" + (_CHINESE_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return _CHINESE_DIGITS[value // 10] + "十" + (_CHINESE_DIGITS[value % 10] if value % 10 else "")
    if value < 1000:
        rest = value % 100
        tail = "" if not rest else ("零" + chinese_number(rest) if rest < 10 else (chinese_number(rest) if rest >= 20 else "一" + chinese_number(rest)))
        return _CHINESE_DIGITS[value // 100] + "百" + tail
    return str(value)


def _roman(value: int) -> str:
    written = ""
    for amount, letters in _ROMAN:
        while value >= amount:
            written += letters
            value -= amount
    return written
