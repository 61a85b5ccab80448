"""Who may read and do what with 督办通知.  Every supervision view, form and tag goes through here.

- Only the steering office issues notices (on any item of its zone).
- The office, the assessment office and leaders read every notice of the zone.
- A department's users read the notices addressed to it; its liaison or head replies,
  once: a replied notice is frozen.
Objects outside the user's zone are 404; another department's notice is 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duban.accounts.models import Role
from duban.accounts.permissions import is_office
from duban.ledger.permissions import reads_whole_zone

from .models import Notice


def visible_notices(user):
    notices = Notice.objects.filter(zone_id=user.zone_id)
    if reads_whole_zone(user):
        return notices
    if user.department_id is None:
        return notices.none()
    return notices.filter(department_id=user.department_id)


def get_notice(user, notice_id: int) -> Notice:
    notice = get_object_or_404(
        Notice.objects.filter(zone_id=user.zone_id).select_related("item", "item__task", "department"), pk=notice_id
    )
    if not visible_notices(user).filter(pk=notice.pk).exists():
        raise PermissionDenied("这不是发给您部门的督办通知")
    return notice


def can_issue(user) -> bool:
    return is_office(user)


def can_reply(user, notice: Notice) -> bool:
    """The addressee's liaison or head, while the notice is unanswered."""
    return (
        not notice.is_replied
        and user.department_id == notice.department_id
        and user.has_role(Role.LIAISON, Role.HEAD)
    )
