"""The figures of the leaders' dashboard (领导驾驶舱) for one plan, read in a fixed number of queries.

Every figure reads what the apps below already keep; nothing is stored here:

- items and their RAG status (``ledger.ItemStatus``, kept current by the ledger): the colour
  counts, the items by status per task, the red items;
- overall completion: the share of items done (the office accepted 已完成), and the mean progress
  (平均完成进度) over the plan's items, where an item's progress is the completion its lead
  department reported last (the lowest, when several lead departments report), 0 until one
  reports, 100 once it is done;
- measured targets against their promises (``cases.targets.plan_target_actuals``);
- timeliness (``ledger.timeliness``): departments ranked by the share of their owed reports filed
  on time, and per cycle the reports owed and filed on time (the monthly trend).

Queries: the items with their tasks and status, their lead assignments, the lead reports'
completion, the targets' service types, cases and clock stops, and timeliness's own few: the same
number whatever the number of items, reports, targets and cases.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from duban.cases.targets import COLOUR_LABELS, TIME_UNITS, TargetActual, plan_target_actuals
from duban.ledger.models import ItemStatus, Report
from duban.ledger.timeliness import PlanTimeliness, timeliness
from duban.plans.models import Assignment, Item, Plan, Task
from duban.workdays.engine import CalendarNotCovered

#: The states of an item the task bars stack, in the order they are drawn.
DONE, ON_TRACK, AMBER, RED, UNASSESSED = "done", "on_track", "amber", "red", "unassessed"
STATE_LABELS = {DONE: "已完成", ON_TRACK: "正常推进", AMBER: "黄灯", RED: "红灯", UNASSESSED: "未评估"}


def item_state(item: Item) -> str:
    """Where an item stands on the task bars: done, else its colour (green = 正常推进)."""
    status = getattr(item, "status", None)
    if status is None:
        return UNASSESSED
    if status.done:
        return DONE
    return {ItemStatus.Colour.GREEN: ON_TRACK, ItemStatus.Colour.AMBER: AMBER, ItemStatus.Colour.RED: RED}[status.colour]


@dataclass
class TaskBar:
    task: Task
    counts: dict[str, int]  # state → number of the task's items


@dataclass
class Completion:
    items: int
    done: int
    progress: float | None  # mean 平均完成进度 in %, None for a plan without items

    @property
    def done_share(self) -> float | None:
        return self.done / self.items if self.items else None


@dataclass(frozen=True)
class TargetRow:
    """One service type of a measured target against the promise: the bullet of the targets chart.

    Time targets compare the median elapsed with the promised days, step targets the mean steps
    with the promised steps.  Lower is better for both: ``share`` (actual / promise, in %) past
    100 has missed the promise.
    """

    target: str  # the target's subject
    service_type: str
    service_type_id: int
    actual: float | None
    promise: float | None
    unit: str  # 个工作日 / 个自然日 / 个环节
    colour: str | None
    reason: str
    provisional: bool

    @property
    def share(self) -> float | None:
        if self.actual is None or not self.promise:
            return None
        return self.actual / self.promise * 100

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS[self.colour]


def target_rows(actuals: list[TargetActual]) -> list[TargetRow]:
    rows = []
    for actual in actuals:
        time_target = actual.target.unit in TIME_UNITS
        for row in actual.rows:
            rows.append(TargetRow(
                target=actual.target.subject, service_type=row.service_type.name,
                service_type_id=row.service_type.pk, actual=row.median if time_target else row.mean_steps,
                promise=row.limit, unit=f"个{row.service_type.limit_unit}" if time_target else "个环节",
                colour=row.colour, reason=row.reason, provisional=bool(actual.provisional),
            ))
    return rows


@dataclass
class Figures:
    plan: Plan
    today: date
    completion: Completion
    rag: dict[str, int]  # green / amber / red / unassessed → items, as the 督办总览 counts them
    tasks: list[TaskBar]
    red_items: list[Item]  # with .status and .leads (lead assignments)
    timeliness: PlanTimeliness
    targets: list[TargetRow] = field(default_factory=list)
    targets_error: str = ""  # the calendar does not cover a counted year: no target figures


def plan_items(plan: Plan) -> list[Item]:
    """The plan's items in plan order, with their task, status and lead assignments (``item.leads``)."""
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("department").order_by("order")
    return list(Item.objects.filter(task__plan=plan).select_related("task", "status")
                .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="leads"))
                .order_by("task__order", "order"))


def rag_counts(items: list[Item]) -> dict[str, int]:
    counts = Counter(item.status.colour if getattr(item, "status", None) else UNASSESSED for item in items)
    return {key: counts.get(key, 0) for key in (*ItemStatus.Colour.values, UNASSESSED)}


def task_bars(items: list[Item]) -> list[TaskBar]:
    bars: dict[int, TaskBar] = {}
    for item in items:
        bar = bars.setdefault(item.task_id, TaskBar(item.task, dict.fromkeys(STATE_LABELS, 0)))
        bar.counts[item_state(item)] += 1
    return list(bars.values())


def item_progress(plan: Plan) -> dict[int, int]:
    """item id → the completion (%) its lead department reported last (the lowest of several leads)."""
    latest: dict[tuple[int, int], int] = {}
    reports = (Report.objects.filter(item__task__plan=plan, is_lead=True, state__in=Report.FILED)
               .order_by("cycle__start", "version", "pk").values_list("item_id", "department_id", "completion"))
    for item_id, department_id, completion in reports:
        latest[(item_id, department_id)] = completion  # oldest first, so the last one stands
    progress: dict[int, int] = {}
    for (item_id, _), completion in latest.items():
        progress[item_id] = min(progress.get(item_id, 100), completion)
    return progress


def completion(plan: Plan, items: list[Item]) -> Completion:
    progress = item_progress(plan)
    done = [item for item in items if item_state(item) == DONE]
    values = [100 if item_state(item) == DONE else progress.get(item.pk, 0) for item in items]
    return Completion(len(items), len(done), sum(values) / len(values) if values else None)


def figures(plan: Plan, today: date) -> Figures:
    items = plan_items(plan)
    result = Figures(
        plan=plan, today=today, completion=completion(plan, items), rag=rag_counts(items),
        tasks=task_bars(items), red_items=[i for i in items if item_state(i) == RED],
        timeliness=timeliness(plan, today),
    )
    try:
        result.targets = target_rows(plan_target_actuals(plan, today))
    except CalendarNotCovered as error:
        result.targets_error = str(error)
    return result
