"""Changing a plan's reporting schedule, and what that does to its cycles."""

from __future__ import annotations

from django.db import transaction

from duban.plans.models import Plan

from .cycles import due_date, ensure_cycles, periods
from .models import Report, ReportingSchedule


class ScheduleError(ValueError):
    """The change is not allowed; the message is for the user."""


@transaction.atomic
def update_schedule(plan: Plan, workday_calendar=None, **changes) -> ReportingSchedule:
    """Apply the office's changes and move every cycle's due date to the new rule.

    The frequency decides which periods exist, so it can only change while no
    report has been filed against the plan's cycles.
    """
    schedule = ReportingSchedule.objects.select_for_update().get(plan=plan)
    if changes.get("frequency", schedule.frequency) != schedule.frequency:
        if Report.objects.filter(cycle__plan=plan).exists():
            raise ScheduleError("已有部门按现有周期填报，不能再修改报送周期")
        plan.cycles.all().delete()
    for name, value in changes.items():
        setattr(schedule, name, value)
    schedule.full_clean()
    schedule.save()
    if schedule.due_workday and workday_calendar is None:
        from duban.workdays.services import calendar_for_zone

        workday_calendar = calendar_for_zone(plan.zone)
    cycles = {c.start: c for c in ensure_cycles(plan, workday_calendar)}
    for period in periods(plan.year, schedule.frequency):
        cycle = cycles[period.start]
        new_due = due_date(period, schedule, workday_calendar)
        if cycle.due != new_due:
            cycle.due = new_due
            cycle.save(update_fields=["due"])
    return schedule
