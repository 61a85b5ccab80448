"""Timeliness of the ledger (报送及时率): which reports were owed, which came on time, late, or not at all.

The figures the 情况通报, the leaders' dashboard and the assessment all rank departments by, so
they are worked out here once:

- A report is **owed** for every obligation (assignment × department, 各部门 spread over the zone)
  in every required cycle whose due date has passed (``due < as_of``).  A done item (the office
  accepted every lead department's 已完成) owes nothing for the cycles after the one its last
  已完成 was reported in.
- It was **filed** when some version of it stands filed (submitted and not sent back); it was filed
  **on time** when its first submission (``submitted_at``, kept through returns and corrections)
  fell on or before the due date, **late** otherwise.  An owed report never filed is **missing**.
- **Returned** counts how many times the office or the head sent a department's reports back.

The rate is on time ÷ owed; a department that owed nothing has no rate (``None``), not 100 %.
Departments are ranked best rate first, among equal rates fewer missing first; each has its place
(``rank``), shared by departments equal on both (1, 2, 2, 4: competition ranking), and none while
it owed nothing.  The 情况通报 and the dashboard show that place.
A fixed number of queries whatever the size of the plan.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone

from duban.plans.models import Plan
from duban.zones.models import Department

from .cycles import required_cycles
from .models import Cycle, ItemStatus, Report, ReportTransition
from .obligations import Obligation, obligations_of_plan


@dataclass(frozen=True)
class Filing:
    """One owed report: an obligation in a cycle, and what became of it."""

    obligation: Obligation
    cycle: Cycle
    filed_on: date | None  # the day of the first submission, if a version stands filed
    report_id: int | None  # the newest filed version, to link to

    @property
    def on_time(self) -> bool:
        return self.filed_on is not None and self.filed_on <= self.cycle.due

    @property
    def late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.cycle.due

    @property
    def missing(self) -> bool:
        return self.filed_on is None


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class DepartmentTimeliness:
    department: Department
    filings: list[Filing] = field(default_factory=list)
    returned: int = 0  # times its reports on this plan were sent back
    rank: int | None = None  # its place (``ranked``); None while it owed nothing

    @property
    def due(self) -> int:
        return len(self.filings)

    @property
    def on_time(self) -> int:
        return sum(f.on_time for f in self.filings)

    @property
    def late(self) -> int:
        return sum(f.late for f in self.filings)

    @property
    def missing(self) -> int:
        return sum(f.missing for f in self.filings)

    @property
    def rate(self) -> float | None:
        return _rate(self.on_time, self.due)

    @property
    def lead_due(self) -> int:
        return sum(f.obligation.is_lead for f in self.filings)

    @property
    def lead_on_time(self) -> int:
        return sum(f.on_time for f in self.filings if f.obligation.is_lead)

    @property
    def cooperating_due(self) -> int:
        return sum(not f.obligation.is_lead for f in self.filings)

    @property
    def cooperating_filed(self) -> int:
        return sum(not f.missing for f in self.filings if not f.obligation.is_lead)


@dataclass
class CycleTimeliness:
    """One cycle's reports across the plan: the points of the monthly trend."""

    cycle: Cycle
    due: int = 0
    on_time: int = 0
    late: int = 0

    @property
    def missing(self) -> int:
        return self.due - self.on_time - self.late

    @property
    def rate(self) -> float | None:
        return _rate(self.on_time, self.due)


@dataclass
class PlanTimeliness:
    as_of: date
    departments: list[DepartmentTimeliness]  # ``ranked``: best rate first, those owing nothing last
    cycles: list[CycleTimeliness]  # oldest first

    @property
    def due(self) -> int:
        return sum(d.due for d in self.departments)

    @property
    def on_time(self) -> int:
        return sum(d.on_time for d in self.departments)

    @property
    def rate(self) -> float | None:
        return _rate(self.on_time, self.due)

    def of(self, department_id: int) -> DepartmentTimeliness | None:
        return next((d for d in self.departments if d.department.pk == department_id), None)


