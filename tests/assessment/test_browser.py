"""The assessment office finalises the year's scores, in headless Chromium."""

import pytest

from duban.assessment.models import FinalScore

from ..conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_assessment_office_finalises_the_scores(browser_page, live_server, year):
    page, base = browser_page, live_server.url
    browser_login(page, base, year.assessor.username)
    page.get_by_role("link", name="绩效考核").click()  # one plan: straight to its results
    page.locator("h1", has_text="2020年度绩效考核").wait_for()
    assert "计算中（未定稿）" in page.locator(".assessment-state").inner_text()
    rows = page.locator("table.ranking tbody tr")
    assert [rows.nth(i).get_attribute("data-department") for i in range(rows.count())] == ["经发局", "规建局", "水务局"]
    assert "水务局" in page.locator("section.accountable").inner_text()

    page.get_by_role("button", name="定稿考核结果").click()
    page.locator(".assessment-state", has_text="已定稿").wait_for()
    assert page.get_by_role("button", name="定稿考核结果").count() == 0
    assert FinalScore.objects.filter(scheme__plan=year.plan).count() == 3

    first = page.locator("table.ranking tbody tr").first
    assert first.locator("td.total").inner_text() == "80.64"
    assert first.locator("td.grade").inner_text() == "良好"
    first.get_by_role("link", name="经发局").click()
    page.locator("h1", has_text="经发局 · 2020年度考核得分").wait_for()
    lines = page.locator("table.score-lines tbody tr")
    assert lines.count() == 10
    assert "加分合计 6 分，上限 5 分" in page.locator("tr.line-cap").inner_text()
    assert page.locator("tfoot .total").inner_text() == "80.64"
