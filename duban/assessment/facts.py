"""Each department's facts for the scoring, gathered from the database in a fixed number of queries.

What is counted, and from where (docs/assessment.md says why):

- completion: the department's lead obligations closed out (销号) by the reconciliation, over
  those not adjusted away (调整) (``closing.outcomes``); a carried-over one (结转) is due and not
  done, but not failed;
- timeliness, quality, cooperation: the ledger's owed reports (``ledger.timeliness``) — lead
  reports on time; reports filed and not returned; cooperating reports filed;
- meetings: the lead departments' required periods with and without a meeting
  (``meetings.compliance``), the meetings themselves linked;
- targets: the measured targets of the items a department leads, met when green
  (``cases.targets.plan_target_actuals``); a red one is a ``missed_target``;
- satisfaction (好差评): the department's service types' rated cases received in the plan year;
  差评 = 不满意 + 非常不满意, less those overturned on appeal (申诉复核, ``Appeal``);
- item events: an obligation whose deadline has passed and that is neither closed out,
  adjusted, nor accepted as done in the ledger is overdue; overdue and not carried over (结转)
  either, it failed without a valid reason;
- unanswered 督办通知: a notice not answered by its reply deadline;
- entries: what the assessment office recorded under an entry rule.

Everything is counted up to the cut-off, the first day not counted (``cutoff``): a report or a
reply due on the day before it is late if it is missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Count

from duban.cases.models import Case, Rating
from duban.cases.targets import GREEN, RED, plan_target_actuals
from duban.closing.outcomes import ADJUSTED, CARRIED_OVER, CLOSED, decisions
from duban.dates import cn_date
from duban.ledger.models import ItemStatus, ReportTransition
from duban.ledger.obligations import obligations_of_plan
from duban.ledger.timeliness import timeliness
from duban.meetings.compliance import compliance
from duban.meetings.models import Meeting
from duban.plans.models import Item, Plan
from duban.supervision.models import Notice
from duban.workdays.engine import CalendarNotCovered
from duban.zones.models import Department

from .models import Appeal, Entry
from .scoring import COOPERATING, LEAD, DepartmentFacts, Ratio, Record, percent

BAD_RATINGS = (Rating.DISSATISFIED, Rating.VERY_DISSATISFIED)

DECISION_LABELS = {CLOSED: "已销号", CARRIED_OVER: "结转", ADJUSTED: "调整", "returned": "退回"}


def item_label(item: Item) -> str:
    return f"{item.code} {item.text[:24]}"


@dataclass
class _Department:
    """What is being gathered for one department, before it becomes DepartmentFacts."""

    pk: int
    name: str
    order: int
    roles: dict[int, str] = field(default_factory=dict)  # item id → lead / cooperating
    measures: dict[str, Ratio] = field(default_factory=dict)
    events: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    entries: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))

    def role_on(self, item_id: int | None) -> str:
        return self.roles.get(item_id, LEAD)

    def frozen(self) -> DepartmentFacts:
        return DepartmentFacts(
            self.pk, self.name, self.order, dict(self.measures),
            {k: tuple(v) for k, v in self.events.items()}, {k: tuple(v) for k, v in self.entries.items()},
        )


class _Departments(dict):
    """department id → _Department, made on first mention."""

    def of(self, department: Department) -> _Department:
        if department.pk not in self:
            self[department.pk] = _Department(department.pk, department.name, department.order)
        return self[department.pk]


def gather(plan: Plan, cutoff: date, rule_keys: dict[int, str] | None = None) -> list[DepartmentFacts]:
    """The facts of every department with an obligation in the plan (an assignment as lead,
    responsible or cooperating, 各部门 included), in registry order.  A department without one
    is not assessed, whatever its cases, notices or entries: the plan gave it no work.

    ``rule_keys``: the saved scheme's entry rules, id → key, so entries reach their rules (none
    when the plan is scored by the default scheme, which no entry can name)."""
    departments = _Departments()
    obligations = obligations_of_plan(plan)
    for obligation in obligations:
        mine = departments.of(obligation.department)
        if mine.roles.get(obligation.item.pk) != LEAD:  # lead and one of 各部门: lead
            mine.roles[obligation.item.pk] = LEAD if obligation.is_lead else COOPERATING
    _obligations(plan, cutoff, obligations, departments)
    _reports(plan, cutoff, departments)
    _meetings(plan, cutoff, departments)
    _targets(plan, cutoff, departments)
    _satisfaction(plan, cutoff, departments)
    _notices(plan, cutoff, departments)
    if rule_keys:
        _entries(plan, cutoff, rule_keys, departments)
    obliged = [d for d in departments.values() if d.roles]
    return [d.frozen() for d in sorted(obliged, key=lambda d: (d.order, d.name))]


def _deadline(item: Item, plan: Plan) -> date | None:
    """When the item must be done: its 完成时限, the year end without one, never if 持续推进."""
    if item.deadline:
        return item.deadline
    return None if item.ongoing else date(plan.year, 12, 31)


def _obligations(plan: Plan, cutoff: date, obligations, departments: _Departments) -> None:
    """Completion (lead obligations closed out) and the item events, from the reconciliation.

    Completion counts the lead obligations that are due by the cut-off (持续推进 ones at the year
    end) or already closed out or carried over; adjusted ones (调整: changed or cancelled by approval) do not count.
    A carried-over one (结转) counts as due and not done: it was not finished this year.  Its reason
    keeps it from being "failed" (no 任务未完成且无正当理由), not from the completion rate — leaving
    it out would let a department score better by having its items carried over than by closing
    some out (docs/assessment.md)."""
    decided = decisions(plan)
    done = set(ItemStatus.objects.filter(item__task__plan=plan, done=True).values_list("item_id", flat=True))
    year_end = date(plan.year, 12, 31)
    led: dict[int, list[Record]] = defaultdict(list)
    counted: dict[int, int] = defaultdict(int)
    closed: dict[int, int] = defaultdict(int)
    for obligation in obligations:
        item, mine = obligation.item, departments.of(obligation.department)
        role = LEAD if obligation.is_lead else COOPERATING
        code = decided.get((obligation.assignment.pk, obligation.department.pk))
        state = DECISION_LABELS.get(code, "未审定")
        deadline = _deadline(item, plan)
        if obligation.is_lead:
            # Closed out or carried over, the item's year is settled whatever its deadline: a carried-over
            # one left out until its deadline passed would make completion 不适用 in December.
            due = code in (CLOSED, CARRIED_OVER) or (deadline or year_end) < cutoff
            excluded = "（调整，不计入）" if code == ADJUSTED else "" if due else "（未到完成时限，不计入）"
            led[mine.pk].append(Record("item", item.pk, item_label(item), f"对账：{state}{excluded}", item.pk, LEAD))
            counted[mine.pk] += not excluded
            closed[mine.pk] += code == CLOSED
        if deadline is None or deadline >= cutoff or code in (CLOSED, ADJUSTED) or item.pk in done:
            continue
        record = Record("item", item.pk, item_label(item), f"完成时限 {cn_date(deadline)}，对账：{state}", item.pk, role)
        mine.events["overdue_item"].append(record)
        if code != CARRIED_OVER:
            mine.events["failed_item"].append(record)
    for department_id, records in led.items():
        departments[department_id].measures["completion"] = Ratio(
            closed[department_id], counted[department_id], tuple(records))


def _filing_record(filing) -> Record:
    item, cycle = filing.obligation.item, filing.cycle
    role = LEAD if filing.obligation.is_lead else COOPERATING
    label = f"{item.code} {cycle.label}台账"
    if filing.missing:
        return Record("item", item.pk, label, f"未报送（截止 {cn_date(cycle.due)}）", item.pk, role)
    when = "按时报送" if filing.on_time else "逾期报送"
    return Record("report", filing.report_id, label, f"{when}（{cn_date(filing.filed_on)}，截止 {cn_date(cycle.due)}）",
                  item.pk, role)


def _reports(plan: Plan, cutoff: date, departments: _Departments) -> None:
    """Timeliness (lead reports on time), quality (returns) and cooperation (cooperating reports filed)."""
    owed = timeliness(plan, cutoff)
    returns: dict[int, list[Record]] = defaultdict(list)
    rows = (ReportTransition.objects
            .filter(report__item__task__plan=plan, report__cycle__due__lt=cutoff, action=ReportTransition.Action.RETURN)
            .select_related("report__item__task", "report__cycle").order_by("at", "pk"))
    for t in rows:
        report = t.report
        returns[report.department_id].append(Record(
            "report", report.pk, f"{report.item.code} {report.cycle.label}台账",
            f"被退回：{t.comment}" if t.comment else "被退回", report.item_id,
            LEAD if report.is_lead else COOPERATING))
    for entry in owed.departments:
        mine = departments.of(entry.department)
        records = [_filing_record(f) for f in entry.filings]
        lead = [r for r, f in zip(records, entry.filings) if f.obligation.is_lead]
        cooperating = [r for r, f in zip(records, entry.filings) if not f.obligation.is_lead]
        mine.measures["timeliness"] = Ratio(entry.lead_on_time, entry.lead_due, tuple(lead))
        mine.measures["cooperation"] = Ratio(entry.cooperating_filed, entry.cooperating_due, tuple(cooperating))
        filed = entry.due - entry.missing
        returned = returns.get(entry.department.pk, [])
        mine.measures["quality"] = Ratio(max(filed - entry.returned, 0), filed, tuple(returned),
                                         f"退回 {entry.returned} 次")
        for record, filing in zip(records, entry.filings):
            if filing.late:
                mine.events["late_report"].append(record)
            elif filing.missing:
                mine.events["missing_report"].append(record)
        mine.events["returned_report"].extend(returned)


def _meetings(plan: Plan, cutoff: date, departments: _Departments) -> None:
    result = compliance(plan, cutoff)
    if not result.periods:
        return
    first, last = result.periods[0].start, result.periods[-1].end
    held: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(plan=plan, date__range=(first, last)).only("pk", "host_id", "date", "title"):
        held[meeting.host_id].append(meeting)
    for row in result.departments:
        mine = departments.of(row.department)
        records = []
        for check in row.checks:
            period = check.period
            meetings = [m for m in held[row.department.pk] if period.start <= m.date <= period.end]
            records += [Record("meeting", m.pk, f"{period.label}：{cn_date(m.date)} {m.title}", "已召开")
                        for m in meetings]
            if not meetings:
                missed = Record("period", None, period.label, f"{period.label}未召开推进会议")
                records.append(missed)
                mine.events["missed_meeting"].append(missed)
        mine.measures["meetings"] = Ratio(row.held, row.required, tuple(records))


def _targets(plan: Plan, cutoff: date, departments: _Departments) -> None:
    """Each measured target counts for the lead departments of its item: met when green."""
    leads_of: dict[int, list[_Department]] = defaultdict(list)
    for mine in departments.values():
        for item_id, role in mine.roles.items():
            if role == LEAD:
                leads_of[item_id].append(mine)
    try:
        actuals = plan_target_actuals(plan, cutoff - timedelta(days=1))
    except CalendarNotCovered:
        return  # no figure can be given: targets are not counted (their pages say why)
    codes = {i.pk: i.code for i in Item.objects.filter(task__plan=plan).select_related("task")}
    tallies: dict[int, list[Record]] = defaultdict(list)
    met: dict[int, int] = defaultdict(int)
    for actual in actuals:
        target = actual.target
        if actual.colour is None or not leads_of.get(target.item_id):
            continue
        reasons = "；".join(r.reason for r in actual.rows)
        label = f"{codes[target.item_id]} {target.subject} {target.promise}"
        record = Record("target", target.pk, label, f"{actual.colour_label}：{reasons}", target.item_id, LEAD)
        for lead in leads_of[target.item_id]:
            tallies[lead.pk].append(record)
            met[lead.pk] += actual.colour == GREEN
            if actual.colour == RED:
                lead.events["missed_target"].append(record)
    for department_id, records in tallies.items():
        departments[department_id].measures["targets"] = Ratio(met[department_id], len(records), tuple(records))


def _satisfaction(plan: Plan, cutoff: date, departments: _Departments) -> None:
    """好差评: rated cases received in the plan year up to the cut-off, per responsible department."""
    period = {"received_on__gte": date(plan.year, 1, 1),
              "received_on__lte": min(date(plan.year, 12, 31), cutoff - timedelta(days=1))}
    cases = Case.objects.filter(zone_id=plan.zone_id, service_type__department__isnull=False, rating__isnull=False,
                                **period)
    rated: dict[int, dict[int, int]] = defaultdict(dict)
    for department_id, rating, n in (cases.values_list("service_type__department_id", "rating")
                                     .annotate(n=Count("pk")).order_by()):
        rated[department_id][rating] = n
    if not rated:
        return
    bad: dict[int, list[tuple]] = defaultdict(list)
    rows = (cases.filter(rating__in=BAD_RATINGS)
            .values_list("pk", "number", "rating", "service_type__name", "service_type__department_id",
                         "appeal__outcome")
            .order_by("received_on", "pk"))
    for row in rows:
        bad[row[4]].append(row)
    responsible = Department.objects.in_bulk(list(rated))
    for department_id, counts in rated.items():
        mine = departments.of(responsible[department_id])
        total = sum(counts.values())
        records, overturned = [], 0
        for pk, number, rating, service, _, outcome in bad[department_id]:
            label = f"{number} {service}"
            if outcome == Appeal.Outcome.OVERTURNED:
                overturned += 1
                records.append(Record("case", pk, label, f"{Rating(rating).label}，申诉复核撤销"))
                continue
            note = Rating(rating).label + ("，申诉复核维持" if outcome == Appeal.Outcome.UPHELD else "")
            record = Record("case", pk, label, note)
            records.append(record)
            mine.events["bad_rating"].append(record)
        dissatisfied = counts.get(Rating.DISSATISFIED, 0)
        very = counts.get(Rating.VERY_DISSATISFIED, 0)
        net = dissatisfied + very - overturned
        detail = (f"已评价 {total} 件，差评 {dissatisfied + very} 件（不满意 {dissatisfied} + 非常不满意 {very}），"
                  f"申诉复核撤销 {overturned} 件，计差评 {net} 件，差评率 {percent(Fraction(net, total))}")
        mine.measures["satisfaction"] = Ratio(total - net, total, tuple(records), detail)


def _notices(plan: Plan, cutoff: date, departments: _Departments) -> None:
    """督办通知 not answered by their reply deadline (answered late, or still unanswered at the cut-off)."""
    notices = (Notice.objects.filter(item__task__plan=plan, reply_due__lt=cutoff)
               .select_related("department", "item__task").order_by("reply_due", "pk"))
    for notice in notices:
        replied = notice.replied_on
        if replied is not None and not notice.answered_late:
            continue
        if replied is not None and replied < cutoff:
            note = f"{cn_date(replied)}才回复"
        else:
            note = "逾期未回复"
        mine = departments.of(notice.department)
        mine.events["unanswered_notice"].append(Record(
            "notice", notice.pk, f"{notice.item.code} 督办通知（回复期限 {cn_date(notice.reply_due)}）", note,
            notice.item_id, mine.role_on(notice.item_id),
        ))


def _entries(plan: Plan, cutoff: date, rule_keys: dict[int, str], departments: _Departments) -> None:
    """The entries dated in the plan year up to the cut-off (the form accepts no other date, but
    a 考核截止日期 moved earlier after they were recorded leaves some outside)."""
    entries = (Entry.objects.filter(rule_id__in=list(rule_keys), date__gte=date(plan.year, 1, 1), date__lt=cutoff)
               .select_related("department", "item__task").order_by("date", "pk"))
    for entry in entries:
        mine = departments.of(entry.department)
        what = f"{entry.item.code} " if entry.item_id else ""
        mine.entries[rule_keys[entry.rule_id]].append(Record(
            "entry", entry.pk, f"{what}{entry.document}", f"{cn_date(entry.date)} {entry.note}".strip(),
            entry.item_id, mine.role_on(entry.item_id),
        ))
