"""Load the demo zone: registry, seed plan and accounts.  Every step is idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib import resources

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Role, User, UserRole
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Item, Plan
from duban.zones.models import Department, Zone

DATA = resources.files("duban.demo") / "data"
SEED_PLAN = "zhundong-2020-fangguanfu-plan.txt"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    name: str
    department: str
    roles: tuple[str, ...]


# Demo passwords are public on purpose: they exist only in the demo zone.
DEMO_ACCOUNTS = (
    DemoAccount("office", "Duban@2020", "领导小组办公室", "经发局", (Role.OFFICE,)),
    DemoAccount("jingfa", "Jingfa@2020", "经发局联络员", "经发局", (Role.LIAISON,)),
    DemoAccount("jingfa_head", "JingfaHead@2020", "经发局负责人", "经发局", (Role.HEAD,)),
    DemoAccount("guijian", "Guijian@2020", "规建局联络员", "规建局", (Role.LIAISON,)),
    DemoAccount("guijian_head", "GuijianHead@2020", "规建局负责人", "规建局", (Role.HEAD,)),
    DemoAccount("jixiao", "Jixiao@2020", "绩效办", "党政办", (Role.ASSESSOR,)),
    DemoAccount("leader", "Leader@2020", "分管领导", "党政办", (Role.LEADER,)),
)


#: The inactive account the demo's sample records are written by.
DEMO_AUTHOR = "demo-data"


def registry() -> dict:
    return json.loads((DATA / "zhundong-departments.json").read_text(encoding="utf-8"))


@transaction.atomic
def load_zone() -> Zone:
    data = registry()
    zone, _ = Zone.objects.update_or_create(
        name=data["zone"], defaults={"calendar_region": data["calendar_region"], "is_demo": True}
    )
    for order, entry in enumerate(data["departments"], start=1):
        Department.objects.update_or_create(
            zone=zone, name=entry["name"],
            defaults={"short_name": entry["short_name"], "aliases": entry["aliases"], "kind": entry["kind"], "order": order},
        )
    return zone


def load_plan(zone: Zone) -> Plan:
    data = (DATA / SEED_PLAN).read_bytes()
    return import_plan(preview_import(zone, data, SEED_PLAN)).plan


@transaction.atomic
def load_accounts(zone: Zone) -> tuple[DemoAccount, ...]:
    departments = {d.name: d for d in zone.departments.all()}
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=account.username,
            defaults={"zone": zone, "department": departments[account.department], "first_name": account.name},
        )
        if not user.check_password(account.password):  # a new hash each time would be a change on the audit trail
            user.set_password(account.password)
            user.save()
        UserRole.objects.filter(user=user).exclude(role__in=account.roles).delete()
        for role in account.roles:
            UserRole.objects.get_or_create(user=user, role=role)
    return DEMO_ACCOUNTS


#: The demo replays the 2020 plan as of this day, so its ledger has a past and a present.
DEMO_TODAY = "2020-07-10"

SAMPLE_PROGRESS = [
    ("按计划推进，本月完成{topic}相关工作部署。", "", "下月继续跟进落实。"),
    ("已召开专题会议研究{topic}，形成工作清单。", "部分配合单位材料报送不及时。", "督促配合单位按时报送材料。"),
    ("{topic}工作已完成阶段性目标。", "", "巩固成果，做好总结。"),
]


def demo_author(zone: Zone) -> User:
    """The inactive account the demo's sample records are written by (it cannot log in)."""
    author, _ = User.objects.get_or_create(
        username=DEMO_AUTHOR, defaults={"zone": zone, "first_name": "演示数据", "is_active": False}
    )
    return author


#: Items the demo has finished: their lead department reported 已完成 in the last cycle but one and the
#: office accepted it, so the overview and the dashboard show done items (owing no later reports).
DEMO_DONE_ITEMS = (("（四）", ""), ("（十二）", ""))


