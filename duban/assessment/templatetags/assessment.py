"""Links from a score line's records to their pages."""

from django import template
from django.urls import reverse

from ..scoring import format_points

register = template.Library()

#: A record's kind → the page that shows it (its id the only argument).
PAGES = {
    "item": "ledger:item",
    "report": "ledger:report",
    "meeting": "meetings:detail",
    "target": "cases:target",
    "case": "cases:detail",
    "notice": "supervision:detail",
}


@register.simple_tag
def record_url(record) -> str:
    """The URL of the record's page, or "" when it has none (a period without a meeting, an entry)."""
    name = PAGES.get(record.kind)
    if name is None or record.id is None:
        return ""
    return reverse(name, args=[record.id])


@register.filter
def points(value) -> str:
    """+2, −1.5, 30: a line's points as the page shows them."""
    return format_points(value)
