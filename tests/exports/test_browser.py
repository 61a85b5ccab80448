"""Exports in headless Chromium: a large ledger from the click on 导出 Excel, through the page's
progress, to the downloaded file; a small one downloads at once, the page staying where it is."""

import threading

import openpyxl
import pytest

from duban.exports import running
from duban.ledger import workbook
from duban.plans.models import Item
from tests.conftest import browser_login

pytestmark = pytest.mark.browser

TITLE = "准东开发区2020年深化“放管服”改革工作台账"


@pytest.mark.django_db(transaction=True)
def test_a_large_export_from_the_click_to_the_download(browser_page, live_server, plan, office, settings, monkeypatch,
                                                        tmp_path, background_worker):
    """Over the threshold the export is the worker's; its page polls the progress. The build is
    held after its fifth row, so the test sees the bar before the link."""
    settings.DUBAN_EXPORT_IMMEDIATE_ROWS = 10  # the seed plan has more items
    monkeypatch.setattr(running, "PROGRESS_EVERY", 0)
    released, real_export = threading.Event(), workbook.export

    def held(*args, progress, **kwargs):
        def report(done):
            progress(done)
            if done == 5:
                released.wait(15)
        return real_export(*args, progress=report, **kwargs)

    monkeypatch.setattr(workbook, "export", held)
    items = Item.objects.filter(task__plan=plan).count()
    page = browser_page
    policy = []  # the polling page runs under the Content-Security-Policy: htmx only, no script of its own
    page.on("console", lambda message: policy.append(message.text) if "Content Security Policy" in message.text else None)
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/ledger/excel/")
    page.get_by_role("button", name="导出 Excel").click()
    page.wait_for_url("**/exports/*/")
    page.get_by_text(f"已写入 5 / 约 {items} 行").wait_for()
    assert page.locator("#export-progress progress").get_attribute("value") == "5"
    released.set()
    link = page.get_by_role("link", name="下载")
    link.wait_for()
    assert page.locator("#export-progress progress").count() == 0
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename.startswith(TITLE) and download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "台账.xlsx"
    download.save_as(path)
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A1"].value == TITLE and sheet.max_row == 4 + items
    page.get_by_role("banner").get_by_role("link", name="我的导出").click()  # the top bar
    row = page.locator("table.exports tbody tr").first
    assert "已完成" in row.inner_text() and download.suggested_filename in row.inner_text()
    assert policy == []


@pytest.mark.django_db(transaction=True)
def test_a_small_export_downloads_at_once(browser_page, live_server, plan, liaison, tmp_path):
    page = browser_page
    browser_login(page, live_server.url, "guijian")
    page.goto(f"{live_server.url}/ledger/excel/")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="导出 Excel").click()
    download = waiting.value
    assert download.suggested_filename.startswith(TITLE) and download.suggested_filename.endswith("-规建局.xlsx")
    download.save_as(tmp_path / "规建局.xlsx")
    assert "部门：规建局" in openpyxl.load_workbook(tmp_path / "规建局.xlsx").worksheets[0]["A2"].value
    assert page.url == f"{live_server.url}/ledger/excel/"  # the page stays; the file came with the answer
