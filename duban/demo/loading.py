"""Load the demo zone: registry, seed plan and accounts.  Every step is idempotent."""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from django.db import transaction
from django.utils import timezone

from duban.accounts.models import Role, User, UserRole
from duban.ledger.evidence import store as store_evidence
from duban.ledger.models import ItemStatus, Report, StatusChange
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Item, Plan
from duban.plans.review import Corrections, ItemCorrection
from duban.zones.models import Department, Zone

from .replay import at, moment

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
    DemoAccount("jingfa_head", "JingfaHead@2020", "马建华", "经发局", (Role.HEAD,)),
    DemoAccount("guijian", "Guijian@2020", "规建局联络员", "规建局", (Role.LIAISON,)),
    DemoAccount("guijian_head", "GuijianHead@2020", "周振宇", "规建局", (Role.HEAD,)),
    DemoAccount("jixiao", "Jixiao@2020", "绩效办", "党政办", (Role.ASSESSOR,)),
    DemoAccount("leader", "Leader@2020", "分管领导", "党政办", (Role.LEADER,)),
)


#: The inactive account the demo's sample records are written by.
DEMO_AUTHOR = "demo-data"

#: The heads of the departments without a demo login, by name: they sign off their 对账单 in the
#: demo's December, so each confirmed sheet names a person, as a real one does.  Inactive, with no
#: password: they cannot log in (the demo's logins are DEMO_ACCOUNTS).
DEMO_HEADS = {
    "财政局": ("caizheng_head", "李秀兰"),
    "奇台县协调办": ("qitai_head", "赵国庆"),
    "木垒县协调办": ("mulei_head", "艾尔肯·买买提"),
    "吉木萨尔县协调办": ("jimusaer_head", "张海燕"),
    "党政办": ("dangzheng_head", "刘志刚"),
    "国土分局": ("guotu_head", "孙立新"),
    "市场监管分局": ("shichang_head", "王丽娟"),
    "组织部（人社局）": ("zuzhi_head", "陈卫东"),
    "税务局": ("shuiwuju_head", "吴晓峰"),
}


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


def load_plan(zone: Zone, *, replayed: bool = False) -> Plan:
    """The seed plan.  ``replayed`` (the demo command): as the demo's office imported it on 2 January of
    its year, setting the 完成时限 of ``DEMO_DEADLINES`` in the review, so the items' history starts then."""
    data = (DATA / SEED_PLAN).read_bytes()
    preview = preview_import(zone, data, SEED_PLAN)
    if not replayed:
        return import_plan(preview).plan
    imported = date(preview.year, 1, 2)
    corrections = Corrections(preview.year, [ItemCorrection(task, item, code, deadline=text)
                                             for task, item, code, text in DEMO_DEADLINES])
    with at(moment(imported, 9)):
        result = import_plan(preview, corrections=corrections)
    if result.created:  # the import's own stamps, on the machine's clock: the replayed moment
        Plan.objects.filter(pk=result.plan.pk).update(imported_at=moment(imported, 9))
        StatusChange.objects.filter(item__task__plan=result.plan).update(at=moment(imported, 9))
        ItemStatus.objects.filter(item__task__plan=result.plan).update(since=moment(imported, 9))
    return result.plan


@transaction.atomic
def load_accounts(zone: Zone) -> tuple[DemoAccount, ...]:
    departments = by_name(zone)
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
    for department, (username, name) in DEMO_HEADS.items():
        head, created = User.objects.update_or_create(
            username=username, defaults={"zone": zone, "department": departments[department], "first_name": name,
                                         "is_active": False})
        if created:
            head.set_unusable_password()
            head.save()
        UserRole.objects.get_or_create(user=head, role=Role.HEAD)
    return DEMO_ACCOUNTS


#: The demo replays the 2020 plan as of this day: December's reports are in (due on the 25th), the
#: year-end reconciliation is under way and the assessment is computed on the whole year.
DEMO_TODAY = "2020-12-28"

#: 完成时限 the office set at import for two items the published plan gives none (its review step
#: lets it): both pass during the year, so the demo has items overdue at year end.
DEMO_DEADLINES = ((5, 1, "（五）", "2020年9月底前"), (7, 1, "（七）", "2020年10月底前"))  # (task, item order, code, text)

SAMPLE_PROGRESS = [
    ("按计划推进，本月完成{topic}相关工作部署。", "", "下月继续跟进落实。"),
    ("已召开专题会议研究{topic}，形成工作清单。", "部分配合单位材料报送不及时。", "督促配合单位按时报送材料。"),
    ("{topic}工作已完成阶段性目标。", "", "巩固阶段性成果，推进下步工作。"),
    ("对照任务分工逐项推进{topic}，本月进展顺利。", "", "按时间节点推进下阶段工作。"),
]
DONE_PROGRESS = ("{topic}各项任务已全部完成，完成情况及佐证材料见附件。", "", "巩固改革成果，做好经验总结。")
AT_RISK_PROGRESS = ("{topic}工作持续推进，本月进度未达预期。", "", "针对存在问题制定整改措施，加快推进。")


