"""A department's fill-in sheet coming back (上传填报表): read it, check it, preview, file drafts.

``read(user, name, data)`` returns a ``Preview`` of what would change, or raises ``SheetRefused``
with every problem found, each naming its row and column in Chinese.  ``apply(user, token)`` files
the previewed changes as drafts, all or nothing.  Nothing is written until ``apply``.

What is refused:

1. The file: larger than ``MAX_BYTES``; not an .xlsx by content (``documents.ooxml.inspect``:
   OOXML parts, no macros, no zip bomb) or expanding beyond ``MAX_EXPANDED_BYTES`` — all checked before
   openpyxl opens it; more than ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns, counted in the sheet's
   streamed XML (``documents.sheetrows``) before openpyxl reads it.
2. The sheet: its signed marker (row 1 of the hidden key column) missing or altered; issued for
   another department (or zone); its title rows or header not as issued (a moved, removed or added
   column is named).
3. A row: without a signed key (a row added), with a forged key, the same key twice (a copied
   row), a key of another department or another cycle than the sheet's; a cell outside
   工作进展 / 存在问题 / 下步计划 / 完成情况 that no longer reads as issued (signed fingerprints);
   a formula anywhere; 完成情况 not a whole number from 0 to 100 (80, “80%”, or 0.8 in a cell
   formatted as a percentage), or left empty; anything written beside the table.
4. A closed row.  A sheet is issued for one cycle; each of its rows is the department's newest
   report on one obligation in that cycle.  A row whose four cells equal that report (or are
   empty and 0% where there is none) changes nothing and is skipped.  A changed row is refused
   when the report can no longer be edited — filed (待负责人审核 / 待办公室确认) or frozen
   (已确认 / 已审定), the same rule as the report page: the cycle is closed for that obligation
   (a frozen report is corrected on its page, as a new version) — or when the report was saved
   or started by someone else after the sheet was downloaded (its revision changed): the
   edit conflict the report page refuses too.

``apply`` files each changed row through the ledger's own functions — ``flow.open_draft`` (a
draft when the department has none) and ``flow.save_draft`` with the revision the sheet was
issued at — in one transaction, so the audit trail and the rules hold as on the report page;
reports stay drafts (or returned reports stay returned) until the liaison submits them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import openpyxl
from django.core import signing
from django.db import transaction
from openpyxl.utils import get_column_letter

from duban.documents import ooxml, sheetrows, xlsx
from duban.plans.models import Assignment, Plan
from duban.zones.models import Department

from . import flow
from .models import Cycle, Report
from .obligations import named_on_items, obligation_for, obliges
from .workbook import (
    COMPLETION, EDITABLE, KEY, KEY_SALT, KEY_TITLE, MARKER_SALT, NEXT_STEPS, PROBLEMS, PROGRESS, READ_ONLY,
    cell_text, columns, fingerprint,
)

MAX_BYTES = 5 * 1024 * 1024
#: A department's sheet is a few hundred rows of text: far below the general OOXML limit (ooxml.MAX_EXPANDED_BYTES).
MAX_EXPANDED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
#: The sheet has 13 columns; text typed beside them is refused cell by cell, a sheet wider than this at once.
MAX_COLUMNS = 100
UNREADABLE = "无法读取，不是有效的 Excel（.xlsx）文件"
PREVIEW_SALT = "duban.ledger.sheet.preview"
PREVIEW_MAX_AGE = 3600  # seconds a preview may be confirmed in
DIGEST = 8  # hex characters per value in a fingerprint
TEXT_FIELDS = {PROGRESS: "progress", PROBLEMS: "problems", NEXT_STEPS: "next_steps"}
FIELD_LABELS = {"progress": "工作进展", "problems": "存在问题", "next_steps": "下步计划", "completion": "完成情况"}
#: Rows above the body: title, subtitle, two header rows.
TITLE_ROW, SUBTITLE_ROW, FIRST_HEADER_ROW, FIRST_ROW = 1, 2, 3, 5


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: int | None  # 0-based
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return f"第 {self.row} 行：{self.message}"
        letter = get_column_letter(self.column + 1)
        title = COLUMN_TITLES[self.column] if self.column < len(COLUMN_TITLES) else ""
        return f"第 {self.row} 行 {letter} 列{f'（{title}）' if title else ''}：{self.message}"


COLUMN_TITLES = ["序号", "主要任务", "具体任务", "牵头部门", "配合部门", "完成时限", "工作进展", "存在问题", "下步计划",
                 "完成情况", "状态", "佐证材料", KEY_TITLE]


class SheetRefused(ValueError):
    """The sheet is refused; ``problems`` says where and why.  Nothing was written."""

    def __init__(self, name: str, problems: list[Problem]):
        self.name = name
        self.problems = sorted(problems, key=lambda p: (p.row or 0, -1 if p.column is None else p.column))
        super().__init__(f"{name}：" + "；".join(str(p) for p in self.problems[:3]))


@dataclass
class Change:
    row: int
    item: str
    assignment_id: int
    report_id: int  # 0: no report yet, a draft is opened
    revision: int
    before: dict
    after: dict

    @property
    def fields(self) -> list[tuple[str, object, object]]:
        """(label, before, after) of each value that changes."""
        return [(FIELD_LABELS[f], self.before[f], self.after[f]) for f in FIELD_LABELS if self.before[f] != self.after[f]]


@dataclass
class Preview:
    name: str
    plan: Plan
    cycle: Cycle
    department: Department
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0

    def token(self, user) -> str:
        """The previewed changes, signed for this user, to be confirmed within PREVIEW_MAX_AGE."""
        return signing.dumps({
            "u": user.pk, "p": self.plan.pk, "c": self.cycle.pk, "d": self.department.pk, "n": self.name,
            "x": [[c.row, c.assignment_id, c.report_id, c.revision, *(c.after[f] for f in FIELD_LABELS)]
                  for c in self.changes],
        }, salt=PREVIEW_SALT, compress=True)


# ---- reading ----------------------------------------------------------------------------------


def read(user, name: str, data: bytes) -> Preview:
    cells = _open(name, data)
    plan, cycle, department, problems = _sheet(user, name, cells)
    problems += _header(cells, cycle)
    if problems:  # columns out of place: the rows cannot be read
        raise SheetRefused(name, problems)
    problems = _title(cells)
    entries = _rows(cells, cycle, department, problems)
    if problems:
        raise SheetRefused(name, problems)
    preview = Preview(name, plan, cycle, department)
    _compare(preview, entries, problems)
    if problems:
        raise SheetRefused(name, problems)
    return preview


def _open(name: str, data: bytes) -> list[list]:
    """The sheet's rows as lists of (value, data type, number format), after the file checks."""
    if len(data) > MAX_BYTES:
        raise SheetRefused(name, [Problem(None, None, f"文件大小 {len(data) / 1048576:.1f} MB，超过上限 {MAX_BYTES // 1048576} MB")])
    not_a_sheet = SheetRefused(name, [Problem(None, None, "不是 Excel（.xlsx）文件，请上传从本系统下载的填报表")])
    if not data.startswith(ooxml.ZIP_SIGNATURE):
        raise not_a_sheet
    try:
        package = ooxml.inspect(data)
    except ooxml.UnsafePackage as problem:
        raise SheetRefused(name, [Problem(None, None, str(problem))]) from None
    if package.content_type != xlsx.CONTENT_TYPE:
        raise not_a_sheet
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(e.file_size for e in archive.infolist()) > MAX_EXPANDED_BYTES:
            raise SheetRefused(name, [Problem(None, None, "解压后体积过大，不是本系统的填报表")])
        _measure(name, archive)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the file's own claim of its size is not trusted
        rows = [[(c.value, c.data_type, getattr(c, "number_format", "General")) for c in row] for row in sheet.iter_rows()]
        book.close()
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetRefused(name, [Problem(None, None, UNREADABLE)]) from error
    return rows


