"""Reminders (催办) for follow-up actions: tracked like an item's report, in the same stages.

An open action whose due date is within its plan's ``remind_days``, or is today, reminds the
owner department's liaisons and head; once overdue, the zone's steering office and the host
department's people are told too, since the host chairs the follow-up.  The key names the stage
and the action, so running ``duban remind`` again sends nothing twice, and a moved due date does
not re-send a stage already sent.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from duban.accounts.models import Role
from duban.dates import cn_date
from duban.ledger.reminders import DUE_SOON, DUE_TODAY, OVERDUE, stage_of, users_by_department
from duban.notifications.models import Notification
from duban.notifications.sending import notify

from .models import Decision

HEADLINES = {
    DUE_SOON: "跟踪事项即将到期",
    DUE_TODAY: "跟踪事项今日到期",
    OVERDUE: "跟踪事项逾期未完成",
}


def action_key(stage: str, decision: Decision) -> str:
    return f"action-{stage}:{decision.pk}"


def remind_actions(today: date) -> int:
    """Send each open follow-up action's current stage once.  Returns notifications sent."""
    staged = []
    for decision in _open_actions():
        stage = stage_of(decision.due, today, decision.meeting.plan.schedule.remind_days)
        if stage is not None:
            staged.append((stage, decision))
    # Stages already sent are skipped with one query, not one per recipient.
    sent_keys = set(
        Notification.objects.filter(key__in=[action_key(s, d) for s, d in staged]).values_list("key", flat=True)
    )
    zones: dict[int, dict] = {}
    sent = 0
    for stage, decision in staged:
        if action_key(stage, decision) in sent_keys:
            continue
        if decision.zone_id not in zones:
            zones[decision.zone_id] = users_by_department(decision.zone_id)
        users = zones[decision.zone_id]
        recipients = _speakers(users, decision.owner_id)
        if stage == OVERDUE:
            recipients += _speakers(users, decision.meeting.host_id) + users[(None, Role.OFFICE)]
        sent += len(notify(
            decision.meeting.zone, recipients, action_key(stage, decision),
            f"{decision.owner.name}：{HEADLINES[stage]}，完成时限{cn_date(decision.due)}",
            f"{decision.meeting.title}（{cn_date(decision.meeting.date)}）决定：{decision.text}",
            reverse("meetings:detail", args=[decision.meeting_id]),
        ))
    return sent


def _open_actions():
    return (
        Decision.objects.filter(due__isnull=False, status=Decision.Status.OPEN, owner__isnull=False)
        .select_related("owner", "meeting__zone", "meeting__plan__schedule")
        .order_by("zone_id", "due", "pk")
    )


def _speakers(users, department_id: int) -> list:
    """The people who answer for a department: its liaisons and head."""
    return [*users[(department_id, Role.LIAISON)], *users[(department_id, Role.HEAD)]]