def load_ledger(plan: Plan, today) -> int:
    """Sample reports for the demo: most cycles filed and accepted (a cooperating department's
    approved by its head, which is final for it), some late, some at risk, two items done.

    Deterministic (the same demo every time) and loaded once: a plan that already has
    reports is left alone.  Returns the number of reports created.
    """
    from duban.ledger.models import Report, ReportTransition
    from duban.ledger.obligations import obligations_of_plan
    from duban.ledger.status import refresh

    if Report.objects.filter(item__task__plan=plan).exists():
        return 0
    author = demo_author(plan.zone)
    cycles = [c for c in plan.cycles.order_by("start") if c.due < today]
    done_at = len(cycles) - 2  # the cycle the finished items were reported 已完成 in
    reports = []
    for obligation in obligations_of_plan(plan):
        item = obligation.item
        # A stable per-item pattern: which cycles this department skipped, and whether it reports a risk.
        seed = item.pk * 7 + obligation.department.pk
        finished = done_at >= 0 and (item.task.number, item.number) in DEMO_DONE_ITEMS
        for index, cycle in enumerate(cycles):
            last = index == len(cycles) - 1
            if finished:
                if index > done_at:
                    continue  # done: nothing more is owed
            elif last and seed % 4 == 0:
                continue  # the latest report is missing: amber
            elif index >= len(cycles) - 2 and seed % 6 == 1:
                continue  # two missed: red
            reported_done = finished and index == done_at and obligation.is_lead
            progress, problems, next_steps = SAMPLE_PROGRESS[(seed + index) % len(SAMPLE_PROGRESS)]
            topic = item.task.title
            at_risk = last and seed % 5 == 2 and obligation.is_lead
            # Most reports came in a few days before the due date; about one in five was late.
            late = (seed + index) % 5 == 3
            submitted_on = cycle.due + timedelta(days=3 if late else -((seed + index) % 4))
            reports.append(Report(
                zone_id=plan.zone_id, assignment=obligation.assignment, department=obligation.department,
                item=item, cycle=cycle, is_lead=obligation.is_lead, created_by=author,
                progress=progress.format(topic=topic), problems=problems or ("进度滞后于计划" if at_risk else ""),
                next_steps=next_steps, completion=100 if reported_done else min(100, 15 * (index + 1)),
                self_status=Report.SelfStatus.DONE if reported_done else (
                    Report.SelfStatus.AT_RISK if at_risk else Report.SelfStatus.ON_TRACK),
                submitted_at=timezone.make_aware(datetime.combine(submitted_on, time(10))),
                state=Report.State.SUBMITTED if last else (
                    Report.State.ACCEPTED if obligation.is_lead else Report.State.FINAL  # a cooperating report ends at its head
                ),
            ))
    Report.objects.bulk_create(reports)
    # bulk_create records no transitions: give every filed report its submission record.
    created = Report.objects.filter(item__task__plan=plan)
    ReportTransition.objects.bulk_create(
        ReportTransition(zone_id=plan.zone_id, report=r, action=ReportTransition.Action.SUBMIT,
                         from_state=Report.State.DRAFT, to_state=Report.State.SUBMITTED, by=author)
        for r in created
    )
    refresh(plan, today)
    return len(reports)


#: Sample progress meetings: (host, date, title, chair, attendees, items as (task, number), decisions
#: as (text, owner, due, done)).  规建局 met every quarter; 经发局 and 环保局 missed one quarter each,
#: the other lead departments none yet, so 推进会议开展情况 has both; one follow-up action is overdue.
DEMO_MEETINGS = (
    ("规建局", "2020-03-20", "水气报装提速第一季度推进会", "规建局局长", ("水务局", "国网昌吉供电公司准东分公司"),
     (("（八）", "2"), ("（八）", "3")), (
         ("水务局公布用水报装办事指南，明确20个工作日时限", "水务局", "2020-04-30", True),
         ("规建局实现燃气报装线上申请", "规建局", "2020-06-30", False),
         ("每季度召开一次推进会", None, None, False),
     )),
    ("规建局", "2020-06-18", "水气报装提速第二季度推进会", "规建局局长", ("水务局",), (("（八）", "3"),), (
        ("水务局报送用水报装办件台账，按月统计办理用时", "水务局", "2020-07-31", False),
    )),
    ("经发局", "2020-03-25", "市场准入推进会", "经发局局长", ("市场监管分局", "税务局"), (("（一）", "1"),), (
        ("市场监管分局梳理企业开办全流程", "市场监管分局", "2020-05-31", True),
    )),
    ("环保局", "2020-05-12", "环评审批提速推进会", "环保局局长", ("规建局",), (("（五）", "1"),), (
        ("环保局编制环评审批承诺时限清单", "环保局", "2020-08-31", False),
    )),
)


