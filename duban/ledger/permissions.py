"""Who may read and do what in the ledger.  Every ledger view goes through these functions.

- The steering office, the assessment office and leaders read every report of their zone;
  only the office accepts or returns at its step, and only on lead departments' reports.
- A department's liaison writes its own department's reports; its head approves or returns them
  (for a cooperating report the head's approval is final: the office never reviews it alone).
- A department reads its own reports; a lead department also reads the cooperating
  departments' reports on the items it leads (they are shown beside its own).
Objects outside the user's zone are 404; inside the zone but not the user's, 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from duban.accounts.models import Role
from duban.plans.models import Assignment

from .models import Evidence, Report

ZONE_READERS = (Role.OFFICE, Role.ASSESSOR, Role.LEADER)


def reads_whole_zone(user) -> bool:
    return user.has_role(*ZONE_READERS)


def is_liaison_of(user, department_id) -> bool:
    return user.department_id == department_id and user.has_role(Role.LIAISON)


def is_head_of(user, department_id) -> bool:
    return user.department_id == department_id and user.has_role(Role.HEAD)


def visible_reports(user):
    """The reports this user may read, as a queryset filter (used by lists and by single lookups)."""
    reports = Report.objects.filter(zone_id=user.zone_id)
    if reads_whole_zone(user):
        return reports
    led_items = Assignment.objects.filter(role=Assignment.Role.LEAD, department_id=user.department_id).values("item_id")
    return reports.filter(Q(department_id=user.department_id) | Q(item_id__in=led_items))


def get_report(user, report_id: int) -> Report:
    report = get_object_or_404(Report.objects.filter(zone_id=user.zone_id), pk=report_id)
    if not visible_reports(user).filter(pk=report.pk).exists():
        raise PermissionDenied("这不是您部门的报告")
    return report


def get_evidence(user, evidence_id: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.filter(zone_id=user.zone_id), pk=evidence_id)
    get_report(user, evidence.report_id)
    return evidence


def can_file(user, department_id) -> bool:
    """Create, edit, submit, attach evidence: the department's liaison."""
    return is_liaison_of(user, department_id)


def can_edit(user, report: Report) -> bool:
    return report.is_editable and can_file(user, report.department_id)


def can_act(user, report: Report, action: str) -> bool:
    """May this user take this transition on this report (state permitting)?"""
    from .flow import Action

    if action in (Action.SUBMIT, Action.CORRECT):
        return can_file(user, report.department_id)
    if action == Action.APPROVE:
        return is_head_of(user, report.department_id)
    if action == Action.ACCEPT:
        return is_office_review(user, report)
    if action == Action.RETURN:
        if report.state == Report.State.SUBMITTED:
            return is_head_of(user, report.department_id)
        return is_office_review(user, report)
    return False


def is_office_review(user, report: Report) -> bool:
    """The office's step: the lead department's report only; cooperating ones reach it beside the lead's."""
    return report.is_lead and user.has_role(Role.OFFICE)


def can_manage_schedule(user) -> bool:
    return user.has_role(Role.OFFICE)


def ledger_department(user, department):
    """Whose ledger ``user`` may export when asking for ``department`` (None: the whole zone).

    The office, the assessment office and leaders read every department's; a department user only
    its own (asking for none, it gets its own), whatever its other reports on the items it leads.
    """
    if reads_whole_zone(user):
        return department
    if user.department_id is None:
        raise PermissionDenied("您没有导出台账的权限")
    if department is not None and department.pk != user.department_id:
        raise PermissionDenied("只能导出本部门的台账")
    return user.department
