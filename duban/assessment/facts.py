"""Each department's facts for the scoring, gathered from the database in a fixed number of queries.

What is counted, and from where (docs/assessment.md says why):

- meetings: the lead departments' required periods with and without a meeting
  (``meetings.compliance``), the meetings themselves linked;
- targets: the measured targets of the items a department leads, met when green
  (``cases.targets``); a red one is a ``missed_target``;
- satisfaction (好差评): the department's service types' rated cases received in the plan year;
  差评 = 不满意 + 非常不满意, less those overturned on appeal (申诉复核, ``Appeal``);
- unanswered 督办通知: a notice not answered by its reply deadline;
- entries: what the assessment office recorded under an entry rule.

Everything is counted up to the cut-off: the first day not counted (``cutoff``), so a report
or reply due on the day before the cut-off is already late if it is missing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from duban.cases.models import Case, Rating
from duban.cases.targets import GREEN, RED, is_measured, target_actual
from duban.ledger.obligations import obligations_of_plan
from duban.ledger.status import cn_date
from duban.meetings.compliance import compliance
from duban.meetings.models import Meeting
from duban.plans.models import Item, Plan, Target
from duban.supervision.models import Notice
from duban.workdays.engine import CalendarNotCovered
from duban.zones.models import Department

from .models import Appeal, Entry
from .scoring import COOPERATING, LEAD, DepartmentFacts, Ratio, Record

BAD_RATINGS = (Rating.DISSATISFIED, Rating.VERY_DISSATISFIED)


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


def gather(plan: Plan, cutoff: date, rule_keys: dict[int, str] | None = None) -> list[DepartmentFacts]:
    """The facts of every department with a part in the plan, in registry order.

    ``rule_keys``: the saved scheme's rule ids → keys, so entries reach their rules (none when
    the plan is scored by the default scheme, which no entry can name)."""
    departments: dict[int, _Department] = {}

    def department(d) -> _Department:
        if d.pk not in departments:
            departments[d.pk] = _Department(d.pk, d.name, d.order)
        return departments[d.pk]

    obligations = obligations_of_plan(plan)
    for obligation in obligations:
        mine = department(obligation.department)
        role = LEAD if obligation.is_lead else COOPERATING
        if mine.roles.get(obligation.item.pk) != LEAD:  # a lead department stays lead on its item
            mine.roles[obligation.item.pk] = role
    leads_of: dict[int, list[_Department]] = defaultdict(list)
    for d in departments.values():
        for item_id, role in d.roles.items():
            if role == LEAD:
                leads_of[item_id].append(d)

    _meetings(plan, cutoff, department)
    _targets(plan, cutoff, leads_of)
    _satisfaction(plan, cutoff, department)
    _notices(plan, cutoff, department)
    if rule_keys:
        _entries(rule_keys, department)
    return [d.frozen() for d in sorted(departments.values(), key=lambda d: (d.order, d.name))]


def _meetings(plan: Plan, cutoff: date, department) -> None:
    result = compliance(plan, cutoff)
    if not result.periods:
        return
    first, last = result.periods[0].start, result.periods[-1].end
    held: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in Meeting.objects.filter(plan=plan, date__range=(first, last)).only("pk", "host_id", "date", "title"):
        held[meeting.host_id].append(meeting)
    for row in result.departments:
        mine = department(row.department)
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


def _targets(plan: Plan, cutoff: date, leads_of) -> None:
    """Each measured target counts for the lead departments of its item: met when green."""
    targets = (Target.objects.filter(item__task__plan=plan, service_types__isnull=False).distinct()
               .select_related("item__task__plan").order_by("item__task__order", "item__order", "order"))
    tallies: dict[int, list[Record]] = defaultdict(list)
    met: dict[int, int] = defaultdict(int)
    for target in targets:
        if not is_measured(target) or not leads_of.get(target.item_id):
            continue
        try:
            actual = target_actual(target, cutoff - timedelta(days=1), plan.year)
        except CalendarNotCovered:
            continue  # no figure can be given: the target is not counted (its page says why)
        if actual.colour is None:
            continue
        reasons = "；".join(r.reason for r in actual.rows)
        label = f"{target.item.code} {target.subject} {target.promise}"
        record = Record("target", target.pk, label, f"{actual.colour_label}：{reasons}", target.item_id, LEAD)
        for lead in leads_of[target.item_id]:
            tallies[lead.pk].append(record)
            if actual.colour == GREEN:
                met[lead.pk] += 1
            if actual.colour == RED:
                lead.events["missed_target"].append(record)
    for leads in leads_of.values():
        for lead in leads:
            if lead.pk in tallies:
                lead.measures["targets"] = Ratio(met[lead.pk], len(tallies[lead.pk]), tuple(tallies[lead.pk]))


def _satisfaction(plan: Plan, cutoff: date, department) -> None:
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
    departments = Department.objects.in_bulk(list(rated))
    for department_id, counts in rated.items():
        mine = department(departments[department_id])
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
                  f"申诉复核撤销 {overturned} 件，计差评 {net} 件，差评率 {_share(net, total)}")
        mine.measures["satisfaction"] = Ratio(total - net, total, tuple(records), detail)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _notices(plan: Plan, cutoff: date, department) -> None:
    """督办通知 not answered by their reply deadline (answered late, or still unanswered)."""
    notices = (Notice.objects.filter(item__task__plan=plan, reply_due__lt=cutoff)
               .select_related("department", "item__task").order_by("reply_due", "pk"))
    for notice in notices:
        replied = notice.replied_at.date() if notice.replied_at else None
        if replied is not None and replied <= notice.reply_due:
            continue
        if replied is not None and replied < cutoff:
            note = f"回复期限 {cn_date(notice.reply_due)}，{cn_date(replied)}才回复"
        else:
            note = f"回复期限 {cn_date(notice.reply_due)}，逾期未回复"
        mine = department(notice.department)
        mine.events["unanswered_notice"].append(Record(
            "notice", notice.pk, f"{notice.item.code} 督办通知（{cn_date(notice.issued_at.date())}）", note,
            notice.item_id, mine.role_on(notice.item_id),
        ))


def _entries(rule_keys: dict[int, str], department) -> None:
    entries = (Entry.objects.filter(rule_id__in=list(rule_keys)).select_related("department", "item__task")
               .order_by("date", "pk"))
    for entry in entries:
        mine = department(entry.department)
        what = f"{entry.item.code} " if entry.item_id else ""
        mine.entries[rule_keys[entry.rule_id]].append(Record(
            "entry", entry.pk, f"{what}{entry.document}", f"{cn_date(entry.date)} {entry.note}".strip(),
            entry.item_id, mine.role_on(entry.item_id),
        ))
