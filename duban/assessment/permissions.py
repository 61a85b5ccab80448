"""Who may read and do what in the assessment.  Every assessment view goes through here.

- The assessment office (绩效办), the steering office and leaders read every department's
  score lines, the entries and the appeal outcomes of their zone.
- Only the assessment office edits: the scheme, the entries (加减分事项), the appeal outcomes
  (申诉复核) — and it finalises.  It never types a score: scores come from the data.
- A department's users read their own department's score lines only; on the results page
  they see their own row, not the ranking of the others.
- Everyone of the zone reads the scheme: a department should know how it is scored.
Objects of another zone are 404; another department's score lines are 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duban.accounts.models import Role
from duban.zones.models import Department

from .models import Appeal, Entry

ZONE_READERS = (Role.ASSESSOR, Role.OFFICE, Role.LEADER)


def reads_all_scores(user) -> bool:
    return user.zone_id is not None and user.has_role(*ZONE_READERS)


def can_edit(user) -> bool:
    """The scheme, the entries, the appeal outcomes, finalising: the assessment office's."""
    return user.zone_id is not None and user.has_role(Role.ASSESSOR)


def can_read_score(user, department: Department) -> bool:
    return reads_all_scores(user) or (user.department_id is not None and user.department_id == department.pk)


def get_scored_department(user, department_id: int) -> Department:
    department = get_object_or_404(Department.objects.filter(zone_id=user.zone_id), pk=department_id)
    if not can_read_score(user, department):
        raise PermissionDenied("只能查看本部门的考核得分")
    return department


def visible_scores(user, scores):
    """The scores this user may see among a plan's: all, or the department's own."""
    if reads_all_scores(user):
        return list(scores)
    return [s for s in scores if user.department_id is not None and s.department == user.department_id]


def get_entry(user, entry_id: int) -> Entry:
    entry = get_object_or_404(Entry.objects.filter(zone_id=user.zone_id).select_related("rule__scheme"), pk=entry_id)
    if not can_edit(user):
        raise PermissionDenied("只有绩效办可以修改加减分事项")
    return entry


def get_appeal(user, appeal_id: int) -> Appeal:
    appeal = get_object_or_404(Appeal.objects.filter(zone_id=user.zone_id), pk=appeal_id)
    if not can_edit(user):
        raise PermissionDenied("只有绩效办可以修改申诉复核结果")
    return appeal
