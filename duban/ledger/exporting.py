"""The Excel 台账 export as an export kind (duban.exports): asked for on the Excel 台账 page, built
in the request when small (a department's sheet, an ordinary plan), by the worker when large.

``scope`` is the one permission check of the export — the page runs it when the export is asked
for, the worker before building, the download before serving: another zone's plan, cycle, task or
department is 404; a department user exports its own department's ledger only (403 otherwise),
and only the office, the assessment office and leaders the whole zone's (``ledger_department``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duban.documents import xlsx
from duban.exports import running
from duban.exports.kinds import Kind
from duban.exports.models import Export
from duban.plans.models import Plan, Task
from duban.zones.models import Department

from . import workbook
from .models import Cycle
from .permissions import ledger_department, visible_reports

NAME = "ledger"


@dataclass(frozen=True)
class Scope:
    """What one ledger export holds: a plan as of a cycle, the whole zone or one department, all
    tasks or one, with the status as of ``today``."""

    plan: Plan
    cycle: Cycle
    department: Department | None
    task: Task | None
    today: date

    def parameters(self) -> dict:
        return {"plan": self.plan.pk, "cycle": self.cycle.pk, "today": self.today.isoformat(),
                "department": self.department.pk if self.department else None,
                "task": self.task.pk if self.task else None}

    @property
    def title(self) -> str:
        parts = [workbook.title_of(self.plan), self.cycle.label, self.department.name if self.department else "全部"]
        if self.task is not None:
            parts.append(f"{self.task.number}{self.task.title}")
        return " · ".join(parts)

    @property
    def file_name(self) -> str:
        scope = f"-{self.department.name}" if self.department else ""
        return f"{workbook.title_of(self.plan)}-{self.cycle.label}{scope}.xlsx"

    @property
    def rows(self) -> int:
        return workbook.row_count(self.plan, department=self.department, task=self.task)


def scope(user, parameters: dict) -> Scope:
    """The export the parameters name, as ``user`` may make it now (else 404 or 403)."""
    plan = get_object_or_404(Plan.objects.filter(zone_id=user.zone_id), pk=parameters["plan"])
    cycle = get_object_or_404(plan.cycles, pk=parameters["cycle"])
    department = (get_object_or_404(Department.objects.filter(zone_id=user.zone_id), pk=parameters["department"])
                  if parameters.get("department") else None)
    if ledger_department(user, department) != department:  # the whole zone, asked by a department
        raise PermissionDenied("只能导出本部门的台账")
    task = get_object_or_404(plan.tasks, pk=parameters["task"]) if parameters.get("task") else None
    return Scope(plan, cycle, department, task, date.fromisoformat(parameters["today"]))


def start(user, wanted: Scope) -> Export:
    scope(user, wanted.parameters())
    return running.start(user, NAME, wanted.parameters(), title=wanted.title, file_name=wanted.file_name,
                         rows=wanted.rows)


def check(user, parameters: dict) -> None:
    scope(user, parameters)


def write(user, parameters: dict, out, progress) -> None:
    s = scope(user, parameters)
    book = workbook.export(visible_reports(user), s.plan, s.cycle, s.today, department=s.department, task=s.task,
                           progress=progress)
    book.save(out)


KIND = Kind(NAME, "工作台账", xlsx.CONTENT_TYPE, check=check, write=write)
