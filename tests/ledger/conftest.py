"""Ledger fixtures: the seed plan's item （八）3, led by 规建局 with 水务局 cooperating, and its people."""

import pytest

from duban.ledger.models import Report
from duban.plans.models import Assignment


@pytest.fixture
def june(plan):
    return plan.cycles.get(label="2020年6月")


@pytest.fixture
def lead_report(water_item, june, liaison) -> Report:
    """规建局's draft on （八）3 for June 2020."""
    assignment = water_item.assignments.get(role=Assignment.Role.LEAD)
    return Report.objects.create(
        zone_id=water_item.zone_id, assignment=assignment, department=assignment.department, item=water_item,
        cycle=june, is_lead=True, created_by=liaison, progress="已完成用水报装流程梳理",
    )