def by_name(zone: Zone) -> dict[str, Department]:
    return {d.name: d for d in zone.departments.all()}


def by_number(plan: Plan) -> dict[tuple[str, str], Item]:
    """The plan's items by (task number, item number), as the demo's tables name them: (（八）, 3)."""
    return {(i.task.number, i.number): i for i in Item.objects.filter(task__plan=plan).select_related("task")}


def demo_author(zone: Zone) -> User:
    """The inactive account the demo's sample records are written by (it cannot log in)."""
    author, _ = User.objects.get_or_create(
        username=DEMO_AUTHOR, defaults={"zone": zone, "first_name": "演示数据", "is_active": False}
    )
    return author


@dataclass(frozen=True)
class People:
    """Who acts for whom in the demo's records: the demo accounts where there is one, else the demo author."""

    author: User
    users: dict[str, User]

    @classmethod
    def of(cls, zone: Zone) -> People:
        return cls(demo_author(zone), {u.username: u for u in User.objects.filter(zone=zone)})

    def user(self, username: str) -> User:
        return self.users.get(username, self.author)

    @property
    def office(self) -> User:
        return self.user("office")

    def liaison(self, department: str) -> User:
        return self.user(DEMO_SPEAKERS.get(department, ("", ""))[0])

    def head(self, department: str) -> User:
        """The department's head: its demo login, else its named head (DEMO_HEADS), else the demo author."""
        login = DEMO_SPEAKERS.get(department, ("", ""))[1]
        return self.user(login or DEMO_HEADS.get(department, ("",))[0])


#: The demo accounts that act for their departments (liaison, head); the others act through the demo author.
DEMO_SPEAKERS = {"经发局": ("jingfa", "jingfa_head"), "规建局": ("guijian", "guijian_head")}


@dataclass(frozen=True)
class Course:
    """How an item's year went, as its lead department reported it month by month (months 1–12)."""

    done: int | None = None  # the month it reported 已完成 and the office accepted it
    reached: int = 100  # the completion it reported in December when not done
    risk: tuple[int, ...] = ()  # months it reported 存在风险, with ``problem``
    late: tuple[int, ...] = ()  # months its report came after the due date
    missing: tuple[int, ...] = ()  # months it filed nothing
    returned: tuple[int, ...] = ()  # months the office sent its report back once, with ``sent_back``
    problem: str = "进度滞后于计划"
    sent_back: str = "进展描述过于笼统，请补充具体数据和佐证材料后重新报送"
    december: str = ""  # where its report of the latest month stands at year end (default 待办公室确认)

    def completion(self, month: int) -> int:
        """Rising month by month to 100 in the month it was done, or to ``reached`` in December."""
        if self.done:
            return 100 if month >= self.done else min(95, 5 * round(100 * month / self.done / 5))
        return max(5, 5 * round(self.reached * month / 12 / 5))


#: Each item's year (task, number): eleven done during the year, （五） and （七） overdue (their
#: 完成时限 passed), （八）3 reported done but sent back (its measured target is missed), （十） to be
#: adjusted, （十二） and （二）1 behind.
DEMO_COURSES = {
    ("（一）", "1"): Course(done=10),
    ("（一）", "2"): Course(done=6),
    ("（二）", "1"): Course(reached=85, risk=(11, 12), late=(4,), december=Report.State.SUBMITTED,
                           problem="乌准园、兵准园共建协议待上级审批，筹建进度滞后"),
    ("（二）", "2"): Course(done=9),
    ("（三）", "1"): Course(done=8, late=(2,)),
    ("（三）", "2"): Course(done=11, returned=(6,)),
    ("（四）", ""): Course(done=5),
    ("（五）", ""): Course(reached=60, risk=(6, 7, 8, 9, 12), late=(3, 5, 8), missing=(10, 11), returned=(9, 12),
                         december=Report.State.RETURNED,
                         problem="环评审批用时仍超过法定时限的一半，告知承诺制审批尚未实施",
                         sent_back="进展情况与环评审批办件数据不符，请补充各类环评审批用时统计"),
    ("（六）", ""): Course(done=12),
    ("（七）", ""): Course(reached=70, risk=(9, 10, 11), missing=(12,), late=(6,),
                         problem="新业态监管意见征求意见未完成，未能按期出台"),
    ("（八）", "1"): Course(done=10),
    ("（八）", "2"): Course(done=11, late=(7,)),
    ("（八）", "3"): Course(reached=90, risk=(11, 12), returned=(11,), december=Report.State.SUBMITTED,
                           problem="居民燃气报装中位用时仍超过承诺的 3 个工作日",
                           sent_back="居民燃气报装中位用时仍超过承诺的 3 个工作日，不能按已完成确认，请如实填报整改情况"),
    ("（九）", ""): Course(done=12),
    ("（十）", ""): Course(reached=75, risk=(8, 9, 10, 11, 12), late=(10,),
                         problem="中西医综合门诊部选址未定，拟并入园区医疗卫生专项规划"),
    ("（十一）", ""): Course(done=9),
    ("（十二）", ""): Course(reached=70, risk=(10, 11, 12), late=(6, 9), problem="闲置土地处置实施方案待自治区自然资源厅批复"),
}

