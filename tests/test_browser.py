"""A user's first visit, in headless Chromium."""

import pytest

from .conftest import TEST_PASSWORD, browser_login

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


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_a_report_goes_from_liaison_to_head_to_office_and_only_acceptance_turns_the_item_green(
    browser_page, live_server, plan, liaison, make_user, zone, office, settings, tmp_path
):
    from datetime import date

    from duban.accounts.models import Role
    from duban.ledger.models import ItemStatus
    from duban.ledger.status import refresh
    from duban.plans.models import Item

    make_user("guijian_head", zone, "规建局", Role.HEAD)
    # Reporting starts in June 2020; on 26 June the June report is a day late and the item's deadline
    # (20 June) has passed, so the item is red.  Filing June as 已完成 fills the cycle but leaves the
    # deadline passed: only the office's acceptance of 已完成 may turn it green.
    plan.schedule.starts_on = date(2020, 6, 1)
    plan.schedule.save()
    item = Item.objects.get(task__plan=plan, task__number="（八）", number="3")
    item.deadline = date(2020, 6, 20)
    item.save()
    settings.DUBAN_TODAY = date(2020, 6, 26)
    refresh(plan, settings.DUBAN_TODAY)
    assert ItemStatus.objects.get(item=item).colour == "red"

    page, base = browser_page, live_server.url

    def item_heading() -> str:
        page.goto(f"{base}/items/{item.pk}/")
        return page.locator("h1").inner_text()

    browser_login(page, base, "guijian")
    assert "红灯" in item_heading()
    page.get_by_label("周期").select_option(label="2020年6月（6月25日截止）")
    page.get_by_role("button", name="填报").click()
    page.get_by_label("工作进展").fill("完成用水报装流程再造，平均办理时间 12 个工作日")
    page.get_by_label("完成进度（%）").fill("100")
    page.get_by_label("自评状态").select_option(label="已完成")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_text("已保存").wait_for()
    evidence = tmp_path / "用水报装流程图.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("上传文件").set_input_files(str(evidence))
    page.get_by_role("button", name="上传", exact=True).click()
    page.get_by_role("link", name="用水报装流程图.pdf").wait_for()
    page.get_by_role("button", name="报送").click()
    page.get_by_text("已报送").first.wait_for()
    report_url = page.url
    assert "红灯" in item_heading()  # submitted 已完成 is a claim, not yet the item's state
    logout(page)

    browser_login(page, base, "guijian_head")
    page.goto(f"{base}/ledger/")
    page.get_by_role("link", name="（八）第3项", exact=False).first.click()
    page.get_by_role("button", name="审核通过").click()
    page.get_by_text("待办公室确认").first.wait_for()
    assert "红灯" in item_heading()  # approved by its own head: still awaiting the office
    logout(page)

    browser_login(page, base, "office")
    page.goto(report_url)
    page.get_by_role("button", name="确认").click()
    page.get_by_text("已确认").first.wait_for()
    heading = item_heading()
    assert "绿灯" in heading and "已完成" in heading
    assert "用水报装流程图.pdf" in page.content()
