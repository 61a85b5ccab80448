"""Turn a plan document into database rows: preview first, then one atomic import.

The parser (``duban.plans.parsing``) knows nothing of the database; this module
matches its department names against the zone's registry and writes the
Plan/Task/Item/Assignment/Target rows in one transaction, so a failure leaves
the database exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from duban.zones.models import Department, Zone

from .models import Assignment, Item, Plan, Target, Task
from .parsing import ALL_DEPARTMENTS, PlanDraft, PlanParseError, parse_plan, read_document
from .parsing.departments import department_kind
from .parsing.draft import DepartmentDraft, ItemDraft
from .signals import plan_imported
from .uploads import check_upload

_PARENTHESISED = re.compile(r"[（(][^）)]*[）)]")


@dataclass
class DepartmentMatch:
    draft: DepartmentDraft
    department: Department | None  # None: not in the registry, will be created

    @property
    def is_new(self) -> bool:
        return self.department is None


@dataclass
class ImportPreview:
    zone: Zone
    filename: str
    data: bytes
    text: str  # the document as the parser read it; items point into it by line
    draft: PlanDraft
    year: int
    departments: list[DepartmentMatch] = field(default_factory=list)
    existing_plan: Plan | None = None  # this very file was imported before

    @property
    def checksum(self) -> str:
        return sha256(self.data)

    @property
    def new_departments(self) -> list[DepartmentDraft]:
        return [m.draft for m in self.departments if m.is_new]

    @property
    def new_names(self) -> set[str]:
        return {m.draft.name for m in self.departments if m.is_new}

    def item_doubts(self, item: ItemDraft, imported: bool = False) -> tuple[float, list[str]]:
        """The item's confidence and doubts as the preview shows them (see ``item_doubts``), or as
        the imported item keeps them (``imported``: the new departments have been created)."""
        return item_doubts(item, self.unknown_names, self.new_names, imported=imported)

    @property
    def unknown_names(self) -> set[str]:
        """New names that make an item doubtful: only where the zone has a registry to miss.

        A zone's first plan creates its registry, and every name in it is new, none suspect.
        """
        has_registry = bool(self.zone.pk) and self.zone.departments.exists()
        return self.new_names if has_registry else set()

    def tasks_with_sources(self):
        """[(task, [(item, [(line number, original line), …]), …]), …]: what was understood beside what was written."""
        lines = self.text.splitlines()
        return [
            (task, [(item, item.source(lines)) for item in task.items])
            for task in self.draft.tasks
        ]

    def to_json(self) -> dict:
        result = self.draft.to_json()
        result["year"] = self.year
        # Each item's confidence and doubts as the preview shows them: the parser's and the registry's.
        for task, task_json in zip(self.draft.tasks, result["tasks"]):
            for item, item_json in zip(task.items, task_json["items"]):
                item_json["confidence"], item_json["doubts"] = self.item_doubts(item)
        matches = {m.draft.name: m for m in self.departments}
        for entry in result["departments"]:
            match = matches[entry["name"]]
            entry["new"] = match.is_new
            entry["matched"] = None if match.is_new else match.department.name
        return result


@dataclass
class ImportResult:
    plan: Plan
    created: bool  # False: the same file was already imported, nothing written
    new_departments: list[Department] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def department_lookup(zone: Zone) -> dict[str, Department]:
    """Every spelling of every department of the zone → the department.

    A name written with its merged office in brackets, 组织部（人社局）, is also
    reachable by the part outside the brackets.
    """
    lookup: dict[str, Department] = {}
    for department in zone.departments.all():
        for spelling in department.spellings():
            lookup.setdefault(spelling, department)
            bare = _PARENTHESISED.sub("", spelling)
            if bare and bare != spelling:
                lookup.setdefault(bare, department)
    return lookup


def match_departments(zone: Zone, draft: PlanDraft) -> list[DepartmentMatch]:
    lookup = department_lookup(zone) if zone.pk else {}
    matches = []
    for entry in _named_departments(draft):
        found = next((lookup[s] for s in [entry.name, *entry.aliases] if s in lookup), None)
        matches.append(DepartmentMatch(entry, found))
    return matches


def _named_departments(draft: PlanDraft) -> list[DepartmentDraft]:
    """The draft's departments, plus any name an item uses that the list left out (none should)."""
    listed = {d.name for d in draft.departments}
    extra = [
        name for item in draft.items for name in (*item.lead, *item.cooperating, *item.responsible)
        if name != ALL_DEPARTMENTS and name not in listed
    ]
    return [*draft.departments, *(DepartmentDraft(n, kind=department_kind(n)) for n in dict.fromkeys(extra))]