#: How cooperating departments filed: (% of their reports late, % never filed); others 8 % late, 5 % never.
#: The county offices and the development company, far from most items, are the slackest.
DEMO_COOPERATION = {
    "开发公司": (15, 15), "环保局": (20, 10), "安监局": (8, 10), "奇台县协调办": (10, 10), "木垒县协调办": (8, 15),
    "吉木萨尔县协调办": (10, 8), "税务局": (12, 4), "财政局": (5, 6), "组织部（人社局）": (10, 4), "水务局": (8, 8),
}
#: An obligation through 各部门 is the easiest to forget: so many more of its reports (%) are never filed.
ALL_DEPARTMENTS_FORGOTTEN = 6
#: One cooperating report in so many is sent back once by the department's head.
COOPERATING_RETURNS = 20

#: A one-page PDF standing for the departments' scanned evidence.
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _draw(*key) -> int:
    """A number 0–99 fixed by the key: the same demo on every database, whatever its row ids."""
    return zlib.crc32("|".join(map(str, key)).encode()) % 100


@dataclass
class _Filing:
    """One report of the replayed year and what happened to it: (action, day, hour, who, comment)."""

    report: Report
    steps: list[tuple[str, date, int, User, str]]


def load_ledger(plan: Plan, today) -> int:
    """The plan's year of ledger reports up to ``today``, replayed month by month.

    Lead departments report as ``DEMO_COURSES`` tells, their completion rising month by month,
    most items done (已完成, accepted by the office) during the year; cooperating departments file
    mostly on time, some late, a few not at all, a few sent back by their head.  The latest
    month's reports are still under review.  Each month the items' RAG status is refreshed the day
    after the due date, before the late reports come in, so every item has its history.

    Deterministic (the same demo every time) and loaded once: a plan that already has reports
    is left alone.  Returns the number of reports created.
    """
    from duban.ledger.obligations import obligations_of_plan
    from duban.ledger.status import refresh

    if Report.objects.filter(item__task__plan=plan).exists():
        return 0
    people = People.of(plan.zone)
    obligations = obligations_of_plan(plan)
    cycles = [c for c in plan.cycles.order_by("start") if c.due < today]
    done: set[int] = set()  # items done in an earlier month: nothing more is owed on them
    created = 0
    for index, cycle in enumerate(cycles):
        latest = index == len(cycles) - 1
        filings = [f for o in obligations if o.item.pk not in done
                   and (f := _filing(o, cycle, latest, people, today)) is not None]
        # The status as the office saw it the day after the due date (today for the latest month).
        as_of = today if latest else cycle.due + timedelta(days=1)
        in_time = [f for f in filings if timezone.localdate(f.report.submitted_at) < as_of]
        _write(plan, in_time)
        started = timezone.now()
        refresh(plan, as_of)
        StatusChange.objects.filter(item__task__plan=plan, as_of=as_of).update(at=moment(as_of, 8))
        ItemStatus.objects.filter(item__task__plan=plan, since__gte=started).update(since=moment(as_of, 8))
        _write(plan, [f for f in filings if f not in in_time])  # the late ones, seen at the next refresh
        created += len(filings)
        done |= set(ItemStatus.objects.filter(item__task__plan=plan, done=True).values_list("item_id", flat=True))
    return created


