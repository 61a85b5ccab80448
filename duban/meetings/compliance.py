"""Who is behind on progress meetings, and which follow-up actions are overdue: plain rules.

The plan's ``schedule.meeting_frequency`` (default quarterly) cuts the plan year into
periods (``ledger.cycles.periods``).  A period is required once it has ended — its last day
is before ``today``, so a meeting on the last day still counts in time — and, as for the
ledger's reports, only when it ends on or after the schedule's ``starts_on`` (a plan imported
in June does not owe a meeting for the first quarter).  A lead department is behind when a
required period has no meeting it hosted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from duban.ledger.cycles import Period, ensure_schedule, periods
from duban.plans.models import Plan
from duban.zones.models import Department

from .leads import lead_departments
from .models import Decision, Meeting


@dataclass(frozen=True)
class PeriodCheck:
    period: Period
    meetings: int  # meetings the department hosted in the period

    @property
    def held(self) -> bool:
        return self.meetings > 0


@dataclass(frozen=True)
class DepartmentCompliance:
    department: Department
    checks: tuple[PeriodCheck, ...]  # the required periods only

    @property
    def required(self) -> int:
        return len(self.checks)

    @property
    def held(self) -> int:
        return sum(1 for c in self.checks if c.held)

    @property
    def missing(self) -> list[Period]:
        return [c.period for c in self.checks if not c.held]

    @property
    def behind(self) -> bool:
        return bool(self.missing)


@dataclass(frozen=True)
class PlanCompliance:
    frequency: str  # the label, e.g. 每季度
    periods: tuple[Period, ...]  # the required periods, oldest first
    departments: tuple[DepartmentCompliance, ...]

    @property
    def behind(self) -> list[DepartmentCompliance]:
        return [d for d in self.departments if d.behind]


def required_periods(schedule, year: int, today: date) -> list[Period]:
    return [
        p for p in periods(year, schedule.meeting_frequency) if p.end < today and p.end >= schedule.starts_on
    ]


def compliance(plan: Plan, today: date) -> PlanCompliance:
    """Every lead department of the plan with the required periods and whether it met in each (4 queries)."""
    schedule = ensure_schedule(plan)
    required = required_periods(schedule, plan.year, today)
    hosted: dict[int, list[date]] = defaultdict(list)
    if required:
        dates = Meeting.objects.filter(plan=plan, date__range=(required[0].start, required[-1].end))
        for host_id, day in dates.values_list("host_id", "date"):
            hosted[host_id].append(day)
    departments = tuple(
        DepartmentCompliance(department, tuple(
            PeriodCheck(p, sum(1 for d in hosted[department.pk] if p.start <= d <= p.end)) for p in required
        ))
        for department in lead_departments(plan)
    )
    return PlanCompliance(schedule.get_meeting_frequency_display(), tuple(required), departments)


def behind(plan: Plan, today: date) -> list[Department]:
    """The lead departments with at least one required period without a meeting they hosted."""
    return [c.department for c in compliance(plan, today).behind]


def open_actions(department_id: int):
    """The department's follow-up actions still to be done, soonest first."""
    return Decision.objects.filter(
        owner_id=department_id, due__isnull=False, status=Decision.Status.OPEN
    ).order_by("due", "pk")


def overdue_actions(queryset, today: date):
    """Of the given decisions, the follow-up actions open past their due date."""
    return queryset.filter(due__lt=today, status=Decision.Status.OPEN)
