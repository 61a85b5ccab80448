"""Carry-over (结转): the items the office carried over land in next year's plan, linked both ways.

When the reconciliation closes, every item with a line decided 结转 becomes one item of next
year's plan — the plan the office chose (of the following year), or a plan created for it — in a
task of its own, （结转）<year>年度结转任务.  The new item keeps the old one's text (with the stage
goal added), takes the latest new deadline of its lines, the departments whose lines were carried
(in their roles) and the old item's targets.  ``CarryOver`` links the two items, so each item page
says 结转自 / 结转至 and nothing silently disappears between years.

Idempotent per item: an item carried before keeps its one carried item; a plan holds one task of
carried items; an item carried a second year keeps one stage goal, and a plan created from a created
plan is named after the original.

An item is carried only with a lead department: another department's part (配合 or 责任) carried over
while the lead's is not has no one to answer for it next year, and closing is refused until the
office decides otherwise.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from django.db.models import Max

from duban.clock import now, today
from duban.dates import cn_date
from duban.ledger.models import ItemStatus, StatusChange
from duban.ledger.status import refresh
from duban.plans.models import Assignment, Item, Plan, Target, Task

from .flow import FlowError
from .models import CarryOver, Line, Reconciliation

CARRIED_TASK_NUMBER = "（结转）"


def carried_lines(reconciliation: Reconciliation) -> list[Line]:
    return list(
        Line.objects.filter(sheet__reconciliation=reconciliation, state=Line.State.DECIDED,
                            decision=Line.Decision.CARRIED_OVER)
        .select_related("item", "item__task", "assignment", "department")
        .order_by("item__task__order", "item__order", "-is_lead", "department__order", "pk")
    )


def next_plan_choices(reconciliation: Reconciliation):
    """The plans a carry-over may land in: the zone's plans of the following year."""
    plan = reconciliation.plan
    return Plan.objects.filter(zone_id=plan.zone_id, year=plan.year + 1).defer("source_file", "source_text")


def by_item(lines: list[Line]) -> list[tuple[Item, list[Line]]]:
    groups: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        groups[line.item.pk].append(line)
    return [(group[0].item, group) for group in groups.values()]


def check_leads(groups: list[tuple[Item, list[Line]]]) -> None:
    leaderless = [item.code for item, lines in groups if not any(line.is_lead for line in lines)]
    if leaderless:
        raise FlowError(
            f"以下任务的牵头部门未结转、只结转了其他部门的部分，结转后无人牵头：{'、'.join(leaderless)}；"
            "请先处理（如对牵头部门也作结转，或改变配合部门的审定结果）"
        )


def land(reconciliation: Reconciliation, user, next_plan: Plan | None = None) -> Plan:
    """Put every carried-over item into ``next_plan`` (or a new plan of next year); returns the plan."""
    plan = reconciliation.plan
    groups = by_item(carried_lines(reconciliation))
    check_leads(groups)
    if next_plan is not None and (next_plan.zone_id != plan.zone_id or next_plan.year != plan.year + 1):
        raise FlowError(f"结转任务只能纳入本开发区{plan.year + 1}年度的方案")
    # Idempotent per item: an item carried over before keeps its one carried item (no second copy);
    # its carried lines' departments are completed there.
    already = {c.source_id: c.target for c in CarryOver.objects.filter(source__in=[item for item, _ in groups])
               .select_related("target__task__plan")}
    fresh = [(item, lines) for item, lines in groups if item.pk not in already]
    for item, lines in groups:
        if item.pk in already:
            _assign(already[item.pk], lines)
    carried_before = set(CarryOver.objects.filter(target__in=[item for item, _ in fresh])
                         .values_list("target_id", flat=True))
    created = next_plan is None and bool(fresh)
    if created:
        next_plan = _create_plan(reconciliation, fresh, carried_before, user)
    elif next_plan is None:  # everything was carried before: where it went
        next_plan = next(iter(already.values())).task.plan
    task = _carried_task(next_plan, plan.year) if fresh else None
    start = task.items.aggregate(m=Max("order"))["m"] or 0 if task else 0
    landed = []
    for order, (item, lines) in enumerate(fresh, start=start + 1):
        deadline = max(line.new_deadline for line in lines)
        line_no = _TEXT_HEADER_LINES + order if created else 0  # a chosen plan's text does not hold it
        carried = Item.objects.create(
            zone_id=plan.zone_id, task=task, number=str(order), order=order,
            text=carried_text(item, lines, item.pk in carried_before),
            deadline=deadline, deadline_text=cn_date(deadline), line_start=line_no, line_end=line_no,
        )
        landed.append(carried.pk)
        _assign(carried, lines)
        for target in item.targets.all():
            Target.objects.create(zone_id=plan.zone_id, item=carried, subject=target.subject, kind=target.kind,
                                  comparator=target.comparator, value=target.value, unit=target.unit,
                                  order=target.order)
        CarryOver.objects.create(zone_id=plan.zone_id, reconciliation=reconciliation, source=item, target=carried,
                                 created_by=user)
    refresh(next_plan, today())  # the new items get their RAG status at once, as an imported plan's do
    _on_the_clock(next_plan if created else None, landed)
    return next_plan


