"""Download buttons for the 公文, placed on other apps' pages so that they never import reports.

``{% load reports %}`` then ``{% plan_documents plan %}`` (the plan page; without a plan, every plan
of the zone: the overview), ``{% notice_sheet_link notice %}`` (the notice page) and
``{% reminder_sheet_link department %}`` (the department page).  Each shows only what the user
may download (permissions.py).
"""

from django import template

from duban.clock import today
from duban.plans.permissions import visible_plans

from ..periods import default_period, report_periods
from ..permissions import can_read_plan_documents, can_read_reminder_sheet

register = template.Library()


@register.inclusion_tag("reports/_plan_documents.html", takes_context=True)
def plan_documents(context, plan=None):
    user = context["request"].user
    if not can_read_plan_documents(user):
        return {"plans": []}
    plans = [plan] if plan is not None else list(visible_plans(user).only("pk", "title", "year"))
    day = today()
    for each in plans:
        periods = report_periods(each.year, day)
        each.months = [p for p in periods if not p.is_quarter]
        each.quarters = [p for p in periods if p.is_quarter]
        each.default_period = default_period(each.year, day)
    return {"plans": plans}


@register.inclusion_tag("reports/_notice_sheet_link.html")
def notice_sheet_link(notice):
    # The notice page is shown only to those who may read the notice, and so its sheet.
    return {"notice": notice}


@register.inclusion_tag("reports/_reminder_sheet_link.html", takes_context=True)
def reminder_sheet_link(context, department):
    return {"department": department, "allowed": can_read_reminder_sheet(context["request"].user, department)}
