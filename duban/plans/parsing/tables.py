"""Task-division tables (任务分工表): one row per item, its columns found by their headers.

    序号 | 工作任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限

A table reaches the parser in one of three shapes:
  * rows with tabs between their cells — how the .docx, .xlsx and .xls readers write a table,
    and what copying one out of Word or Excel gives;
  * rows with ``|`` between their cells (``| 1 | 推行… | 审批局 |``);
  * flattened, one cell per line (with or without a closing ``|``), as a web page or a PDF
    gives a table: the header cells first, then each row from its 序号.
Merged cells: the readers repeat a cell merged across columns, and write ``〃`` (the ditto mark,
also ``同上``) for one merged down the rows; an empty 类别/工作任务 cell is the one above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from .annotations import Note, assignment_from
from .departments import is_party
from .headings import Level, is_arabic, parse_heading
from .items import ItemText
from .text import DITTO, Line, strip_punctuation, without_bare_numbers


class Column(Enum):
    NUMBER = "序号"
    CATEGORY = "类别"
    TASK = "工作任务"
    MEASURE = "具体措施"
    TARGET = "工作目标"
    LEAD = "牵头单位"
    COOPERATING = "配合单位"
    RESPONSIBLE = "责任单位"
    DEADLINE = "完成时限"
    PERSON = "责任领导"
    NOTE = "备注"


# A header cell's column, by the first rule whose words it contains (so 工作目标 is a target
# before it is a 工作, 具体任务 a measure before it is a 任务).
_HEADER_RULES = (
    (Column.PERSON, re.compile("领导|责任人|联系人")),
    (Column.NUMBER, re.compile("^(?:序号|编号|序)$")),
    (Column.LEAD, re.compile("牵头|主办|主责")),
    (Column.COOPERATING, re.compile("配合|协办|参与|协同")),
    (Column.RESPONSIBLE, re.compile("责任单位|责任部门|实施单位|实施部门|承办|责任处室|责任科室|落实单位|责任主体|部门分工|责任分工|^分工$")),
    (Column.DEADLINE, re.compile("时限|完成时间|时间节点|期限|进度|时间安排")),
    (Column.CATEGORY, re.compile("类别|类型|领域|板块|分类|章节")),
    (Column.TARGET, re.compile("目标|成果|成效|标准|指标|任务数|数$")),
    (Column.MEASURE, re.compile("措施|举措|具体任务|任务内容|工作内容|具体内容|主要内容|具体工作|内容")),
    (Column.TASK, re.compile("任务|工作|事项")),
    (Column.NOTE, re.compile("^备注$")),
)
_HEADER_MAX_LENGTH = 12
_HEADER_NOTE = re.compile(r"（[^（）]*）$")
_TEXT_COLUMNS = frozenset({Column.TASK, Column.MEASURE, Column.CATEGORY})
_DEPARTMENT_COLUMNS = frozenset({Column.LEAD, Column.COOPERATING, Column.RESPONSIBLE})
# Cells that mean "as the cell above": the ditto mark the readers write for a merged cell.
_DITTO_WORDS = frozenset({DITTO, "同上"})
# A 序号 on a line of its own: up to 999,999 rows (a row number is taken only when it is the next).
_BARE_ROW_NUMBER = re.compile(r"[0-9]{1,6}")
_RULE = re.compile(r"[-—:：= ]*")
# A line that holds one cell of a flattened table closed by "|": "招商工作部 |".
_PIPE_END = re.compile(r"\|$")

MISALIGNED = "表格行的单元格与表头对不齐，已按内容对应"
_MISALIGNED_CONFIDENCE = 0.5


def column_of(header: str) -> Column | None:
    """The column a header cell names, or None when it names none we know."""
    # "责任单位（排在第一位的为牵头单位）": the column is named before its note.
    header = strip_punctuation(_HEADER_NOTE.sub("", header.replace("|", "")))
    if not header or len(header) > _HEADER_MAX_LENGTH:
        return None
    return next((column for column, words in _HEADER_RULES if words.search(header)), None)


def is_header(cells: list[str]) -> bool:
    """A header row: it names a text column and a department column, and nothing unknown."""
    columns = [column_of(cell) for cell in cells if cell]
    known = {column for column in columns if column}
    return bool(known & _TEXT_COLUMNS) and bool(known & _DEPARTMENT_COLUMNS) and columns.count(None) <= len(columns) // 3


@dataclass
class Row:
    cells: list[str]
    start: int
    end: int
    doubts: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Table:
    columns: list[Column | None]
    rows: list[Row]
    line: Line  # the header's first line


@dataclass
class TableTask:
    number: str
    title: str
    items: list[ItemText] = field(default_factory=list)
    part: str = ""  # the section row it is under, when its rows are grouped by task or category


def find_tables(lines: list[Line]) -> tuple[list[Table], list[Line]]:
    """The task tables among the lines, and the lines that are not part of one.

    Rows with tabs that are no task table (a layout table, a list of contacts) come back as
    lines, one per cell, so the text around them reads as before.
    """
    tables: list[Table] = []
    rest: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        found = None
        if line.cells:
            found = _cell_rows_table(lines, index, lambda line: list(line.cells) if line.cells else None)
        elif _pipe_cells(line.text) is not None and len(_pipe_cells(line.text)) > 1:
            found = _cell_rows_table(lines, index, lambda line: _pipe_cells(line.text))
        elif column_of(line.text):
            found = _flattened_table(lines, index)
        if found:
            table, index = found
            tables.append(table)
            continue
        rest += _cells_as_lines(line) if line.cells else [line]
        index += 1
    return tables, without_bare_numbers(rest)


def _cells_as_lines(line: Line) -> list[Line]:
    # A cell merged across columns is written once, one merged down the rows not again.
    cells = [
        cell
        for position, cell in enumerate(line.cells)
        if cell and cell not in _DITTO_WORDS and (position == 0 or cell != line.cells[position - 1])
    ]
    return [Line(line.start, cell, line.end, line.after_blank and position == 0) for position, cell in enumerate(cells)]


def _pipe_cells(text: str) -> list[str] | None:
    if "|" not in text or not (text.startswith("|") or text.endswith("|")):
        return None
    return [cell.strip() for cell in text.strip("|").split("|")]


def _cell_rows_table(lines: list[Line], index: int, cells_of) -> tuple[Table, int] | None:
    """A table whose rows are lines: the header, then rows until a line that is not a row."""
    header = cells_of(lines[index])
    if not header or not is_header(header):
        return None
    columns = [column_of(cell) for cell in header]
    end = index + 1
    # A header over two rows: "责任单位" above "牵头 | 配合".
    below = cells_of(lines[end]) if end < len(lines) else None
    if below and _refines(columns, below):
        columns = [column_of(cell) or column for cell, column in zip(_padded(below, len(columns)), columns)]
        end += 1
    rows: list[Row] = []
    while end < len(lines):
        line = lines[end]
        cells = cells_of(line)
        if cells is None and _is_section(line.text) and end + 1 < len(lines) and cells_of(lines[end + 1]) is not None:
            cells = [line.text]  # a section row that lost its tabs: "二、加强监管"
        if cells is None or (is_header(cells) and [column_of(cell) for cell in _padded(cells, len(columns))] != columns):
            break  # not a row, or the header of another table
        if not all(_RULE.fullmatch(cell) for cell in cells):  # "| --- | --- |" under a header
            rows.append(Row(_padded(cells, len(columns)) if len(cells) > 1 else [cells[0]] * len(columns), line.start, line.end))
        end += 1
    return Table(columns, rows, lines[index]), end


def _refines(columns: list[Column | None], cells: list[str]) -> bool:
    named = [column_of(cell) for cell in cells if cell]
    return bool(named) and all(named) and any(column in _DEPARTMENT_COLUMNS for column in named) and len(set(columns)) < len(columns)


def _padded(cells: list[str], width: int) -> list[str]:
    return [*cells[:width], *[""] * (width - len(cells))]


def _flattened_table(lines: list[Line], index: int) -> tuple[Table, int] | None:
    """One cell per line: a run of header cells from the 序号, then the rows, each from its 序号.

    The header starts at its 序号 cell: a short title just above it ("重点任务分解表") names a
    column too, but is no cell of the table.
    """
    if column_of(lines[index].text.rstrip("|").strip()) is not Column.NUMBER:
        return None
    header: list[str] = []
    end = index
    while end < len(lines) and not lines[end].cells:
        cell = lines[end].text.rstrip("|").strip()
        following = lines[end + 1].text.rstrip("|").strip() if end + 1 < len(lines) else ""
        if column_of(cell):
            header.append(cell)
            end += 1
        elif following and column_of(cell + following) and (not column_of(following) or is_party(cell)):
            # A header cell cut over two lines: "市政府" / "分管领导" (whose 分管领导).  Not when the
            # next line is a header of its own after a word that is no one: "篇章" / "方案内容"
            # are two cells.
            header.append(cell + following)
            end += 2
        elif following and column_of(following):
            header.append(cell)  # a header we do not know between two we do ("篇章"): a cell of its own
            end += 1
        else:
            break
    if len(header) < 3 or not is_header(header) or Column.NUMBER not in [column_of(cell) for cell in header]:
        return None
    columns = [column_of(cell) for cell in header]
    piped = all(_PIPE_END.search(lines[position].text) for position in range(index, end))
    cells, end = _flattened_cells(lines, end, piped, len(columns))
    return Table(columns, _flattened_rows(cells, columns), lines[index]), end


def _flattened_cells(lines: list[Line], index: int, piped: bool, width: int) -> tuple[list[tuple[str, Line]], int]:
    """The cells after the header, up to a heading that is no row: (text, first line) each.

    A numbered line inside a row that is still short of cells is one of its cells, not the end
    of the table: "1" / "1.便利市场准入退出" / … is row 1 with its 章节 cell.
    """
    cells: list[tuple[str, Line]] = []
    pending: list[str] = []
    first: Line | None = None
    in_row: int | None = None  # cells of the current row so far, its 序号 included (None before the first)
    while index < len(lines):
        line = lines[index]
        bare_number = _BARE_ROW_NUMBER.fullmatch(line.text.rstrip("|").strip()) is not None
        row_short = in_row is not None and in_row < width
        if line.cells or (not pending and not bare_number and not row_short and parse_heading(line.text)):
            if not _is_section(line.text):
                break
        if not piped and _is_bare_section_number(line.text) and index + 1 < len(lines) and not lines[index + 1].cells:
            # "(一)" on a line of its own, its title on the next.
            cells.append((line.text + lines[index + 1].text, line))
            index += 2
            continue
        first = first or line
        if piped:
            pending.append(line.text.rstrip("|").strip())
            if _PIPE_END.search(line.text):
                cells.append(("".join(pending), first))
                pending, first = [], None
                in_row = 1 if bare_number else None if in_row is None else in_row + 1
        else:
            cells.append((line.text, line))
            first = None
            in_row = 1 if bare_number else None if in_row is None else in_row + 1
        index += 1
    if pending and first:
        cells.append(("".join(pending), first))
    return cells, index


def _is_bare_section_number(text: str) -> bool:
    heading = parse_heading(text)
    return heading is not None and not heading.text and _is_section(text)


def _is_section(text: str) -> bool:
    # A section is numbered like a part or a section of the text ("一、", "（一）"); a row's 序号 and
    # the points inside a cell ("1.", "（1）", "①") are no sections.
    heading = parse_heading(text)
    return heading is not None and heading.number != "" and heading.level in _SECTION_LEVELS and len(text) <= 40


_SECTION_LEVELS = (Level.CHINESE, Level.PAREN_CHINESE)


def _flattened_rows(cells: list[tuple[str, Line]], columns: list[Column | None]) -> list[Row]:
    """Cut the cells into rows, each starting at the next 序号 (or a section heading)."""
    number_at = columns.index(Column.NUMBER)
    groups: list[list[tuple[str, Line]]] = []
    expected = 1
    for cell in cells:
        text = cell[0].strip()
        if _BARE_ROW_NUMBER.fullmatch(text) and int(text) == expected:
            groups.append([cell])
            expected += 1
        elif _is_section(text) and (not groups or len(groups[-1]) >= len(columns) - 1):
            groups.append([cell])
            groups.append([])  # the section is a row of its own
        elif groups:
            groups[-1].append(cell)
    rows = []
    for group in filter(None, groups):
        lines = [line for _, line in group]
        texts = [text for text, _ in group]
        if len(texts) == 1 and _is_section(texts[0]):
            rows.append(Row([texts[0]] * len(columns), lines[0].start, lines[0].end))
            continue
        cells_in_order, doubts = _aligned(texts, columns, number_at)
        rows.append(Row(cells_in_order, lines[0].start, lines[-1].end, doubts))
    return rows


def _aligned(texts: list[str], columns: list[Column | None], number_at: int) -> tuple[list[str], list[tuple[str, float]]]:
    """The cells of one flattened row in column order; a row with cells missing is guessed."""
    width = len(columns)
    if len(texts) == width and number_at == 0:
        return texts, []
    if number_at != 0:
        return _padded(texts, width), [(MISALIGNED, _MISALIGNED_CONFIDENCE)]
    rest = texts[1:]
    if len(rest) < width - 1 and Column.CATEGORY in columns[1:2]:
        rest = [DITTO, *rest]  # the 类别 cell merged over this row is written once, above
    if len(rest) == width - 1:
        return [texts[0], *rest], []
    text_at = next((position for position, column in enumerate(columns) if column in (Column.MEASURE, Column.TASK)), 1)
    extra = len(rest) - (width - 1)
    if extra > 0:
        # Too many cells: the text cell was cut over lines.
        rest = [*rest[: text_at - 1], "".join(rest[text_at - 1 : text_at + extra]), *rest[text_at + extra :]]
        return [texts[0], *rest], [(MISALIGNED, _MISALIGNED_CONFIDENCE)]
    # Too few: a deadline goes to the deadline column, the others fill the columns in order.
    cells = [texts[0], *[""] * (width - 1)]
    if Column.DEADLINE in columns and rest and _LOOKS_LIKE_DEADLINE.search(rest[-1]):
        cells[columns.index(Column.DEADLINE)] = rest.pop()
    free = [position for position in range(1, width) if not cells[position] and columns[position] is not Column.DEADLINE]
    for position, text in zip(free, rest):
        cells[position] = text
    if len(rest) < len(free) and all(columns[position] is Column.NOTE for position in free[len(rest) :]):
        return cells, []  # only the 备注 at the end is empty: nothing was guessed
    return cells, [(MISALIGNED, _MISALIGNED_CONFIDENCE)]


_LOOKS_LIKE_DEADLINE = re.compile(r"[0-9]{4}年|[0-9一二三四五六七八九十]+月|季度|年底|年内|全年|上半年|下半年|持续|长期|常态化|前$")


def table_tasks(table: Table) -> list[TableTask]:
    """The tasks and items a task table holds."""
    columns = table.columns
    group_by = Column.TASK if Column.TASK in columns and Column.MEASURE in columns else Column.CATEGORY if Column.CATEGORY in columns else None
    tasks: list[TableTask] = []
    section: TableTask | None = None
    above: list[str] = [""] * len(columns)
    for row in table.rows:
        cells = _filled(row.cells, above, columns)
        if is_header(cells):
            continue  # the header again, as long tables repeat it on each page
        if _is_section_row(cells, columns):
            heading = parse_heading(_first(cells))
            section = TableTask(heading.number if heading else "", strip_punctuation(heading.text if heading else _first(cells)))
            tasks.append(section)
            above = [""] * len(columns)
            continue
        above = cells
        item = _item(cells, columns, row)
        if item is None:
            continue
        if group_by is not None:
            key = cells[columns.index(group_by)]
            number, title = _cell(cells, columns, Column.NUMBER), _title(key)
            if group_by is Column.CATEGORY:
                # A category written with its number, "1.便利市场准入退出": task 1 of that title.
                heading = parse_heading(key)
                number, title = (heading.number, _title(heading.text)) if heading and heading.number else ("", title)
            if not tasks or tasks[-1].title != title or tasks[-1] is section:
                # Under a section row, the task keeps the section as its part: the section
                # ("一、深化简政放权") holds no item of its own and would otherwise vanish.
                tasks.append(TableTask(number, title, part=section.title if section is not None else ""))
            tasks[-1].items.append(item)
        elif section is not None:
            item.number = item.number or str(len(section.items) + 1)
            section.items.append(item)
        else:
            tasks.append(TableTask(item.number, _title(item.text), [item]))
            item.number = ""
    tasks = [task for task in tasks if task.items]
    for task in tasks:
        _number_items(task)
    return tasks


def _number_items(task: TableTask) -> None:
    # Items keep their row's 序号 when it tells them apart; a 序号 merged over the task's rows
    # (or none) numbers them in order, and a task's only item needs none.
    numbers = [item.number for item in task.items]
    if len(task.items) == 1:
        task.items[0].number = "" if numbers[0] in ("", task.number) else numbers[0]
    elif len(set(numbers)) < len(numbers) or "" in numbers:
        for position, item in enumerate(task.items, start=1):
            item.number = str(position)


def _filled(cells: list[str], above: list[str], columns: list[Column | None]) -> list[str]:
    filled = []
    for cell, previous, column in zip(cells, above, columns):
        if cell in _DITTO_WORDS or (not cell and column in (Column.CATEGORY, Column.TASK)):
            cell = previous
        filled.append(cell)
    return filled


def _is_section_row(cells: list[str], columns: list[Column | None]) -> bool:
    values = {cell for cell in cells if cell}
    if len(values) != 1 or len(columns) < 2:
        return False
    (value,) = values
    # Merged across the row, or a heading standing alone in it: "一、深化简政放权".
    return cells.count(value) > 1 or (_is_section(value) and cells[0] == value)


def _first(cells: list[str]) -> str:
    return next(cell for cell in cells if cell)


def _cell(cells: list[str], columns: list[Column | None], wanted: Column) -> str:
    return " ".join(cell for cell, column in zip(cells, columns) if column is wanted and cell).strip()


def _item(cells: list[str], columns: list[Column | None], row: Row) -> ItemText | None:
    text = _cell(cells, columns, Column.MEASURE) or _cell(cells, columns, Column.TASK)
    if not text:
        return None
    notes = [
        Note(column.value, cell)
        for cell, column in zip(cells, columns)
        if cell and column in (*_DEPARTMENT_COLUMNS, Column.DEADLINE)
    ]
    return ItemText(
        number=_cell(cells, columns, Column.NUMBER),
        text=text,
        assignment=assignment_from(notes),
        target_text=_cell(cells, columns, Column.TARGET),
        line_start=row.start,
        line_end=row.end,
        doubts=list(row.doubts),
    )


_TITLE_END = re.compile("[。：；]")


def _title(text: str) -> str:
    """A task's title from a cell: its first sentence ("推行承诺制审批。对…" → 推行承诺制审批)."""
    heading = parse_heading(text)
    if heading and heading.number and not is_arabic(heading.number):
        text = heading.text
    end = _TITLE_END.search(text)
    return strip_punctuation(text[: end.start()] if end else text)