def _write(plan: Plan, filings: list[_Filing]) -> None:
    """The reports, their transitions on their replayed days, and the evidence of each 已完成."""
    from duban.ledger.flow import target_of
    from duban.ledger.models import Evidence, ReportTransition

    Report.objects.bulk_create([f.report for f in filings])
    transitions, evidence = [], []
    for filing in filings:
        report, before = filing.report, Report.State.DRAFT
        for action, day, hour, by, comment in filing.steps:
            after = target_of(report, action)
            transitions.append(ReportTransition(zone_id=plan.zone_id, report=report, action=action, from_state=before,
                                                to_state=after, by=by, comment=comment))
            transitions[-1].replayed_at = moment(day, hour)
            before = after
        if report.self_status == Report.SelfStatus.DONE and report.is_lead:
            evidence.append(Evidence(
                zone_id=plan.zone_id, report=report, kind=Evidence.Kind.FILE, title=f"{report.item.code}完成情况佐证.pdf",
                stored_name=store_evidence(plan.zone_id, EVIDENCE), content_type="application/pdf",
                size=len(EVIDENCE), sha256=hashlib.sha256(EVIDENCE).hexdigest(), uploaded_by=report.created_by))
    ReportTransition.objects.bulk_create(transitions)
    for transition in transitions:  # auto_now_add stamped the machine's time: the replayed one instead
        transition.at = transition.replayed_at
    ReportTransition.objects.bulk_update(transitions, ["at"], batch_size=500)
    for item in Evidence.objects.bulk_create(evidence):
        Evidence.objects.filter(pk=item.pk).update(uploaded_at=item.report.submitted_at)


def _filing(obligation, cycle, latest: bool, people: People, today) -> _Filing | None:
    """What the obligation's department filed for the cycle by ``today`` and what became of it, or None."""
    from duban.ledger.flow import target_of
    from duban.ledger.models import ReportTransition

    A = ReportTransition.Action  # noqa: N806 - short: the steps below read as a line each
    item, department, month = obligation.item, obligation.department.name, cycle.start.month
    course = DEMO_COURSES.get((item.task.number, item.number), Course(reached=80))
    lead = obligation.is_lead
    draw = _draw(item.code, department, month)
    if lead:
        missing, late, returned = month in course.missing, month in course.late, month in course.returned
    else:
        late_share, missing_share = DEMO_COOPERATION.get(department, (8, 5))
        if obligation.assignment.department_id is None:
            missing_share += ALL_DEPARTMENTS_FORGOTTEN
        missing, late = draw < missing_share, missing_share <= draw < missing_share + late_share
        returned = _draw(item.code, department, month, "return") < 100 // COOPERATING_RETURNS
    submitted = cycle.due + timedelta(days=2 + draw % 5 if late else -(draw % 5))
    if missing or submitted > today:
        return None
    completion = course.completion(month)
    finished = completion == 100
    at_risk = lead and month in course.risk and not finished
    progress, problems, next_steps = DONE_PROGRESS if finished else AT_RISK_PROGRESS if at_risk else (
        SAMPLE_PROGRESS[draw % len(SAMPLE_PROGRESS)])
    liaison, head, office = people.liaison(department), people.head(department), people.office
    report = Report(
        zone_id=item.zone_id, assignment=obligation.assignment, department=obligation.department, item=item,
        cycle=cycle, is_lead=lead, created_by=liaison, progress=progress.format(topic=item.task.title),
        problems=course.problem if at_risk else problems, next_steps=next_steps, completion=completion,
        self_status=Report.SelfStatus.DONE if finished else (
            Report.SelfStatus.AT_RISK if at_risk else Report.SelfStatus.ON_TRACK),
        submitted_at=moment(submitted, 9 + draw % 8, draw % 60),
    )
    # The whole way the report goes, then cut at today: its state is where it stands by then.
    steps, day = [(A.SUBMIT, submitted, 9 + draw % 8, liaison, "")], submitted
    if returned:
        day += timedelta(days=1)
        steps += [(A.APPROVE, day, 11, head, ""), (A.RETURN, day, 15, office, course.sent_back)] if lead else [
            (A.RETURN, day, 15, head, "内容过于简单，请补充本部门具体工作")]
        if not (latest and lead and course.december == Report.State.RETURNED):
            day += timedelta(days=1)
            steps.append((A.SUBMIT, day, 10, liaison, "已按要求补充"))
    # In the latest month the reviews are under way: some await the head, the leads' await the office.
    waits = ""
    if latest and not finished:
        if lead:
            waits = course.december or Report.State.APPROVED
        elif draw % 3 == 0:
            waits = Report.State.SUBMITTED
    if steps[-1][0] == A.SUBMIT and waits != Report.State.SUBMITTED:
        steps.append((A.APPROVE, day + timedelta(days=1), 11, head, ""))
        if lead and not waits:
            steps.append((A.ACCEPT, day + timedelta(days=2), 16, office, "同意，已完成" if finished else ""))
    steps = [step for step in steps if step[1] <= today]
    report.state = Report.State.DRAFT
    for action, *_ in steps:
        report.state = target_of(report, action)
    return _Filing(report, steps)


