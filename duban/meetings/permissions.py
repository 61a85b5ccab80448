"""Who may read and do what with progress meetings.  Every meetings view, form and tag goes through here.

- The steering office may do everything in its zone: record a meeting for any lead department,
  edit any meeting, mark any follow-up action done.
- The office, the assessment office and leaders read every meeting of the zone, and the
  compliance page (推进会议开展情况).
- A department's liaison or head records the meetings its department hosts — only when the
  department leads at least one item of the plan — and edits them.
- Other users read the meetings their department hosted or attended, or that gave it a
  follow-up action (it must see what it is asked to do).
- The owner department's liaison or head marks its follow-up actions done.
Objects outside the user's zone are 404; inside the zone but not readable, 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from duban.accounts.models import Role
from duban.accounts.permissions import is_office
from duban.ledger.permissions import reads_whole_zone
from duban.plans.models import Assignment, Plan
from duban.plans.permissions import visible_plans
from duban.zones.models import Department

from .leads import lead_departments
from .models import Decision, Meeting


def acts_for(user, department_id) -> bool:
    """The department's liaison or head: the people who speak for it."""
    return department_id is not None and user.department_id == department_id and user.has_role(Role.LIAISON, Role.HEAD)


def visible_meetings(user):
    """The meetings this user may read, as a queryset (lists, single lookups and tags all use it)."""
    meetings = Meeting.objects.filter(zone_id=user.zone_id)
    if reads_whole_zone(user):
        return meetings
    if user.department_id is None:
        return meetings.none()
    mine = user.department_id
    involved = (
        Meeting.objects.filter(Q(host_id=mine) | Q(attendees__id=mine) | Q(decisions__owner_id=mine))
        .values("pk")
    )
    return meetings.filter(pk__in=involved)


def get_meeting(user, meeting_id: int) -> Meeting:
    meetings = Meeting.objects.filter(zone_id=user.zone_id).select_related("plan", "host")
    meeting = get_object_or_404(meetings, pk=meeting_id)
    if not visible_meetings(user).filter(pk=meeting.pk).exists():
        raise PermissionDenied("您无权查看该推进会议")
    return meeting


def get_decision(user, decision_id: int) -> Decision:
    decision = get_object_or_404(Decision.objects.filter(zone_id=user.zone_id).select_related("owner"), pk=decision_id)
    decision.meeting = get_meeting(user, decision.meeting_id)
    return decision


def host_choices(user, plan: Plan) -> list[Department]:
    """The departments this user may record a meeting of this plan for (empty: may not record)."""
    leads = lead_departments(plan)
    if is_office(user):
        return leads
    return [d for d in leads if acts_for(user, d.pk)]


def can_record(user) -> bool:
    """Whether the user records meetings at all (the plan then decides for which department)."""
    return is_office(user) or user.has_role(Role.LIAISON, Role.HEAD)


def recordable_plans(user):
    """The plans to offer a 记录推进会议 button for: one query, so the list page stays cheap.

    A hint only: ``host_choices`` decides on the form itself.
    """
    plans = visible_plans(user)
    if is_office(user):
        return plans
    if not can_record(user) or user.department_id is None:
        return plans.none()
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).filter(
        Q(department_id=user.department_id) | Q(department__isnull=True)
    )
    return plans.filter(pk__in=leads.values("item__task__plan_id"))


def can_edit(user, meeting: Meeting) -> bool:
    return is_office(user) or acts_for(user, meeting.host_id)


def can_mark_done(user, decision: Decision) -> bool:
    """Who closes a follow-up action (whether it is still open is the action's own state)."""
    return decision.is_action and (is_office(user) or acts_for(user, decision.owner_id))


def can_see_compliance(user) -> bool:
    return reads_whole_zone(user)
