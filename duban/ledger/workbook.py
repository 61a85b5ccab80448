"""The ledger as a spreadsheet (台账 .xlsx): the export anyone may read, and a department's fill-in sheet.

Columns: 序号 / 主要任务 / 具体任务 / 牵头部门 / 配合部门 / 完成时限 / 工作进展 / 存在问题 / 下步计划 /
完成情况 / 状态 / 佐证材料, under the title “<plan> 工作台账” and the cycle and as-of date.

Rows:
- the whole zone (no department chosen): one row per item; 工作进展 … 佐证材料 come from the lead
  department's report of the cycle (with several lead departments, each one's, headed by its name);
- one department: one row per obligation of that department (an item it leads, cooperates on, or
  holds as one of 各部门), from its own report.
Which version of a report: the export shows the one that stands (``queries.standing``: the newest
filed, else the newest), as every ledger page does; the fill-in sheet shows the newest, the one an
upload changes.  Who reads what is ``permissions.visible_reports``; the views choose the department
(a department user only ever gets its own).
状态 is the item's RAG status as the cell's colour, as of the cycle: for the current cycle (one
not ended by today) today's, for a cycle already past the colour the item had at its end, from the
kept history (``StatusChange``: the last change assessed on or before that day; none yet, 未评估).
The subtitle gives the date the colours are of (``status_date``).

The fill-in sheet (``fill_in=True``) adds a hidden column of row keys and a sheet marker (row 1 of
that column), both signed with ``django.core.signing``; ``upload.py`` reads it back.  Only the cells
of 工作进展 / 存在问题 / 下步计划 / 完成情况 are open; rows whose report is already filed are locked
and grey (see upload.py for the rule).

A fixed number of SQL queries whatever the size: items (with their status), assignments, reports
and evidence are one ordered query each, read in step item by item (``_Follower``), so 100,000 rows
stream through in constant memory (``python -m benchmarks ledger``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core import signing
from django.db.models import Exists, OuterRef, Q

from duban.dates import cn_date
from duban.documents import xlsx
from duban.documents.formulas import clean_text
from duban.plans.models import Assignment, Item, Plan, Task
from duban.zones.models import Department

from .models import Cycle, Evidence, ItemStatus, Report, StatusChange
from .obligations import named_on_items, obliges
from .queries import standing

# Column positions (0-based).
NUMBER, TASK, ITEM, LEADS, COOPERATING, DEADLINE, PROGRESS, PROBLEMS, NEXT_STEPS, COMPLETION, STATUS, EVIDENCE, KEY = range(13)
#: The cells a department fills in, and the report field each one is.
EDITABLE = {PROGRESS: "progress", PROBLEMS: "problems", NEXT_STEPS: "next_steps", COMPLETION: "completion"}
#: Every other column of the table: the sheet carries a signed fingerprint of each, to tell an edit.
READ_ONLY = (NUMBER, TASK, ITEM, LEADS, COOPERATING, DEADLINE, STATUS, EVIDENCE)
KEY_TITLE = "行标识（请勿修改）"
KEY_SALT = "duban.ledger.sheet.row"
MARKER_SALT = "duban.ledger.sheet"

COLOURS = {
    ItemStatus.Colour.GREEN: ("绿灯", xlsx.GREEN),
    ItemStatus.Colour.AMBER: ("黄灯", xlsx.AMBER),
    ItemStatus.Colour.RED: ("红灯", xlsx.RED),
}


def columns(cycle: Cycle, *, fill_in: bool = False) -> list[xlsx.Column]:
    assigned, progress = "任务分工", f"{cycle.label}推进情况"
    text = {"editable": fill_in, "number_format": "@" if fill_in else "General"}
    result = [
        xlsx.Column("序号", 5, align="center", wrap=False),
        xlsx.Column("主要任务", 14),
        xlsx.Column("具体任务", 30),
        xlsx.Column("牵头部门", 10, group=assigned),
        xlsx.Column("配合部门", 12, group=assigned),
        xlsx.Column("完成时限", 11, align="center"),
        xlsx.Column("工作进展", 32, group=progress, **text),
        xlsx.Column("存在问题", 18, group=progress, **text),
        xlsx.Column("下步计划", 18, group=progress, **text),
        xlsx.Column("完成情况", 8, group=progress, align="center", number_format='0"%"', editable=fill_in,
                    whole_numbers=(0, 100) if fill_in else None),
        xlsx.Column("状态", 7, align="center"),
        xlsx.Column("佐证材料", 14),
    ]
    if fill_in:
        result.append(xlsx.Column(KEY_TITLE, 10, hidden=True, wrap=False))
    return result


def title_of(plan: Plan) -> str:
    """“…改革工作方案” → “…改革工作台账”; any other title gets “工作台账” added."""
    for ending in ("工作方案", "实施方案", "方案"):
        if plan.title.endswith(ending):
            return plan.title[: -len(ending)] + "工作台账"
    return plan.title + "工作台账"


def status_date(cycle: Cycle, today: date) -> date:
    """The day the sheet's 状态 colours are of: today within the current cycle, else the cycle's end."""
    return min(cycle.end, today)


def subtitle_of(cycle: Cycle, today: date, department: Department | None, task: Task | None, *,
                fill_in: bool = False) -> str:
    parts = [f"报送周期：{cycle.label}", f"状态截至{cn_date(status_date(cycle, today))}"]
    if department is not None:
        parts.append(f"部门：{department.name}")
    if task is not None:
        parts.append(f"主要任务：{task.number}{task.title}")
    if fill_in:
        parts.append("请只填写黄色单元格（工作进展、存在问题、下步计划、完成情况），灰色行本期已报送，不能修改")
    return "　".join(parts)


# ---- rows -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Version:
    """One report version, as much of it as the sheet needs."""

    pk: int
    assignment_id: int
    department_id: int
    department: str
    version: int
    state: str
    progress: str
    problems: str
    next_steps: str
    completion: int
    revision: int
    evidence: list[str]

    @property
    def is_filed(self) -> bool:
        return self.state in Report.FILED

    @property
    def is_editable(self) -> bool:
        return self.state in Report.EDITABLE


@dataclass(slots=True)
class Row:
    values: list
    colour: str | None
    assignment_id: int | None = None  # department rows: the obligation's assignment
    report: Version | None = None  # department rows: the version shown


class _Follower:
    """An ordered query read in step with the items: ``take(key)`` returns the rows of one item.

    Every query is ordered by (task order, item order) — unique within a plan — and each of its
    rows starts with those two, so rows of items the item query filtered out are skipped over.
    """

    def __init__(self, rows):
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, key: tuple[int, int]) -> list[tuple]:
        while self._next is not None and self._next[:2] < key:
            self._next = next(self._rows, None)
        taken = []
        while self._next is not None and self._next[:2] == key:
            taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def rows(visible_reports, plan: Plan, cycle: Cycle, today: date, *, department: Department | None = None,
         task: Task | None = None, newest: bool = False):
    """The ledger's rows, in plan order.  ``visible_reports`` is the reader's queryset
    (``permissions.visible_reports(user)``); ``newest`` shows each report's newest version (the
    fill-in sheet) instead of the one that stands; the status colours are of ``status_date``."""
    items = _items(plan, department, task)
    colours = None if cycle.end >= today else _Follower(_colours_on(cycle.end, plan, task))
    assignments = Assignment.objects.filter(item__task__plan=plan)
    reports = visible_reports.filter(item__task__plan=plan, cycle=cycle)
    if task is not None:
        assignments, reports = assignments.filter(item__task=task), reports.filter(item__task=task)
    if department is not None:
        reports = reports.filter(department=department)
    else:
        reports = reports.filter(is_lead=True)
    items = items.order_by("task__order", "order").values_list(
        "task__order", "order", "task__number", "task__title", "number", "text", "deadline", "deadline_text",
        "ongoing", "status__colour")
    assignments = _Follower(assignments.order_by("item__task__order", "item__order", "order", "pk").values_list(
        "item__task__order", "item__order", "pk", "item_id", "role", "department_id", "department__name",
        named=True).iterator(2000))
    evidence = _Follower(Evidence.objects.filter(report__in=reports.values("pk")).order_by(
        "report__item__task__order", "report__item__order", "report_id", "uploaded_at", "pk").values_list(
        "report__item__task__order", "report__item__order", "report_id", "title").iterator(2000))
    versions = _Follower(reports.order_by(
        "item__task__order", "item__order", "assignment_id", "department__order", "department_id", "version",
    ).values_list(
        "item__task__order", "item__order", "pk", "assignment_id", "department_id", "department__name", "version",
        "state", "progress", "problems", "next_steps", "completion", "revision").iterator(2000))
    number = 0
    for task_order, item_order, task_number, task_title, item_number, text, deadline, deadline_text, ongoing, \
            colour in items.iterator(2000):
        key = (task_order, item_order)
        if colours is not None:  # a past cycle: the colour the item had at its end, if it had one
            changes = colours.take(key)
            colour = changes[-1][2] if changes else None
        held = assignments.take(key)
        files: dict[int, list[str]] = {}
        for _, _, report_id, title in evidence.take(key):
            files.setdefault(report_id, []).append(title)
        found = [Version(*r[2:], evidence=files.get(r[2], [])) for r in versions.take(key)]
        common = [
            f"{task_number}{task_title}",
            f"{item_number}. {text}" if item_number else text,
            _names(a for a in held if a.role == Assignment.Role.LEAD),
            _names(a for a in held if a.role == Assignment.Role.COOPERATING),
            cn_date(deadline) if deadline else ("持续推进" if ongoing else deadline_text),
        ]
        if department is None:
            number += 1
            yield _row(number, common, _chosen(found, newest), colour)
            continue
        named = named_on_items(held)
        for assignment in (a for a in held if obliges(a, department.pk, named)):
            chosen = _chosen([v for v in found if v.assignment_id == assignment.pk], newest)
            number += 1
            row = _row(number, common, chosen, colour)
            row.assignment_id, row.report = assignment.pk, chosen[0] if chosen else None
            yield row


def _colours_on(day: date, plan: Plan, task: Task | None):
    """Every status change of the plan's items assessed on or before ``day``, oldest last per item,
    in plan order: the last of each item's is its colour that day (one query, read in step)."""
    changes = StatusChange.objects.filter(item__task__plan=plan, as_of__lte=day)
    if task is not None:
        changes = changes.filter(item__task=task)
    return changes.order_by("item__task__order", "item__order", "as_of", "at", "pk").values_list(
        "item__task__order", "item__order", "to_colour").iterator(2000)


