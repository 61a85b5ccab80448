"""The report flow: draft → submitted → approved → accepted, or returned at either review.

A cooperating department's report ends at its head's approval (final): the office
reviews the lead's report, which shows the cooperating ones beside it.
Each function checks the state (not the user's rights: that is permissions.py,
called first by every view), performs the change and records the transition.
An accepted or final report is frozen; ``correct`` opens a new version, with the
old version's evidence, and keeps the old.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from duban.clock import now, today
from duban.plans.models import Assignment

from . import status
from .models import Evidence, Report, ReportTransition

State, Action = Report.State, ReportTransition.Action


class FlowError(Exception):
    """A transition that the report's state does not allow; the message is for the user."""


class EditConflict(FlowError):
    """The draft was saved by someone else since this user opened it."""


EDITABLE_FIELDS = ("progress", "problems", "next_steps", "completion", "self_status")

# action → (states it may start from, state it leads to)
TRANSITIONS = {
    Action.SUBMIT: ((State.DRAFT, State.RETURNED), State.SUBMITTED),
    Action.APPROVE: ((State.SUBMITTED,), State.APPROVED),
    Action.ACCEPT: ((State.APPROVED,), State.ACCEPTED),
    Action.RETURN: ((State.SUBMITTED, State.APPROVED), State.RETURNED),
}


def target_of(report: Report, action: str) -> str:
    """The state ``action`` leads to: a cooperating report's approval is its last step."""
    if action == Action.APPROVE and not report.is_lead:
        return State.FINAL
    return TRANSITIONS[action][1]


def open_draft(assignment, department, cycle, user) -> Report:
    """The department's newest report for an assignment and cycle, or a new draft if it has none."""
    report = Report.objects.filter(assignment=assignment, department=department, cycle=cycle).order_by("-version").first()
    if report is None:
        report = Report.objects.create(
            zone_id=assignment.zone_id, assignment=assignment, department=department, item_id=assignment.item_id,
            cycle=cycle, is_lead=assignment.role == Assignment.Role.LEAD, created_by=user,
        )
    return report


def save_draft(report: Report, user, revision: int, **fields) -> Report:
    """Save the liaison's edits, refusing if the draft changed since ``revision`` was read."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.is_editable:
            raise FlowError(f"报告当前状态为“{locked.get_state_display()}”，不能修改")
        if locked.revision != revision:
            raise EditConflict("该报告已被他人修改并保存，您的修改未保存。请复制您的内容，刷新页面后再提交。")
        for name in EDITABLE_FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        locked.revision += 1
        locked.save()
    return locked


def transition(report: Report, action: str, user, comment: str = "") -> Report:
    sources = TRANSITIONS[action][0]
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.state not in sources:
            raise FlowError(f"报告当前状态为“{locked.get_state_display()}”，不能{Action(action).label}")
        target = target_of(locked, action)
        if action == Action.RETURN and not comment.strip():
            raise FlowError("退回时请填写意见")
        before = locked.state
        locked.state = target
        if action == Action.SUBMIT and locked.submitted_at is None:
            locked.submitted_at = now()  # on duban's clock: compared with due dates
        locked.revision += 1
        locked.save()
        ReportTransition.objects.create(
            zone_id=locked.zone_id, report=locked, action=action, from_state=before, to_state=target,
            by=user, comment=comment.strip(),
        )
        if locked.is_lead:
            status.refresh(locked.item.task.plan, today())
    return locked


def correct(report: Report, user, comment: str = "") -> Report:
    """Open a new draft version of an accepted (or final) report, with its evidence; the old one stays as it was."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.is_frozen:
            raise FlowError("只有已确认或已审定的报告需要以新版本更正")
        newest = Report.objects.filter(
            assignment=locked.assignment, department=locked.department, cycle=locked.cycle
        ).aggregate(v=Max("version"))["v"]
        if newest != locked.version:
            raise FlowError("该报告已有更新的版本")
        new = Report.objects.create(
            zone_id=locked.zone_id, assignment=locked.assignment, department=locked.department,
            item=locked.item, cycle=locked.cycle, is_lead=locked.is_lead, version=locked.version + 1,
            created_by=user, **{name: getattr(locked, name) for name in EDITABLE_FIELDS},
        )
        carry_evidence(locked, new)
        ReportTransition.objects.create(
            zone_id=locked.zone_id, report=new, action=Action.CORRECT, from_state=locked.state,
            to_state=State.DRAFT, by=user, comment=comment.strip() or f"更正第 {locked.version} 版",
        )
    return new


def carry_evidence(old: Report, new: Report) -> None:
    """Give the correction the old version's evidence: new rows naming the same stored files.

    Sharing the file is safe because deleting evidence removes only the row (the file stays for
    the audit trail), so the draft may drop a carried file and the old version still serves it.
    One create per row (not bulk_create), so each carried row is on the audit trail.
    """
    copied = ("kind", "title", "url", "stored_name", "content_type", "size", "sha256", "uploaded_by_id")
    for evidence in old.evidence.all():
        Evidence.objects.create(zone_id=old.zone_id, report=new, **{name: getattr(evidence, name) for name in copied})