def _measure(name: str, archive: zipfile.ZipFile) -> None:
    """Refuse a first sheet longer or wider than a fill-in sheet can be, or shared strings beyond
    its cells, from the streamed XML (``documents.sheetrows``) before openpyxl reads it: a small
    zip can hold a million empty rows, each of which openpyxl would go through, or millions of
    strings, which it parses before the first row."""
    try:
        sheets = sheetrows.worksheets(archive)
        extent = sheetrows.measure(archive, sheets[0][1], max_rows=FIRST_ROW - 1 + MAX_ROWS, max_columns=MAX_COLUMNS)
        excess = sheetrows.excess_shared_strings(archive, sheets, extent.cells)
    except sheetrows.TooLarge as large:
        if large.what == "columns":
            raise SheetRefused(name, [Problem(large.row, None, f"列数超过上限 {MAX_COLUMNS} 列（填报表只有 "
                                                               f"{len(COLUMN_TITLES)} 列）")]) from None
        raise SheetRefused(name, [Problem(None, None, f"行数超过上限 {MAX_ROWS} 行")]) from None
    except (KeyError, IndexError, ElementTree.ParseError) as error:  # no workbook part, or no worksheet
        raise SheetRefused(name, [Problem(None, None, UNREADABLE)]) from error
    if excess:
        strings, cells = excess
        raise SheetRefused(name, [Problem(None, None, f"有 {strings:,} 个共享文本，多于全部 {cells:,} 个单元格，"
                                                      "不是本系统的填报表")])


