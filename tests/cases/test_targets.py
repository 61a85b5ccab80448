"""A target linked to service types shows its measured actual and feeds the item's RAG;
reminders of cases close to or past their limit are sent once per department, day and stage."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from duban.accounts.models import Role
from duban.cases.models import ServiceType
from duban.cases.targets import AMBER, GREEN, RED, target_actual
from duban.ledger import status
from duban.ledger.models import ItemStatus
from duban.notifications.models import Notification
from duban.notifications.reminders import run_all
from duban.plans.models import Item, Target

TODAY = date(2020, 7, 10)


@pytest.fixture
def gas_target(plan, gas):
    target = Target.objects.get(item__task__plan=plan, subject="居民燃气报装时间")  # ≤ 3 工作日
    gas.target = target
    gas.save()
    return target


def test_median_missing_the_promise_is_red_and_turns_the_item_red(plan, gas_target, gas, make_case, settings):
    settings.DUBAN_TODAY = TODAY
    for completed in ["2020-06-05", "2020-06-08", "2020-06-09"]:  # 4, 5, 6 working days after 6/1
        make_case(gas, "2020-06-01", completed)
    actual = target_actual(gas_target, TODAY)
    assert actual.colour == RED and actual.rows[0].median == 5
    item = Item.objects.get(pk=gas_target.item_id)
    status.refresh(plan, TODAY)
    item_status = ItemStatus.objects.get(item=item)
    assert item_status.colour == "red"
    assert "指标“居民燃气报装时间”红灯：居民燃气报装：中位用时 5 个工作日，超过承诺的 3 个工作日" in item_status.reasons


def test_median_met_but_too_few_within_is_amber_and_all_within_is_green(gas_target, gas, make_case):
    for completed in ["2020-06-02", "2020-06-03", "2020-06-08"]:  # 1, 2, 5: median 2, 2 of 3 within
        make_case(gas, "2020-06-01", completed)
    assert target_actual(gas_target, TODAY).colour == AMBER
    # Seven more on time: 9 of 10 within, the 90% bar.
    for _ in range(7):
        make_case(gas, "2020-06-01", "2020-06-02")
    actual = target_actual(gas_target, TODAY)
    assert actual.rows[0].within_share == pytest.approx(0.9) and actual.colour == GREEN


def test_statutory_ratio_target_uses_half_the_statutory_limit(plan, zone, make_case):
    target = Target.objects.get(item__task__plan=plan, unit="法定时限")
    report = ServiceType.objects.create(zone=zone, name="环评审批（报告表）", limit_value=Decimal(15),
                                        statutory_limit_days=30, target=target, calendar_region="national")
    for completed in ["2020-06-19", "2020-06-22"]:  # 14 and 15 working days after 6/1 (no holiday)
        make_case(report, "2020-06-01", completed)
    actual = target_actual(target, TODAY)
    assert actual.rows[0].limit == 15 and actual.rows[0].median == 14.5 and actual.colour == GREEN


def test_step_target_uses_mean_steps(plan, zone, make_case):
    target = Target.objects.get(item__task__plan=plan, subject="高压客户办电环节")  # ≤ 4 环节
    power = ServiceType.objects.create(zone=zone, name="高压办电", max_steps=4, target=target)
    for steps in [5, 5, 4]:
        make_case(power, "2020-06-01", "2020-06-10", steps=steps)
    actual = target_actual(target, TODAY)
    assert actual.colour == RED and actual.rows[0].mean_steps == pytest.approx(14 / 3)


def test_item_page_and_target_page_show_the_measured_actual(client, office, plan, gas_target, gas, make_case,
                                                            settings):
    settings.DUBAN_TODAY = TODAY
    make_case(gas, "2020-06-01", "2020-06-08")
    client.force_login(office)
    item_page = client.get(f"/items/{gas_target.item_id}/").content.decode()
    assert "量化指标实际值" in item_page and "5 个工作日" in item_page and "红灯" in item_page
    target_page = client.get(f"/cases/targets/{gas_target.pk}/").content.decode()
    assert "居民燃气报装" in target_page and "5 个工作日" in target_page


def test_reminders_go_to_the_department_once_per_day_and_stage(zone, gas, make_case, make_user, office, settings):
    liaison = make_user("guijian", zone, "规建局", Role.LIAISON)
    make_user("guijian_head", zone, "规建局", Role.HEAD)  # told when a case is overdue
    other = make_user("shuiwu", zone, "水务局", Role.LIAISON)
    make_case(gas, "2020-07-08", number="NEAR")  # 2 of 3 days used on 7/10: 1 left
    make_case(gas, "2020-07-01", number="LATE")  # 7 days: overdue
    make_case(gas, "2020-07-01", "2020-07-02", number="DONE")
    sent = run_all(TODAY)["cases"]
    near = Notification.objects.filter(key__endswith=":near")
    late = Notification.objects.filter(key__endswith=":overdue")
    assert set(near.values_list("recipient__username", flat=True)) == {"guijian"}
    assert set(late.values_list("recipient__username", flat=True)) == {"guijian", "guijian_head", "office"}
    assert "NEAR：剩余 1 天" in near.get().body and "LATE：已超期 4 天" in late.first().body
    assert sent == 4
    assert run_all(TODAY)["cases"] == 0  # idempotent
    assert not Notification.objects.filter(recipient=other).exists()
    # The inbox of the department lists them.
    from django.test import Client

    client = Client()
    client.force_login(liaison)
    settings.DUBAN_TODAY = TODAY
    page = client.get(reverse("ledger:inbox")).content.decode()
    assert "临期和超期办件（2）" in page and "NEAR" in page and "已超期 4 天" in page


def test_every_target_of_the_plan_at_once_equals_each_on_its_own(plan, zone, gas_target, gas, make_case):
    """plan_target_actuals (the dashboard's read) gives each target what target_actual gives it alone,
    with one measure of all their cases: the same queries for one target as for three."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from duban.cases.targets import plan_target_actuals

    costs = []

    def measured():
        with CaptureQueriesContext(connection) as queries:
            actuals = plan_target_actuals(plan, TODAY)
        costs.append(len(queries))
        return actuals

    make_case(gas, "2020-06-01", "2020-06-08")
    measured()  # the first call builds the process's calendars: not the function's own cost
    assert [a.target for a in measured()] == [gas_target]
    power_target = Target.objects.get(item__task__plan=plan, subject="高压客户办电环节")
    power = ServiceType.objects.create(zone=zone, name="高压办电", max_steps=4, target=power_target,
                                       calendar_region="national")  # one region, as gas: one calendar lookup
    ratio_target = Target.objects.get(item__task__plan=plan, unit="法定时限")
    report = ServiceType.objects.create(zone=zone, name="环评审批（报告表）", limit_value=Decimal(15),
                                        statutory_limit_days=30, target=ratio_target, calendar_region="national")
    for steps in [5, 4]:
        make_case(power, "2020-06-01", "2020-06-10", steps=steps)
    make_case(report, "2020-06-01", "2020-06-19")
    together = measured()
    assert {a.target for a in together} == {gas_target, power_target, ratio_target}
    for actual in together:
        alone = target_actual(actual.target, TODAY)
        assert [(r.service_type, r.limit, r.median, r.mean_steps, r.colour, r.reason) for r in actual.rows] == \
               [(r.service_type, r.limit, r.median, r.mean_steps, r.colour, r.reason) for r in alone.rows]
        assert actual.provisional == alone.provisional
    # service types with their targets, the cases, the clock stops, the calendar's revision (one per region);
    # PostgreSQL reads the cases and stops through COPY, which the query log does not show
    assert costs[-1] == costs[-2] <= 4
