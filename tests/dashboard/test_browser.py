"""The dashboard in headless Chromium, as a leader opens it on a laptop and then on a phone, under the CSP."""

import pytest

from tests.conftest import browser_login

from .conftest import HAND_WORKED as H

pytestmark = pytest.mark.browser

SERIES = """(id) => {
  const chart = echarts.getInstanceByDom(document.getElementById(id));
  return chart.getOption().series.map(s => ({name: s.name, data: s.data.map(d => d && typeof d === "object" ? d.value : d)}));
}"""
AXIS = "(id) => echarts.getInstanceByDom(document.getElementById(id)).getOption().yAxis[0].data"
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
CHART_WIDTHS = """() => Array.from(document.querySelectorAll('.dash-chart')).map(
  el => Math.round(echarts.getInstanceByDom(el).getWidth()))"""


@pytest.mark.django_db(transaction=True)
def test_a_leader_reads_the_charts_and_follows_a_red_item(browser_page, live_server, leader, small_world, tmp_path):
    page, base = browser_page, live_server.url
    requested, violations = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    page.set_viewport_size({"width": 1366, "height": 768})
    browser_login(page, base, "leader")
    page.get_by_role("link", name="领导驾驶舱").click()
    for chart in ("rag-chart", "tasks-chart", "ranking-chart", "trend-chart", "targets-chart"):
        page.locator(f"#{chart}[data-rendered='1'] svg").first.wait_for()

    # The charts carry the hand-worked figures.
    [rag] = page.evaluate(SERIES, "rag-chart")
    assert rag["data"] == [1, 1, 1]  # 绿灯, 黄灯, 红灯; nothing unassessed, so no fourth slice
    assert page.evaluate(AXIS, "tasks-chart") == ["（一）", "（二）"]
    assert {s["name"]: s["data"] for s in page.evaluate(SERIES, "tasks-chart")} == {
        "已完成": [1, 0], "正常推进": [0, 0], "黄灯": [1, 0], "红灯": [0, 1]}
    assert page.evaluate(AXIS, "ranking-chart") == ["经发局", "规建局", "水务局"]
    assert page.evaluate(SERIES, "ranking-chart")[0]["data"] == list(H.rates)
    assert {s["name"]: s["data"] for s in page.evaluate(SERIES, "trend-chart")} == {
        "应报": [5, 3], "按时报送": [3, 0], "按时率": [60, 0]}
    assert page.evaluate(AXIS, "targets-chart") == ["用水报装"]
    assert page.evaluate(SERIES, "targets-chart")[0]["data"] == [50]
    assert page.evaluate(OVERFLOW) == 0
    page.screenshot(path=str(tmp_path / "dashboard-1366x768.png"), full_page=True)

    # A phone: one column, the charts follow their box, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => Array.from(document.querySelectorAll('.dash-chart')).every("
                           "el => echarts.getInstanceByDom(el).getWidth() <= 390)")
    assert page.evaluate(OVERFLOW) == 0
    assert all(200 < width <= 390 for width in page.evaluate(CHART_WIDTHS))
    page.screenshot(path=str(tmp_path / "dashboard-390.png"), full_page=True)
    assert (tmp_path / "dashboard-1366x768.png").stat().st_size > 10_000
    assert (tmp_path / "dashboard-390.png").stat().st_size > 10_000

    # One click from a red item to its page.
    page.locator("a.red-item", has_text="（二）").click()
    page.wait_for_url("**/items/*/")
    assert "红灯" in page.locator("h1").inner_text()
    assert all(url.startswith(base) for url in requested), [u for u in requested if not u.startswith(base)]
    assert violations == []  # the charts draw under the strict policy (no inline script or style)