#: Sample progress meetings: (host, date, title, chair, attendees, items as (task, number), decisions
#: as (text, owner, due, done)).  Lead departments meet every quarter, except 组织部（人社局） (no first
#: quarter), 党政办 (no second) and 环保局 (only the second and fourth), so 推进会议开展情况 has both;
#: three follow-up actions are overdue at year end.
DEMO_MEETINGS = (
    ("规建局", "2020-03-20", "水气报装提速第一季度推进会", "规建局局长", ("水务局", "国网昌吉供电公司准东分公司"),
     (("（八）", "2"), ("（八）", "3")), (
         ("水务局公布用水报装办事指南，明确20个工作日时限", "水务局", "2020-04-30", True),
         ("规建局实现燃气报装线上申请", "规建局", "2020-06-30", True),
         ("每季度召开一次推进会", None, None, False),
     )),
    ("规建局", "2020-06-18", "水气报装提速第二季度推进会", "规建局局长", ("水务局",), (("（八）", "3"),), (
        ("水务局报送用水报装办件台账，按月统计办理用时", "水务局", "2020-07-31", True),
    )),
    ("规建局", "2020-09-17", "水气报装提速第三季度推进会", "规建局局长", ("水务局",), (("（八）", "3"),), (
        ("督促燃气公司压缩居民燃气报装施工排期", "规建局", "2020-11-30", True),
    )),
    ("规建局", "2020-12-10", "水气报装提速年度总结会", "规建局局长", ("水务局",), (("（八）", "3"),), (
        ("居民燃气报装用时压缩至 3 个工作日以内", "规建局", "2021-06-30", False),
    )),
    ("经发局", "2020-03-25", "市场准入推进会", "经发局局长", ("市场监管分局", "税务局"), (("（一）", "1"), ("（一）", "2")), (
        ("市场监管分局梳理企业开办全流程", "市场监管分局", "2020-05-31", True),
        ("经发局编制重点行业准入项目清单", "经发局", "2020-06-30", True),
    )),
    ("经发局", "2020-06-23", "公用事业服务进大厅推进会", "经发局局长", ("规建局", "水务局", "国网昌吉供电公司准东分公司"),
     (("（八）", "1"), ("（八）", "2")), (
         ("水、电、气、暖业务窗口进驻政务服务大厅", "经发局", "2020-09-30", True),
         ("供电公司推行客户工程典型设计", "国网昌吉供电公司准东分公司", "2020-10-31", True),
     )),
    ("经发局", "2020-09-24", "产业集群培育和工业旅游推进会", "经发局局长", ("党政办", "市场监管分局", "开发公司"),
     (("（九）", ""), ("（十一）", ""), ("（七）", "")), (
         ("开发公司完成 3 个工业旅游景点建设验收", "开发公司", "2020-09-30", True),
         ("经发局起草新业态监管意见征求意见稿", "经发局", "2020-10-31", False),
     )),
    ("经发局", "2020-12-16", "“放管服”改革年度总结暨对账销号部署会", "管委会分管领导",
     ("党政办", "组织部（人社局）", "市场监管分局", "环保局", "规建局", "国土分局"), (("（二）", "1"), ("（七）", "")), (
         ("各部门于 12 月 25 日前完成对账销号申请", None, None, False),
         ("乌准园、兵准园筹建工作结转 2021 年继续推进", "经发局", "2021-06-30", False),
     )),
    ("组织部（人社局）", "2020-04-15", "技能人才评价推进会", "组织部部长", ("经发局",), (("（三）", "1"), ("（三）", "2")), (
        ("协调昌吉州第十九职业技能鉴定所来准东设点", "组织部（人社局）", "2020-06-30", True),
    )),
    ("组织部（人社局）", "2020-07-20", "职业技能等级认定试点推进会", "组织部部长", ("经发局",), (("（三）", "2"),), (
        ("确定首批职业技能等级认定试点企业", "组织部（人社局）", "2020-08-31", True),
    )),
    ("组织部（人社局）", "2020-11-12", "技能人才评价工作总结会", "组织部部长", (), (("（三）", "2"),), ()),
    ("市场监管分局", "2020-03-30", "注销登记便利化推进会", "市场监管分局局长", ("税务局", "组织部（人社局）"), (("（四）", ""),), (
        ("推行企业注销“一网通办”", "市场监管分局", "2020-05-31", True),
    )),
    ("市场监管分局", "2020-06-28", "信用监管推进会", "市场监管分局局长", ("税务局", "经发局"), (("（六）", ""),), (
        ("涉企行政许可、行政处罚信息按时公示", "市场监管分局", "2020-09-30", True),
    )),
    ("市场监管分局", "2020-09-28", "信用档案建设推进会", "市场监管分局局长", ("税务局",), (("（六）", ""),), ()),
    ("市场监管分局", "2020-12-03", "信用监管年度总结会", "市场监管分局局长", ("税务局", "经发局"), (("（六）", ""),), ()),
    ("环保局", "2020-05-12", "环评审批提速推进会", "环保局局长", ("规建局",), (("（五）", ""),), (
        ("环保局编制环评审批承诺时限清单", "环保局", "2020-08-31", False),
    )),
    ("环保局", "2020-11-05", "环评制度改革推进会", "环保局局长", ("规建局", "经发局"), (("（五）", ""),), (
        ("报告表类项目实行告知承诺制审批", "环保局", "2021-03-31", False),
    )),
    ("党政办", "2020-03-27", "健康服务业推进会", "党政办主任", ("奇台县协调办", "木垒县协调办", "吉木萨尔县协调办"),
     (("（十）", ""),), (
         ("确定中西医综合门诊部选址", "党政办", "2020-10-31", False),
     )),
    ("党政办", "2020-08-14", "社区卫生服务站建设推进会", "党政办主任", ("奇台县协调办", "木垒县协调办"), (("（十）", ""),), (
        ("4 个社区卫生服务站完成建设", "党政办", "2020-11-30", True),
    )),
    ("党政办", "2020-12-08", "健康服务业工作总结会", "党政办主任", ("吉木萨尔县协调办",), (("（十）", ""),), ()),
    ("国土分局", "2020-03-18", "闲置土地处置推进会", "国土分局局长", ("经发局", "规建局", "财政局"), (("（十二）", ""),), (
        ("完成闲置土地、批而未供土地摸底", "国土分局", "2020-05-31", True),
    )),
    ("国土分局", "2020-06-22", "批后监管推进会", "国土分局局长", ("规建局",), (("（十二）", ""),), (
        ("起草闲置土地处置实施方案", "国土分局", "2020-08-31", True),
    )),
    ("国土分局", "2020-09-10", "闲置土地处置方案论证会", "国土分局局长", ("经发局", "财政局"), (("（十二）", ""),), (
        ("处置实施方案报自治区自然资源厅审批", "国土分局", "2020-10-31", True),
    )),
    ("国土分局", "2020-12-15", "集约用地年度总结会", "国土分局局长", ("经发局",), (("（十二）", ""),), ()),
)