def _on_the_clock(created: Plan | None, items: list[int]) -> None:
    """Stamp what landing wrote on duban's clock: the created plan's import time and the carried items'
    first RAG status are written by the database's and the ledger's own clock (auto_now_add,
    timezone.now), which a replayed or pinned year (the demo's 2020) must not read as today's date."""
    stamp = now()
    if created is not None:
        Plan.objects.filter(pk=created.pk).update(imported_at=stamp)
        created.imported_at = stamp
    StatusChange.objects.filter(item_id__in=items).update(at=stamp)
    ItemStatus.objects.filter(item_id__in=items).update(since=stamp)


def _carried_task(next_plan: Plan, year: int) -> Task:
    """The plan's task of carried items, （结转）<year>年度结转任务: the one already there (another plan of
    the year carried into it) or a new last task.  One per plan, so item codes like （结转）第1项 stay unique."""
    task = Task.objects.filter(plan=next_plan, number=CARRIED_TASK_NUMBER).order_by("order").first()
    if task is not None:
        return task
    last = Task.objects.filter(plan=next_plan).aggregate(m=Max("order"))["m"] or 0
    return Task.objects.create(zone_id=next_plan.zone_id, plan=next_plan, number=CARRIED_TASK_NUMBER,
                               title=f"{year}年度结转任务", order=last + 1)


def _assign(carried: Item, lines: list[Line]) -> None:
    """Each carried line's department in its role (lead, cooperating, responsible) on the carried item,
    once: a department already there in that role is not added again.  One save each: on the audit trail."""
    for role in Assignment.Role.values:
        mine = [line for line in lines if line.assignment.role == role]
        for position, line in enumerate(mine):
            Assignment.objects.get_or_create(zone_id=carried.zone_id, item=carried, department=line.department,
                                             role=role, defaults={"order": position})


#: How carried_text marks next year's stage goal; an item carried again keeps only the newest one.
STAGE_GOAL = "\n（阶段目标："


def carried_text(item: Item, lines: list[Line], carried_before: bool = False) -> str:
    """The old item's text, with the stage goal of next year (per department when they differ).

    An item that was itself carried over (``carried_before``) has last year's stage goal in its text:
    it is replaced, not stacked, so an item carried twice reads as the original task and this year's goal."""
    goals = list(dict.fromkeys(line.stage_goal for line in lines))
    if len(goals) == 1:
        goal = goals[0]
    else:
        goal = "；".join(f"{line.department.name}：{line.stage_goal}" for line in lines)
    text = item.text.rsplit(STAGE_GOAL, 1)[0] if carried_before else item.text
    return f"{text}{STAGE_GOAL}{goal}）"


# The created plan's text: title, origin, task heading, then one line per item.
_TEXT_HEADER_LINES = 3


_CREATED_TITLE = re.compile(r"^\d{4}年度结转任务（(?P<original>.+)）$")


def original_title(plan: Plan) -> str:
    """The title of the plan the items first came from: a plan created for carried items names it
    (2021年度结转任务（<title>）), and carrying from that plan again names it once, not nested."""
    created = _CREATED_TITLE.match(plan.title)
    return created["original"] if created else plan.title


def _create_plan(reconciliation: Reconciliation, groups, carried_before: set[int], user) -> Plan:
    """A plan of next year holding only the carried-over items, its text written out as a document
    would be, so the plan pages show each item beside its line like an imported plan's."""
    plan = reconciliation.plan
    title = f"{plan.year + 1}年度结转任务（{original_title(plan)}）"[:200]
    lines = [title, f"（由《{plan.title}》{plan.year}年度对账销号结转）", f"{CARRIED_TASK_NUMBER}{plan.year}年度结转任务"]
    for order, (item, item_lines) in enumerate(groups, start=1):
        deadline = max(line.new_deadline for line in item_lines)
        text = carried_text(item, item_lines, item.pk in carried_before).replace("\n", "")
        lines.append(f"{order}. {text}（原{item.code}；完成时限：{cn_date(deadline)}）")
    text = "\n".join(lines) + "\n"
    data = text.encode("utf-8")
    return Plan.objects.create(
        zone_id=plan.zone_id, title=title, year=plan.year + 1,
        description=f"由《{plan.title}》{plan.year}年度对账销号结转的任务。", source_name=f"{plan.year + 1}年度结转任务（对账销号生成）.txt",
        source_file=data, source_text=text, checksum=hashlib.sha256(data).hexdigest(), imported_by=user,
    )
