"""A year of synthetic data for three of the seed registry's departments, small enough that every
score is worked out by hand in test_year.py.

The plan (2020; quarterly reports due on the 25th of each quarter's last month; progress
meetings every half year; reported from 2020年1月1日):

  （一）1  lead 经发局, cooperating 规建局   完成时限 2020年6月30日
  （一）2  lead 规建局, cooperating 水务局   完成时限 2020年12月31日
  （二）1  lead 水务局                       完成时限 2020年9月30日; target 用水报装时间 ≤ 20 工作日

Reports (the day each was first submitted; Q1–Q4 due 3月25日, 6月25日, 9月25日, 12月25日):
  经发局 lead （一）1: Q1 on time (returned once, then filed again), Q2 on time, Q3 late, Q4 missing
  规建局 cooperating （一）1: all four filed, Q2 late;  lead （一）2: all four on time, Q3 returned once
  水务局 cooperating （一）2: Q1, Q2 filed, Q3 and Q4 missing;  lead （二）1: all four on time
Meetings: 经发局 in the first half only, 规建局 in both halves, 水务局 in neither.
Reconciliation: 经发局's （一）1 closed out (销号), 规建局's （一）2 carried over (结转) and its share of
（一）1 closed out, 水务局's （二）1 and its share of （一）2 sent back (退回).
Cases of 用水报装 (水务局): ten, received through the year; eight took 25 working days, two took 5
(median 25 > 20: the target is red); rated 5×非常满意, 2×满意, 1×基本满意, 1×不满意, 1×非常不满意;
the 非常不满意 overturned on appeal, the 不满意 upheld.
督办通知: to 经发局 on （一）1, answered in time; to 水务局 on （二）1, never answered; to 水务局 on
（一）2, answered five days late.
Entries (the default scheme's rules): 经发局 commended twice (one on （一）1) and its experience
promoted once; 规建局 commended on （一）1 (where it cooperates); 水务局 criticised on （二）1.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal as D

import pytest
from django.utils import timezone

from duban.accounts.models import Role
from duban.assessment.models import Appeal, Entry
from duban.assessment.schemes import ensure_scheme
from duban.cases.models import Case, ServiceType
from duban.closing.models import Line, Reconciliation, Sheet
from duban.ledger.models import Report, ReportTransition
from duban.ledger.schedule import update_schedule
from duban.meetings.models import Meeting
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Item, Target
from duban.supervision.models import Notice
from duban.workdays.services import calendar_for_zone

PLAN = """准东开发区2020年绩效考核测试方案
一、主要任务
（一）优化营商环境
具体任务：1、第一项工作。
牵头部门：经发局
配合部门：规建局
2、第二项工作。
牵头部门：规建局
配合部门：水务局
（二）提升公用事业服务水平
具体任务：1、压减用水报装时间。
牵头部门：水务局
"""

YEAR_END = date(2020, 12, 31)
Q = ["2020年第一季度", "2020年第二季度", "2020年第三季度", "2020年第四季度"]


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@dataclass
class Year:
    plan: object
    jingfa: object
    guijian: object
    shuiwu: object
    i1: Item
    i2: Item
    i3: Item
    target: Target
    assessor: object


@pytest.fixture
def assessor(make_user, zone):
    return make_user("jixiao", zone, "党政办", Role.ASSESSOR)


@pytest.fixture
def year(zone, office, assessor, pinned) -> Year:
    pinned(date(2021, 1, 15))
    plan = import_plan(preview_import(zone, PLAN.encode(), "assessment.txt"), user=office).plan
    update_schedule(plan, frequency="quarterly", meeting_frequency="half_yearly", starts_on=date(2020, 1, 1))
    departments = {d.name: d for d in zone.departments.all()}
    jingfa, guijian, shuiwu = departments["经发局"], departments["规建局"], departments["水务局"]
    items = list(Item.objects.filter(task__plan=plan).select_related("task").order_by("task__order", "order"))
    i1, i2, i3 = items
    for item, deadline in ((i1, date(2020, 6, 30)), (i2, date(2020, 12, 31)), (i3, date(2020, 9, 30))):
        item.deadline = deadline
        item.save()
    target = Target.objects.create(zone=zone, item=i3, subject="用水报装时间", comparator="<=", value=D(20), unit="工作日")
    y = Year(plan, jingfa, guijian, shuiwu, i1, i2, i3, target, assessor)

    def report(item, department, quarter, day, returned=0):
        assignment = item.assignments.get(department=department)
        r = Report.objects.create(
            zone=zone, assignment=assignment, department=department, item=item, cycle=plan.cycles.get(label=Q[quarter]),
            is_lead=assignment.role == "lead", created_by=office, state=Report.State.SUBMITTED,
            submitted_at=at(day), progress="进展",
        )
        for _ in range(returned):
            ReportTransition.objects.create(zone=zone, report=r, action=ReportTransition.Action.RETURN,
                                            from_state="submitted", to_state="returned", by=office, comment="请补充佐证")
        return r

    on_time = [date(2020, 3, 20), date(2020, 6, 20), date(2020, 9, 20), date(2020, 12, 20)]
    report(i1, jingfa, 0, on_time[0], returned=1)
    report(i1, jingfa, 1, on_time[1])
    report(i1, jingfa, 2, date(2020, 9, 28))
    for q in range(4):
        report(i1, guijian, q, date(2020, 6, 27) if q == 1 else on_time[q])
        report(i2, guijian, q, on_time[q], returned=1 if q == 2 else 0)
        report(i3, shuiwu, q, on_time[q])
    report(i2, shuiwu, 0, on_time[0])
    report(i2, shuiwu, 1, on_time[1])

    for host, day in ((jingfa, date(2020, 4, 10)), (guijian, date(2020, 3, 5)), (guijian, date(2020, 11, 5))):
        Meeting.objects.create(zone=zone, plan=plan, host=host, date=day, title=f"{host.name}推进会", chair="局长",
                               recorded_by=office)

    reconciliation = Reconciliation.objects.create(zone=zone, plan=plan, opened_by=office)
    for department, item, decision in ((jingfa, i1, "closed"), (guijian, i1, "closed"), (guijian, i2, "carried_over"),
                                       (shuiwu, i2, "returned"), (shuiwu, i3, "returned")):
        sheet, _ = Sheet.objects.get_or_create(zone=zone, reconciliation=reconciliation, department=department)
        assignment = item.assignments.get(department=department)
        Line.objects.create(zone=zone, sheet=sheet, assignment=assignment, department=department, item=item,
                            is_lead=assignment.role == "lead", state="decided", decision=decision, decided_by=office)

    service = ServiceType.objects.create(zone=zone, name="用水报装", department=shuiwu, limit_value=D(20),
                                         target=target)
    calendar = calendar_for_zone(zone)
    ratings = [5, 5, 5, 5, 5, 4, 4, 3, 2, 1]
    for n in range(10):
        received = calendar.add(date(2020, 2, 3), 20 * n)
        completed = calendar.add(received, 5 if n in (0, 1) else 25)
        case = Case.objects.create(
            zone=zone, number=f"SW-{n:03d}", service_type=service, applicant_kind="企业", applicant_name="准东铝业",
            received_at=at(received), completed_at=at(completed), rating=ratings[n],
        )
        if ratings[n] in (1, 2):
            Appeal.objects.create(zone=zone, case=case, outcome="overturned" if ratings[n] == 1 else "upheld",
                                  reason="复核意见", decided_on=date(2020, 12, 1), recorded_by=assessor)

    def notice(item, department, due, replied=None):
        return Notice.objects.create(zone=zone, item=item, department=department, instruction="请加快推进",
                                     issued_by=office, reply_due=due, replied_at=at(replied) if replied else None,
                                     reply="已落实" if replied else "")

    notice(i1, jingfa, date(2020, 5, 10), date(2020, 5, 8))
    notice(i3, shuiwu, date(2020, 8, 10))
    notice(i2, shuiwu, date(2020, 10, 10), date(2020, 10, 15))

    scheme = ensure_scheme(plan, assessor)
    rules = {r.key: r for r in scheme.rules.all()}
    for key, department, item, document in (
        ("commendation", jingfa, i1, "准东党发〔2020〕3号"), ("commendation", jingfa, None, "昌州政办〔2020〕8号"),
        ("promotion", jingfa, None, "新改革办〔2020〕2号"), ("commendation", guijian, i1, "准东党发〔2020〕3号"),
        ("criticism", shuiwu, i3, "准东督办〔2020〕9号"),
    ):
        Entry.objects.create(zone=zone, rule=rules[key], department=department, item=item, document=document,
                             date=date(2020, 11, 20), recorded_by=assessor)
    return y
