"""From a plan's text to a PlanDraft: the steps of the other modules, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .deadlines import parse_deadline
from .departments import DepartmentRegistry
from .annotations import FIRST_AS_LEAD
from .draft import ItemDraft, PlanDraft, PlanParseError, TaskDraft
from .items import ItemText, read_items
from .readers import read_document
from .structure import read_outline
from .tables import TableTask, find_tables, table_tasks
from .targets import find_targets
from .text import split_lines

# The plan's year, from its title: "准东开发区2020年深化…"; a span "（2016-2020年）" gives its start.
_YEAR_IN_TITLE = re.compile(r"((?:19|20)[0-9]{2})(?:年|[-—–－~～至到](?:19|20)?[0-9]{2}年)")

EMPTY = "文件为空"
# A plan that says "责任单位排在第一位的为牵头单位" makes the first-as-lead rule its own: no doubt.
# The place is named, then who is there: 的/者 or a unit ("第一责任单位为牵头单位",
# "列第一位者为牵头或汇总单位"); "第一为牵头" alone says nothing about a list.
FIRST_LEADS = re.compile(
    r"(?:排在?第一位?|首位|排名第一|排序第一|列第?一位?|第一个|第一)(?:的|者|的?(?:责任)?(?:单位|部门))(?:为|是)牵头"
)

# Doubts about an item, shown with it in the import preview.  An item without a lead is flagged by
# the importer (importing.item_doubts), which also knows the zone's registry.
UNREAD_DEADLINE = "完成时限“{}”无法换算为日期"
_UNREAD_DEADLINE_CONFIDENCE = 0.8
NO_TASKS = "未找到任何主要任务（应有“主要任务”部分下的（一）（二）…标题，或写明牵头部门的编号标题）"


def parse_plan(text: str) -> PlanDraft:
    """Read a plan's text; PlanParseError (in Chinese, for the user) when it is not one."""
    lines = split_lines(text)
    if not lines:
        raise PlanParseError(EMPTY)
    rules = [_FirstLeadRule(line.start, _forward_only(line.text)) for line in lines if FIRST_LEADS.search(line.text)]
    tables, lines = find_tables(lines)
    in_tables = [task for table in tables for task in table_tasks(table)]
    outline = read_outline(lines)
    year = plan_year(outline.title) or outline.issued_year or outline.numbered_year
    # A task-division table that assigns departments is the plan's tasks: the text around it
    # gives the title and the description (and often repeats the tasks without departments).
    if in_tables and (_assigns(in_tables) or not outline.tasks):
        found = [(task.number, task.title, task.items, task.part) for task in in_tables]
    elif outline.tasks:
        found = [(section.number, section.title, read_items(section), section.part) for section in outline.tasks]
        # The part a task is under is named only where task numbers repeat ("（一）" of 主要任务 and
        # of 保障措施): elsewhere the number says which task it is.
        numbers = [number for number, *_ in found]
        if len(set(numbers)) == len(numbers):
            found = [(number, title, items, "") for number, title, items, _ in found]
    else:
        raise PlanParseError(NO_TASKS)
    _apply_standing_instructions([item for _, _, items, _ in found for item in items])
    covered = _covered_by_first_lead_rules(rules, [item for _, _, items, _ in found for item in items])
    tasks = [
        TaskDraft(
            number=number,
            title=title,
            order=order,
            items=[_item_draft(item, year, id(item) in covered) for item in items],
            part=part,
        )
        for order, (number, title, items, part) in enumerate(found, start=1)
    ]
    registry = DepartmentRegistry(
        name for item in _items(tasks) for name in (*item.lead, *item.cooperating, *item.responsible)
    )
    for item in _items(tasks):
        item.lead = registry.canonical_list(item.lead)
        item.responsible = [name for name in registry.canonical_list(item.responsible) if name not in item.lead]
        taken = {*item.lead, *item.responsible}
        item.cooperating = [name for name in registry.canonical_list(item.cooperating) if name not in taken]
        named = {*item.lead, *item.cooperating, *item.responsible}
        item.completed = {name: written for name, written in item.completed.items() if name in named}
    return PlanDraft(
        title=outline.title,
        year=year,
        description=outline.description,
        tasks=tasks,
        departments=registry.departments,
    )


