"""Carry-over shown on the item and plan pages, so the ledger's and plans' Python never imports closing.

``{% load closing %}`` then ``{% item_carry_over item %}``: 结转自 (this item came from last
year's) and 结转至 (this item went on into next year's), each linking the other item.  On the plan
page, ``{% plan_carry_overs plan tasks as carry %}`` marks every item with its links (one query for
the whole plan) and keeps only the items the page's 结转 filter asks for (``?carried=only`` /
``?carried=exclude``); ``{% item_carry_tags item %}`` shows an item's marks.  Items are the zone's
to read, so every user of the zone sees the links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.db.models import Q

from ..models import CarryOver

register = template.Library()

#: The plan page's filter: ?carried=… → its label.  Absent or unknown: every item.
CARRY_FILTERS = {"": "全部任务", "only": "只看结转任务", "exclude": "不含结转任务"}


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


@dataclass
class PlanCarry:
    """The plan page's tasks as the filter keeps them, and what the filter offers."""

    tasks: list[tuple] = field(default_factory=list)  # (task, [item, …]) with at least one item kept
    chosen: str = ""
    carried: int = 0  # items of the plan with a link either way

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        return [(key, label, key == self.chosen) for key, label in CARRY_FILTERS.items()]


@register.simple_tag(takes_context=True)
def plan_carry_overs(context, plan, tasks) -> PlanCarry:
    """Mark each item of ``tasks`` (the plan's, prefetched) with ``carried_from`` / ``carried_to``
    (its CarryOver either way, or None) and keep those the ``carried`` filter of the request asks for."""
    chosen = context["request"].GET.get("carried", "")
    chosen = chosen if chosen in CARRY_FILTERS else ""
    links = (CarryOver.objects.filter(Q(source__task__plan=plan) | Q(target__task__plan=plan))
             .select_related("source__task__plan", "target__task__plan"))
    came_from = {c.target_id: c for c in links if c.target.task.plan_id == plan.pk}
    went_to = {c.source_id: c for c in links if c.source.task.plan_id == plan.pk}
    tasks = [(task, list(task.items.all())) for task in tasks]
    carried = 0
    for _task, items in tasks:
        for item in items:
            item.carried_from, item.carried_to = came_from.get(item.pk), went_to.get(item.pk)
            carried += item.carried_from is not None or item.carried_to is not None
    if not carried:  # nothing to filter: a stale ?carried= link must not empty the page
        return PlanCarry(tasks, "", 0)
    result = PlanCarry(chosen=chosen, carried=carried)
    for task, items in tasks:
        kept = [item for item in items
                if chosen == "" or (chosen == "only") == (item.carried_from is not None or item.carried_to is not None)]
        if kept or chosen == "":
            result.tasks.append((task, kept))
    return result


@register.inclusion_tag("closing/_item_carry_tags.html")
def item_carry_tags(item):
    """结转自 / 已结转至 beside an item marked by ``plan_carry_overs`` (nothing on other pages)."""
    return {"came_from": getattr(item, "carried_from", None), "went_to": getattr(item, "carried_to", None)}
