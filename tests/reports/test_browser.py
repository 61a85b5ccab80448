"""The download buttons in headless Chromium: the office picks a quarter on the plan page and gets its report."""

import pytest

from ..conftest import browser_login
from ..documents.docx_checks import assert_gongwen, open_docx

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_office_downloads_a_quarterly_report_from_the_plan_page(browser_page, live_server, small_plan, ledger,
                                                                     office, tmp_path):
    page = browser_page
    browser_login(page, live_server.url, "office")
    page.goto(f"{live_server.url}/plans/{small_plan.pk}/")
    page.get_by_label("报告期").select_option(label="2020年第二季度")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="下载工作进展情况报告（Word）").click()
    download = waiting.value
    assert download.suggested_filename == "2020年第二季度工作进展情况报告.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = open_docx(path.read_bytes())
    assert_gongwen(document)
    assert document.paragraphs[0].text.endswith("2020年第二季度进展情况报告")
