"""RAG status (红黄绿灯) of an item: the rule is the pure function ``assess``; ``refresh`` stores it.

- green: on track, or done (every lead department's latest *accepted* report says 已完成);
- amber: one required cycle's lead report is late, or the lead reported 存在风险,
  or the deadline is within the plan's warning window;
- red: the deadline has passed, or two or more required cycles were missed.

A cycle is missed while no lead report for it is filed (submitted and not
returned), so red turns back only once the missing reports are made up.

已完成 is the department's own claim; only the steering office's acceptance makes
it the item's state.  Were a filed (merely submitted or approved) 已完成 enough,
a liaison could turn a red item green by submitting the latest cycle alone,
skipping both the review and the made-up gap.  So a 已完成 report awaiting review
counts only as a filed report for its cycle, and the usual rules apply until the
office accepts it; once accepted, the office has judged the item done, and done
wins over gaps and deadlines.  With several lead departments, all must be
accepted as 已完成: each answers for the item.

Other apps can add findings about items (e.g. cases: a measured target missed)
through ``register_finder``, without the ledger importing them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from duban.dates import cn_date
from duban.plans.models import Item, Plan

from .cycles import required_cycles
from .models import ItemStatus, Report, StatusChange
from .obligations import obligations_of_plan

GREEN, AMBER, RED = ItemStatus.Colour.GREEN, ItemStatus.Colour.AMBER, ItemStatus.Colour.RED


@dataclass(frozen=True)
class CycleFacts:
    label: str
    due: date
    filed: bool  # every lead department has a filed report for this cycle


@dataclass(frozen=True)
class Finding:
    """Something another app found about an item: a colour (amber or red) and why."""

    colour: str
    reason: str


#: finder(plan, today) → {item id: [Finding, …]}
Finder = Callable[[Plan, date], dict[int, list[Finding]]]
_finders: list[Finder] = []


def register_finder(finder: Finder) -> None:
    if finder not in _finders:
        _finders.append(finder)


@dataclass(frozen=True)
class ItemFacts:
    deadline: date | None
    cycles: tuple[CycleFacts, ...]
    latest_self_status: str | None = None  # of the lead's most recent filed report
    findings: tuple[Finding, ...] = ()
    accepted_done: bool = False  # every lead department's latest accepted report says 已完成


@dataclass(frozen=True)
class Assessment:
    colour: str
    done: bool = False
    reasons: list[str] = field(default_factory=list)


def assess(facts: ItemFacts, today: date, warning_days: int) -> Assessment:
    if facts.accepted_done:
        return Assessment(GREEN, done=True, reasons=["牵头部门报告已完成，办公室已确认"])
    missed = [c for c in facts.cycles if c.due < today and not c.filed]
    red, amber = [], []
    if facts.deadline and facts.deadline < today:
        red.append(f"已超过完成时限（{cn_date(facts.deadline)}）")
    if len(missed) >= 2:
        red.append(f"{len(missed)} 期台账未报送：{'、'.join(c.label for c in missed)}")
    elif missed:
        amber.append(f"{missed[0].label}台账逾期未报送（截止 {cn_date(missed[0].due)}）")
    if facts.latest_self_status == Report.SelfStatus.AT_RISK:
        amber.append("牵头部门自评存在风险")
    if facts.deadline and 0 <= (facts.deadline - today).days <= warning_days:
        amber.append(f"距完成时限（{cn_date(facts.deadline)}）不足 {warning_days} 天")
    for finding in facts.findings:
        (red if finding.colour == RED else amber).append(finding.reason)
    if red:
        return Assessment(RED, reasons=red + amber)
    if amber:
        return Assessment(AMBER, reasons=amber)
    return Assessment(GREEN, reasons=["正常推进"])


def plan_facts(plan: Plan, today: date) -> dict[int, ItemFacts]:
    """The facts of every item of the plan, in a fixed number of queries."""
    cycles = required_cycles(plan, list(plan.cycles.all()))
    leads: dict[int, set[int]] = defaultdict(set)
    for obligation in obligations_of_plan(plan):
        if obligation.is_lead:
            leads[obligation.item.pk].add(obligation.department.pk)
    filed: dict[tuple[int, int], set[int]] = defaultdict(set)  # (item, cycle) → departments that filed
    latest: dict[int, str] = {}
    accepted: dict[tuple[int, int], str] = {}  # (item, department) → self status of its latest accepted report
    # One query for both: accepted reports are filed reports, so no second query is needed.
    lead_reports = (
        Report.objects.filter(item__task__plan=plan, is_lead=True, state__in=Report.FILED)
        .order_by("cycle__start", "version", "pk")
        .values_list("item_id", "cycle_id", "department_id", "self_status", "state")
    )
    for item_id, cycle_id, department_id, self_status, state in lead_reports:
        filed[(item_id, cycle_id)].add(department_id)
        latest[item_id] = self_status  # ordered by cycle, so the last one wins
        if state == Report.State.ACCEPTED:
            accepted[(item_id, department_id)] = self_status
    findings: dict[int, list[Finding]] = defaultdict(list)
    for finder in _finders:
        for item_id, found in finder(plan, today).items():
            findings[item_id].extend(found)
    facts = {}
    for item in Item.objects.filter(task__plan=plan).only("pk", "deadline"):
        required = leads.get(item.pk, set())
        facts[item.pk] = ItemFacts(
            deadline=item.deadline,
            cycles=tuple(CycleFacts(c.label, c.due, required <= filed[(item.pk, c.pk)]) for c in cycles),
            latest_self_status=latest.get(item.pk),
            findings=tuple(findings[item.pk]),
            accepted_done=all_accepted_done(required, item.pk, accepted),
        )
    return facts


def all_accepted_done(leads: set[int], item_id: int, accepted: dict[tuple[int, int], str]) -> bool:
    """Every lead department's latest accepted report says 已完成 (an item without a lead is never done)."""
    return bool(leads) and all(accepted.get((item_id, d)) == Report.SelfStatus.DONE for d in leads)


@transaction.atomic
def refresh(plan: Plan, today: date) -> dict[int, Assessment]:
    """Recompute and store the status of every item of the plan; record each change in the history."""
    warning_days = plan.schedule.warning_days if hasattr(plan, "schedule") else 15
    assessments = {item_id: assess(f, today, warning_days) for item_id, f in plan_facts(plan, today).items()}
    current = {s.item_id: s for s in ItemStatus.objects.filter(item__task__plan=plan)}
    now = timezone.now()
    for item_id, result in assessments.items():
        status = current.get(item_id)
        if status is None:
            ItemStatus.objects.create(zone_id=plan.zone_id, item_id=item_id, colour=result.colour,
                                      done=result.done, reasons=result.reasons, since=now)
            StatusChange.objects.create(zone_id=plan.zone_id, item_id=item_id, to_colour=result.colour,
                                        reasons=result.reasons, as_of=today)
        elif (status.colour, status.done, status.reasons) != (result.colour, result.done, result.reasons):
            if status.colour != result.colour:
                StatusChange.objects.create(zone_id=plan.zone_id, item_id=item_id, from_colour=status.colour,
                                            to_colour=result.colour, reasons=result.reasons, as_of=today)
                status.since = now
            status.colour, status.done, status.reasons = result.colour, result.done, result.reasons
            status.save()
    return assessments