def _cell(cells: list[list], row: int, column: int) -> tuple:
    """(value, data type, number format) at a 1-based row and 0-based column (empty beyond the file)."""
    if row - 1 < len(cells) and column < len(cells[row - 1]):
        return cells[row - 1][column]
    return None, "n", "General"


def _value(cells: list[list], row: int, column: int):
    return _cell(cells, row, column)[0]


def _width(cells: list[list], row: int) -> int:
    return len(cells[row - 1]) if row - 1 < len(cells) else 0


def _sheet(user, name: str, cells) -> tuple[Plan, Cycle, Department, list[Problem]]:
    """The plan, cycle and department the sheet was issued for, from its signed marker."""
    def refused(row, column, message):
        return SheetRefused(name, [Problem(row, column, message)])

    found = [(column, _marker(_value(cells, TITLE_ROW, column))) for column in range(_width(cells, TITLE_ROW))]
    found = [(column, marker) for column, marker in found if marker is not None]
    if not found:
        raise refused(TITLE_ROW, KEY, "缺少或改动了填报表标识：请上传从本系统下载的填报表，不要复制到新表")
    column, marker = found[0]
    problems = []
    if column != KEY:  # the hidden column moved: columns were removed or added before it
        problems.append(Problem(TITLE_ROW, column, f"表格标识应在 {get_column_letter(KEY + 1)} 列：列不能移动、删除或增加"))
    plan = Plan.objects.filter(zone_id=user.zone_id, pk=marker["p"]).first()
    cycle = Cycle.objects.filter(plan=plan, pk=marker["c"]).first() if plan else None
    department = Department.objects.filter(zone_id=user.zone_id, pk=marker["d"]).first()
    if plan is None or cycle is None or department is None:
        raise refused(TITLE_ROW, KEY, "该填报表不属于本开发区的现有方案")
    if department.pk != user.department_id:
        raise refused(TITLE_ROW, KEY, f"这是{department.name}的填报表，只能由该部门上传")
    issued = _split(marker["f"])
    for i, row in enumerate((TITLE_ROW, SUBTITLE_ROW)):
        if fingerprint([_value(cells, row, 0)]) != issued[i]:
            raise refused(row, 0, "标题行被修改，请使用下载时的填报表")
    return plan, cycle, department, problems


def _marker(value) -> dict | None:
    try:
        return signing.loads(str(value), salt=MARKER_SALT) if value else None
    except signing.BadSignature:
        return None


def _title(cells) -> list[Problem]:
    """The title rows hold only the title, the subtitle and the marker."""
    problems = []
    for row in (TITLE_ROW, SUBTITLE_ROW):
        for column in range(1, _width(cells, row)):
            if column != KEY and cell_text(_value(cells, row, column)):
                problems.append(Problem(row, column, "标题行之外的单元格不能填写"))
    return problems


def _header(cells, cycle: Cycle) -> list[Problem]:
    """The two header rows as issued: no column moved, removed or added."""
    problems = []
    for offset, expected_row in enumerate(_expected_header(cycle)):
        row = FIRST_HEADER_ROW + offset
        for column, expected in enumerate(expected_row):
            got = cell_text(_value(cells, row, column))
            if got != expected:
                what = f"应为“{expected}”" if expected else "应为空"
                problems.append(Problem(row, column, f"表头{what}，实为“{got}”：列不能移动、删除或增加"))
        for column in range(len(expected_row), _width(cells, row)):
            if cell_text(_value(cells, row, column)):
                problems.append(Problem(row, column, "表格之外的单元格不能填写"))
    return problems


def _expected_header(cycle: Cycle) -> tuple[list[str], list[str]]:
    """The two header rows as a spreadsheet reads them: a merged cell's value is in its first cell only."""
    top, bottom = [], []
    previous = None
    for column in columns(cycle, fill_in=True):
        if column.group:
            top.append(column.group if column.group != previous else "")
            bottom.append(column.title)
        else:
            top.append(column.title)
            bottom.append("")
        previous = column.group or None
    return top, bottom


@dataclass
class _Entry:
    row: int
    key: dict
    after: dict


