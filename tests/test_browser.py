"""A user's first visit, in headless Chromium."""

import pytest

from .conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_office_logs_in_and_finds_task_eight_with_its_three_items(browser_page, live_server, plan, office):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()

    task = page.locator("section.task", has_text="（八）提升公用事业服务水平")
    task.wait_for()
    items = task.locator("li.item")
    assert items.count() == 3
    leads = [items.nth(i).locator("dd.lead").inner_text().strip() for i in range(3)]
    assert leads == ["经发局", "经发局", "规建局"]
    assert "国网昌吉供电公司准东分公司" in items.nth(1).locator("dd.cooperating").inner_text()