def load_meetings(plan: Plan, today) -> int:
    """The sample meetings held up to ``today``, once: a plan that has meetings is left alone."""
    from datetime import date

    from duban.meetings.models import Decision, Meeting

    if plan.meetings.exists():
        return 0
    author = demo_author(plan.zone)
    departments = {d.name: d for d in plan.zone.departments.all()}
    items = {(i.task.number, i.number): i for i in Item.objects.filter(task__plan=plan).select_related("task")}
    created = 0
    with transaction.atomic():
        for host, held, title, chair, attendees, item_keys, decisions in DEMO_MEETINGS:
            if date.fromisoformat(held) > today:
                continue
            meeting = Meeting.objects.create(
                zone=plan.zone, plan=plan, host=departments[host], date=date.fromisoformat(held), title=title,
                chair=chair, recorded_by=author, minutes=f"会议听取了{host}及参会部门工作进展汇报，研究了下步工作。",
            )
            meeting.attendees.set([departments[name] for name in attendees])
            meeting.items.set([items[key] for key in item_keys if key in items])
            for text, owner, due, done in decisions:
                due_day = date.fromisoformat(due) if due else None
                finished = done and due_day is not None and due_day <= today
                Decision.objects.create(
                    zone=plan.zone, meeting=meeting, text=text, owner=departments.get(owner), due=due_day,
                    status=Decision.Status.DONE if finished else Decision.Status.OPEN,
                    done_at=timezone.now() if finished else None, done_by=author if finished else None,
                    done_note="已按期完成" if finished else "",
                )
            created += 1
    return created


#: The seed plan's promises as service types: (name, department, limit, unit, statutory days, max steps,
#: target subject, mean share of the limit the generated cases take, cases per year).
DEMO_SERVICE_TYPES = (
    ("用水报装", "水务局", 20, "工作日", None, None, "用水报装时间", 0.55, 420),
    ("扩容改装用水", "水务局", 15, "工作日", None, None, "扩容、改装及临时用水报装时间", 0.6, 160),
    ("临时用水", "水务局", 15, "工作日", None, None, "扩容、改装及临时用水报装时间", 0.8, 180),
    ("企业燃气报装", "规建局", 16, "工作日", None, None, "企业燃气报装时间", 0.6, 260),
    ("居民燃气报装", "规建局", 3, "工作日", None, None, "居民燃气报装时间", 1.5, 900),
    ("低压办电", "国网昌吉供电公司准东分公司", None, "工作日", None, 3, "低压客户办电环节", 0.5, 520),
    ("高压办电", "国网昌吉供电公司准东分公司", None, "工作日", None, 4, "高压客户办电环节", 0.5, 90),
    ("低压直接装表", "国网昌吉供电公司准东分公司", None, "工作日", None, 2, "具备直接装表条件的低压客户办电环节", 0.5, 300),
    ("环评审批（报告书）", "环保局", 30, "工作日", 60, None, "环评审批时间", 0.7, 24),
    ("环评审批（报告表）", "环保局", 15, "工作日", 30, None, "环评审批时间", 0.7, 90),
    ("环评审批（登记表）", "环保局", 7.5, "工作日", 15, None, "环评审批时间", 0.6, 140),
)


