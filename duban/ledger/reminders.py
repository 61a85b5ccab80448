"""Reminders (催办): what is due soon, due today or overdue, sent once per stage.

One message per department and cycle (listing its items), not one per item, so a
department with ten items gets one reminder.  Stages and recipients:
- due within the plan's ``remind_days``: the department's liaisons;
- due today: the liaisons;
- overdue: the liaisons, the department head and the zone's steering office.
Keys name the stage, cycle and department, so running the job again sends nothing twice.

An item that is done (the office accepted its lead's 已完成: ``status.assess``) has
nothing more to report, so neither its lead nor its cooperating departments are
chased for it any more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from duban.accounts.models import Role, User
from duban.dates import cn_date
from duban.notifications.sending import notify
from duban.plans.models import Plan

from . import status
from .cycles import required_cycles
from .models import Report
from .obligations import obligations_of_plan

DUE_SOON, DUE_TODAY, OVERDUE = "due-soon", "due-today", "overdue"


@dataclass
class ReminderRun:
    notifications: int = 0
    departments: int = 0


def stage_of(due: date, today: date, remind_days: int) -> str | None:
    days_left = (due - today).days
    if days_left < 0:
        return OVERDUE
    if days_left == 0:
        return DUE_TODAY
    if days_left <= remind_days:
        return DUE_SOON
    return None


def users_by_department(zone_id: int) -> dict[tuple[int | None, str], list[User]]:
    """The zone's active users by (department, role); the office under (None, office).  One query."""
    result: dict[tuple[int | None, str], list[User]] = defaultdict(list)
    for user in User.objects.filter(zone_id=zone_id, is_active=True).prefetch_related("role_grants"):
        for grant in user.role_grants.all():
            key = (None, Role.OFFICE) if grant.role == Role.OFFICE else (user.department_id, grant.role)
            result[key].append(user)
    return result


def remind_plan(plan: Plan, today: date, done_items: set[int]) -> ReminderRun:
    """Send the plan's due reminders; ``done_items`` (ids of done items) are left out."""
    run = ReminderRun()
    schedule = plan.schedule
    cycles = [c for c in required_cycles(plan, list(plan.cycles.all()))
              if stage_of(c.due, today, schedule.remind_days)]
    if not cycles:
        return run
    filed = set(
        Report.objects.filter(cycle__in=cycles, state__in=Report.FILED).values_list("assignment_id", "department_id", "cycle_id")
    )
    users = users_by_department(plan.zone_id)
    obligations = [o for o in obligations_of_plan(plan) if o.item.pk not in done_items]
    for cycle in cycles:
        stage = stage_of(cycle.due, today, schedule.remind_days)
        missing = defaultdict(list)
        for o in obligations:
            if (o.assignment.pk, o.department.pk, cycle.pk) not in filed:
                missing[o.department].append(o)
        for department, owed in missing.items():
            recipients = list(users[(department.pk, Role.LIAISON)])
            if stage == OVERDUE:
                recipients += users[(department.pk, Role.HEAD)] + users[(None, Role.OFFICE)]
            title = {
                DUE_SOON: f"{department.name}：{cycle.label}台账将于{cn_date(cycle.due)}截止，还有 {len(owed)} 项未报送",
                DUE_TODAY: f"{department.name}：{cycle.label}台账今日截止，还有 {len(owed)} 项未报送",
                OVERDUE: f"{department.name}：{cycle.label}台账已逾期（截止{cn_date(cycle.due)}），{len(owed)} 项未报送",
            }[stage]
            body = "\n".join(f"{o.item.code}（{'牵头' if o.is_lead else '配合'}）：{o.item.text[:40]}" for o in owed)
            created = notify(plan.zone, recipients, f"report-{stage}:cycle={cycle.pk}:department={department.pk}",
                             title, body, reverse("ledger:inbox"))
            run.notifications += len(created)
            run.departments += 1
    return run


def ledger_job(today: date) -> int:
    """The ledger's job for ``duban remind``."""
    return remind_all(today).notifications


def remind_all(today: date) -> ReminderRun:
    """Refresh every plan's statuses (time moves them) and send the reminders that are due."""
    total = ReminderRun()
    for plan in Plan.objects.select_related("zone", "schedule"):
        # The refresh that time needs also says which items are done, so no second read is needed.
        assessments = status.refresh(plan, today)
        done_items = {item_id for item_id, result in assessments.items() if result.done}
        run = remind_plan(plan, today, done_items)
        total.notifications += run.notifications
        total.departments += run.departments
    return total