def load_meetings(plan: Plan, today) -> int:
    """The sample meetings held up to ``today``, once: a plan that has meetings is left alone.

    A meeting is recorded on its day; a follow-up action done by ``today`` was done on its due date."""
    from duban.meetings.models import Decision, Meeting

    if plan.meetings.exists():
        return 0
    people = People.of(plan.zone)
    departments, items = by_name(plan.zone), by_number(plan)
    created = 0
    with transaction.atomic():
        for host, held, title, chair, attendees, item_keys, decisions in DEMO_MEETINGS:
            day = date.fromisoformat(held)
            if day > today:
                continue
            meeting = Meeting.objects.create(
                zone=plan.zone, plan=plan, host=departments[host], date=day, title=title,
                chair=chair, recorded_by=people.liaison(host), minutes=f"会议听取了{host}及参会部门工作进展汇报，研究了下步工作。",
            )
            Meeting.objects.filter(pk=meeting.pk).update(recorded_at=moment(day, 17))
            meeting.attendees.set([departments[name] for name in attendees])
            meeting.items.set([items[key] for key in item_keys])
            for text, owner, due, done in decisions:
                due_day = date.fromisoformat(due) if due else None
                finished = done and due_day is not None and due_day <= today
                Decision.objects.create(
                    zone=plan.zone, meeting=meeting, text=text, owner=departments.get(owner), due=due_day,
                    status=Decision.Status.DONE if finished else Decision.Status.OPEN,
                    done_at=moment(due_day, 16) if finished else None,
                    done_by=people.liaison(owner or host) if finished else None,
                    done_note="已按期完成" if finished else "",
                )
            created += 1
    return created


