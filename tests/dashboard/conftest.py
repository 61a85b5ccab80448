"""A small plan whose dashboard figures are worked out by hand (the numbers are in HAND_WORKED).

The plan (2020, reporting monthly on the 25th from 1 January), seen on 10 March 2020, when the
January (due 25 Jan) and February (due 25 Feb) reports have come due:

  （一）1  lead 经发局, cooperating 规建局
  （一）2  lead 经发局, cooperating 规建局
  （二）   lead 水务局; target 用水报装时间 ≤ 20 工作日

Reports (the day of the first submission; "returned" was sent back and not filed again):

  （一）1  经发局 Jan 1/20 accepted 40% · Feb 2/27 submitted 60% 存在风险
           规建局 Jan 1/26 final · Feb 2/24 returned
  （一）2  经发局 Jan 1/25 accepted 100% 已完成 (the office accepted it: the item is done)
           规建局 Jan 1/24 final
  （二）   水务局 nothing

So the ledger's RAG: （一）1 amber (its lead reported a risk), （一）2 green and done, （二） red (two
cycles missed).  用水报装 (national calendar) has three cases received on Monday 10 February and
completed 4, 10 and 20 working days later: median 10 of the promised 20, all within: green.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from duban.accounts.models import Role
from duban.cases.models import Case, ServiceType
from duban.ledger.models import Report, ReportTransition
from duban.ledger.status import refresh
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Assignment, Item, Target

TODAY = date(2020, 3, 10)
TZ = ZoneInfo("Asia/Shanghai")

SMALL_PLAN = """准东开发区2020年驾驶舱测试工作方案

二、主要任务
（一）进一步放宽市场准入
具体任务：1、梳理重点行业准入项目清单。2、编制开发区行业准入服务指南。
牵头部门：经发局
配合部门：规建局

（二）提升公用事业服务水平
具体任务：优化用水报装服务，用水报装时间压缩至20个工作日。
牵头部门：水务局
"""


@dataclass(frozen=True)
class HandWorked:
    """What the dashboard must show for the small plan, worked out from the docstring above."""

    items: int = 3
    done: int = 1
    progress: float = (60 + 100 + 0) / 3  # latest lead report 60; done 100; never reported 0
    rag: tuple = (("green", 1), ("amber", 1), ("red", 1), ("unassessed", 0))
    # per task: done, on track, amber, red, unassessed
    tasks: tuple = (("（一）", (1, 0, 1, 0, 0)), ("（二）", (0, 0, 0, 1, 0)))
    red_items: tuple = ("（二）",)
    # Owed: Jan all five obligations; Feb only （一）1's two and （二） (（一）2 was done in January).
    # department: owed, on time, late, missing, returned
    departments: tuple = (("经发局", (3, 2, 1, 0, 0)), ("规建局", (3, 1, 1, 1, 1)), ("水务局", (2, 0, 0, 2, 0)))
    rates: tuple = (66.7, 33.3, 0.0)
    # cycle: owed, on time
    cycles: tuple = (("2020年1月", 5, 3), ("2020年2月", 3, 0))
    on_time_rate: float = 3 / 8
    target_rows: tuple = (("用水报装时间", "用水报装", 10.0, 20.0, 50.0, "green"),)


HAND_WORKED = HandWorked()


@pytest.fixture
def small_plan(zone, pinned):
    pinned(TODAY)
    return import_plan(preview_import(zone, SMALL_PLAN.encode("utf-8"), "驾驶舱测试方案.txt")).plan


@pytest.fixture
def leader(make_user, zone):
    return make_user("leader", zone, "党政办", Role.LEADER)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def file_report(plan, item: Item, department: str, cycle: str, submitted: date | None, state: str, author,
                completion: int = 0, self_status: str = Report.SelfStatus.ON_TRACK) -> Report:
    assignment = item.assignments.get(department__name=department)
    return Report.objects.create(
        zone_id=plan.zone_id, assignment=assignment, department=assignment.department, item=item,
        cycle=plan.cycles.get(label=cycle), is_lead=assignment.role == Assignment.Role.LEAD, created_by=author,
        state=state, completion=completion, self_status=self_status,
        submitted_at=_at(submitted) if submitted else None,
    )


@pytest.fixture
def small_world(small_plan, office, zone):
    """The docstring's reports and cases on the small plan, and the RAG status refreshed on TODAY."""
    plan, S = small_plan, Report.State
    first, second = Item.objects.filter(task__plan=plan, task__number="（一）").order_by("order")
    file_report(plan, first, "经发局", "2020年1月", date(2020, 1, 20), S.ACCEPTED, office, 40)
    file_report(plan, first, "经发局", "2020年2月", date(2020, 2, 27), S.SUBMITTED, office, 60, Report.SelfStatus.AT_RISK)
    file_report(plan, first, "规建局", "2020年1月", date(2020, 1, 26), S.FINAL, office)
    returned = file_report(plan, first, "规建局", "2020年2月", date(2020, 2, 24), S.RETURNED, office)
    ReportTransition.objects.create(zone_id=plan.zone_id, report=returned, action=ReportTransition.Action.RETURN,
                                    from_state=S.SUBMITTED, to_state=S.RETURNED, by=office, comment="请补充")
    file_report(plan, second, "经发局", "2020年1月", date(2020, 1, 25), S.ACCEPTED, office, 100,
                Report.SelfStatus.DONE)
    file_report(plan, second, "规建局", "2020年1月", date(2020, 1, 24), S.FINAL, office)

    water = ServiceType.objects.create(
        zone=zone, name="用水报装", department=zone.departments.get(name="水务局"), limit_value=Decimal(20),
        calendar_region="national", target=Target.objects.get(item__task__plan=plan, subject="用水报装时间"))
    # Received Monday 10 Feb 2020; 4, 10 and 20 working days later (no holiday in between).
    for n, completed in enumerate([date(2020, 2, 14), date(2020, 2, 24), date(2020, 3, 9)], 1):
        Case.objects.create(zone=zone, number=f"W{n}", service_type=water, applicant_kind=Case.ApplicantKind.ENTERPRISE,
                            applicant_name="准东建筑工程有限公司", received_at=_at(date(2020, 2, 10), 9),
                            completed_at=_at(completed, 16))
    refresh(plan, TODAY)
    return plan
