"""Closing fixtures: the seed plan (2020) reconciled at year end, and the people of 规建局 and 水务局.

规建局 leads （八）3 优化水气报装服务, on which 水务局 cooperates; both are also among 各部门 on
the items that name every department.  The clock stands on 2020年12月20日, when offices reconcile.
"""

from datetime import date

import pytest

from duban.accounts.models import Role
from duban.closing import flow
from duban.closing.models import Line, Sheet

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR_END = date(2020, 12, 20)


@pytest.fixture(autouse=True)
def year_end(settings):
    settings.DUBAN_TODAY = YEAR_END


@pytest.fixture
def reconciliation(plan, office):
    return flow.open_reconciliation(plan, office)


@pytest.fixture
def sheet_of(reconciliation):
    """``sheet_of("规建局")``: that department's 对账单."""
    return lambda name: Sheet.objects.get(reconciliation=reconciliation, department__name=name)


@pytest.fixture
def guijian_sheet(sheet_of):
    return sheet_of("规建局")


@pytest.fixture
def water_line(guijian_sheet, water_item) -> Line:
    """规建局's lead line on （八）3."""
    return guijian_sheet.lines.get(item=water_item, is_lead=True)


@pytest.fixture
def shuiwu_head(make_user, zone):
    return make_user("shuiwu_head", zone, "水务局", Role.HEAD)


@pytest.fixture
def assessor(make_user, zone):
    return make_user("jixiao", zone, "党政办", Role.ASSESSOR)


@pytest.fixture
def leader(make_user, zone):
    return make_user("leader", zone, "党政办", Role.LEADER)


def applied(line: Line, user, request: str = Line.Request.CLOSE, statement: str = "已全部完成") -> Line:
    """The liaison attaches evidence and applies."""
    flow.add_evidence(line, user, "完成情况说明.pdf", PDF)
    return flow.apply(line, user, request, statement)


def closed_out(line: Line, liaison, office) -> Line:
    """Applied for and closed out (销号)."""
    return flow.decide(applied(line, liaison), office, flow.Ruling(Line.Decision.CLOSED))


def carried(line: Line, liaison, office, deadline=date(2021, 6, 30), goal="完成剩余事项") -> Line:
    """Applied for and carried over (结转) to ``deadline`` with ``goal``."""
    return flow.decide(applied(line, liaison, Line.Request.CARRY_OVER, "尚未完成"), office,
                       flow.Ruling(Line.Decision.CARRIED_OVER, "配套系统年内未建成", deadline, goal))


@pytest.fixture
def finish(reconciliation, office, make_user, zone):
    """``finish()``: every line still pending is closed out and every sheet confirmed, by a liaison and
    a head made for each department, so the reconciliation may close."""

    def run():
        for sheet in reconciliation.sheets.select_related("department"):
            name = sheet.department.name
            liaison = make_user(f"liaison-{sheet.pk}", zone, name, Role.LIAISON)
            head = make_user(f"head-{sheet.pk}", zone, name, Role.HEAD)
            for line in sheet.lines.filter(state=Line.State.PENDING):
                closed_out(line, liaison, office)
            flow.confirm(sheet, head)

    return run
