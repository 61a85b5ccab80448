"""Who must report on what: one obligation per (assignment, department).

An assignment to a named department is one obligation; an assignment to 各部门
is an obligation for every department of the zone, except a department that
already holds the item in another assignment (a lead department does not also
report as one of 各部门).
"""

from __future__ import annotations

from dataclasses import dataclass

from duban.plans.models import Assignment, Item
from duban.zones.models import Department


@dataclass(frozen=True)
class Obligation:
    assignment: Assignment
    department: Department

    @property
    def item(self) -> Item:
        return self.assignment.item

    @property
    def is_lead(self) -> bool:
        return self.assignment.role == Assignment.Role.LEAD


def expand(assignments, departments) -> list[Obligation]:
    """Obligations of the given assignments (all of one zone), with 各部门 spread over ``departments``."""
    named = named_on_items(assignments)
    result = []
    for assignment in assignments:
        if assignment.department_id is not None:
            result.append(Obligation(assignment, assignment.department))
        else:
            result.extend(
                Obligation(assignment, department)
                for department in departments
                if obliges(assignment, department.pk, named)
            )
    return result


def named_on_items(assignments) -> set[tuple[int, int]]:
    """(item, department) for every department the given assignments name."""
    return {(a.item_id, a.department_id) for a in assignments if a.department_id is not None}


def obliges(assignment, department_id: int, named: set[tuple[int, int]]) -> bool:
    """Does ``assignment`` oblige the department?  It names it; or it is 各部门 and the item does
    not name that department in another assignment (``named``: ``named_on_items`` of the item's)."""
    if assignment.department_id is not None:
        return assignment.department_id == department_id
    return (assignment.item_id, department_id) not in named


def obligations_of_plan(plan) -> list[Obligation]:
    assignments = list(
        Assignment.objects.filter(item__task__plan=plan).select_related("department", "item", "item__task")
    )
    return expand(assignments, list(Department.objects.filter(zone_id=plan.zone_id)))


def obligations_of_department(department: Department, plan=None) -> list[Obligation]:
    assignments = Assignment.objects.filter(zone_id=department.zone_id).select_related("department", "item", "item__task")
    if plan is not None:
        assignments = assignments.filter(item__task__plan=plan)
    mine = [a for a in assignments if a.department_id in (None, department.pk)]
    return [o for o in expand(mine, [department]) if o.department.pk == department.pk]


def obligation_for(assignment: Assignment, department: Department) -> Obligation | None:
    """The obligation behind (assignment, department), or None when that department has none there."""
    if assignment.department_id == department.pk:
        return Obligation(assignment, department)
    if assignment.department_id is None and assignment.zone_id == department.zone_id:
        named_elsewhere = Assignment.objects.filter(item_id=assignment.item_id, department=department).exists()
        return None if named_elsewhere else Obligation(assignment, department)
    return None
