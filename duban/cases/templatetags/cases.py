"""Cases shown on other apps' pages, so the ledger never imports cases.

``{% load cases %}`` then ``{% item_targets item %}`` on the item page (measured actuals of its
targets) and ``{% inbox_cases %}`` in the department inbox (open cases close to or past their limit).
"""

from django import template

from duban.clock import today
from duban.workdays.engine import CalendarNotCovered

from .. import permissions
from ..models import Case
from ..reminders import OVERDUE, flagged_cases
from ..targets import target_actual

register = template.Library()

INBOX_LIMIT = 50


@register.inclusion_tag("cases/_item_targets.html", takes_context=True)
def item_targets(context, item):
    user = context["request"].user
    if not permissions.can_read_measures(user) or item.zone_id != user.zone_id:
        return {"actuals": []}
    actuals = []
    for target in item.targets.filter(service_types__isnull=False).distinct().select_related("item__task__plan"):
        try:
            actuals.append(target_actual(target, today()))
        except CalendarNotCovered:
            continue
    return {"actuals": actuals}


@register.inclusion_tag("cases/_inbox_cases.html", takes_context=True)
def inbox_cases(context):
    user = context["request"].user
    if not user.department_id:
        return {"flagged": []}
    types = permissions.visible_service_types_for_cases(user).filter(department_id=user.department_id,
                                                                     limit_value__isnull=False)
    try:
        flagged = flagged_cases(user.zone, today(), types=types)
    except CalendarNotCovered:
        return {"flagged": []}
    shown = flagged[:INBOX_LIMIT]
    numbers = dict(Case.objects.filter(pk__in=[f.case_id for f in shown]).values_list("pk", "number"))
    for f in shown:
        f.number = numbers.get(f.case_id, "")
        f.over = -f.days_left if f.stage == OVERDUE else 0
    return {"flagged": shown, "more": len(flagged) > INBOX_LIMIT}
