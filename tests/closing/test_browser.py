"""The office closes out a department's 对账单 in headless Chromium, and the department head signs it off."""

import pytest

from duban.accounts.models import Role
from duban.closing import flow
from duban.closing.models import Line, Sheet

from ..conftest import browser_login
from .conftest import applied

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_office_closes_out_a_sheet_and_the_head_confirms_it(browser_page, live_server, plan, office, make_user,
                                                                zone):
    make_user("guotu", zone, "国土分局", Role.LIAISON)
    make_user("guotu_head", zone, "国土分局", Role.HEAD)
    reconciliation = flow.open_reconciliation(plan, office)
    sheet = Sheet.objects.get(reconciliation=reconciliation, department__name="国土分局")
    liaison = sheet.department.users.get(username="guotu")
    lines = list(sheet.lines.select_related("item", "item__task"))
    lead = next(line for line in lines if line.is_lead)  # （十二） 闲置土地处置: carried over
    for line in lines:
        if line is lead:
            applied(line, liaison, Line.Request.CARRY_OVER, "处置方案待自治区批复")
        else:
            applied(line, liaison)

    page, base = browser_page, live_server.url
    browser_login(page, base, "office")
    page.get_by_role("link", name="对账销号").click()
    page.get_by_role("link", name="各部门对账情况").click()
    page.get_by_role("link", name="国土分局").click()
    page.get_by_role("heading", name="国土分局对账单 · 2020年度").wait_for()

    for line in lines:
        section = page.locator(f"#line-{line.pk}")
        if line is lead:
            section.get_by_label("审定结果").select_option(label="结转")
            section.get_by_label("审定意见").fill("处置方案待自治区批复，年内无法完成")
            section.get_by_label("结转后完成时限").fill("2021-06-30")
            section.get_by_label("阶段目标").fill("完成闲置土地处置方案报批")
        else:
            assert section.get_by_label("审定结果").input_value() == "closed"  # preselected: the department asked to close out
        section.get_by_role("button", name="审定").click()
        page.locator(f"#line-{line.pk} .decision").wait_for()
    assert page.locator("h1 .sheet-status").inner_text() == "待负责人确认"
    assert page.locator(f"#line-{lead.pk} .decision").inner_text() == "结转"
    page.get_by_role("button", name="退出").click()

    browser_login(page, base, "guotu_head")
    page.get_by_role("link", name="对账销号").click()
    page.get_by_role("link", name="本部门对账单").click()
    assert "结转后完成时限：2021年6月30日；阶段目标：完成闲置土地处置方案报批" in page.locator(f"#line-{lead.pk}").inner_text()
    page.get_by_role("button", name="确认对账单").click()
    page.get_by_text("对账单已确认").wait_for()
    assert page.locator("h1 .sheet-status").inner_text() == "已确认"
    assert page.locator(".confirmation").inner_text().startswith("guotu_head 于 ")

    sheet.refresh_from_db()
    assert sheet.is_confirmed and sheet.confirmed_by.username == "guotu_head"
    assert sorted(sheet.lines.values_list("decision", flat=True)) == ["carried_over"] + ["closed"] * (len(lines) - 1)