def _rows(cells, cycle: Cycle, department: Department, problems: list[Problem]) -> list[_Entry]:
    entries: list[_Entry] = []
    seen: dict[int, int] = {}
    for row in range(FIRST_ROW, len(cells) + 1):
        found = cells[row - 1]
        if not any(cell_text(value).strip() for value, _, _ in found):
            continue
        for column in range(KEY + 1, len(found)):
            if cell_text(found[column][0]).strip():
                problems.append(Problem(row, column, "表格之外的单元格不能填写"))
        for column, (_, data_type, _) in enumerate(found[:KEY]):
            if data_type == "f":
                problems.append(Problem(row, column, "不能填写公式，请直接填写文字或数字"))
        raw_key = _value(cells, row, KEY)
        if not raw_key:
            problems.append(Problem(row, None, "不是下载时的行（缺少行标识）：不能在表中新增行，请在系统中填报"))
            continue
        try:
            key = signing.loads(str(raw_key), salt=KEY_SALT)
        except signing.BadSignature:
            problems.append(Problem(row, KEY, "行标识无效（被修改），请使用下载时的填报表"))
            continue
        if key["d"] != department.pk:
            problems.append(Problem(row, None, "该行属于其他部门的填报表，不能上传"))
            continue
        if key["c"] != cycle.pk:
            other = Cycle.objects.filter(pk=key["c"]).values_list("label", flat=True).first() or "其他周期"
            problems.append(Problem(row, None, f"该行是{other}的填报表中的行，本表为{cycle.label}：不能混用不同周期的行"))
            continue
        if key["a"] in seen:
            problems.append(Problem(row, None, f"与第 {seen[key['a']]} 行是同一行（行标识重复），请删除复制出的行"))
            continue
        seen[key["a"]] = row
        issued = _split(key["f"])
        for position, column in enumerate(READ_ONLY):
            if fingerprint([_value(cells, row, column)]) != issued[position]:
                problems.append(Problem(row, column, "只能填写工作进展、存在问题、下步计划和完成情况，此单元格与下载时不同"))
        after = {name: _text(_value(cells, row, column)) for column, name in TEXT_FIELDS.items()}
        value, _, number_format = _cell(cells, row, COMPLETION)
        completion = _completion(value, number_format)
        if completion is None:
            problems.append(Problem(row, COMPLETION, "应为 0 到 100 之间的整数（百分比），如 80 或 80%，不能留空"))
        after["completion"] = completion
        entries.append(_Entry(row, key, after))
    return entries


def _split(digests: str) -> list[str]:
    return [digests[i:i + DIGEST] for i in range(0, len(digests), DIGEST)]


def _text(value) -> str:
    """A report text as the report page would store it: line ends as \\n, no surrounding blanks."""
    return normalise(cell_text(value))


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


#: The parts of a number format that show text rather than format the number: quoted text ("%"),
#: a character escaped with a backslash (\%), the padding (_x) and fill (*x) characters, and
#: bracketed colours, conditions and locales ([Red], [$-804]).
_LITERALS = re.compile(r'"[^"]*"?|\\.|[_*].|\[[^\]]*\]?')


def is_percentage_format(number_format: str) -> bool:
    r"""Does a number format multiply by 100 (a % of its own, not a % shown as text)?

    The sheet shows 80 as “80%” with the format 0"%"; LibreOffice saves that very format as 0\%.
    Both show a literal %, the value stays 80; only 0% or 0.0% make the stored 0.8 read 80%.
    """
    return "%" in _LITERALS.sub("", number_format or "")


