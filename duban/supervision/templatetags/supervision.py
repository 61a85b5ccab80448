"""督办通知 shown on other apps' pages, so the ledger's Python never imports supervision.

``{% load supervision %}`` then ``{% item_notices item %}`` on the item page (with the issue
form for the office) and ``{% inbox_notices %}`` in the department inbox.
"""

from django import template

from duban.clock import today

from ..forms import IssueForm
from ..models import Notice
from ..permissions import can_issue, visible_notices
from ..notices import usual_addressee

register = template.Library()

#: The inbox lists at most this many; the rest are on the notice list.
INBOX_LIMIT = 50


def _with_state(notices) -> list[Notice]:
    day = today()
    notices = list(notices)
    for notice in notices:
        notice.current_state = notice.state(day)
    return notices


@register.inclusion_tag("supervision/_item_notices.html", takes_context=True)
def item_notices(context, item):
    user = context["request"].user
    form = None
    if can_issue(user):
        form = IssueForm(zone_id=user.zone_id, today=today(), initial_department=usual_addressee(item))
    notices = visible_notices(user).filter(item=item).select_related("department").order_by("-issued_at", "-pk")
    return {"item": item, "notices": _with_state(notices), "form": form, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("supervision/_inbox_notices.html", takes_context=True)
def inbox_notices(context):
    user = context["request"].user
    mine = []
    if user.department_id:
        mine = (
            visible_notices(user).filter(department_id=user.department_id, replied_at__isnull=True)
            .select_related("item", "item__task").order_by("reply_due", "pk")[:INBOX_LIMIT]
        )
    return {"notices": _with_state(mine)}
