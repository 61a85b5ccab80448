"""Who sees the dashboard, which plan it shows, and what a request costs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import Role
from duban.cases.models import Case, ServiceType
from duban.ledger.models import Report
from duban.ledger.obligations import obligations_of_plan
from duban.ledger.status import refresh
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Plan, Target

from .conftest import SMALL_PLAN, TODAY, _at

URL = reverse("dashboard:home")


# ---- who sees it ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.LEADER, Role.OFFICE, Role.ASSESSOR])
def test_leaders_the_office_and_the_assessment_office_see_it(client, make_user, zone, small_plan, role):
    client.force_login(make_user("reader", zone, "党政办", role))
    response = client.get(URL)
    assert response.status_code == 200 and "领导驾驶舱" in response.text
    assert f'<a href="{URL}">领导驾驶舱</a>' in response.text  # in the menu


@pytest.mark.parametrize("roles", [(Role.LIAISON,), (Role.HEAD,), (Role.LIAISON, Role.HEAD), ()])
def test_a_department_sees_no_zone_wide_figures(client, make_user, zone, small_plan, roles):
    client.force_login(make_user("dept", zone, "规建局", *roles))
    response = client.get(URL)
    assert response.status_code == 403
    assert "领导驾驶舱" not in client.get(reverse("ledger:inbox")).text  # and no menu entry


def test_logged_out_goes_to_the_login_page(client, small_plan):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_another_zone_s_plan_is_not_found(client, leader, other_zone, small_plan):
    theirs = import_plan(preview_import(other_zone, SMALL_PLAN.encode("utf-8"), "另一方案.txt")).plan
    client.force_login(leader)
    assert client.get(URL, {"plan": theirs.pk}).status_code == 404
    assert client.get(URL, {"plan": "x"}).status_code == 404


def test_only_get(client, leader, small_plan):
    client.force_login(leader)
    assert client.post(URL).status_code == 405


# ---- which plan ----------------------------------------------------------------------------------

def test_the_latest_year_by_default_another_by_choice(client, leader, zone, small_plan):
    later = import_plan(preview_import(zone, SMALL_PLAN.replace("2020", "2021").encode("utf-8"), "2021.txt")).plan
    client.force_login(leader)
    assert client.get(URL).context["plan"] == later
    chosen = client.get(URL, {"plan": small_plan.pk})
    assert chosen.context["plan"] == small_plan
    assert f'<option value="{small_plan.pk}" selected>2020年' in chosen.text


def test_a_zone_without_a_plan_says_so(client, leader):
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200 and "还没有导入改革方案" in response.text


# ---- what a request costs ------------------------------------------------------------------------

TASKS = "一二三四五六七八九十"
DEPARTMENTS = ["经发局", "党政办", "财政局", "规建局", "环保局", "水务局", "安监局", "市场监管分局", "税务局", "国土分局"]


def _big_plan_text(tasks: int) -> str:
    """``tasks`` tasks of three items, each with its lead, two cooperating departments and a time target."""
    parts = ["准东开发区2020年驾驶舱扩容测试方案", "", "二、主要任务"]
    for t in range(tasks):
        lead, *others = [DEPARTMENTS[(t + k) % len(DEPARTMENTS)] for k in range(3)]
        items = "".join(f"{n}、事项{t}{n}办理时间压缩至{10 + n}个工作日。" for n in (1, 2, 3))
        parts += [f"（{TASKS[t]}）第{t}项主要任务", f"具体任务：{items}", f"牵头部门：{lead}", f"配合部门：{'、'.join(others)}", ""]
    return "\n".join(parts)


def _grow(zone, author) -> Plan:
    """A plan ten times the small one: 30 items, every report of January and February filed (some late,
    some at risk), one service type per target with 30 cases each."""
    plan = import_plan(preview_import(zone, _big_plan_text(10).encode("utf-8"), "扩容.txt")).plan
    cycles = list(plan.cycles.filter(label__in=["2020年1月", "2020年2月"]))
    Report.objects.bulk_create(
        Report(zone_id=zone.pk, assignment=o.assignment, department=o.department, item=o.item, cycle=c,
               is_lead=o.is_lead, created_by=author, state=Report.State.SUBMITTED, completion=30 + n % 50,
               self_status=Report.SelfStatus.AT_RISK if n % 7 == 0 else Report.SelfStatus.ON_TRACK,
               submitted_at=_at(c.due + timedelta(days=2 if n % 3 == 0 else -1)))
        for n, (o, c) in enumerate((o, c) for o in obligations_of_plan(plan) for c in cycles))
    for k, target in enumerate(Target.objects.filter(item__task__plan=plan)):
        service_type = ServiceType.objects.create(zone=zone, name=f"扩容事项{k}", limit_value=Decimal(target.value),
                                                  calendar_region="national", target=target)
        Case.objects.bulk_create(
            Case(zone=zone, number=f"G{k}-{n}", service_type=service_type, applicant_kind="企业",
                 applicant_name="准东建筑工程有限公司", received_at=_at(date(2020, 2, 10)),
                 received_on=date(2020, 2, 10), completed_at=_at(date(2020, 2, 11 + n % 18)),
                 completed_on=date(2020, 2, 11 + n % 18))
            for n in range(30))
    refresh(plan, TODAY)
    return plan


def test_the_page_costs_the_same_queries_with_ten_times_the_data(client, leader, zone, small_world, office):
    def cost(plan) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"plan": plan.pk})
        assert response.status_code == 200 and response.context["plan"] == plan
        return len(queries)

    client.force_login(leader)
    client.get(URL, {"plan": small_world.pk})  # the first request builds the process's calendars
    small = cost(small_world)
    big = _grow(zone, office)
    grown = {
        "items": (3, sum(t.items.count() for t in big.tasks.all())),
        "reports": (Report.objects.filter(item__task__plan=small_world).count(),
                    Report.objects.filter(item__task__plan=big).count()),
        "targets": (1, ServiceType.objects.filter(target__item__task__plan=big).count()),
        "cases": (3, Case.objects.filter(service_type__target__item__task__plan=big).count()),
    }
    for what, (before, after) in grown.items():
        assert after >= 10 * before, f"{what}: {before} → {after}"
    assert cost(big) == small
    assert small <= 30  # and a small number to begin with


def test_a_plan_with_nothing_due_yet_shows_its_items_and_no_ranking(client, leader, zone, pinned):
    pinned(date(2020, 1, 10))  # before the first report is due (25 January)
    import_plan(preview_import(zone, SMALL_PLAN.encode("utf-8"), "驾驶舱测试方案.txt"))
    client.force_login(leader)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'class="kpi-items">3<' in response.text and "还没有到期的报送周期" in response.text
    assert 'id="ranking-chart"' not in response.text and 'class="kpi-on-time">—<' in response.text
    assert response.context["charts"]["trend"] == {"cycles": [], "due": [], "on_time": [], "rates": []}


def test_departments_equal_in_timeliness_share_a_place_as_in_the_circular(client, leader, small_plan):
    """Nothing filed by 10 March: all three at 0 %; 水务局 owes the fewest (its one item's two
    months) and comes first; 经发局 and 规建局, equal in rate and in reports missing, share the
    second place — the places ``ledger.timeliness`` gives, which the 情况通报 prints too."""
    import re

    client.force_login(leader)
    page = client.get(URL).text
    table = page.split('class="list ranking-table"', 1)[1].split("</table>", 1)[0]
    places = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", table)
    assert places == [("1", "水务局"), ("2", "经发局"), ("2", "规建局")]
