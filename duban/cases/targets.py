"""A plan's target measured by its service types' cases, and the colour it turns.

The colour rule (docs/cases.md):

- time targets (unit 工作日 / 自然日, or 法定时限: value × the service type's statutory limit):
  red when the median elapsed of completed cases misses the promise; green when the median meets
  it and at least ``GREEN_WITHIN_SHARE`` of the decided cases were within it; amber in between;
- step targets (unit 环节): red when the mean number of steps exceeds the promise; green when the
  mean meets it and at least ``GREEN_WITHIN_SHARE`` of the cases took no more steps; amber between.

A target with several service types (扩容、改装及临时用水) takes the worst colour of them.
Cases count from 1 January of the plan's year to today.  No completed case yet: no colour.
The ledger's RAG takes red or amber as a finding on the target's item (``target_findings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from duban.plans.models import Target
from duban.workdays.engine import CalendarNotCovered

from .measures import WORKDAYS
from .models import ServiceType
from .provisional import provisional_reasons
from .queries import calendars_for, measure_zone

#: Share of decided cases within the promise needed for green (with the median meeting it).
#: 90% is the usual bar of the 营商环境 assessments for 按时办结率; below it the target is amber.
GREEN_WITHIN_SHARE = 0.90

GREEN, AMBER, RED = "green", "amber", "red"
COLOUR_LABELS = {GREEN: "绿灯", AMBER: "黄灯", RED: "红灯", None: "暂无数据"}
TIME_UNITS = ("工作日", "自然日", Target.STATUTORY_RATIO_UNIT)
STEP_UNIT = "环节"


def is_measured(target: Target) -> bool:
    return target.kind == Target.Kind.QUANTITY and target.unit in (*TIME_UNITS, STEP_UNIT)


def promise_limit(target: Target, service_type: ServiceType) -> float | None:
    """The promise in the service type's own unit: days for time targets, steps for step targets."""
    if target.value is None:
        return None
    if target.unit == Target.STATUTORY_RATIO_UNIT:
        if service_type.statutory_limit_days is None:
            return None
        return float(target.value) * service_type.statutory_limit_days
    return float(target.value)


@dataclass
class TypeActual:
    service_type: ServiceType
    limit: float | None
    count: int
    completed: int
    median: float | None
    within_share: float | None
    mean_steps: float | None
    max_steps: int | None
    steps_within_share: float | None
    colour: str | None
    reason: str


@dataclass
class TargetActual:
    target: Target
    rows: list[TypeActual] = field(default_factory=list)
    provisional: list[str] = field(default_factory=list)  # why the working-day figures are 暂定

    @property
    def colour(self) -> str | None:
        colours = [r.colour for r in self.rows if r.colour]
        for c in (RED, AMBER, GREEN):
            if c in colours:
                return c
        return None

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS[self.colour]

    @property
    def reasons(self) -> list[str]:
        return [r.reason for r in self.rows if r.colour in (RED, AMBER)]


def _fmt(x: float) -> str:
    return f"{x:g}"


def _time_colour(median, share, limit, unit) -> tuple[str | None, str]:
    if median is None or limit is None:
        return None, "暂无办结办件"
    if median > limit:
        return RED, f"中位用时 {_fmt(median)} 个{unit}，超过承诺的 {_fmt(limit)} 个{unit}"
    if share is not None and share >= GREEN_WITHIN_SHARE:
        return GREEN, f"中位用时 {_fmt(median)} 个{unit}，{share:.0%} 按时办结"
    return AMBER, f"中位用时 {_fmt(median)} 个{unit}达标，但按时办结率 {share or 0:.0%} 低于 {GREEN_WITHIN_SHARE:.0%}"


def _step_colour(mean, share, limit) -> tuple[str | None, str]:
    if mean is None or limit is None:
        return None, "暂无环节数据"
    if mean > limit:
        return RED, f"平均环节数 {mean:.1f} 个，超过承诺的 {_fmt(limit)} 个"
    if share is not None and share >= GREEN_WITHIN_SHARE:
        return GREEN, f"平均环节数 {mean:.1f} 个，{share:.0%} 的办件不超过 {_fmt(limit)} 个"
    return AMBER, f"平均环节数 {mean:.1f} 个达标，但只有 {share or 0:.0%} 的办件不超过 {_fmt(limit)} 个"


def target_actual(target: Target, today: date, year: int | None = None) -> TargetActual:
    types = list(target.service_types.select_related("department", "zone"))
    if not types or not is_measured(target):
        return TargetActual(target)
    return _measure(types[0].zone, [(target, types)], today, year or target.item.task.plan.year)[0]


def plan_target_actuals(plan, today: date) -> list[TargetActual]:
    """Every target of the plan that service types measure, with its actual, in plan order.

    One query for the service types and their targets, then one ``measure_zone`` for all of
    them: a fixed number of queries however many targets and cases the plan has (the leaders'
    dashboard and the ledger's finder read every target at once).  Raises CalendarNotCovered
    when the calendar cannot count the working days of any of them (``measure_plan_targets``
    measures the others and lists those apart).
    """
    found = measure_plan_targets(plan, today)
    if found.not_covered is not None:
        raise found.not_covered
    return found.actuals