#: Names of an item that the zone's registry does not know, as the preview says it; once imported,
#: the item keeps the doubt as ``UNKNOWN_NAMES_CREATED`` says it (the departments exist now).
UNKNOWN_NAMES = "部门“{names}”不在部门名录中，确认后将新建"
UNKNOWN_NAMES_CREATED = "部门“{names}”不在部门名录中，导入时已新建"
#: A party name the parser completed from shorthand, which the zone's registry does not confirm.
COMPLETED_NAME = "部门简称“{written}”已补全为“{name}”，请核对"
_COMPLETED_NAME_CONFIDENCE = 0.8


def item_doubts(
    item: ItemDraft, unknown_names: set[str], new_names: set[str] = frozenset(), *, imported: bool = False
) -> tuple[float, list[str]]:
    """How sure the import is of an item, and why not: the parser's doubts and the registry's.

    The parser knows where it guessed; the importer adds what only the zone's registry can tell:
    an item without a lead, names that match no department (a typo, or really a new one), and
    names completed from shorthand ("奇台" → 奇台县协调办) that are not the registry's (``new_names``:
    a completion the registry confirms is no guess).
    """
    confidence, doubts = item.confidence, list(item.doubts)
    for name, written in item.completed.items():
        if name in new_names:
            doubts.append(COMPLETED_NAME.format(written=written, name=name))
            confidence = min(confidence, _COMPLETED_NAME_CONFIDENCE)
    if not item.lead:
        doubts.append("未识别出牵头部门")
        confidence = min(confidence, 0.5)
    unknown = [n for n in dict.fromkeys((*item.lead, *item.cooperating, *item.responsible)) if n in unknown_names]
    if unknown:
        doubts.append((UNKNOWN_NAMES_CREATED if imported else UNKNOWN_NAMES).format(names="、".join(unknown)))
        confidence = min(confidence, 0.8)
    return confidence, doubts


def read_plan(data: bytes, filename: str) -> tuple[str, PlanDraft]:
    """Check, decode and parse a document (no database).  Raises PlanParseError with a message naming the file."""
    check_upload(data, filename)
    text = read_document(data, filename)
    try:
        return text, parse_plan(text)
    except PlanParseError as error:
        raise PlanParseError(f"{filename}：{error}") from error


def preview_import(zone: Zone, data: bytes, filename: str, *, year: int | None = None,
                   parsed: tuple[str, PlanDraft] | None = None) -> ImportPreview:
    """What importing this file into the zone would do, without writing anything."""
    text, draft = parsed or read_plan(data, filename)
    plan_year = year or draft.year
    if not plan_year:
        raise PlanParseError(f"{filename}：无法从标题识别方案年度，请指定年度")
    existing = Plan.objects.filter(zone=zone, checksum=sha256(data)).first() if zone.pk else None
    return ImportPreview(zone, filename, data, text, draft, plan_year, match_departments(zone, draft), existing)


def import_plan(preview: ImportPreview, *, user=None, corrections=None) -> ImportResult:
    """Write the previewed plan.  Idempotent: the same file imported twice gives the same plan.

    ``corrections`` (duban.plans.review.Corrections) are the office's changes made in the preview:
    applied right after the rows are written, in the same transaction, as updates — so the audit
    trail shows what the parser read and what the office changed it to.
    """
    if preview.existing_plan is not None:
        return ImportResult(preview.existing_plan, created=False)
    zone = preview.zone
    with transaction.atomic():
        if Plan.objects.filter(zone=zone, checksum=preview.checksum).exists():
            # Another request imported it between preview and confirm.
            return ImportResult(Plan.objects.get(zone=zone, checksum=preview.checksum), created=False)
        title = corrections.title if corrections is not None and corrections.title is not None else preview.draft.title
        if Plan.objects.filter(zone=zone, title=title, year=preview.year).exists():
            raise PlanParseError(
                f"{preview.filename}：本开发区已有 {preview.year} 年度的《{title}》，但文件内容不同；"
                "如需替换，请先删除原方案"
            )
        # A name the office corrected away everywhere (a misspelling) is not made a department.
        in_use = corrections.names_in_use(preview.draft) if corrections is not None else None
        typed = [
            DepartmentMatch(DepartmentDraft(name, kind=department_kind(name)), None)
            for name in (corrections.new_departments if corrections is not None else [])
        ]
        departments, created = _resolve_departments(zone, [*preview.departments, *typed], in_use)
        plan = Plan.objects.create(
            zone=zone,
            title=preview.draft.title,
            year=preview.year,
            description=preview.draft.description,
            source_name=preview.filename,
            source_file=preview.data,
            source_text=preview.text,
            checksum=preview.checksum,
            imported_by=user if user is not None and user.is_authenticated else None,
        )
        corrected = {(c.task_order, c.item_order) for c in corrections.items} if corrections is not None else set()
        _write_tasks(plan, preview, departments, corrected)
        if corrections is not None:
            corrections.apply(plan)
        plan_imported.send(sender=Plan, plan=plan)  # inside the transaction: all or nothing
    return ImportResult(plan, created=True, new_departments=created)