def load_cases(zone: Zone, plan: Plan, today) -> int:
    """The seed's service types (linked to the plan's targets) and a deterministic year of cases.

    Service types are updated in place; cases are generated once (numbers DEMO-…), received
    from 2 January up to ``today``: most completed within their limit, some over it, some open.
    Returns the number of cases created.
    """
    from datetime import datetime, time, timedelta
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    import numpy as np
    from django.conf import settings

    from duban.cases.models import Case, ClockStop, ServiceType
    from duban.plans.models import Target
    from duban.workdays.engine import load_calendar

    departments = {d.name: d for d in zone.departments.all()}
    targets = {t.subject: t for t in Target.objects.filter(item__task__plan=plan)}
    types = []
    with transaction.atomic():
        for order, (name, department, limit, unit, statutory, steps, subject, *_rest) in enumerate(DEMO_SERVICE_TYPES, 1):
            # get_or_create: a second run leaves the catalogue (and any edit the office made) as it is.
            service_type, _ = ServiceType.objects.get_or_create(zone=zone, name=name, defaults={
                "department": departments.get(department), "limit_value": None if limit is None else Decimal(str(limit)),
                "limit_unit": unit, "statutory_limit_days": statutory, "max_steps": steps,
                "calendar_region": zone.calendar_region, "target": targets.get(subject), "order": order,
            })
            types.append(service_type)
    if Case.objects.filter(zone=zone, number__startswith="DEMO-").exists():
        return 0
    calendar = load_calendar(zone.calendar_region)
    rng = np.random.default_rng(20200710)
    tz = ZoneInfo(settings.TIME_ZONE)
    first = np.datetime64("2020-01-02")
    last = np.datetime64(today.isoformat())
    span_days = np.arange(first, last + 1)
    workdays = np.array([calendar.is_workday(d.astype(object)) for d in span_days])  # one year: a few hundred days
    receivable = span_days[workdays]
    today_n = last.astype(np.int64)
    cases, stops = [], []
    serial = 0
    for service_type, spec in zip(types, DEMO_SERVICE_TYPES):
        limit, max_steps, share, per_year = spec[2], spec[5], spec[7], spec[8]
        n = int(per_year * len(receivable) / 250)
        received = np.sort(rng.choice(receivable, n))
        base = float(limit) if limit is not None else 10.0
        taken = np.maximum(1, np.round(rng.gamma(4.0, base * share / 4.0, n))).astype(np.int64)
        done_on = calendar.add_many(received, taken)
        is_open = done_on.astype(np.int64) > today_n
        steps = None
        if max_steps:
            steps = np.clip(np.round(rng.normal(max_steps - 0.3, 0.6, n)), 1, None).astype(int)
        charged = "水" in service_type.name or "燃气" in service_type.name  # 报装 has a fee; 办电 and 环评 do not
        cost = np.round(rng.gamma(2.0, 400.0, n), 2) if charged else None
        rating = rng.choice([5, 4, 3, 2, 1, 0], n, p=[0.45, 0.3, 0.1, 0.04, 0.01, 0.1])
        for i in range(n):
            serial += 1
            person = "燃气" in service_type.name and "居民" in service_type.name or rng.random() < 0.2
            r_day = received[i].astype(object)
            at = datetime.combine(r_day, time(9 + int(rng.integers(0, 8)), int(rng.integers(0, 60))), tz)
            completed = None
            if not is_open[i]:
                completed = datetime.combine(done_on[i].astype(object), time(10 + int(rng.integers(0, 8)), 0), tz)
            cases.append(Case(
                zone=zone, number=f"DEMO-{r_day:%Y%m%d}-{serial:05d}", service_type=service_type,
                applicant_kind=Case.ApplicantKind.PERSON if person else Case.ApplicantKind.ENTERPRISE,
                applicant_name=(DEMO_SURNAMES[serial % len(DEMO_SURNAMES)] + DEMO_GIVEN[serial % len(DEMO_GIVEN)])
                if person else DEMO_COMPANIES[serial % len(DEMO_COMPANIES)],
                phone=f"13{serial % 10}{(serial * 7919) % 100000000:08d}", received_at=at, completed_at=completed,
                received_on=r_day, completed_on=completed.date() if completed else None,
                steps=None if steps is None or is_open[i] else int(steps[i]),
                cost=None if cost is None or is_open[i] else Decimal(str(cost[i])),
                rating=None if is_open[i] or rating[i] == 0 else int(rating[i]),
            ))
            if limit is not None and rng.random() < 0.05 and not is_open[i]:
                stops.append((len(cases) - 1, r_day + timedelta(days=1), r_day + timedelta(days=3)))
    with transaction.atomic():
        Case.objects.bulk_create(cases, batch_size=1000)
        numbers = dict(Case.objects.filter(zone=zone, number__startswith="DEMO-").values_list("number", "pk"))
        ClockStop.objects.bulk_create(
            ClockStop(zone=zone, case_id=numbers[cases[i].number], kind=ClockStop.Kind.CORRECTION, start=s, end=e)
            for i, s, e in stops)
    return len(cases)


