"""Reporting cycles: the periods a plan's ledger is reported in, and their due dates.

A cycle covers a month (or quarter, or half year) of the plan's year.  By default
it is due on ``due_day`` of its last month (the 25th: the month's report before the
month ends).  With ``due_workday`` set it is due on that working day of the month
after the period instead (e.g. the 3rd working day), counted on the zone's calendar.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from duban.plans.models import Plan

from .models import Cycle, ReportingSchedule

MONTHS_PER_PERIOD = {
    ReportingSchedule.Frequency.MONTHLY: 1,
    ReportingSchedule.Frequency.QUARTERLY: 3,
    ReportingSchedule.Frequency.HALF_YEARLY: 6,
}


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def periods(year: int, frequency: str) -> list[Period]:
    months = MONTHS_PER_PERIOD[frequency]
    result = []
    for first_month in range(1, 13, months):
        last_month = first_month + months - 1
        end = date(year, last_month, month_calendar.monthrange(year, last_month)[1])
        result.append(Period(_label(year, first_month, months), date(year, first_month, 1), end))
    return result


def _label(year: int, first_month: int, months: int) -> str:
    if months == 1:
        return f"{year}年{first_month}月"
    if months == 3:
        return f"{year}年第{'一二三四'[first_month // 3]}季度"
    return f"{year}年{'上' if first_month == 1 else '下'}半年"


def due_date(period: Period, schedule: ReportingSchedule, workday_calendar=None) -> date:
    if schedule.due_workday:
        if workday_calendar is None:
            raise ValueError("due_workday needs the zone's working-day calendar")
        month_after = period.end + timedelta(days=1)
        return workday_calendar.add(month_after - timedelta(days=1), schedule.due_workday)
    return period.end.replace(day=schedule.due_day)


def ensure_schedule(plan: Plan) -> ReportingSchedule:
    """The plan's schedule, created with the defaults on first use."""
    # A plan imported during its own year is reported from then on; earlier months are not "missed".
    imported = plan.imported_at.date()
    starts_on = imported if imported.year == plan.year else date(plan.year, 1, 1)
    schedule, _ = ReportingSchedule.objects.get_or_create(
        plan=plan, defaults={"zone_id": plan.zone_id, "starts_on": starts_on}
    )
    return schedule


@transaction.atomic
def ensure_cycles(plan: Plan, workday_calendar=None) -> list[Cycle]:
    """Create the plan's cycles per its schedule (idempotent; existing cycles keep their dates)."""
    schedule = ensure_schedule(plan)
    if schedule.due_workday and workday_calendar is None:
        from duban.workdays.services import calendar_for_zone

        workday_calendar = calendar_for_zone(plan.zone)
    existing = {c.start: c for c in plan.cycles.all()}
    for period in periods(plan.year, schedule.frequency):
        if period.start not in existing:
            existing[period.start] = Cycle.objects.create(
                zone_id=plan.zone_id, plan=plan, label=period.label, start=period.start, end=period.end,
                due=due_date(period, schedule, workday_calendar),
            )
    return sorted(existing.values(), key=lambda c: c.start)


def required_cycles(plan: Plan, cycles: list[Cycle]) -> list[Cycle]:
    """The cycles the departments must report: those ending on or after the schedule's start."""
    starts_on = plan.schedule.starts_on
    return [c for c in cycles if c.end >= starts_on]


def started_cycles(plan: Plan, today: date):
    """The cycles a department can report in (those begun by ``today``), newest first: the first
    is the current cycle.  A queryset (forms choose from it)."""
    return plan.cycles.filter(start__lte=today).order_by("-start")
