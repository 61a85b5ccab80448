"""The office enters a zone rest day on the calendar page, in headless Chromium, and the grid shows it."""

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_office_enters_a_zone_rest_day_and_the_year_grid_marks_it(browser_page, live_server, office, settings):
    settings.DUBAN_TODAY = "2020-06-20"
    page = browser_page
    browser_login(page, live_server.url, "office")
    page.get_by_role("link", name="工作日历").click()

    total = page.locator("p.year-total strong")
    assert total.inner_text() == "249"  # 2020 on the national days (Xinjiang 2020 not entered: 暂定)
    july_first = page.locator('td[title^="2020年7月1日 "]')  # the hover text starts with the date
    assert "work" in july_first.get_attribute("class")

    form = page.locator("form", has=page.get_by_role("heading", name="录入日期"))
    form.get_by_label("日历层").select_option(label="本开发区")
    form.get_by_label("日期").fill("2020-07-01")
    form.get_by_label("类型").select_option(label="放假")
    form.get_by_label("名称").fill("园区停电检修")
    form.get_by_label("依据通知").fill("准东管委会通知")
    form.get_by_role("button", name="录入").click()

    page.get_by_text("园区停电检修").first.wait_for()
    assert total.inner_text() == "248"
    assert "rest" in july_first.get_attribute("class") and "zone" in july_first.get_attribute("class")
    assert "园区停电检修（放假）" in july_first.get_attribute("title")
    assert "准东管委会通知" in july_first.get_attribute("title")
