"""Audit fixtures: 规建局's draft on the seed plan's item （八）3 (led by 规建局, 水务局 cooperating)."""

from datetime import date

import pytest

from duban.accounts.models import Role
from duban.ledger.models import Report
from duban.plans.models import Assignment


@pytest.fixture(autouse=True)
def pinned_clock(settings):
    settings.DUBAN_TODAY = date(2020, 6, 20)


@pytest.fixture
def report(water_item, liaison) -> Report:
    assignment = water_item.assignments.get(role=Assignment.Role.LEAD)
    return Report.objects.create(
        zone_id=water_item.zone_id, assignment=assignment, department=assignment.department, item=water_item,
        cycle=water_item.task.plan.cycles.get(label="2020年6月"), is_lead=True, created_by=liaison,
        progress="初稿进展",
    )


@pytest.fixture
def head(make_user, zone):
    return make_user("guijian_head", zone, "规建局", Role.HEAD)


@pytest.fixture
def login(client):
    """``login(user, addr)``: the test client as ``user``, connecting from ``addr``."""

    def as_user(user, addr="127.0.0.1"):
        client.force_login(user)
        client.defaults["REMOTE_ADDR"] = addr
        return client

    return as_user


def save_form(report, **changes):
    return {"progress": report.progress, "problems": report.problems, "next_steps": report.next_steps,
            "completion": report.completion, "self_status": report.self_status, "revision": report.revision,
            **changes}
