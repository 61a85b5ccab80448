"""A figure counted over a year whose Xinjiang festivals are not entered says 暂定, wherever it is shown,
and stops saying so once the office registers that year."""

from datetime import date

import pytest

from duban.cases.targets import target_findings
from duban.plans.models import Target
from duban.workdays.editing import cover_year

REASON = "新疆 2020 年少数民族节日未录入"


@pytest.fixture(autouse=True)
def july(settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)


@pytest.fixture
def water_target(plan, water):
    target = Target.objects.get(item__task__plan=plan, subject="用水报装时间")  # ≤ 20 工作日
    water.target = target
    water.save()
    return target


@pytest.fixture
def late_water_case(water, make_case):
    """Received 2020年5月6日, completed 6月30日: well over 20 working days, so the target is red."""
    return make_case(water, "2020-05-06", "2020-06-30")


def test_pages_built_on_xinjiang_2020_counts_say_provisional(as_user, office, water, water_target, late_water_case):
    client = as_user(office)
    for url in ("/cases/", f"/cases/services/{water.pk}/", "/cases/list/", f"/cases/targets/{water_target.pk}/",
                f"/items/{water_target.item_id}/"):
        assert f"暂定：{REASON}" in client.get(url).text, url
    # The list marks the row itself too.
    assert '<span class="provisional">暂定</span>' in client.get("/cases/list/").text


def test_the_item_finding_from_a_provisional_target_says_so(plan, water_target, late_water_case):
    (finding,) = target_findings(plan, date(2020, 7, 10))[water_target.item_id]
    assert finding.colour == "red" and "（暂定）" in finding.reason


def test_national_calendar_figures_are_final(as_user, office, gas, make_case):
    make_case(gas, "2020-06-01", "2020-06-03")
    page = as_user(office).get(f"/cases/services/{gas.pk}/").text
    assert "暂定" not in page


def test_registering_the_year_makes_the_figures_final_at_once(as_user, office, water, water_target, late_water_case):
    cover_year(layer="xinjiang", year=2020, status="official", notice="新政办发〔2019〕xx号", user=office)
    client = as_user(office)
    for url in (f"/cases/services/{water.pk}/", f"/cases/targets/{water_target.pk}/", "/cases/list/"):
        assert "暂定" not in client.get(url).text, url