def _items(plan: Plan, department: Department | None, task: Task | None):
    """The items the ledger has rows for: the plan's (or the task's), for a department those it is obliged on."""
    items = Item.objects.filter(task__plan=plan)
    if task is not None:
        items = items.filter(task=task)
    if department is not None:
        items = items.filter(Exists(Assignment.objects.filter(
            Q(department=department) | Q(department__isnull=True), item=OuterRef("pk"))))
    return items


def row_count(plan: Plan, *, department: Department | None = None, task: Task | None = None) -> int:
    """How many rows ``rows()`` gives, counted in one query before building: one per item (a
    department obliged twice on one item, which is rare, has a row more)."""
    return _items(plan, department, task).count()


def _names(assignments) -> str:
    return "、".join("各部门" if a.department_id is None else a.department__name for a in assignments)


def _chosen(versions: list[Version], newest: bool) -> list[Version]:
    """Per (assignment, department), the version to show; ``versions`` come oldest first."""
    if newest:
        latest: dict[tuple[int, int], Version] = {}
        for version in versions:
            latest[(version.assignment_id, version.department_id)] = version
        return list(latest.values())
    return standing(versions)


def _row(number: int, common: list, versions: list[Version], colour: str | None) -> Row:
    label = COLOURS.get(colour, ("未评估", None))[0]
    if len(versions) == 1:
        (v,) = versions
        reported = [v.progress, v.problems, v.next_steps, v.completion, label, "\n".join(v.evidence)]
    elif not versions:
        reported = ["", "", "", None, label, ""]
    else:  # several lead departments: each one's words, headed by its name
        reported = [
            "\n".join(f"【{v.department}】{v.progress}" for v in versions),
            "\n".join(f"【{v.department}】{v.problems}" for v in versions if v.problems),
            "\n".join(f"【{v.department}】{v.next_steps}" for v in versions if v.next_steps),
            "；".join(f"{v.department} {v.completion}%" for v in versions),
            label,
            "\n".join(title for v in versions for title in v.evidence),
        ]
    return Row([number, *common, *reported], colour)