#: 督办通知 the office issued: (item as (task, number), department, issued, reply due, instruction,
#: replied on (None: not answered), reply).  Answered on time, answered late, unanswered, awaiting.
DEMO_NOTICES = (
    (("（八）", "3"), "规建局", "2020-07-15", "2020-07-22",
     "居民燃气报装中位用时超过承诺的 3 个工作日，请说明原因并提出整改措施。",
     "2020-07-21", "已约谈燃气公司压缩施工排期，居民燃气报装已开通线上申请，8 月起按周统计办理用时。"),
    (("（五）", ""), "环保局", "2020-08-10", "2020-08-17",
     "环评审批按时办结率偏低，6 月、7 月台账自评存在风险，请报送超时办件清单及整改措施。",
     "2020-08-24", "已梳理超时办件，正在编制环评审批承诺时限清单。"),
    (("（十）", ""), "党政办", "2020-09-07", "2020-09-14",
     "中西医综合门诊部建设进度滞后，请报送选址意见和建设计划。",
     "2020-09-18", "门诊部选址与园区医疗卫生专项规划衔接中，拟报管委会研究。"),
    (("（十二）", ""), "国土分局", "2020-10-12", "2020-10-19",
     "请报送闲置土地处置实施方案报批进展。",
     "2020-10-16", "实施方案已于 10 月 9 日报自治区自然资源厅，待批复。"),
    (("（七）", ""), "经发局", "2020-11-03", "2020-11-10",
     "该项已超过完成时限（2020年10月底前），监管意见尚未出台，请说明原因和完成计划。",
     "2020-11-09", "征求意见稿已形成，正在征求市场监管分局意见，力争 2021 年上半年印发。"),
    (("（五）", ""), "环保局", "2020-11-16", "2020-11-23",
     "该项已超过完成时限（2020年9月底前），10 月台账未报送，请立即补报并说明原因。", None, ""),
    (("（二）", "1"), "经发局", "2020-12-21", "2020-12-30",
     "乌准园、兵准园筹建进度滞后，请在对账销号前报送年度完成情况和结转计划。", None, ""),
)


def load_notices(plan: Plan, today) -> int:
    """The office's 督办通知 issued up to ``today`` and the replies made by then, once: a plan that
    has notices is left alone.  Each is written on its day, with the notifications it sent."""
    from duban.supervision.models import Notice
    from duban.supervision.notices import issue, reply

    if Notice.objects.filter(item__task__plan=plan).exists():
        return 0
    people = People.of(plan.zone)
    departments, items = by_name(plan.zone), by_number(plan)
    created = 0
    with transaction.atomic():
        for key, department, issued, due, instruction, replied, answer in DEMO_NOTICES:
            if date.fromisoformat(issued) > today:
                continue
            with at(moment(date.fromisoformat(issued), 10)):
                notice = issue(items[key], departments[department], instruction, date.fromisoformat(due), people.office)
            if replied and date.fromisoformat(replied) <= today:
                with at(moment(date.fromisoformat(replied), 16)):
                    reply(notice, answer, people.liaison(department))
            created += 1
    return created


#: The seed plan's promises as service types: (name, department, limit, unit, statutory days, max steps,
#: target subject, mean share of the limit the generated cases take, cases per year).  Most promises are
#: kept; 居民燃气报装 and 环评审批（报告表） take longer than promised, so their targets are missed.
DEMO_SERVICE_TYPES = (
    ("用水报装", "水务局", 20, "工作日", None, None, "用水报装时间", 0.45, 420),
    ("扩容改装用水", "水务局", 15, "工作日", None, None, "扩容、改装及临时用水报装时间", 0.5, 160),
    ("临时用水", "水务局", 15, "工作日", None, None, "扩容、改装及临时用水报装时间", 0.5, 180),
    ("企业燃气报装", "规建局", 16, "工作日", None, None, "企业燃气报装时间", 0.5, 260),
    ("居民燃气报装", "规建局", 3, "工作日", None, None, "居民燃气报装时间", 1.5, 900),
    ("低压办电", "国网昌吉供电公司准东分公司", None, "工作日", None, 3, "低压客户办电环节", 0.5, 520),
    ("高压办电", "国网昌吉供电公司准东分公司", None, "工作日", None, 4, "高压客户办电环节", 0.5, 90),
    ("低压直接装表", "国网昌吉供电公司准东分公司", None, "工作日", None, 2, "具备直接装表条件的低压客户办电环节", 0.5, 300),
    ("环评审批（报告书）", "环保局", 30, "工作日", 60, None, "环评审批时间", 0.7, 24),
    ("环评审批（报告表）", "环保局", 15, "工作日", 30, None, "环评审批时间", 1.2, 90),
    ("环评审批（登记表）", "环保局", 7.5, "工作日", 15, None, "环评审批时间", 0.45, 140),
)