def timeliness(plan: Plan, as_of: date) -> PlanTimeliness:
    """Every owed report of the plan up to ``as_of``, per department and per cycle."""
    cycles = [c for c in required_cycles(plan, list(plan.cycles.all())) if c.due < as_of]
    obligations = obligations_of_plan(plan)
    first_submitted, standing = _filed(plan, cycles)
    done_after = _done_after(plan)

    by_department: dict[int, DepartmentTimeliness] = {}
    for obligation in obligations:
        department = obligation.department
        by_department.setdefault(department.pk, DepartmentTimeliness(department))
    per_cycle = {c.pk: CycleTimeliness(c) for c in cycles}
    for cycle in cycles:
        for obligation in obligations:
            finished = done_after.get(obligation.item.pk)
            if finished is not None and cycle.start > finished:
                continue
            key = (obligation.assignment.pk, obligation.department.pk, cycle.pk)
            filing = Filing(obligation, cycle, first_submitted.get(key), standing.get(key))
            by_department[obligation.department.pk].filings.append(filing)
            point = per_cycle[cycle.pk]
            point.due += 1
            point.on_time += filing.on_time
            point.late += filing.late

    for department_id, times in _returns(plan, cycles).items():
        if department_id in by_department:
            by_department[department_id].returned = times

    return PlanTimeliness(as_of, ranked(by_department.values()), list(per_cycle.values()))


def ranked(entries) -> list[DepartmentTimeliness]:
    """The departments in ranking order, each given its place: best rate first; among equal rates,
    fewer missing first (then the registry's order, which gives no place of its own: departments
    equal on rate and missing share one, and the next place counts them all — 1, 2, 2, 4).  A
    department that owed nothing yet comes last, without a place: it is not ranked above one that
    delivered everything."""
    ordered = sorted(entries, key=_rank_key)
    previous = None
    for n, entry in enumerate(ordered, 1):
        if entry.rate is None:
            entry.rank = None
        elif previous is not None and previous.rank and (previous.rate, previous.missing) == (entry.rate, entry.missing):
            entry.rank = previous.rank
        else:
            entry.rank = n
        previous = entry
    return ordered


def _rank_key(entry: DepartmentTimeliness):
    return (entry.rate is None, -(entry.rate or 0), entry.missing, entry.department.order, entry.department.pk)


def _filed(plan: Plan, cycles: list[Cycle]):
    """Per (assignment, department, cycle) that stands filed: the first submission's day and the newest filed version."""
    first: dict[tuple[int, int, int], date] = {}
    standing: dict[tuple[int, int, int], int] = {}
    submitted: dict[tuple[int, int, int], date] = {}
    rows = (
        Report.objects.filter(item__task__plan=plan, cycle__in=cycles, submitted_at__isnull=False)
        .order_by("version", "pk")
        .values_list("pk", "assignment_id", "department_id", "cycle_id", "state", "submitted_at")
    )
    for pk, assignment_id, department_id, cycle_id, state, submitted_at in rows:
        key = (assignment_id, department_id, cycle_id)
        day = timezone.localtime(submitted_at).date()
        submitted[key] = min(day, submitted.get(key, day))
        if state in Report.FILED:
            standing[key] = pk
    for key in standing:
        first[key] = submitted[key]
    return first, standing


def _done_after(plan: Plan) -> dict[int, date]:
    """Done items → the start of the last cycle in which a lead department's accepted report said 已完成."""
    done = ItemStatus.objects.filter(item__task__plan=plan, done=True).values("item_id")
    rows = (
        Report.objects.filter(item_id__in=done, is_lead=True, state=Report.State.ACCEPTED,
                              self_status=Report.SelfStatus.DONE)
        .values_list("item_id", "cycle__start")
    )
    last: dict[int, date] = {}
    for item_id, start in rows:
        last[item_id] = max(start, last.get(item_id, start))
    return last


def _returns(plan: Plan, cycles: list[Cycle]) -> dict[int, int]:
    rows = (
        ReportTransition.objects.filter(report__item__task__plan=plan, report__cycle__in=cycles,
                                        action=ReportTransition.Action.RETURN)
        .values_list("report__department_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, int] = defaultdict(int)
    for department_id, n in rows:
        counts[department_id] += n
    return dict(counts)
