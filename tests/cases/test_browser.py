"""Cases in headless Chromium: the measures chart with its limit line; a large import's progress."""

from datetime import date

import pytest

from tests.conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_measures_page_renders_the_chart_with_the_limit_line(browser_page, live_server, zone, office, gas, make_case,
                                                             settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    for completed in ["2020-06-02", "2020-06-03", "2020-06-08"]:
        make_case(gas, "2020-06-01", completed)
    page = browser_page
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/cases/services/{gas.pk}/")
    chart = page.locator("#elapsed-chart")
    chart.locator("svg").first.wait_for()
    assert chart.get_attribute("data-rendered") == "1"
    assert chart.locator("svg text", has_text="承诺时限 3 个工作日").count() == 1  # the markLine label
    assert page.locator("#trend-chart svg").count() == 1
    assert page.locator("dd.limit").inner_text() == "3 个工作日"


@pytest.mark.django_db(transaction=True)
def test_a_large_file_imports_in_the_background_while_the_page_shows_its_progress(
        browser_page, live_server, zone, office, water, monkeypatch, tmp_path, background_worker):
    """Over BACKGROUND_ROWS rows the import is a background task, run by the worker; the job page
    polls it.  The task is held after its first progress report, so the test sees the bar before
    the result."""
    import threading

    from duban.cases import jobs
    from duban.cases.models import Case

    from .test_import import HEADER, csv_bytes

    rows = [[f"SW-{n:05d}", "用水报装", "个人", "王建国", "13812341234", "2020-06-01 09:30", "2020-06-15 16:00",
             "2", "0", "满意"] for n in range(jobs.BACKGROUND_ROWS + 500)]
    path = tmp_path / "办件.csv"
    path.write_bytes(csv_bytes(rows, header=HEADER))
    released, real_run_import = threading.Event(), jobs.run_import

    def held(*args, progress, **kwargs):
        def report(done, total):
            progress(done, total)
            if 0 < done < total:
                released.wait(15)
        return real_run_import(*args, progress=report, **kwargs)

    monkeypatch.setattr(jobs, "run_import", held)
    page = browser_page
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/cases/import/")
    page.get_by_label("办件文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="上传").click()
    page.get_by_text("表头为标准格式，已自动对应").wait_for()
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已校验 1000 / 2500 行（40%）").wait_for()
    assert page.locator("#import-progress progress").get_attribute("value") == "1000"
    assert Case.objects.count() == 0  # nothing written while the file is still being checked
    released.set()
    page.get_by_text("新增 2500 件，更新 0 件。").wait_for()
    assert page.locator("#import-progress progress").count() == 0
    assert Case.objects.filter(zone=zone).count() == 2500