def parse_document(data: bytes, filename: str) -> PlanDraft:
    """Read an uploaded file and parse it; every error message starts with the file name."""
    text = read_document(data, filename)
    try:
        return parse_plan(text)
    except PlanParseError as error:
        raise PlanParseError(f"{filename}：{error}") from error


def plan_year(title: str) -> int | None:
    match = _YEAR_IN_TITLE.search(title)
    return int(match.group(1)) if match else None


def _apply_standing_instructions(items: list[ItemText]) -> None:
    """"以下…均需X落实" on one item makes X cooperate on every item after it."""
    standing: list[str] = []
    completed: dict[str, str] = {}
    for item in items:
        assignment = item.assignment
        if standing and assignment.names_departments:
            taken = {*assignment.lead, *assignment.cooperating, *assignment.responsible}
            assignment.cooperating += [name for name in standing if name not in taken]
            assignment.completed = {**completed, **assignment.completed}
        standing += [name for name in assignment.standing if name not in standing]
        completed |= {name: written for name, written in assignment.completed.items() if name in assignment.standing}


def _assigns(tasks: list[TableTask]) -> bool:
    return any(item.assignment.names_departments for task in tasks for item in task.items)


@dataclass(frozen=True)
class _FirstLeadRule:
    line: int
    forward_only: bool  # "以下各项，列第一位者为牵头单位": only what follows


def _forward_only(text: str) -> bool:
    match = FIRST_LEADS.search(text)
    return match is not None and "以下" in text[: match.start()]


def _covered_by_first_lead_rules(rules: list[_FirstLeadRule], items: list[ItemText]) -> set[int]:
    """The items (by id) that the plan's own first-as-lead rule covers.

    A rule covers the item it is written with (in its notes: "（第一责任单位为牵头单位，下同）")
    and every item after it; a rule said after every item (a closing note) covers them all.  Said
    between items, it does not reach back further; "以下…" covers only what follows it.
    """
    # Only the first and last rule of each kind matter, so a header note repeated on every page of
    # a long table costs nothing per item.
    plain = [rule.line for rule in rules if not rule.forward_only]
    first_plain = min(plain, default=None)
    first_forward = min((rule.line for rule in rules if rule.forward_only), default=None)
    last_start = items[-1].line_start if items else 0
    said_last = bool(plain) and max(plain) > last_start
    covered: set[int] = set()
    for index, item in enumerate(items):
        following = items[index + 1].line_start if index + 1 < len(items) else None
        extent = item.line_end if following is None else max(item.line_end, following - 1)
        if (
            said_last
            or (first_plain is not None and first_plain <= extent)
            or (first_forward is not None and first_forward < item.line_start)
        ):
            covered.add(id(item))
    return covered


def _item_draft(item: ItemText, year: int | None, first_leads: bool = False) -> ItemDraft:
    assignment = item.assignment
    draft = ItemDraft(
        number=item.number,
        text=item.text,
        lead=list(assignment.lead),
        cooperating=list(assignment.cooperating),
        responsible=list(assignment.responsible),
        targets=find_targets(item.text) + (find_targets(item.target_text) if item.target_text else []),
        deadline=parse_deadline(assignment.deadline, year) if assignment.deadline else None,
        line_start=item.line_start,
        line_end=item.line_end,
        column=item.column,
        end_column=item.end_column,
        completed=dict(assignment.completed),
    )
    for reason, confidence in [*item.doubts, *assignment.doubts]:
        if not (first_leads and reason == FIRST_AS_LEAD):  # the plan says so: no guess
            draft.doubt(reason, confidence)
    if draft.deadline and draft.deadline.date is None and not draft.deadline.ongoing:
        draft.doubt(UNREAD_DEADLINE.format(draft.deadline.text), _UNREAD_DEADLINE_CONFIDENCE)
    return draft


def _items(tasks: list[TaskDraft]):
    return (item for task in tasks for item in task.items)
