"""The outline of a plan: its title, its description, and which headings are its tasks.

Which headings are tasks:
  * the headings right under a part titled like 主要任务/重点任务/工作任务,
    when the plan has such a part (the seed: 二、主要任务 → （一）…（十二）);
  * otherwise the outermost numbered headings that assign departments (or,
    in a plan that assigns none, that carry numbered items), looking inside
    the 一、 parts for （一） headings first.
Any other part adds its headings that assign departments; parts like 总体要求 and
工作要求/保障措施 are tasks only there.  A plan with no numbered task has its tasks
closed by their blocks of role lines.  What comes before the tasks (the preamble,
总体要求, 指导思想 …; the 印发通知 is dropped first, see front.py) is the plan's
description; what comes after them and is not a task is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .annotations import Note, has_department_note, peel_notes, starts_with_note
from .front import (
    issued_year,
    issued_year_of,
    numbered_year,
    plan_named_by_notice,
    plan_of_notice_title,
    split_front_matter,
    unmarked,
    without_document_number,
    without_signature,
)
from .headings import ITEMS_LABEL, Heading, Level, SectionKind, parse_heading, section_kind
from .text import Line, join_fragments, strip_punctuation

# The last word of a plan's title names its kind: "…改革工作方案", "…的通知",
# possibly followed by "（试行）" or "（2020—2022年）".
_PLAN_KIND_ENDING = re.compile(r"(?:方案|计划|要点|意见|规划|办法|细则|清单|通知|安排|分工|分解|任务|措施)(?:（[^（）]*）)?》?$")
_TITLE_MAX_LENGTH = 40
_TITLE_MAX_LINES = 3
# Lines above a title that are not it: "附件" / "附件1" above an attached plan, the masthead
# ("某市人民政府办公室文件") and the 文号 ("粤府〔2021〕22号", "某政办发（2021）3号").
_ABOVE_TITLE = re.compile(r"附件[0-9]*：?|.{2,30}文件|.{1,12}[〔（\[](?:19|20)[0-9]{2}[〕）\]][0-9]{1,4}号")
# "附件：" / "附件2：" written before the title on the same line.
_ATTACHMENT_PREFIX = re.compile(r"^附件[0-9一二三四五六七八九十]*[：:]")
# Where a heading's title ends and its text begins: "（一）加强组织领导。根据…".
_TITLE_END = re.compile("[。：]")
# Punctuation that ends a sentence, so a line ending in it was not cut short.
_SENTENCE_ENDS = ("。", "；", "：", "！", "？")
# Typesetting lets a few punctuation marks hang past the margin.
_HANGING_PUNCTUATION = 2
_MIN_LINES_AT_MARGIN = 3


@dataclass
class Section:
    """A heading and the lines under it, up to the next heading as far out."""

    heading: Heading
    line: Line
    body: list[Line] = field(default_factory=list)
    part: str = ""  # the title of the part (一、…) it is a section of, for a task under a part

    @property
    def title(self) -> str:
        return self.heading.text

    @property
    def lines(self) -> list[Line]:
        return [self.line, *self.body]


@dataclass
class TaskSection:
    number: str  # as written: "（八）"
    title: str
    line: Line  # the heading's line
    notes: list[Note]  # 牵头/配合/完成时限 written on the heading itself
    body: list[Line]
    part: str = ""  # the part it is under ("保障措施"), "" when it is a part itself or there are none


@dataclass
class Outline:
    title: str
    description: str
    tasks: list[TaskSection]
    issued_year: int | None = None  # from the 成文日期, for a title without a year
    numbered_year: int | None = None  # from the document's 文号, when nothing else gives one


def read_outline(lines: list[Line]) -> Outline:
    document = _join_wrapped(lines)
    title, lines = _split_title(without_signature(split_front_matter(document)))
    if not title:
        title = _split_title(document)[0]  # only the notice has one: "关于印发《X》的通知" names X
    preamble, parts = _sections(lines, Level.CHINESE)
    description, tasks = _choose_tasks(preamble, parts)
    if not tasks:
        description, tasks = _tasks_closed_by_notes(lines)
    return Outline(
        title=_plan_title(title, document),
        description="\n".join(line.text for line in description),
        tasks=[_task_section(section) for section in _without_closing_text(tasks)],
        issued_year=issued_year(document),
        numbered_year=numbered_year(document, title),
    )


def _plan_title(found: str, document: list[Line]) -> str:
    """The title found, or the plan as its notice names it when that is surer.

    The notice's name wins when the title found names no plan ("近日", a news headline) or is
    that name with characters left out (the page's "湖南省年…方案" for 《湖南省2021年…方案》).
    """
    title = _bare_title(without_document_number(plan_of_notice_title(found)))
    if title and _PLAN_KIND_ENDING.search(title) and not title.startswith("关于印发"):
        named = plan_named_by_notice(document) if len(title) < _TITLE_MAX_LENGTH else ""
        return named if named and _left_out_of(title, named) else title
    return plan_named_by_notice(document) or title


def _left_out_of(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with some characters left out (in order)."""
    if len(short) >= len(long):
        return False
    rest = iter(long)
    return all(char in rest for char in short)


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Rejoin lines that the page width cut (PDFs), so names and titles come out whole."""
    margin = _right_margin(lines)
    # Each paragraph's pieces are gathered and joined once: adding piece by piece to one string
    # would copy it again for every piece, quadratic in a long paragraph.
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1][-1], line, margin):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [_joined(pieces) for pieces in paragraphs]


def _joined(pieces: list[Line]) -> Line:
    if len(pieces) == 1:
        return pieces[0]
    first, last = pieces[0], pieces[-1]
    return Line(
        first.start, "".join(piece.text for piece in pieces), last.end, first.after_blank,
        column=first.column, end_column=last.end_column,
    )


def _right_margin(lines: list[Line]) -> int | None:
    """The page width in characters, when the text was laid out on pages.

    Laid-out text has many lines as long as the longest (give or take hanging
    punctuation); typed text, where paragraphs are lines, has a few at most.
    """
    longest = max((len(line.text) for line in lines), default=0)
    margin = longest - _HANGING_PUNCTUATION
    at_margin = sum(1 for line in lines if len(line.text) >= margin)
    if at_margin >= _MIN_LINES_AT_MARGIN and at_margin * 4 >= len(lines):
        return margin
    return None


def _continues(previous: Line, line: Line, margin: int | None) -> bool:
    # A line was cut when it ends in 、 or ， or when it runs to the right
    # margin without ending a sentence.  A heading or a label always starts
    # a line of its own.
    cut = previous.text.endswith(("、", "，")) or (
        margin is not None and len(previous.text) >= margin and not previous.text.endswith(_SENTENCE_ENDS)
    )
    return (
        cut
        and not line.after_blank
        and not parse_heading(line.text)
        and not starts_with_note(line.text)
        and not ITEMS_LABEL.match(line.text)
    )


def _split_title(lines: list[Line]) -> tuple[str, list[Line]]:
    """The title may be broken over a few short lines; it ends at a word like 方案."""
    while lines and (_ABOVE_TITLE.fullmatch(lines[0].text) or issued_year_of(lines[0].text)):
        lines = lines[1:]
    candidates: list[Line] = []
    for line in lines[:_TITLE_MAX_LINES]:
        if not _could_be_title(line.text):
            break
        candidates.append(line)
        if _PLAN_KIND_ENDING.search(line.text):
            return join_fragments([line.text for line in candidates]), lines[len(candidates) :]
    if candidates:
        return candidates[0].text, lines[1:]
    return "", lines


def _bare_title(title: str) -> str:
    # A title written between book-title marks, "《…实施细则》", is the title inside them.
    return unmarked(_ATTACHMENT_PREFIX.sub("", title))


def _could_be_title(text: str) -> bool:
    return (
        len(text) <= _TITLE_MAX_LENGTH
        and not text.endswith(("。", "；", "："))
        and not issued_year_of(text)  # a date above the title is no part of it
        and parse_heading(text) is None
        and not peel_notes(text)[1]
    )


def _sections(lines: list[Line], level: Level) -> tuple[list[Line], list[Section]]:
    """Cut ``lines`` at every heading of ``level`` or further out."""
    before: list[Line] = []
    sections: list[Section] = []
    for line in lines:
        heading = parse_heading(line.text)
        if heading and heading.level <= level:
            sections.append(Section(heading, line))
        elif sections:
            sections[-1].body.append(line)
        else:
            before.append(line)
    return before, sections


def _subsections(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    """Cut ``lines`` at their outermost headings."""
    levels = [heading.level for line in lines if (heading := parse_heading(line.text))]
    if not levels:
        return lines, []
    return _sections(lines, min(levels))


def _choose_tasks(preamble: list[Line], parts: list[Section]) -> tuple[list[Line], list[Section]]:
    """The description's lines and the task sections."""
    if any(section_kind(part.title) is SectionKind.TASKS for part in parts):
        return _tasks_of_task_parts(preamble, parts)
    if parts:
        return _first_found(lambda carries: _tasks_of_other_parts(preamble, parts, carries))
    return _first_found(lambda carries: _outermost_tasks(preamble, carries))


def _first_found(find: Callable[[Callable[[Section], bool]], tuple[list[Line], list[Section]]]):
    # Departments are the surer sign of a task; a plan that assigns nobody
    # still has its numbered items.
    description, tasks = find(_assigns_departments)
    if tasks:
        return description, tasks
    return find(_has_items)


def _tasks_of_task_parts(preamble: list[Line], parts: list[Section]) -> tuple[list[Line], list[Section]]:
    description, tasks = list(preamble), []
    for part in parts:
        if section_kind(part.title) is SectionKind.TASKS:
            intro, subsections = _subsections(part.body)
            if subsections:
                description += intro
                tasks += _in_part([section for section in subsections if _may_be_task(section)], part)
            else:
                tasks.append(part)  # "二、主要任务" followed directly by its items
            continue
        # Any other part — 总体目标 before the tasks, 保障措施 after them — holds tasks only
        # where it assigns departments.
        intro, found = _tasks_of_part(part, _assigns_departments)
        if found:
            tasks += found
        elif not tasks:
            description += part.lines
    return description, tasks


def _tasks_of_other_parts(
    preamble: list[Line], parts: list[Section], carries: Callable[[Section], bool]
) -> tuple[list[Line], list[Section]]:
    description, tasks = list(preamble), []
    for part in parts:
        # A preface or closing part holds tasks only where it assigns departments.
        intro, found = _tasks_of_part(part, carries if section_kind(part.title) is SectionKind.OTHER else _assigns_departments)
        if found:
            description += intro if not tasks else []
            tasks += found
        elif not tasks:
            description += part.lines
    return description, tasks


def _tasks_of_part(part: Section, carries: Callable[[Section], bool]) -> tuple[list[Line], list[Section]]:
    """A part's （一） headings when they are tasks, else the part itself when it is one."""
    intro, subsections = _subsections(part.body)
    if subsections and subsections[0].heading.level is Level.PAREN_CHINESE:
        found = [section for section in subsections if _may_be_task(section) and carries(section)]
        if found:
            return intro, _in_part(found, part)
    return ([], [part]) if carries(part) else ([], [])


def _in_part(sections: list[Section], part: Section) -> list[Section]:
    """The sections, each knowing the part it belongs to ("保障措施" for its （一）（二）)."""
    title = part.title
    end = _TITLE_END.search(title)
    for section in sections:
        section.part = strip_punctuation(title[: end.start()] if end else title)
    return sections


def _outermost_tasks(lines: list[Line], carries: Callable[[Section], bool]) -> tuple[list[Line], list[Section]]:
    intro, subsections = _subsections(lines)
    description, tasks = list(intro), []
    for section in subsections:
        if _may_be_task(section) and carries(section):
            tasks.append(section)
        elif not tasks:
            description += section.lines
    return description, tasks


def _without_closing_text(tasks: list[Section]) -> list[Section]:
    """The last task without the plan's closing words ("各地区、各部门要加强组织领导…").

    When the last task's items end with their departments in a closing bracket (State-Council
    style), unnumbered lines after the last of them that name no one are no part of it.  After a
    block of role lines they may be items the block covers, so they stay.
    """
    if not tasks:
        return tasks
    last = tasks[-1]
    lines = last.lines
    closed = [index for index, line in enumerate(lines) if _ends_with_notes(line.text)]
    if not closed or closed[-1] == len(lines) - 1:
        return tasks
    after = lines[closed[-1] + 1 :]
    if any(parse_heading(line.text) or peel_notes(line.text)[1] or ITEMS_LABEL.match(line.text) for line in after):
        return tasks
    if not _CLOSING_WORDS.match(after[0].text):
        return tasks  # text that goes on, or an item of its own: it stays
    return [*tasks[:-1], replace(last, body=last.body[: len(last.body) - len(after)])]


# Closing words speak to everyone or look back on the plan: "各地区、各部门要…", "全区上下要…",
# "以上任务…", "本方案自…".
_CLOSING_WORDS = re.compile(r"(?:各|全[省市区县州旗镇]|以上|上述|本(?:方案|意见|计划|通知|要点|细则|分工))")


def _ends_with_notes(text: str) -> bool:
    # Text, then its notes in a closing bracket: "…抓好落实。（A牵头，B配合）".
    own, notes = peel_notes(text)
    return bool(own) and bool(notes) and text.rstrip("。；").endswith(("）", "〕", "】", "]"))


def _tasks_closed_by_notes(lines: list[Line]) -> tuple[list[Line], list[Section]]:
    """A plan without numbered headings: each block of 牵头/部门分工 lines closes a task.

        粮食产量1268万吨以上
        部门分工：省农业农村厅牵头，各地、各部门配合。
        大力推进战略性产业集群建设
        工作措施：完成政策文件的中期评估……
        部门分工：省工业和信息化厅牵头，省发展改革委等配合。

    The task is titled by the last short line before its block that is no sentence and no
    label; what comes before the first title is the description.
    """
    description: list[Line] = []
    tasks: list[Section] = []
    pending: list[Line] = []
    for line in lines:
        text, notes = peel_notes(line.text)
        if notes and not text and pending:
            titles = [index for index, candidate in enumerate(pending) if _is_bare_title(candidate.text)]
            first = titles[-1] if titles else 0
            (description if not tasks else tasks[-1].body).extend(pending[:first])
            title = pending[first]
            tasks.append(Section(Heading(Level.CHINESE, "", title.text), title, [*pending[first + 1 :], line]))
            pending = []
        elif notes and not text and tasks:
            tasks[-1].body.append(line)
        else:
            pending.append(line)
    if not tasks:
        return lines, []
    return description, tasks


def _is_bare_title(text: str) -> bool:
    return len(text) <= _TITLE_MAX_LENGTH and not text.endswith(_SENTENCE_ENDS) and not ITEMS_LABEL.match(text) and not starts_with_note(text)


def _may_be_task(section: Section) -> bool:
    # 工作要求, 保障措施, 总体要求 … are tasks only when they assign departments themselves.
    if section_kind(section.title) in (SectionKind.CLOSING, SectionKind.PREFACE):
        return _assigns_departments(section)
    return True


def _assigns_departments(section: Section) -> bool:
    return any(has_department_note(line.text) for line in section.lines)


def _has_items(section: Section) -> bool:
    for line in section.body:
        heading = parse_heading(line.text)
        if (heading and heading.level > section.heading.level) or ITEMS_LABEL.match(line.text):
            return True
    return False


def _task_section(section: Section) -> TaskSection:
    """Split the heading into its title and whatever follows it on the same line."""
    text, notes = peel_notes(section.heading.text)
    title_end = _TITLE_END.search(text)
    title, rest = (text[: title_end.start()], text[title_end.end() :]) if title_end else (text, "")
    body = section.body
    if rest.strip():
        line = section.line
        body = [Line(line.start, rest.strip(), line.end, column=line.column, end_column=line.end_column), *body]
    return TaskSection(section.heading.number, strip_punctuation(title), section.line, notes, body, section.part)
