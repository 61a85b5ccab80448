"""A task's items and who is assigned to each.

Items are the task's next numbering level ("1、" lines, or "具体任务：1、…2、…"
on one line); a task without numbers is one item.  Deeper points (（1）, ①)
fold into their item's text.

A block of 牵头部门/配合部门/完成时限 lines covers the items written since the
previous block: one block after all items assigns them all, a block after
each item assigns that item (task （八） of the seed).  A block with no item
before it covers the items that follow.  Notes written on an item itself
("…（牵头单位：A；配合单位：B）") win over any block, and a block over notes on
the task's heading.

Each item keeps the source lines of its own text (not of its block): the
items of one "具体任务：1、…2、…" line both point at that line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .annotations import Assignment, Note, assignment_from, peel_notes
from .headings import ITEMS_LABEL, Heading, Level, is_arabic, parse_heading
from .structure import TaskSection
from .text import Line, join_fragments

# An item number inside a line, at its start or after a full stop:
# "1、放开…。2、按照…".  Only the next number in sequence counts.
_NUMBER_BEFORE_DIGITS = re.compile(r"([0-9]{1,3})\.(?=[0-9])")
# "12.5亿元" is a quantity however it follows item 11: digits after the point, then a unit.
_QUANTITY_AFTER_POINT = re.compile(r"[0-9]+(?:%|‰|个|[亿万千百]|元|倍|吨|米|公里|平方|亩|公顷|千瓦|兆瓦|伏|户|次|件|家|小时|天|岁)")
_ENDS_SENTENCE = ("。", "；", "！", "？", "）", "〕", "】", "]", "”")
_INLINE_NUMBER = re.compile(r"(?:^|(?<=[。；]))(?P<number>[0-9]{1,3})(?:、|\.(?![0-9]))")


@dataclass
class ItemText:
    """One item as read from the text, before targets and deadlines are read from it."""

    number: str
    text: str
    assignment: Assignment
    line_start: int
    line_end: int
    target_text: str = ""  # more text to read targets from: a table's 工作目标 cell
    # Where in its first and last source line the item's text is, when it is only part of them.
    column: int = 0
    end_column: int | None = None
    doubts: list[tuple[str, float]] = field(default_factory=list)  # (Chinese reason, confidence)


@dataclass
class _Item:
    number: str
    start: int
    end: int
    fragments: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    has_points: bool = False  # its （1）（2） points name their own departments: they are the items
    column: int = 0  # where in line ``start`` its text begins
    end_column: int | None = None  # where in line ``end`` it stops (None: the line's end)

    def add(self, text: str, line: Line) -> None:
        text, notes = peel_notes(text)
        if text:
            self.fragments.append(text)
        self.notes += notes
        if line.end >= self.end:
            self.end, self.end_column = line.end, line.end_column

    @property
    def text(self) -> str:
        return join_fragments(self.fragments)


@dataclass
class _Block:
    notes: list[Note]
    items_before: int  # how many items the task had when the block began


def read_items(task: TaskSection) -> list[ItemText]:
    reader = _ItemReader(_item_level(task.body))
    for line in task.body:
        reader.read(line)
    return reader.finish(task)


def _item_level(body: list[Line]) -> Level | None:
    levels = [heading.level for line in body if (heading := parse_heading(line.text))]
    return min(levels, default=None)


class _ItemReader:
    def __init__(self, item_level: Level | None) -> None:
        self.item_level = item_level
        self.items: list[_Item] = []
        self.blocks: list[_Block] = []
        self.open = False  # the last item may still continue on the next line
        self.in_block = False  # the last line was a 牵头/配合/完成时限 line
        self.last_numbered: _Item | None = None  # the item its （1）（2） points belong to

    def read(self, line: Line) -> None:
        for piece in _inline_points(line):
            self._read(piece)

    def _read(self, line: Line) -> None:
        heading = parse_heading(line.text) or self._next_number_before_digits(line.text)
        if heading and heading.level == self.item_level:
            self._start_items(line, _numbered_pieces(heading.number, heading.text))
            return
        text, notes = peel_notes(line.text)
        if notes and not text:
            self._add_to_block(notes)
            return
        parent = self._parent()
        if heading and parent and heading.level > self.item_level and any(note.names_departments for note in notes):
            # "（2）完善企业登记全程电子化。（市工商质监局牵头负责）" under "1.": a point with
            # departments of its own is an item of its own.
            parent.has_points = True
            self._append_item(f"{parent.number}{heading.number}", heading.text, line, point=True)
            self.open, self.in_block = True, False
            return
        label = ITEMS_LABEL.match(line.text)
        if label:
            rest = line.text[label.end() :]
            self._start_items(line, split_numbered(rest) if rest else [])
        elif self.open:
            self._continue_item(line)
        else:
            self._start_items(line, [("", line.text)])

    def _parent(self) -> _Item | None:
        """The last numbered item of the task's item level (not one of its points)."""
        return self.last_numbered

    def _next_number_before_digits(self, text: str) -> Heading | None:
        # "11.121人才梯队项目" reads like the decimal 11.121; after item 10 it is item 11.
        # Only when the item before has ended and what follows the point is not a quantity:
        # "12.5亿元" after "…总投资" goes on item 11.
        match = _NUMBER_BEFORE_DIGITS.match(text)
        parent = self._parent()
        previous = parent.number if parent else ""
        if (
            match
            and self.item_level is Level.ARABIC
            and is_arabic(previous)
            and int(match.group(1)) == int(previous) + 1
            and not _QUANTITY_AFTER_POINT.match(text, match.end())
            and self._last_item_ended()
        ):
            return Heading(Level.ARABIC, match.group(1), text[match.end() :])
        return None

    def _last_item_ended(self) -> bool:
        """Whether the last item closed its sentence, or its departments were given."""
        if self.in_block or not self.items:
            return True
        last = self.items[-1]
        return bool(last.notes) or (bool(last.fragments) and last.fragments[-1].endswith(_ENDS_SENTENCE))

    def _start_items(self, line: Line, pieces: list[tuple[str, str]]) -> None:
        if any(number for number, _ in pieces):
            self._drop_lead_in()
        for number, piece in pieces:
            self._append_item(number, piece, line)
        self.open = bool(pieces)
        self.in_block = False

    def _continue_item(self, line: Line) -> None:
        # A line cut by the page width may carry the next number: "…领" / "域竞争性业务。2、按照…".
        current = self.items[-1]
        (_, continuation), *following = _numbered_pieces(current.number, line.text)
        current.add(continuation, line)
        for number, piece in following:
            self._append_item(number, piece, line)
        self.in_block = False

    def _append_item(self, number: str, text: str, line: Line, point: bool = False) -> None:
        item = _Item(number, line.start, line.end, column=line.column, end_column=line.end_column)
        item.add(text, line)
        self.items.append(item)
        if number and not point:  # a point ("1（2）", "1①") heads nothing: its item stays the parent
            self.last_numbered = item

    def _drop_lead_in(self) -> None:
        # "围绕…，重点做好以下工作：" before numbered items introduces them; it is not an item.
        if not self.blocks and all(not item.number for item in self.items):
            self.items = [item for item in self.items if not item.text.endswith("：")]

    def _add_to_block(self, notes: list[Note]) -> None:
        if self.in_block:
            self.blocks[-1].notes += notes
        else:
            self.blocks.append(_Block(list(notes), len(self.items)))
        self.in_block = True
        self.open = False

    def finish(self, task: TaskSection) -> list[ItemText]:
        on_heading = assignment_from(task.notes)
        # Indexes stay those of self.items, which the blocks count in.
        items = [
            (index, item)
            for index, item in enumerate(self.items)
            if (item.text or item.notes) and not (item.has_points and not item.notes)
        ]
        if not items:
            # A task with no text of its own is one item: doing what its title says.
            line = task.line
            items = [(0, _Item("", line.start, line.end, column=line.column, end_column=line.end_column))]
        return [self._finished(index, item, task, on_heading) for index, item in items]

    def _finished(self, index: int, item: _Item, task: TaskSection, on_heading: Assignment) -> ItemText:
        block = self._block_for(index)
        sources = [assignment_from(item.notes), assignment_from(block.notes) if block else Assignment(), on_heading]
        named = next((source for source in sources if source.names_departments), Assignment())
        deadline = next((source.deadline for source in sources if source.deadline), "")
        return ItemText(
            number=item.number,
            text=item.text or task.title,
            assignment=Assignment(
                named.lead, named.cooperating, named.responsible, deadline, named.doubts, named.standing, named.completed
            ),
            line_start=item.start,
            line_end=item.end,
            column=item.column,
            end_column=item.end_column,
        )

    def _block_for(self, index: int) -> _Block | None:
        # The first block begun after the item, else the last one begun before it.  Blocks are in
        # order of items_before, so a binary search keeps a task of thousands of items linear.
        position = bisect_right(self.blocks, index, key=lambda block: block.items_before)
        if position < len(self.blocks):
            return self.blocks[position]
        return self.blocks[-1] if self.blocks else None


