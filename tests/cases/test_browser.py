"""The measures page in headless Chromium: the ECharts chart renders, with the limit line."""

from datetime import date

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_measures_page_renders_the_chart_with_the_limit_line(browser_page, live_server, zone, office, gas, make_case,
                                                             settings):
    from tests.conftest import TEST_PASSWORD

    settings.DUBAN_TODAY = date(2020, 7, 10)
    for completed in ["2020-06-02", "2020-06-03", "2020-06-08"]:
        make_case(gas, "2020-06-01", completed)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/cases/services/{gas.pk}/")
    chart = page.locator("#elapsed-chart")
    chart.locator("svg").first.wait_for()
    assert chart.get_attribute("data-rendered") == "1"
    assert chart.locator("svg text", has_text="承诺时限 3 个工作日").count() == 1  # the markLine label
    assert page.locator("#trend-chart svg").count() == 1
    assert page.locator("dd.limit").inner_text() == "3 个工作日"