def _completion(value, number_format: str) -> int | None:
    r"""完成情况 as a whole percentage, or None when it is not one.

    The sheet writes 80 shown as “80%” (the format 0"%", or 0\% once LibreOffice saved it); a user
    may also type “80%” as text, or Excel may turn a typed 80% into 0.8 with a real percentage
    format.  An empty cell is not 0: it is refused, as the Excel check on the column refuses it
    (``workbook.columns``), because a liaison who clears the cell has not said how far the work is
    and reading it as 0 would silently undo the percentage already reported.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip().removesuffix("%").removesuffix("％").strip()
        if not text.isdecimal():  # not isdigit: "²" is a digit int() cannot read (it was a 500)
            return None
        number = int(text)
    elif isinstance(value, (int, float)):
        number = value * 100 if is_percentage_format(number_format) else value
        if abs(number - round(number)) > 1e-6:
            return None
        number = int(round(number))
    else:
        return None
    return number if 0 <= number <= 100 else None


def _compare(preview: Preview, entries: list[_Entry], problems: list[Problem]) -> None:
    """Each row against the department's newest report: what changes, and what may not."""
    department, cycle = preview.department, preview.cycle
    wanted = [e.key["a"] for e in entries]
    held = list(Assignment.objects.filter(item__task__plan=preview.plan, item__assignments__pk__in=wanted)
                .distinct().select_related("item", "item__task"))
    by_pk = {a.pk: a for a in held}
    named = named_on_items(held)
    newest: dict[int, Report] = {}
    for report in Report.objects.filter(department=department, cycle=cycle, assignment_id__in=wanted).order_by("version"):
        newest[report.assignment_id] = report
    for entry in entries:
        assignment = by_pk.get(entry.key["a"])
        if assignment is None or not obliges(assignment, department.pk, named):
            problems.append(Problem(entry.row, None, "该任务分工已不存在或不再由本部门承担，请重新下载填报表"))
            continue
        report = newest.get(assignment.pk)
        before = _current(report)
        if entry.after == before:
            preview.unchanged += 1
            continue
        first = next(c for c, f in [*TEXT_FIELDS.items(), (COMPLETION, "completion")] if entry.after[f] != before[f])
        if report is not None and not report.is_editable:
            problems.append(Problem(entry.row, first, f"本期报告{report.get_state_display()}，已关闭，不能再修改"
                                    "（已确认或已审定的报告请在系统中以新版本更正）"))
            continue
        if (report.pk if report else 0) != entry.key["r"] or (report.revision if report else 0) != entry.key["v"]:
            problems.append(Problem(entry.row, None, "该报告在下载填报表之后已在系统中修改，请重新下载填报表后再填写"))
            continue
        preview.changes.append(Change(entry.row, f"{assignment.item.code} {assignment.item.text}", assignment.pk,
                                      entry.key["r"], entry.key["v"], before, entry.after))


def _current(report: Report | None) -> dict:
    """The report's four values as the sheet compares them (what an untouched row reads back as)."""
    if report is None:
        return {"progress": "", "problems": "", "next_steps": "", "completion": 0}
    values = {name: normalise(cell_text(getattr(report, name))) for name in TEXT_FIELDS.values()}
    values["completion"] = report.completion
    return values


# ---- filing ------------------------------------------------------------------------------------


def apply(user, token: str) -> int:
    """File the previewed changes as drafts, all or none; returns how many reports were saved."""
    try:
        payload = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        raise SheetRefused("填报表", [Problem(None, None, "预览已超过 1 小时，请重新上传")]) from None
    except signing.BadSignature:
        raise SheetRefused("填报表", [Problem(None, None, "确认信息无效，请重新上传")]) from None
    name = payload["n"]
    if payload["u"] != user.pk or payload["d"] != user.department_id:
        raise SheetRefused(name, [Problem(None, None, "只能确认本人上传的本部门填报表")])
    cycle = Cycle.objects.filter(zone_id=user.zone_id, plan_id=payload["p"], pk=payload["c"]).first()
    if cycle is None:
        raise SheetRefused(name, [Problem(None, None, "该填报表的方案或周期已不存在")])
    with transaction.atomic():
        for row, assignment_id, report_id, revision, *values in payload["x"]:
            fields = dict(zip(FIELD_LABELS, values))
            _file(user, cycle, name, row, assignment_id, report_id, revision, fields)
    return len(payload["x"])


def _file(user, cycle, name, row, assignment_id, report_id, revision, fields) -> None:
    assignment = Assignment.objects.filter(zone_id=user.zone_id, pk=assignment_id).first()
    if assignment is None or obligation_for(assignment, user.department) is None:
        raise SheetRefused(name, [Problem(row, None, "该任务分工已不存在或不再由本部门承担，请重新下载填报表")])
    if report_id == 0 and Report.objects.filter(assignment=assignment, department_id=user.department_id,
                                                cycle=cycle).exists():
        raise SheetRefused(name, [Problem(row, None, "该报告在下载填报表之后已在系统中填报，请重新下载填报表后再填写")])
    report = flow.open_draft(assignment, user.department, cycle, user)
    if report_id and report.pk != report_id:
        raise SheetRefused(name, [Problem(row, None, "该报告在下载填报表之后已有新版本，请重新下载填报表后再填写")])
    try:
        flow.save_draft(report, user, revision, **fields)
    except flow.FlowError as error:
        raise SheetRefused(name, [Problem(row, None, str(error))]) from error
