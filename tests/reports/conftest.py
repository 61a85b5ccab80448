"""A small plan whose every figure in the documents is worked out by hand in the tests.

The plan (2020, monthly cycles due on the 25th, reported from 2020年5月1日), as of 2020年7月10日
(May, due 5月25日, and June, due 6月25日, are owed):

  （一）1  lead 经发局, cooperating 规建局     经发局 files both months on time, June 存在风险 → amber
  （一）2  lead 规建局                          规建局 files neither (June is sent back) → red
  （二）   lead 水务局, cooperating 财政局       水务局 May late, June on time → green;
                                                财政局 May on time, June late
  规建局 also files May on （一）1 on time, and not June.
"""

from datetime import date, datetime

import pytest
from django.utils import timezone

from duban.accounts.models import Role
from duban.ledger import status
from duban.ledger.cycles import ensure_cycles
from duban.ledger.models import Report, ReportTransition
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Assignment, Item

TODAY = date(2020, 7, 10)

PLAN = """准东开发区2020年公文测试工作方案
一、主要任务
（一）优化营商环境
具体任务：1、梳理准入项目清单。
牵头部门：经发局
配合部门：规建局
2、推行燃气报装线上申请。
牵头部门：规建局
（二）提升公用事业服务水平
具体任务：压缩用水报装时间。
牵头部门：水务局
配合部门：财政局
"""


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


@pytest.fixture(autouse=True)
def today(pinned):
    return pinned(TODAY)


@pytest.fixture
def small_plan(zone, office):
    plan = import_plan(preview_import(zone, PLAN.encode(), "公文测试.txt"), user=office).plan
    schedule = plan.schedule
    schedule.starts_on = date(2020, 5, 1)
    schedule.save()
    ensure_cycles(plan)
    return plan


def item_of(plan, task: str, number: str = "") -> Item:
    return Item.objects.get(task__plan=plan, task__number=task, number=number)


@pytest.fixture
def filed(small_plan, office):
    """``filed(item, "经发局", "2020年5月", day, …)``: that department's report, first submitted on ``day``."""

    def file(item: Item, department: str, cycle: str, day: date, state=Report.State.SUBMITTED, **text) -> Report:
        dept = small_plan.zone.departments.get(name=department)
        assignment = item.assignments.get(department=dept)
        return Report.objects.create(
            zone=small_plan.zone, assignment=assignment, department=dept, item=item,
            cycle=small_plan.cycles.get(label=cycle), is_lead=assignment.role == Assignment.Role.LEAD,
            created_by=office, state=state, submitted_at=moment(day),
            **text,
        )

    return file


@pytest.fixture
def ledger(small_plan, filed, office):
    """The reports of the module docstring, and the items' status refreshed as of TODAY."""
    market, gas, water = item_of(small_plan, "（一）", "1"), item_of(small_plan, "（一）", "2"), item_of(small_plan, "（二）")
    filed(market, "经发局", "2020年5月", date(2020, 5, 20), state=Report.State.ACCEPTED,
          progress="完成准入项目清单初稿", completion=40)
    filed(market, "经发局", "2020年6月", date(2020, 6, 20), progress="准入项目清单已征求各部门意见",
          problems="部分行业口径不一", next_steps="7月底前印发清单", completion=60,
          self_status=Report.SelfStatus.AT_RISK)
    filed(market, "规建局", "2020年5月", date(2020, 5, 22))
    returned = filed(gas, "规建局", "2020年6月", date(2020, 6, 20), state=Report.State.RETURNED)
    ReportTransition.objects.create(zone=small_plan.zone, report=returned, action=ReportTransition.Action.RETURN,
                                    from_state=Report.State.APPROVED, to_state=Report.State.RETURNED, by=office)
    filed(water, "水务局", "2020年5月", date(2020, 5, 28), progress="用水报装压缩至15个工作日", completion=80)
    filed(water, "水务局", "2020年6月", date(2020, 6, 22), progress="用水报装全部进驻政务大厅", completion=95)
    filed(water, "财政局", "2020年5月", date(2020, 5, 25))
    filed(water, "财政局", "2020年6月", date(2020, 6, 30))
    status.refresh(small_plan, TODAY)
    return {"market": market, "gas": gas, "water": water}


@pytest.fixture
def leader(make_user, zone):
    return make_user("leader", zone, "党政办", Role.LEADER)
