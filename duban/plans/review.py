"""The office's review of an import: doubtful items first, and the corrections made before confirming.

The preview lists every item beside its source lines, the ones the import is unsure of first
(lowest confidence first), each with fields for its parties, deadline and targets filled in with
what was read.  On confirm, ``read_corrections`` compares what came back with what was read and
keeps only the changes; ``Corrections.apply`` makes them on the freshly written rows, inside the
import's transaction, as ordinary saves and deletes — so the audit trail records each correction
as a change by the office user, from the parser's value to the office's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .importing import ImportPreview, department_lookup, roles_of
from .models import IMPORT_CORRECTION, Assignment, Item, Plan, Target
from .parsing import ALL_DEPARTMENTS
from .parsing.deadlines import parse_deadline
from .parsing.draft import ItemDraft, PlanDraft, TaskDraft

#: The longest department name the registry holds (Department.name).
_NAME_MAX_LENGTH = 100
#: How the office separates names in a party field: 、 ， , ； ; or blanks.
_SEPARATORS = re.compile(r"[、，,；;\s]+")
ROLE_FIELDS = {Assignment.Role.LEAD: "lead", Assignment.Role.COOPERATING: "cooperating",
               Assignment.Role.RESPONSIBLE: "responsible"}
#: The empty "add a target" fields under each item: ``{key}-newtarget-{name}``.
NEW_TARGET_BLANK = {"subject": "", "comparator": Target.Comparator.AT_MOST, "value": "", "unit": ""}


@dataclass
class TargetRow:
    index: int
    subject: str
    comparator: str
    value: str  # as shown in the field
    unit: str
    kind: str
    delete: bool = False


@dataclass
class ReviewItem:
    key: str  # "3-2": the task's and the item's position in the draft; the same file parses the same
    task: TaskDraft
    item: ItemDraft
    lines: list[tuple[int, str]]  # the source lines, numbered
    confidence: float
    doubts: list[str]
    values: dict[str, str] = field(default_factory=dict)  # what the fields show: read, or as submitted
    targets: list[TargetRow] = field(default_factory=list)
    new_target: dict[str, str] = field(default_factory=lambda: dict(NEW_TARGET_BLANK))  # a target to add

    @property
    def is_doubtful(self) -> bool:
        return bool(self.doubts) or self.confidence < 1


def names_text(names: list[str]) -> str:
    return "、".join(names)


def split_names(text: str) -> list[str]:
    return list(dict.fromkeys(n for n in _SEPARATORS.split(text.strip()) if n))


def _value_text(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def review_items(preview: ImportPreview, submitted=None) -> list[ReviewItem]:
    """Every item with its source lines, doubtful ones first; fields show ``submitted`` where given."""
    lines = preview.text.splitlines()
    result = []
    for t, task in enumerate(preview.draft.tasks):
        for i, item in enumerate(task.items):
            confidence, doubts = preview.item_doubts(item)
            source = item.source(lines)
            entry = ReviewItem(f"{t}-{i}", task, item, source, confidence, doubts)
            entry.values = {field_name: names_text(names) for role, names in roles_of(item)
                            for field_name in [ROLE_FIELDS[role]]}
            entry.values["deadline"] = item.deadline.text if item.deadline else ""
            entry.targets = [
                TargetRow(n, target.subject, target.comparator or "", _value_text(target.value), target.unit, target.kind)
                for n, target in enumerate(item.targets)
            ]
            if submitted is not None:
                _fill_submitted(entry, submitted)
            result.append(entry)
    order = {id(entry): n for n, entry in enumerate(result)}
    return sorted(result, key=lambda e: (not e.is_doubtful, e.confidence, order[id(e)]))


def _fill_submitted(entry: ReviewItem, submitted) -> None:
    for name in entry.values:
        entry.values[name] = submitted.get(f"{entry.key}-{name}", entry.values[name])
    for name in entry.new_target:
        entry.new_target[name] = submitted.get(f"{entry.key}-newtarget-{name}", entry.new_target[name])
    for row in entry.targets:
        prefix = f"{entry.key}-target-{row.index}"
        for name in ("subject", "comparator", "value", "unit"):
            setattr(row, name, submitted.get(f"{prefix}-{name}", getattr(row, name)))
        row.delete = bool(submitted.get(f"{prefix}-delete"))


# --- corrections ----------------------------------------------------------------------------

@dataclass
class TargetChange:
    """A target the office changed in the preview: what it now says."""

    subject: str
    comparator: str  # "" for a deliverable
    value: Decimal | None
    unit: str


@dataclass
class ItemCorrection:
    task_order: int
    item_order: int
    code: str  # how the office cites the item in messages: （八）第3项
    parties: dict[str, list[str]] = field(default_factory=dict)  # role → corrected names
    deadline: str | None = None  # corrected 完成时限 text ("" clears it)
    targets: dict[int, TargetChange | None] = field(default_factory=dict)  # index → the change, None deletes
    new_targets: list[NewTarget] = field(default_factory=list)  # targets the office added

    def __bool__(self) -> bool:
        return bool(self.parties or self.deadline is not None or self.targets or self.new_targets)


@dataclass
class NewTarget:
    subject: str
    kind: str
    comparator: str  # "" for a deliverable
    value: Decimal | None
    unit: str


@dataclass
class Corrections:
    year: int
    items: list[ItemCorrection] = field(default_factory=list)
    # Department names the office typed that neither the registry nor the plan knows: created on confirm.
    new_departments: list[str] = field(default_factory=list)
    title: str | None = None  # the plan's title as the office corrected it

    def __bool__(self) -> bool:
        return bool(self.items or self.title is not None)

    def names_in_use(self, draft: PlanDraft) -> set[str]:
        """Every department name an item names once these corrections are made (what to create)."""
        corrected = {(c.task_order, c.item_order): c.parties for c in self.items}
        used: set[str] = set()
        for task in draft.tasks:
            for order, item in enumerate(task.items, start=1):
                parties = corrected.get((task.order, order), {})
                for role, names in roles_of(item):
                    used.update(parties.get(role, names))
        return used

    def apply(self, plan: Plan) -> None:
        """Make the corrections on the plan's rows just written (inside the import's transaction).

        Every row changed here carries the note ``IMPORT_CORRECTION`` onto the audit trail, and each
        corrected item has its doubts marked as checked by the office.
        """
        if self.title is not None:
            plan.title = self.title
            _save(plan)
        lookup = department_lookup(plan.zone)
        for correction in self.items:
            item = Item.objects.get(task__plan=plan, task__order=correction.task_order, order=correction.item_order)
            _correct_parties(item, correction.parties, lookup)
            if correction.deadline is not None:
                _set_deadline(item, correction.deadline, self.year)
            for index, change in correction.targets.items():
                target = item.targets.get(order=index)
                if change is None:
                    _delete(target)
                else:
                    target.subject, target.comparator, target.value, target.unit = (
                        change.subject, change.comparator, change.value, change.unit)
                    _save(target)
            _add_targets(item, correction.new_targets)
            item.mark_checked()
            _save(item)


def _save(row) -> None:
    row.audit_note = IMPORT_CORRECTION
    row.save()


def _delete(row) -> None:
    row.audit_note = IMPORT_CORRECTION
    row.delete()


def item_code(task: TaskDraft, item: ItemDraft) -> str:
    """How the office cites an item in messages: （八）第3项, 保障措施·（一）第1项 (as ``Item.code``)."""
    return f"{task.code}{'第' + item.number + '项' if item.number else ''}"


def read_corrections(preview: ImportPreview, submitted) -> tuple[Corrections, list[str]]:
    """The office's changes (only what differs from what was read), and a Chinese line per problem."""
    known = set(department_lookup(preview.zone)) if preview.zone.pk else set()
    known |= {m.draft.name for m in preview.departments} | {ALL_DEPARTMENTS}
    corrections, errors = Corrections(preview.year), []
    corrections.title, problem = _read_title(preview.draft.title, submitted.get("title"))
    if problem:
        errors.append(problem)
    for entry in review_items(preview):
        code = item_code(entry.task, entry.item)
        correction = ItemCorrection(entry.task.order, int(entry.key.split("-")[1]) + 1, code)
        for role, names in roles_of(entry.item):
            sent = submitted.get(f"{entry.key}-{ROLE_FIELDS[role]}")
            if sent is None or split_names(sent) == list(dict.fromkeys(names)):
                continue
            typed = split_names(sent)
            too_long = [n for n in typed if len(n) > _NAME_MAX_LENGTH]
            if too_long:
                errors.append(f"{code}：部门名称“{too_long[0][:20]}…”过长（不超过 {_NAME_MAX_LENGTH} 字）")
            # A name neither the registry nor the plan knows is a department the office names: new.
            corrections.new_departments += [n for n in typed if n not in known and n not in corrections.new_departments]
            correction.parties[role] = typed
        sent = submitted.get(f"{entry.key}-deadline")
        if sent is not None and sent.strip() != entry.values["deadline"]:
            text = sent.strip()
            parsed = parse_deadline(text, preview.year) if text else None
            if parsed is not None and parsed.date is None and not parsed.ongoing:
                errors.append(f"{code}：完成时限“{text}”无法识别（可写 2020年6月底前、年底前、持续推进 等）")
            correction.deadline = text
        for row in entry.targets:
            change, problem = _read_target_change(entry.key, row, submitted)
            if problem:
                errors.append(f"{code}：{problem}")
            elif change is not _UNCHANGED:
                correction.targets[row.index] = change
        added, problem = _read_new_target(entry.key, submitted)
        if problem:
            errors.append(f"{code}：{problem}")
        elif added is not None:
            correction.new_targets.append(added)
        if correction:
            corrections.items.append(correction)
    return corrections, errors