DEMO_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
DEMO_GIVEN = ("建国", "秀兰", "志强", "丽娟", "海涛", "玉梅", "国庆", "小燕", "文杰", "阿依古丽", "买买提", "古丽娜")
DEMO_COMPANIES = ("新疆准东煤业有限公司", "准东铝业股份有限公司", "昌吉新材料科技有限公司", "准东能源化工有限公司",
                  "新疆天池物流有限公司", "准东建筑工程有限公司", "五彩湾热电有限公司", "准东光伏发电有限公司")


#: What the demo's assessment office recorded (the default scheme's entry rules): (rule key, department,
#: item as (task, number) or None, document, date).  The assessment is computed on every view, not finalised.
DEMO_ENTRIES = (
    ("commendation", "规建局", ("（八）", "3"), "昌吉州优化营商环境工作通报（昌州营商办〔2020〕6号）", "2020-06-12"),
    ("promotion", "经发局", ("（一）", "1"), "自治区“放管服”改革简报第15期（推广准东准入清单做法）", "2020-05-20"),
    ("criticism", "环保局", ("（五）", ""), "关于环评审批超时问题的通报（准东督办〔2020〕4号）", "2020-06-30"),
)


def load_assessment(plan: Plan, today) -> int:
    """The assessment office's scheme (the default), a few entries and one appeal decided, once.

    Returns the number of entries created (none when the plan has entries already)."""
    from datetime import date

    from duban.assessment.models import Appeal, Entry
    from duban.assessment.schemes import ensure_scheme
    from duban.cases.models import Case

    author = demo_author(plan.zone)
    scheme = ensure_scheme(plan, author)
    created = 0
    with transaction.atomic():
        if not Entry.objects.filter(rule__scheme=scheme).exists():
            rules = {r.key: r for r in scheme.rules.all()}
            departments = {d.name: d for d in plan.zone.departments.all()}
            items = {(i.task.number, i.number): i for i in Item.objects.filter(task__plan=plan).select_related("task")}
            for key, department, item, document, day in DEMO_ENTRIES:
                if date.fromisoformat(day) > today:
                    continue
                Entry.objects.create(zone=plan.zone, rule=rules[key], department=departments[department],
                                     item=items.get(item), document=document, date=date.fromisoformat(day),
                                     recorded_by=author)
                created += 1
        if not Appeal.objects.filter(zone=plan.zone).exists():
            case = Case.objects.filter(zone=plan.zone, number__startswith="DEMO-", rating=1).order_by("number").first()
            if case is not None:
                decided = min((case.completed_on or case.received_on) + timedelta(days=10), today)
                Appeal.objects.create(
                    zone=plan.zone, case=case, outcome=Appeal.Outcome.OVERTURNED, decided_on=decided,
                    reason="经核实，申请人因材料不全被一次性告知补正后给出差评，不属于办理过错，撤销该差评",
                    recorded_by=author)
    return created
