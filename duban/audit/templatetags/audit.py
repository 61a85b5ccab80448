"""``{% load audit %}{% audit_trail obj "app.ChildModel" … %}``: a record's audit trail, for the office.

Renders nothing for anyone else, so a page can include it unconditionally.
"""

from django import template
from django.apps import apps

from duban.accounts.permissions import is_office

from ..display import describe
from ..queries import record_entries

register = template.Library()

LIMIT = 50


@register.inclusion_tag("audit/_trail.html", takes_context=True)
def audit_trail(context, obj, *child_models):
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None or not is_office(user) or obj.zone_id != user.zone_id:
        return {"entries": None}
    entries = list(record_entries(obj, [apps.get_model(label) for label in child_models])[: LIMIT + 1])
    return {"entries": describe(entries[:LIMIT]), "truncated": len(entries) > LIMIT, "limit": LIMIT}