# ---- building the workbook ---------------------------------------------------------------------


def export(visible_reports, plan: Plan, cycle: Cycle, today: date, *, department: Department | None = None,
           task: Task | None = None, progress=None) -> xlsx.Workbook:
    """The ledger for reading: the whole zone or one department, all tasks or one, as of ``cycle``.
    ``progress(n)``, if given, is told the number of rows written after each row."""
    book = xlsx.Workbook(streaming=True)
    sheet = book.add_sheet("工作台账", columns(cycle), title=title_of(plan),
                           subtitle=subtitle_of(cycle, today, department, task))
    for number, row in enumerate(rows(visible_reports, plan, cycle, today, department=department, task=task), 1):
        sheet.append(row.values, fills=_status_fill(row))
        if progress is not None:
            progress(number)
    return book


def fill_in(visible_reports, plan: Plan, cycle: Cycle, department: Department, today: date) -> xlsx.Workbook:
    """A department's sheet for one cycle: its rows with signed keys, only the report cells open."""
    book = xlsx.Workbook(streaming=True)
    title, subtitle = title_of(plan), subtitle_of(cycle, today, department, None, fill_in=True)
    sheet = book.add_sheet("填报表", columns(cycle, fill_in=True), title=title, subtitle=subtitle, protect=True)
    sheet.head_cell(1, KEY + 1, sign_marker(plan, cycle, department, title, subtitle))
    for row in rows(visible_reports, plan, cycle, today, department=department, newest=True):
        report = row.report
        if report is None:
            row.values[COMPLETION] = 0  # a number to overwrite, not an empty cell
        closed = report is not None and not report.is_editable
        fills = _status_fill(row)
        if closed:
            fills.update(dict.fromkeys(EDITABLE, xlsx.GREY))
        key = {"c": cycle.pk, "d": department.pk, "a": row.assignment_id, "r": report.pk if report else 0,
               "v": report.revision if report else 0, "f": fingerprint(row.values[i] for i in READ_ONLY)}
        sheet.append([*row.values, signing.dumps(key, salt=KEY_SALT)], fills=fills, lock=closed)
    return book


def _status_fill(row: Row) -> dict[int, str]:
    fill = COLOURS.get(row.colour, (None, None))[1]
    return {STATUS: fill} if fill else {}


def sign_marker(plan: Plan, cycle: Cycle, department: Department, title: str, subtitle: str) -> str:
    """The sheet's own signed identity: which plan, cycle and department it was issued for, and its title."""
    return signing.dumps({"p": plan.pk, "c": cycle.pk, "d": department.pk, "f": fingerprint([title, subtitle])},
                         salt=MARKER_SALT)


def fingerprint(values) -> str:
    """A short digest of each value as a spreadsheet reads it back (so an edit of any one is told apart)."""
    return "".join(hashlib.blake2b(cell_text(v).encode(), digest_size=4).hexdigest() for v in values)


def cell_text(value) -> str:
    """A cell's value as comparable text, the same whether written by duban or read back from the file."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return clean_text(value)
    return str(value)