@dataclass
class PlanTargets:
    """A plan's measured targets: those counted, and those whose working days the calendar cannot
    count yet (a year not entered), each in plan order."""

    actuals: list[TargetActual]
    uncounted: list[Target] = field(default_factory=list)
    not_covered: CalendarNotCovered | None = None  # why, for the first of them


def measure_plan_targets(plan, today: date) -> PlanTargets:
    """``plan_target_actuals`` that does not fail whole when the calendar cannot count some targets.

    All are measured at once; should the calendar not cover a day counted, the targets are
    measured again in groups by the calendars their working days are counted on (their service
    types' regions), and the groups that still fail are returned as uncounted: a few more queries
    for a few regions, never one per target.
    """
    types = list(ServiceType.objects.filter(zone_id=plan.zone_id, target__item__task__plan=plan)
                 .select_related("department", "zone", "target__item__task")
                 .order_by("target__item__task__order", "target__item__order", "target__order", "target_id",
                           "order", "name"))
    by_target: dict[int, tuple[Target, list[ServiceType]]] = {}
    for service_type in types:
        by_target.setdefault(service_type.target_id, (service_type.target, []))[1].append(service_type)
    measured = [(t, ts) for t, ts in by_target.values() if is_measured(t)]
    actuals: dict[int, TargetActual] = {}
    uncounted: set[int] = set()
    not_covered = None

    def measure(group) -> None:
        actuals.update((a.target.pk, a) for a in _measure(types[0].zone, group, today, plan.year))

    try:
        if measured:
            measure(measured)
    except CalendarNotCovered as error:
        not_covered = error
        by_calendars: dict[frozenset, list] = {}
        for target, target_types in measured:
            counted_on = frozenset(t.calendar_region for t in target_types if t.limit_unit == WORKDAYS)
            by_calendars.setdefault(counted_on, []).append((target, target_types))
        for group in by_calendars.values():
            try:
                measure(group)
            except CalendarNotCovered:
                uncounted.update(target.pk for target, _ in group)
    return PlanTargets(
        [actuals.get(t.pk) or TargetActual(t) for t, _ in by_target.values() if t.pk not in uncounted],
        [t for t, _ in by_target.values() if t.pk in uncounted],
        not_covered if uncounted else None,
    )


def _measure(zone, targets: list[tuple[Target, list[ServiceType]]], today: date, year: int) -> list[TargetActual]:
    """The actuals of measured ``targets`` (each with its service types), from one measure of their cases."""
    limits: dict[int, float] = {}
    for target, types in targets:
        if target.unit in TIME_UNITS:
            limits.update({t.pk: limit for t in types if (limit := promise_limit(target, t)) is not None})
    all_types = [t for _, types in targets for t in types]
    measured = measure_zone(zone, today, all_types, limits=limits,
                            received_from=date(year, 1, 1), received_to=min(today, date(year, 12, 31)))
    summaries = measured.by_type()
    calendars = None  # looked up once, for every target's provisional reasons
    actuals = []
    for target, types in targets:
        actual = TargetActual(target)
        time_target = target.unit in TIME_UNITS
        if time_target:
            positions = np.concatenate([measured.positions_of_type(t.pk) for t in types])
            if calendars is None and measured.result.provisional.any():
                calendars = calendars_for(zone, {t.calendar_region for t in all_types})
            actual.provisional = provisional_reasons(zone, measured, positions, calendars)
        for service_type in types:
            s = summaries[service_type.pk]
            name = service_type.name
            steps_share = None
            limit = promise_limit(target, service_type)
            if time_target:
                colour, reason = _time_colour(s.median, s.within_share, limit, service_type.limit_unit)
            else:
                steps = measured.columns.steps[measured.positions_of_type(service_type.pk)]
                steps = steps[~np.isnan(steps)]
                steps_share = float((steps <= limit).mean()) if len(steps) and limit is not None else None
                colour, reason = _step_colour(s.mean_steps, steps_share, limit)
            actual.rows.append(TypeActual(service_type, limit, s.count, s.completed, s.median, s.within_share,
                                          s.mean_steps, s.max_steps, steps_share, colour, f"{name}：{reason}"))
        actuals.append(actual)
    return actuals


def target_findings(plan, today: date) -> dict:
    """Ledger finder: red/amber measured targets of the plan's items."""
    from duban.ledger.status import Finding

    findings: dict[int, list] = {}
    for actual in plan_target_actuals(plan, today):
        for row in actual.rows:
            if row.colour in (RED, AMBER):
                note = "（暂定）" if actual.provisional else ""
                findings.setdefault(actual.target.item_id, []).append(
                    Finding(row.colour, f"指标“{actual.target.subject}”{COLOUR_LABELS[row.colour]}{note}：{row.reason}"))
    return findings