#: The longest plan title the database holds (Plan.title).
_TITLE_MAX_LENGTH = 200


def _read_title(read: str, sent: str | None) -> tuple[str | None, str]:
    """The plan's title as the office corrected it (None: unchanged), or the problem."""
    title = read if sent is None else " ".join(sent.split())
    if not title:
        return None, "方案标题不能为空（文件中没有识别出标题，请填写）"
    if len(title) > _TITLE_MAX_LENGTH:
        return None, f"方案标题过长（不超过 {_TITLE_MAX_LENGTH} 字）"
    return (None if title == read else title), ""


_UNCHANGED = object()


def _read_target_change(key: str, row: TargetRow, submitted) -> tuple[object, str]:
    """What the office made of a target read from the text: ``_UNCHANGED``, None (deleted) or a
    TargetChange; or the problem with what it typed."""
    prefix = f"{key}-target-{row.index}"
    if submitted.get(f"{prefix}-delete"):
        return None, ""
    sent = {name: submitted.get(f"{prefix}-{name}", getattr(row, name)).strip()
            for name in ("subject", "comparator", "value", "unit")}
    if tuple(sent.values()) == (row.subject, row.comparator, row.value, row.unit):
        return _UNCHANGED, ""
    name = sent["subject"] or row.subject
    if not sent["subject"]:
        return None, f"指标“{row.subject}”的名称不能为空（不要该指标请勾选删除）"
    if len(sent["subject"]) > _SUBJECT_MAX_LENGTH:
        return None, f"指标“{name[:20]}…”的名称过长（不超过 {_SUBJECT_MAX_LENGTH} 字）"
    if row.kind == Target.Kind.DELIVERABLE:
        return TargetChange(sent["subject"], "", None, ""), ""
    if sent["comparator"] not in Target.Comparator.values:
        return None, f"指标“{name}”的比较方式无法识别"
    if not sent["value"]:
        return None, f"指标“{name}”的目标值不能为空（不要该指标请勾选删除）"
    value = _number(sent["value"])
    if value is None:
        return None, f"指标“{name}”的目标值“{sent['value']}”不是数字"
    return TargetChange(sent["subject"], sent["comparator"], value, sent["unit"]), ""


