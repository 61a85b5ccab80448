"""Who does an item and by when: the "牵头部门：…", "配合单位：…", "完成时限：…" notes.

They come on lines of their own after the item(s) they cover, glued on one line
("牵头单位：A配合单位：B完成时限：…"), or trail an item's text, bare or in brackets
(（）, 〔〕 or 【】):
    1、推行企业登记全程电子化。（牵头单位：市场监管分局；配合单位：税务局）
    2、推行注销便利化（责任单位：市场监管分局牵头，税务局、经发局配合）
State-Council style, the brackets carry no label, only roles after the names:
    3、推进证照分离。（市场监管总局牵头，有关部门按职责分工负责）
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .departments import Role, is_party, read_department_list, role_at_end
from .text import BRACKET_PAIRS, closing_bracket_of, strip_punctuation

_LEAD_LABELS = frozenset({"牵头部门", "牵头单位", "牵头负责单位", "牵头负责部门", "主办单位", "主办部门", "主责单位", "主责部门"})
_COOPERATING_LABELS = frozenset({"配合部门", "配合单位", "协办部门", "协办单位", "参与部门", "参与单位", "协同单位"})
# 责任单位 and its like name the lead when no lead is named beside them, otherwise a third role.
_RESPONSIBLE_LABELS = frozenset(
    {"责任部门", "责任单位", "实施单位", "实施部门", "承办单位", "承办部门", "责任处室", "责任科室", "落实单位", "部门分工", "责任分工"}
)
_DEADLINE_LABELS = frozenset({"完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "进度安排", "时间安排"})
# People, not departments: read so their names never end up in an item's text or a department list.
_PERSON_LABEL = "(?:分管|责任|牵头|联系|包抓)[省市区县州]?领导|责任人"
# An unlabelled bracket of roles is read under this label.
UNLABELLED = "分工"
# A standing instruction in a remark: "以下政策措施均需各县区人民政府、园区管委会落实，不再单独列出"
# makes those parties cooperate on every later item; it is read under this label.
STANDING = "以下均需"
_STANDING = re.compile(r"以下[^，。；]{0,12}?均(?:需|由|要|须)(?P<names>[^，。；]+?)(?:负责|落实|实施|参与|配合)")

# A label and its colon, anywhere in a normalised line (longest spellings first).
_LABEL = re.compile(
    "(?P<label>"
    + "|".join(sorted(_LEAD_LABELS | _COOPERATING_LABELS | _RESPONSIBLE_LABELS | _DEADLINE_LABELS, key=len, reverse=True))
    + "|"
    + _PERSON_LABEL
    + ")："
)
_PERSON = re.compile(_PERSON_LABEL)
# The deadline closing an unlabelled bracket of roles: "2021年6月底前完成", "持续推进", "长期坚持".
_LOOKS_LIKE_DEADLINE = re.compile(r"(?:[0-9]{4}年|[0-9一二三四五六七八九十]+月|季度|年底|年内|全年|上半年|下半年)|^(?:持续推进|长期坚持|持续实施|长期推进)")
_UNLABELLED_DEADLINE = "完成时限"
_OPENING = "（〔【["


@dataclass(frozen=True)
class Note:
    label: str  # e.g. 牵头部门; UNLABELLED for （X牵头，Y配合）
    value: str  # what follows the colon, e.g. 规建局、水务局

    @property
    def names_departments(self) -> bool:
        return self.label not in _DEADLINE_LABELS and self.label != STANDING and not _PERSON.fullmatch(self.label)

    @property
    def is_deadline(self) -> bool:
        return self.label in _DEADLINE_LABELS


@dataclass
class Assignment:
    """The lead, cooperating and responsible departments (and deadline) a set of notes gives."""

    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline: str = ""  # as written, e.g. 2020年6月底前
    doubts: list[tuple[str, float]] = field(default_factory=list)  # (Chinese reason, confidence)
    standing: list[str] = field(default_factory=list)  # parties every later item has cooperate (STANDING)
    # Names completed from shorthand ("奇台" → "奇台县协调办"), each with the name as written.
    completed: dict[str, str] = field(default_factory=dict)

    @property
    def names_departments(self) -> bool:
        return bool(self.lead or self.cooperating or self.responsible)


FIRST_AS_LEAD = "责任单位无牵头/配合之分，已按首位为牵头"
_FIRST_AS_LEAD_CONFIDENCE = 0.6


def peel_notes(text: str) -> tuple[str, list[Note]]:
    """Split a line into its own text and the notes it carries.

    A line that is only notes ("牵头部门：经发局") comes back with empty text.
    """
    notes: list[Note] = []
    kept: list[str] = []  # the text around the notes, gathered once (a line of thousands of notes stays linear)
    position = 0
    while match := _LABEL.search(text, position):
        start = match.start()
        in_brackets = start > position and text[start - 1] in _OPENING
        end = closing_bracket_of(text, start - 1) if in_brackets else None
        kept.append(text[position : start - 1] if in_brackets else text[position:start])
        if end is None:
            # A bare note runs to the end of the line (an unclosed bracket too).
            notes += _split_notes(text[start:])
            position = len(text)
            break
        notes += _split_notes(text[start:end])
        position = end + 1
    text = "".join([*kept, text[position:]])
    text, unlabelled = _peel_unlabelled(text)
    notes += unlabelled
    if notes:
        # What separated the text from its notes ("…，牵头单位：…") goes with them.
        text = text.strip().rstrip("，、；")
    return text.strip(), notes


def _peel_unlabelled(text: str) -> tuple[str, list[Note]]:
    """A closing bracket of roles without a label: "…。（X牵头，Y、Z按职责分工负责）"."""
    stripped = text.rstrip("。；， ")
    if not stripped.endswith(("）", "〕", "】", "]")):
        return text, []
    opening = _opening_bracket_of(stripped)
    if opening is None:
        return text, []
    inside = stripped[opening + 1 : -1]
    roles, _, last = inside.rpartition("，")
    if roles and _LOOKS_LIKE_DEADLINE.search(last) and is_role_list(roles):
        # "（国家发展改革委牵头，2021年6月底前完成）": roles, then when.
        notes = [Note(UNLABELLED, roles), Note(_UNLABELLED_DEADLINE, last)]
    elif is_role_list(inside):
        notes = [Note(UNLABELLED, inside)]
    else:
        return text, []
    return stripped[:opening] + text[len(stripped) :], notes


def _opening_bracket_of(text: str) -> int | None:
    """Index of the bracket opened for the one that closes ``text``, scanning back once."""
    closing = text[-1]
    opening = next(open_char for open_char, close_char in BRACKET_PAIRS.items() if close_char == closing)
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == closing:
            depth += 1
        elif text[index] == opening:
            depth -= 1
            if depth == 0:
                return index
    return None


def is_role_list(text: str) -> bool:
    """Names followed by what they do, and nothing else: "X牵头，Y、Z配合", "X负责"."""
    groups = re.split("[，；]", text)
    if not all(groups) or role_at_end(groups[0]) is None:
        return False
    named = read_department_list(text)
    return bool(named) and all(role is not None and is_party(name) for name, role in named)


def _split_notes(text: str) -> list[Note]:
    labels = list(_LABEL.finditer(text))
    notes = []
    for label, following in zip(labels, [*labels[1:], None]):
        value = text[label.end() : following.start() if following else len(text)]
        # A note ends at its full stop; what follows in the same bracket is a remark
        # ("…等有关部门。以下政策措施均需各县区落实，不再单独列出").
        value, _, remark = value.partition("。")
        value = _without_stray_brackets(strip_punctuation(value))
        names, _, last = value.rpartition("，")
        if names and label.group("label") not in _DEADLINE_LABELS and _LOOKS_LIKE_DEADLINE.search(last):
            # "责任单位：A、B，6月底完成": the list, then when.
            value = names
            notes.append(Note(_UNLABELLED_DEADLINE, last))
        notes.append(Note(label.group("label"), value))
        standing = _STANDING.search(remark)
        if standing:
            notes.append(Note(STANDING, standing.group("names")))
    return notes


def _without_stray_brackets(value: str) -> str:
    # "牵头单位：A）" whose bracket opened on an earlier line: the ）does not belong to A.
    while value.endswith(("）", "〕", "】", "]")) and closing_bracket_of(value, _last_opening(value)) != len(value) - 1:
        value = strip_punctuation(value[:-1])
    return value


def _last_opening(value: str) -> int:
    positions = [value.rfind(bracket) for bracket in _OPENING]
    return max(positions)


def has_department_note(text: str) -> bool:
    return any(note.names_departments for note in peel_notes(text)[1])


def assignment_from(notes: list[Note]) -> Assignment:
    """Who leads, cooperates and is responsible, from every note of one item, block or heading."""
    lead: list[str] = []
    cooperating: list[str] = []
    responsible_words: list[str] = []  # "X负责": the lead, unless someone else leads
    unstated: list[str] = []  # 责任单位：A、B without a role word
    shared: list[str] = []  # "A、B按职责分工负责": cooperating beside a lead, else a list without a split
    deadline = ""
    standing: list[str] = []
    completed: dict[str, str] = {}
    for note in notes:
        if note.is_deadline:
            deadline = deadline or note.value
            continue
        if note.label == STANDING:
            named = read_department_list(note.value)
            standing += [name for name, _ in named]
            completed |= named.completed
            continue
        if not note.names_departments:
            continue
        named = read_department_list(note.value)
        completed |= named.completed
        # One list that marks its lead ("A*、B、C", "A牵头，B、C") has the others cooperate.
        marks_lead = any(role is Role.LEAD for _, role in named)
        for name, role in named:
            if role is Role.LEAD or (role is None and note.label in _LEAD_LABELS):
                lead.append(name)
            elif role is Role.COOPERATING or (role is None and (note.label in _COOPERATING_LABELS or marks_lead)):
                cooperating.append(name)
            elif role is Role.RESPONSIBLE:
                responsible_words.append(name)
            elif role is Role.SHARED:
                shared.append(name)
            else:
                unstated.append(name)
    assignment = Assignment(deadline=deadline, standing=standing, completed=completed)
    if lead or responsible_words:
        cooperating += shared
    else:
        unstated += shared
    if lead:
        responsible = responsible_words + unstated
    elif responsible_words and (len(responsible_words) == 1 or unstated or cooperating):
        lead, responsible = responsible_words, unstated
    elif responsible_words:
        # "（A、B、C负责）": a list without a split, like 责任单位：A、B、C.
        unstated = responsible_words
        lead, cooperating, responsible = unstated[:1], [*unstated[1:], *cooperating], []
        assignment.doubts.append((FIRST_AS_LEAD, _FIRST_AS_LEAD_CONFIDENCE))
    elif unstated and cooperating:
        lead, responsible = unstated, []  # 责任单位 beside 配合单位: the 责任单位 lead
    else:
        # No one is said to lead: the first named leads, the others cooperate.
        lead, cooperating, responsible = unstated[:1], [*unstated[1:], *cooperating], []
        if len(unstated) > 1:
            assignment.doubts.append((FIRST_AS_LEAD, _FIRST_AS_LEAD_CONFIDENCE))
    assignment.lead = list(dict.fromkeys(lead))
    assignment.responsible = [name for name in dict.fromkeys(responsible) if name not in assignment.lead]
    taken = {*assignment.lead, *assignment.responsible}
    assignment.cooperating = [name for name in dict.fromkeys(cooperating) if name not in taken]
    return assignment


def starts_with_note(text: str) -> bool:
    return _LABEL.match(text) is not None
