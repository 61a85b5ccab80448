"""Who does an item and by when: the "牵头部门：…", "配合单位：…", "完成时限：…" notes.

They come on lines of their own after the item(s) they cover, or trail an
item's text, bare or in brackets:
    1、推行企业登记全程电子化。（牵头单位：市场监管分局；配合单位：税务局）
    2、推行注销便利化（责任单位：市场监管分局牵头，税务局、经发局配合）
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .departments import Role, read_department_list
from .text import matching_bracket, strip_punctuation

_LEAD_LABELS = frozenset({"牵头部门", "牵头单位"})
_COOPERATING_LABELS = frozenset({"配合部门", "配合单位", "协办部门", "协办单位", "参与部门", "参与单位"})
# 责任单位 names the lead when no lead is named beside it, otherwise the cooperating departments.
_RESPONSIBLE_LABELS = frozenset({"责任部门", "责任单位"})
_DEADLINE_LABELS = frozenset({"完成时限", "完成时间", "完成期限", "时间节点", "时限要求"})

# A label and its colon, anywhere in a normalised line.
_LABEL = re.compile(
    "(?P<label>"
    + "|".join(sorted(_LEAD_LABELS | _COOPERATING_LABELS | _RESPONSIBLE_LABELS | _DEADLINE_LABELS))
    + ")："
)


@dataclass(frozen=True)
class Note:
    label: str  # e.g. 牵头部门
    value: str  # what follows the colon, e.g. 规建局、水务局

    @property
    def names_departments(self) -> bool:
        return self.label not in _DEADLINE_LABELS


@dataclass
class Assignment:
    """The lead and cooperating departments (and deadline) a set of notes gives."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    deadline: str = ""  # as written, e.g. 2020年6月底前

    @property
    def names_departments(self) -> bool:
        return bool(self.lead or self.cooperating)


def peel_notes(text: str) -> tuple[str, list[Note]]:
    """Split a line into its own text and the notes it carries.

    A line that is only notes ("牵头部门：经发局") comes back with empty text.
    """
    notes: list[Note] = []
    while match := _LABEL.search(text):
        start = match.start()
        in_brackets = start > 0 and text[start - 1] == "（"
        end = matching_bracket(text, start - 1) if in_brackets else None
        if end is None:
            # A bare note runs to the end of the line (an unclosed bracket too).
            notes += _split_notes(text[start:])
            text = text[: start - 1] if in_brackets else text[:start]
        else:
            notes += _split_notes(text[start:end])
            text = text[: start - 1] + text[end + 1 :]
    if notes:
        # What separated the text from its notes ("…，牵头单位：…") goes with them.
        text = text.strip().rstrip("，、；")
    return text.strip(), notes


def _split_notes(text: str) -> list[Note]:
    labels = list(_LABEL.finditer(text))
    notes = []
    for label, following in zip(labels, [*labels[1:], None]):
        value = text[label.end() : following.start() if following else len(text)]
        notes.append(Note(label.group("label"), strip_punctuation(value)))
    return notes


def has_department_note(text: str) -> bool:
    return any(note.names_departments for note in peel_notes(text)[1])


def assignment_from(notes: list[Note]) -> Assignment:
    lead: list[str] = []
    cooperating: list[str] = []
    responsible: list[str] = []
    deadline = ""
    for note in notes:
        if note.label in _DEADLINE_LABELS:
            deadline = deadline or note.value
            continue
        unstated = lead if note.label in _LEAD_LABELS else cooperating if note.label in _COOPERATING_LABELS else responsible
        for name, role in read_department_list(note.value):
            if role is Role.LEAD:
                lead.append(name)
            elif role is Role.COOPERATING:
                cooperating.append(name)
            else:
                unstated.append(name)
    if lead:
        cooperating += responsible
    else:
        lead = responsible
    lead = list(dict.fromkeys(lead))
    cooperating = [name for name in dict.fromkeys(cooperating) if name not in lead]
    return Assignment(lead, cooperating, deadline)


def starts_with_note(text: str) -> bool:
    return _LABEL.match(text) is not None
