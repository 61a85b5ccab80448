"""Read-side queries of the ledger pages; each runs a fixed number of SQL queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch

from duban.accounts.models import Role
from duban.plans.models import Assignment, Item, Plan
from duban.zones.models import Department

from .cycles import required_cycles
from .models import Cycle, ItemStatus, Report, ReportTransition
from .obligations import Obligation, expand, obligations_of_department
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


@dataclass
class Cooperation:
    """Beside a lead report: the cooperating departments' reports of its item and cycle, and who has not filed."""

    reports: list[Report]
    missing: list[Department]

    def __bool__(self) -> bool:
        # An item without cooperating departments shows no column beside the lead's report.
        return bool(self.reports or self.missing)


def cooperation(user, lead: Report) -> Cooperation:
    """What the office reviews with the lead's report (the version of each cooperating report that stands)."""
    same_period = visible_reports(user).filter(item_id=lead.item_id, cycle_id=lead.cycle_id, is_lead=False)
    reports = standing(reports_with_details(same_period).order_by("department__order", "version"))
    filed = {(r.assignment_id, r.department_id) for r in reports if r.is_filed}
    missing = [o.department for o in _cooperating_obligations(lead.item)
               if (o.assignment.pk, o.department.pk) not in filed]
    return Cooperation(reports, missing)


def lead_reports_beside(user, report: Report) -> list[Report]:
    """The lead reports a cooperating report goes with (those this user may read)."""
    same_period = visible_reports(user).filter(item_id=report.item_id, cycle_id=report.cycle_id, is_lead=True)
    return standing(same_period.select_related("department").order_by("department__order", "version"))


def standing(reports) -> list[Report]:
    """Per (assignment, department), the version that stands: the newest filed one, else the newest.

    ``reports`` come oldest version first, so a correction still in draft does not hide the
    filed version the office and the lead rely on.
    """
    standing: dict[tuple[int, int], Report] = {}
    for report in reports:
        key = (report.assignment_id, report.department_id)
        held = standing.get(key)
        if held is None or report.is_filed or not held.is_filed:
            standing[key] = report
    return list(standing.values())


def _cooperating_obligations(item: Item) -> list[Obligation]:
    assignments = list(item.assignments.select_related("department", "item"))
    everyone = any(a.department_id is None for a in assignments)
    # Departments are needed only to spread 各部门 over the zone.
    departments = list(Department.objects.filter(zone_id=item.zone_id)) if everyone else []
    return [o for o in expand(assignments, departments) if not o.is_lead]


@dataclass(frozen=True)
class Due:
    """One report a department owes: an obligation in a cycle, with its report if one is started."""

    obligation: Obligation
    cycle: Cycle
    report: Report | None
    overdue: bool


def department_dues(department, today: date) -> list[Due]:
    """What the department must still file: every started cycle without a filed report, oldest first.

    A done item (the office accepted its 已完成) owes nothing more, as the reminders agree.
    """
    # Five queries whatever the number of plans: plans with schedules, their cycles, the done
    # items, the department's obligations in every plan, its reports in every started cycle.
    plans = Plan.objects.filter(zone_id=department.zone_id).select_related("schedule").prefetch_related("cycles")
    started = {plan.pk: [c for c in required_cycles(plan, list(plan.cycles.all())) if c.start <= today]
               for plan in plans}
    done = set(ItemStatus.objects.filter(zone_id=department.zone_id, done=True).values_list("item_id", flat=True))
    obligations: dict[int, list[Obligation]] = {}
    for obligation in obligations_of_department(department):
        if obligation.item.pk not in done:
            obligations.setdefault(obligation.item.task.plan_id, []).append(obligation)
    latest, filed = _reports_by_obligation(department, [c for cycles in started.values() for c in cycles])
    dues = []
    for plan_id, cycles in started.items():
        for cycle in cycles:
            for obligation in obligations.get(plan_id, []):
                key = (obligation.assignment.pk, cycle.pk)
                if key not in filed:
                    dues.append(Due(obligation, cycle, latest.get(key), overdue=cycle.due < today))
    dues.sort(key=lambda d: (d.cycle.due, d.obligation.item.task.order, d.obligation.item.order))
    return dues


def _reports_by_obligation(department, cycles):
    """The newest report per (assignment, cycle), and the (assignment, cycle) pairs filed in any version.

    A cycle once filed stays filed while its correction is a draft (or returned): the old version
    still stands, as the reminders and the RAG status count it (any version in Report.FILED).
    """
    latest: dict[tuple[int, int], Report] = {}
    filed: set[tuple[int, int]] = set()
    for report in Report.objects.filter(department=department, cycle__in=cycles).order_by("version"):
        key = (report.assignment_id, report.cycle_id)
        latest[key] = report
        if report.is_filed:
            filed.add(key)
    return latest, filed


def awaiting(user):
    """Reports waiting for this user's review step: heads approve their department's, the office
    accepts the lead departments' (a cooperating report is final at its head's approval)."""
    reports = Report.objects.none()
    if user.has_role(Role.HEAD):
        reports = reports | Report.objects.filter(department_id=user.department_id, state=Report.State.SUBMITTED)
    if user.has_role(Role.OFFICE):
        reports = reports | Report.objects.filter(zone_id=user.zone_id, state=Report.State.APPROVED, is_lead=True)
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
    # Counted over the list itself (an item not yet assessed counts as None), so they always add
    # up to the list's length.
    counts = dict(
        Item.objects.filter(pk__in=items.values("pk")).values_list("status__colour").annotate(n=Count("pk"))
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



def department_items(department) -> list[Item]:
    """The department's items with their status, led ones first (``item.role``: 牵头 or 配合),
    for the inbox's 本部门任务."""
    from duban.plans.queries import led_items, supported_items

    led = list(led_items(department).select_related("status"))
    for item in led:
        item.role = "牵头"
    supported = list(supported_items(department).select_related("status"))  # led ones excluded
    for item in supported:
        item.role = "配合"
    return led + supported
