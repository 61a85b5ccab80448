"""Carry-over shown on the item page, so the ledger's Python never imports closing.

``{% load closing %}`` then ``{% item_carry_over item %}``: 结转自 (this item came from last
year's) and 结转至 (this item went on into next year's), each linking the other item.  Items are
the zone's to read, so every user of the zone sees the links.
"""

from django import template
from django.db.models import Q

from ..models import CarryOver

register = template.Library()


@register.inclusion_tag("closing/_item_carry_over.html", takes_context=True)
def item_carry_over(context, item):
    user = context["request"].user
    if item.zone_id != user.zone_id:
        return {"came_from": None, "went_to": None}
    links = list(
        CarryOver.objects.filter(Q(source=item) | Q(target=item))
        .select_related("source__task__plan", "target__task__plan")
    )
    return {
        "came_from": next((c for c in links if c.target_id == item.pk), None),
        "went_to": next((c for c in links if c.source_id == item.pk), None),
    }
