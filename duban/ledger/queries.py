"""Read-side queries of the ledger pages; each runs a fixed number of SQL queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch

from duban.accounts.models import Role
from duban.plans.models import Assignment, Item, Plan

from .cycles import required_cycles
from .models import Cycle, ItemStatus, Report, ReportTransition
from .obligations import Obligation, obligations_of_department
from .permissions import visible_reports


def reports_with_details(queryset):
    return queryset.select_related("department", "cycle", "created_by").prefetch_related(
        "evidence", Prefetch("transitions", queryset=ReportTransition.objects.select_related("by"))
    )


@dataclass
class CycleReports:
    cycle: Cycle
    lead: list[Report] = field(default_factory=list)
    cooperating: list[Report] = field(default_factory=list)


def item_reports(user, item: Item) -> list[CycleReports]:
    """The reports on an item the user may read, newest cycle first, lead beside cooperating."""
    by_cycle: dict[int, CycleReports] = {}
    reports = reports_with_details(visible_reports(user).filter(item=item)).order_by(
        "-cycle__start", "department__order", "-version"
    )
    for report in reports:
        group = by_cycle.setdefault(report.cycle_id, CycleReports(report.cycle))
        (group.lead if report.is_lead else group.cooperating).append(report)
    return list(by_cycle.values())


@dataclass(frozen=True)
class Due:
    """One report a department owes: an obligation in a cycle, with its report if one is started."""

    obligation: Obligation
    cycle: Cycle
    report: Report | None
    overdue: bool


def department_dues(department, today: date) -> list[Due]:
    """What the department must still file: every started cycle without a filed report, oldest first."""
    dues = []
    plans = Plan.objects.filter(zone_id=department.zone_id)
    for plan in plans:
        cycles = [c for c in required_cycles(plan, list(plan.cycles.all())) if c.start <= today]
        if not cycles:
            continue
        obligations = obligations_of_department(department, plan)
        latest: dict[tuple[int, int], Report] = {}
        for report in Report.objects.filter(department=department, cycle__in=cycles).order_by("version"):
            latest[(report.assignment_id, report.cycle_id)] = report
        for cycle in cycles:
            for obligation in obligations:
                report = latest.get((obligation.assignment.pk, cycle.pk))
                if report is None or not report.is_filed:
                    dues.append(Due(obligation, cycle, report, overdue=cycle.due < today))
    dues.sort(key=lambda d: (d.cycle.due, d.obligation.item.task.order, d.obligation.item.order))
    return dues


def awaiting(user):
    """Reports waiting for this user's review step: heads approve their department's, the office accepts."""
    reports = Report.objects.none()
    if user.has_role(Role.HEAD):
        reports = reports | Report.objects.filter(department_id=user.department_id, state=Report.State.SUBMITTED)
    if user.has_role(Role.OFFICE):
        reports = reports | Report.objects.filter(zone_id=user.zone_id, state=Report.State.APPROVED)
    return reports.select_related("department", "cycle", "item", "item__task").order_by("cycle__due", "pk")


def returned(user):
    return (
        Report.objects.filter(department_id=user.department_id, state=Report.State.RETURNED)
        .select_related("cycle", "item", "item__task")
        .order_by("cycle__due")
    )


def overview(zone_id: int, *, task=None, department=None, colour: str = ""):
    """Items of the zone with their status and lead departments, filtered; and the colour counts of that list."""
    items = Item.objects.filter(zone_id=zone_id)
    if task is not None:
        items = items.filter(task=task)
    if department is not None:
        items = items.filter(assignments__role=Assignment.Role.LEAD, assignments__department=department)
    counts = dict(
        ItemStatus.objects.filter(item__in=items.values("pk")).values_list("colour").annotate(n=Count("pk"))
    )
    if colour:
        items = items.filter(status__colour=colour)
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("department")
    items = (
        items.select_related("task", "task__plan", "status")
        .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="leads"))
        .order_by("-task__plan__year", "task__order", "order")
        .distinct()
    )
    return items, counts



def department_items(department):
    """The department's items with their status: (led, supported), for the inbox's 本部门任务."""
    from duban.plans.queries import led_items, supported_items

    return (
        led_items(department).select_related("status"),
        supported_items(department).select_related("status"),
    )