# A point numbered inside a line, after a sentence or a closing bracket: "…。（1）…（A牵头）（2）…".
_INLINE_POINT = re.compile(r"(?<=[。；）])（(?P<number>[0-9]{1,2})）")


def _inline_points(line: Line) -> list[Line]:
    """A line cut before its inline points （1）（2）…, when at least two name departments of their own."""
    cuts, expected = [], 1
    for match in _INLINE_POINT.finditer(line.text):
        if int(match.group("number")) == expected:
            cuts.append(match.start())
            expected += 1
    if len(cuts) < 2:
        return [line]
    pieces = [line.text[start:end] for start, end in zip([0, *cuts], [*cuts, len(line.text)])]
    if sum(1 for piece in pieces[1:] if any(note.names_departments for note in peel_notes(piece)[1])) < 2:
        return [line]
    return [replace(line, text=piece) for piece in pieces if piece]


def split_numbered(text: str) -> list[tuple[str, str]]:
    """Cut "1、A。2、B。" into [("1", "A。"), ("2", "B。")]; text with no number first is one unnumbered piece."""
    match = _INLINE_NUMBER.match(text)
    if not match:
        return [("", text)]
    return _numbered_pieces(match.group("number"), text[match.end() :])


def _numbered_pieces(number: str, text: str) -> list[tuple[str, str]]:
    """The text of item ``number``, cut where the next numbers in sequence begin.

    Only the next number counts, so "…压减至4个、3个" is never cut, and
    items numbered （1） or ① are never cut at all.
    """
    if not is_arabic(number):
        return [(number, text)]
    pieces, start = [], 0
    for match in _INLINE_NUMBER.finditer(text):
        if match.start() > start and int(match.group("number")) == int(number) + 1:
            pieces.append((number, text[start : match.start()]))
            number, start = match.group("number"), match.end()
    pieces.append((number, text[start:]))
    return pieces