#: Target.value holds 12 digits, 3 of them after the point.
_VALUE_LIMIT = Decimal(10) ** 9


def _number(text: str) -> Decimal | None:
    """A target value as typed ("15", "0.5"), or None when it is no number Target.value can hold."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < _VALUE_LIMIT else None


#: The longest target subject the database holds (Target.subject).
_SUBJECT_MAX_LENGTH = 200


def _read_new_target(key: str, submitted) -> tuple[NewTarget | None, str]:
    """The target the office added under an item (None when the fields are left empty), or the problem.

    With a value it is a quantity (不超过/不少于/等于 the value, in the unit); without one, a document
    the item must deliver (成果文件).
    """
    sent = {name: submitted.get(f"{key}-newtarget-{name}", default).strip() for name, default in NEW_TARGET_BLANK.items()}
    if not (sent["subject"] or sent["value"] or sent["unit"]):
        return None, ""
    if not sent["subject"]:
        return None, "新增指标须填写指标名称"
    if len(sent["subject"]) > _SUBJECT_MAX_LENGTH:
        return None, f"新增指标“{sent['subject'][:20]}…”的名称过长（不超过 {_SUBJECT_MAX_LENGTH} 字）"
    if not sent["value"]:
        if sent["unit"]:
            return None, f"新增指标“{sent['subject']}”有单位但没有目标值"
        return NewTarget(sent["subject"], Target.Kind.DELIVERABLE, "", None, ""), ""
    value = _number(sent["value"])
    if value is None:
        return None, f"新增指标“{sent['subject']}”的目标值“{sent['value']}”不是数字"
    if sent["comparator"] not in Target.Comparator.values:
        return None, f"新增指标“{sent['subject']}”的比较方式无法识别"
    return NewTarget(sent["subject"], Target.Kind.QUANTITY, sent["comparator"], value, sent["unit"]), ""


def _add_targets(item: Item, added: list[NewTarget]) -> None:
    last = item.targets.order_by("-order").values_list("order", flat=True).first()
    for order, new in enumerate(added, start=0 if last is None else last + 1):
        _save(Target(
            zone_id=item.zone_id, item=item, subject=new.subject, kind=new.kind, comparator=new.comparator,
            value=new.value, unit=new.unit, order=order,
        ))


def _correct_parties(item: Item, parties: dict[str, list[str]], lookup) -> None:
    wanted = {
        role: [None if n == ALL_DEPARTMENTS else lookup[n] for n in names] for role, names in parties.items()
    }
    # Deletes first: a department moved from one role to another must leave before it arrives.
    for assignment in list(item.assignments.filter(role__in=wanted)):
        if assignment.department not in wanted[assignment.role]:
            _delete(assignment)
    for role, departments in wanted.items():
        existing = {a.department_id: a for a in item.assignments.filter(role=role)}
        for order, department in enumerate(departments):
            key = department.pk if department is not None else None
            assignment = existing.get(key)
            if assignment is None:
                _save(Assignment(zone_id=item.zone_id, item=item, role=role, department=department, order=order))
            elif assignment.order != order:
                assignment.order = order
                _save(assignment)


def _set_deadline(item: Item, text: str, year: int) -> None:
    parsed = parse_deadline(text, year) if text else None
    item.deadline = parsed.date if parsed else None
    item.deadline_text = text
    item.ongoing = bool(parsed and parsed.ongoing)
