"""Meetings shown on other apps' pages, so the ledger's Python never imports meetings.

``{% load meetings %}`` then ``{% item_meetings item %}`` on the item page and
``{% inbox_actions %}`` in the department inbox.  Both read through permissions.py.
"""

from django import template

from duban.clock import today

from ..compliance import open_actions
from ..permissions import visible_meetings

register = template.Library()

#: The inbox lists at most this many actions; a department with more has a backlog to see on the meeting pages.
INBOX_LIMIT = 50


@register.inclusion_tag("meetings/_item_meetings.html", takes_context=True)
def item_meetings(context, item):
    user = context["request"].user
    meetings = visible_meetings(user).filter(items=item).select_related("host").order_by("-date", "-pk")
    return {"meetings": list(meetings)}


@register.inclusion_tag("meetings/_inbox_actions.html", takes_context=True)
def inbox_actions(context):
    user = context["request"].user
    if not user.department_id:
        return {"actions": []}
    actions = list(open_actions(user.department_id).filter(zone_id=user.zone_id)
                   .select_related("meeting", "meeting__host")[:INBOX_LIMIT])
    day = today()
    for action in actions:
        action.overdue = action.is_overdue(day)
    return {"actions": actions}
