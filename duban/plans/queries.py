"""Read-side queries for plan pages: each page's data in a fixed number of SQL queries."""

from django.db.models import Prefetch, Q

from .models import Assignment, Item, Plan


def _assignments():
    return Assignment.objects.select_related("department").order_by("role", "order")


def plan_tree(plan: Plan):
    """Tasks → items → assignments and targets, prefetched: four queries whatever the plan's size."""
    items = Item.objects.order_by("order").prefetch_related(Prefetch("assignments", queryset=_assignments()), "targets")
    return plan.tasks.order_by("order").prefetch_related(Prefetch("items", queryset=items))


def led_items(department):
    return _items(Item.objects.filter(assignments__role=Assignment.Role.LEAD, assignments__department=department))


def supported_items(department):
    """Items the department cooperates on or is a 责任单位 of, by name or as one of 各部门, except those
    it leads itself."""
    cooperating = Assignment.objects.filter(
        role__in=[Assignment.Role.COOPERATING, Assignment.Role.RESPONSIBLE], zone_id=department.zone_id
    ).filter(
        Q(department=department) | Q(department__isnull=True)
    )
    led = Assignment.objects.filter(role=Assignment.Role.LEAD, department=department)
    return _items(
        Item.objects.filter(pk__in=cooperating.values("item_id")).exclude(pk__in=led.values("item_id"))
    )


def _items(queryset):
    return (
        queryset.distinct()
        .select_related("task", "task__plan")
        .prefetch_related(Prefetch("assignments", queryset=_assignments()), "targets")
        .order_by("-task__plan__year", "task__plan_id", "task__order", "order")
    )