def load_cases(zone: Zone, plan: Plan, today) -> int:
    """The seed's service types (linked to the plan's targets) and a deterministic year of cases.

    Service types are updated in place; cases are generated once (numbers DEMO-…), received
    from 2 January of the plan's year up to ``today`` or the year end: most completed within
    their limit, some over it, some open.
    Returns the number of cases created.
    """
    from datetime import datetime, time
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    import numpy as np
    from django.conf import settings

    from duban.cases.models import Case, ClockStop, ServiceType
    from duban.plans.models import Target
    from duban.workdays.engine import load_calendar

    departments = by_name(zone)
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
    if plan.year not in calendar.years:
        return 0  # no working days to count the cases' time in
    rng = np.random.default_rng(20200710)
    tz = ZoneInfo(settings.TIME_ZONE)
    # Received within the plan's year up to today, whatever today is (the real date, years later):
    # the calendar is asked about no year it does not cover; a case that would end beyond it stays open.
    first = np.datetime64(date(plan.year, 1, 2))
    last = np.datetime64(min(today, date(plan.year, 12, 31)))
    span_days = np.arange(first, last + 1)
    workdays = np.array([calendar.is_workday(d.astype(object)) for d in span_days])  # one year: a few hundred days
    receivable = span_days[workdays]
    today_n = np.datetime64(today).astype(np.int64)
    covered_to = np.datetime64(calendar.last_day)
    cases, stops = [], []
    serial = 0
    for service_type, spec in zip(types, DEMO_SERVICE_TYPES):
        limit, max_steps, share, per_year = spec[2], spec[5], spec[7], spec[8]
        n = int(per_year * len(receivable) / 250)
        received = np.sort(rng.choice(receivable, n))
        base = float(limit) if limit is not None else 10.0
        taken = np.maximum(1, np.round(rng.gamma(4.0, base * share / 4.0, n))).astype(np.int64)
        room = calendar.count_many(received, covered_to)  # working days the calendar knows after receipt
        done_on = calendar.add_many(received, np.minimum(taken, room))
        is_open = (taken > room) | (done_on.astype(np.int64) > today_n)
        steps = None
        if max_steps:
            steps = np.clip(np.round(rng.normal(max_steps - 0.5, 0.5, n)), 1, None).astype(int)
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
    ("criticism", "环保局", None, "关于上半年环评审批超时问题的通报（准东督办〔2020〕4号）", "2020-06-30"),
    ("commendation", "市场监管分局", ("（四）", ""), "自治区市场监管局关于企业注销便利化工作的通报（新市监办〔2020〕31号）",
     "2020-09-15"),
    ("commendation", "组织部（人社局）", ("（三）", "2"), "昌吉州人社局对准东职业技能等级认定试点的肯定性批示", "2020-11-20"),
)

#: 差评 appealed (申诉复核): (rating, the n-th DEMO case with it, outcome, reason).
DEMO_APPEALS = (
    (1, 1, "overturned", "经核实，申请人因材料不全被一次性告知补正后给出差评，不属于办理过错，撤销该差评"),
    (2, 3, "upheld", "经核实，该件超过承诺时限办结，差评属实，维持"),
)


#: The assessment office's one change to the default scheme: at most 30 % of departments 优秀, as
#: government assessment rules commonly cap the top grade.
DEMO_TOP_SHARE = 30


def load_assessment(plan: Plan, today) -> int:
    """The assessment office's scheme (the default with ``DEMO_TOP_SHARE``), its entries and two
    appeals decided, once.

    Returns the number of entries created (none when the plan has entries already)."""
    from duban.assessment.models import Appeal, Entry
    from duban.assessment.schemes import ensure_scheme
    from duban.cases.models import Case

    assessor = People.of(plan.zone).user("jixiao")
    scheme = ensure_scheme(plan, assessor)
    created = 0
    with transaction.atomic():
        if not Entry.objects.filter(rule__scheme=scheme).exists():
            scheme.top_share, scheme.updated_by = DEMO_TOP_SHARE, assessor
            scheme.save()
            rules = {r.key: r for r in scheme.rules.all()}
            departments, items = by_name(plan.zone), by_number(plan)
            for key, department, item, document, day in DEMO_ENTRIES:
                if date.fromisoformat(day) > today:
                    continue
                Entry.objects.create(zone=plan.zone, rule=rules[key], department=departments[department],
                                     item=items.get(item), document=document, date=date.fromisoformat(day),
                                     recorded_by=assessor)
                created += 1
        if not Appeal.objects.filter(zone=plan.zone).exists():
            for rating, nth, outcome, reason in DEMO_APPEALS:
                rated = Case.objects.filter(zone=plan.zone, number__startswith="DEMO-", rating=rating,
                                            completed_on__isnull=False).order_by("number")
                case = rated[nth - 1] if rated.count() >= nth else None
                decided = case and case.completed_on + timedelta(days=10)
                if case is None or decided > today:
                    continue
                Appeal.objects.create(zone=plan.zone, case=case, outcome=outcome, decided_on=decided, reason=reason,
                                      recorded_by=assessor)
    return created
