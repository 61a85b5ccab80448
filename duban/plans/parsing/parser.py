"""From a plan's text to a PlanDraft: the steps of the other modules, in order."""

from __future__ import annotations

import re

from .deadlines import parse_deadline
from .departments import DepartmentRegistry
from .draft import ItemDraft, PlanDraft, PlanParseError, TaskDraft
from .items import ItemText, read_items
from .readers import read_document
from .structure import TaskSection, read_outline
from .targets import find_targets
from .text import split_lines

# The plan's year, from its title: "准东开发区2020年深化…".
_YEAR_IN_TITLE = re.compile(r"((?:19|20)[0-9]{2})年")

EMPTY = "文件为空"
NO_TASKS = "未找到任何主要任务（应有“主要任务”部分下的（一）（二）…标题，或写明牵头部门的编号标题）"


def parse_plan(text: str) -> PlanDraft:
    """Read a plan's text; PlanParseError (in Chinese, for the user) when it is not one."""
    lines = split_lines(text)
    if not lines:
        raise PlanParseError(EMPTY)
    outline = read_outline(lines)
    if not outline.tasks:
        raise PlanParseError(NO_TASKS)
    year = plan_year(outline.title) or outline.issued_year
    tasks = [_task_draft(section, order, year) for order, section in enumerate(outline.tasks, start=1)]
    registry = DepartmentRegistry(
        name for item in _items(tasks) for name in (*item.lead, *item.cooperating, *item.responsible)
    )
    for item in _items(tasks):
        item.lead = registry.canonical_list(item.lead)
        item.responsible = [name for name in registry.canonical_list(item.responsible) if name not in item.lead]
        taken = {*item.lead, *item.responsible}
        item.cooperating = [name for name in registry.canonical_list(item.cooperating) if name not in taken]
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


def _task_draft(section: TaskSection, order: int, year: int | None) -> TaskDraft:
    items = [_item_draft(item, year) for item in read_items(section)]
    return TaskDraft(number=section.number, title=section.title, order=order, items=items)


def _item_draft(item: ItemText, year: int | None) -> ItemDraft:
    assignment = item.assignment
    draft = ItemDraft(
        number=item.number,
        text=item.text,
        lead=list(assignment.lead),
        cooperating=list(assignment.cooperating),
        responsible=list(assignment.responsible),
        targets=find_targets(item.text),
        deadline=parse_deadline(assignment.deadline, year) if assignment.deadline else None,
        line_start=item.line_start,
        line_end=item.line_end,
    )
    for reason, confidence in assignment.doubts:
        draft.doubt(reason, confidence)
    return draft


def _items(tasks: list[TaskDraft]):
    return (item for task in tasks for item in task.items)
