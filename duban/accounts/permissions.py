"""The zone boundary every app's permission rules start from.

A user of one zone never sees another zone: every view resolves objects through
its user's zone, and answers 404 for anything outside it (so ids of other zones
are not even confirmed to exist).  Role rules live in each app's permissions.py.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import Role


def zone_member_required(view):
    """Login, and membership of a zone: the baseline of every page in duban."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.zone_id is None:
            raise PermissionDenied("该账号不属于任何开发区")
        return view(request, *args, **kwargs)

    return wrapped


def is_office(user) -> bool:
    return user.is_authenticated and user.zone_id is not None and user.has_role(Role.OFFICE)


def require(condition: bool, message: str = "您没有权限执行此操作") -> None:
    if not condition:
        raise PermissionDenied(message)


#: Whose password the steering office may reset: a department's own people, and only them.  Anyone
#: holding another role (the office itself, 绩效办, 领导, the 省级管理员 above the zones) is the system
#: administrator's, through 系统管理: an office that could reset them could act as them.
RESETTABLE_ROLES = frozenset({Role.LIAISON, Role.HEAD})


def can_reset_password(actor, user) -> bool:
    """The steering office sets a new password for a department liaison or head of its own zone."""
    return (is_office(actor) and user.zone_id == actor.zone_id and user.pk != actor.pk
            and not user.is_superuser and not user.is_staff and user.roles <= RESETTABLE_ROLES)
