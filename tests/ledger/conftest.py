"""Ledger fixtures: the seed plan's item （八）3, led by 规建局 with 水务局 cooperating, and its people."""

from datetime import date

import pytest

from duban.accounts.models import Role
from duban.ledger.models import Report
from duban.plans.models import Assignment, Item


@pytest.fixture
def water_item(plan) -> Item:
    return Item.objects.get(task__plan=plan, task__number="（八）", number="3")


@pytest.fixture
def june(plan):
    return plan.cycles.get(label="2020年6月")


@pytest.fixture
def guijian_head(make_user, zone):
    return make_user("guijian_head", zone, "规建局", Role.HEAD)


@pytest.fixture
def shuiwu(make_user, zone):
    return make_user("shuiwu", zone, "水务局", Role.LIAISON)


@pytest.fixture
def pinned(settings):
    """Pin duban's clock: ``pinned(date(2020, 7, 1))``."""

    def pin(day: date) -> date:
        settings.DUBAN_TODAY = day
        return day

    return pin


@pytest.fixture
def lead_report(water_item, june, liaison) -> Report:
    """规建局's draft on （八）3 for June 2020."""
    assignment = water_item.assignments.get(role=Assignment.Role.LEAD)
    return Report.objects.create(
        zone_id=water_item.zone_id, assignment=assignment, department=assignment.department, item=water_item,
        cycle=june, is_lead=True, created_by=liaison, progress="已完成用水报装流程梳理",
    )