def roles_of(item: ItemDraft) -> list[tuple[str, list[str]]]:
    """The item's parties by role, in the order the pages show them."""
    return [
        (Assignment.Role.LEAD, item.lead),
        (Assignment.Role.COOPERATING, item.cooperating),
        (Assignment.Role.RESPONSIBLE, item.responsible),
    ]


def _resolve_departments(
    zone: Zone, matches: list[DepartmentMatch], in_use: set[str] | None = None
) -> tuple[dict[str, Department], list[Department]]:
    """The registry's department for every name; new names created, except those not ``in_use``."""
    by_name: dict[str, Department] = {}
    created: list[Department] = []
    next_order = (zone.departments.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for match in matches:
        department = match.department
        if department is None and in_use is not None and match.draft.name not in in_use:
            continue
        if department is None:
            department = Department.objects.create(
                zone=zone, name=match.draft.name, aliases=list(match.draft.aliases), kind=match.draft.kind,
                order=next_order,
            )
            next_order += 1
            created.append(department)
        by_name[match.draft.name] = department
    return by_name, created


def _write_tasks(
    plan: Plan, preview: ImportPreview, departments: dict[str, Department], corrected: set[tuple[int, int]]
) -> None:
    """The plan's tasks, items, assignments and targets as read.  An item the office corrects next
    (``corrected``: (task order, item order)) keeps its doubts as the preview showed them, to be
    marked as checked; the others say that the departments they name were created."""
    zone = plan.zone
    for task_draft in preview.draft.tasks:
        task = Task.objects.create(
            zone=zone, plan=plan, number=task_draft.number, title=task_draft.title, order=task_draft.order,
            part=task_draft.part,
        )
        for item_order, item_draft in enumerate(task_draft.items, start=1):
            deadline = item_draft.deadline
            confidence, doubts = preview.item_doubts(item_draft, imported=(task_draft.order, item_order) not in corrected)
            item = Item.objects.create(
                zone=zone, task=task, number=item_draft.number, order=item_order, text=item_draft.text,
                deadline=deadline.date if deadline else None,
                deadline_text=deadline.text if deadline else "",
                ongoing=bool(deadline and deadline.ongoing),
                line_start=item_draft.line_start, line_end=item_draft.line_end,
                column_start=item_draft.column, column_end=item_draft.end_column,
                confidence=confidence, doubts=doubts,
            )
            # One save each, not bulk_create: assignments and targets are on the audit trail, whose
            # signals bulk writes skip.  A plan has a few dozen of them.
            for role, names in roles_of(item_draft):
                # A name left out of ``departments`` was corrected away in this role: the office's
                # correction, applied next, writes what replaces it.
                kept = [n for n in dict.fromkeys(names) if n == ALL_DEPARTMENTS or n in departments]
                for order, name in enumerate(kept):
                    Assignment.objects.create(
                        zone=zone, item=item, role=role, order=order,
                        department=None if name == ALL_DEPARTMENTS else departments[name],
                    )
            for order, t in enumerate(item_draft.targets):
                Target.objects.create(
                    zone=zone, item=item, subject=t.subject, kind=t.kind, comparator=t.comparator or "",
                    value=None if t.value is None else Decimal(str(t.value)), unit=t.unit, order=order,
                )
