"""Changing a plan's reporting schedule, and what that does to its cycles."""

from __future__ import annotations

import logging

from django.db import transaction

from duban.plans.models import Plan

from .cycles import due_date, ensure_cycles, periods
from .models import Report, ReportingSchedule


log = logging.getLogger("duban.ledger")


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
    _redate(plan, schedule, workday_calendar)
    return schedule


def follow_calendar(zone=None) -> None:
    """Compute again the due dates that count working days (``due_workday``), on the calendar as
    the office has just edited it (``zone``: only that zone's plans; None: every zone's).

    A plan whose dates would now reach a year that is not entered keeps its old dates, with a
    line in the log: the office's calendar edit must not fail because of a plan's schedule.
    """
    from duban.workdays.engine import CalendarNotCovered
    from duban.workdays.services import calendar_for_zone

    schedules = ReportingSchedule.objects.filter(due_workday__isnull=False).select_related("plan__zone")
    if zone is not None:
        schedules = schedules.filter(zone=zone)
    for schedule in schedules:
        plan = schedule.plan
        try:
            with transaction.atomic():
                _redate(plan, schedule, calendar_for_zone(plan.zone))
        except CalendarNotCovered as error:
            log.warning("due dates of plan %s kept after a calendar edit: %s", plan.pk, error)


def _redate(plan: Plan, schedule: ReportingSchedule, workday_calendar) -> None:
    """Move every cycle of the plan to the due date its schedule gives now."""
    cycles = {c.start: c for c in ensure_cycles(plan, workday_calendar)}
    for period in periods(plan.year, schedule.frequency):
        cycle = cycles[period.start]
        new_due = due_date(period, schedule, workday_calendar)
        if cycle.due != new_due:
            cycle.due = new_due
            cycle.save(update_fields=["due"])


def cycles_with_provisional(plan: Plan) -> list:
    """The plan's cycles, each with ``provisional``: why its due date, counted in working days
    over a regional year not yet entered or verified, may still move (empty: final)."""
    cycles = list(plan.cycles.all())
    for cycle in cycles:
        cycle.provisional = []
    if plan.schedule.due_workday:
        from duban.workdays.engine import CalendarNotCovered
        from duban.workdays.services import calendar_for_zone

        calendar = calendar_for_zone(plan.zone)
        for cycle in cycles:
            try:
                cycle.provisional = calendar.provisional_reasons(cycle.end, cycle.due)
            except CalendarNotCovered as error:
                cycle.provisional = [str(error)]
    return cycles
