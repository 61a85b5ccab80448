"""The import preview in headless Chromium: the office corrects a doubtful item's lead, adds a target
to it and confirms; the misspelt name it replaced never becomes a department."""

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser

TYPO = "党正办"


@pytest.mark.django_db(transaction=True)
def test_office_corrects_a_doubtful_item_s_lead_in_the_preview_and_confirms(
    browser_page, live_server, zone, office, seed_bytes, tmp_path
):
    from auditlog.models import LogEntry

    from duban.plans.models import Item
    from duban.zones.models import Department

    plan_file = tmp_path / "方案.txt"
    plan_file.write_bytes(seed_bytes.decode("utf-8").replace("牵头部门：党政办", f"牵头部门：{TYPO}").encode("utf-8"))
    page = browser_page
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/plans/import/")
    page.get_by_label("方案文件").set_input_files(str(plan_file))
    page.get_by_role("button", name="上传并预览").click()

    page.get_by_text("需要核对的事项（1 项）").wait_for()
    first = page.locator("tr.review-item").first  # the doubtful item leads the list
    assert "（十）实施健康服务业优化升级行动" in first.inner_text()
    assert f"部门“{TYPO}”不在部门名录中" in first.locator("ul.doubts").inner_text()
    assert "社区卫生服务站4个" in first.locator("td.source").inner_text()  # beside its source line
    lead = first.get_by_label("牵头部门")
    assert lead.input_value() == TYPO
    lead.fill("党政办")
    new_target = first.locator("p.new-target")
    new_target.get_by_label("指标", exact=True).fill("新建社区卫生服务站")
    new_target.get_by_label("比较").select_option(label="不少于")
    new_target.get_by_label("目标值").fill("4")
    new_target.get_by_label("单位").fill("个")
    # The second target read from the text gets another name: the office can correct what was read.
    first.locator("p.target:not(.new-target)").nth(1).get_by_label("指标", exact=True).fill("中西医综合门诊部数量")
    page.get_by_role("button", name="确认导入").click()

    page.get_by_text("按办公室修改更正 1 项").wait_for()
    assert page.get_by_text("新增部门 0 个").count() == 1
    task = page.locator("section.task", has_text="（十）实施健康服务业优化升级行动")
    assert task.locator("dd.lead").inner_text().strip() == "党政办"
    item = Item.objects.get(task__number="（十）")
    assert [a.department.name for a in item.assignments.filter(role="lead")] == ["党政办"]
    assert LogEntry.objects.filter(actor=office, object_repr="党政办（牵头部门）").exists()
    target = item.targets.get(subject="新建社区卫生服务站")
    assert (target.comparator, target.value, target.unit) == (">=", 4, "个")
    assert item.targets.get(order=1).subject == "中西医综合门诊部数量"
    assert not Department.objects.filter(name=TYPO).exists()
