"""Who downloads which document, from which page (duban/reports/permissions.py)."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.urls import reverse

from duban.accounts.models import Role
from duban.supervision import notices
from duban.supervision.models import Notice

from ..documents.docx_checks import assert_gongwen, open_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def urls(small_plan, ledger, office):
    zone = small_plan.zone
    guijian, shuiwu = zone.departments.get(name="规建局"), zone.departments.get(name="水务局")
    to_guijian = notices.issue(ledger["gas"], guijian, "请补报台账。", date(2020, 7, 20), office)
    to_shuiwu = notices.issue(ledger["water"], shuiwu, "请报送进驻情况。", date(2020, 7, 20), office)
    return {
        "progress": reverse("reports:progress", args=[small_plan.pk]),
        "circular": reverse("reports:circular", args=[small_plan.pk]),
        "guijian_notice": reverse("reports:notice_sheet", args=[to_guijian.pk]),
        "shuiwu_notice": reverse("reports:notice_sheet", args=[to_shuiwu.pk]),
        "guijian_reminder": reverse("reports:reminder_sheet", args=[guijian.pk]),
        "shuiwu_reminder": reverse("reports:reminder_sheet", args=[shuiwu.pk]),
    }


def answers(client, user, urls) -> dict[str, int]:
    client.force_login(user)
    return {name: client.get(url).status_code for name, url in urls.items()}


def test_the_office_downloads_every_document(client, office, urls):
    client.force_login(office)
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX, url
        assert response["Content-Disposition"].startswith("attachment")
        assert_gongwen(open_docx(response.content))


def test_leaders_and_the_assessment_office_read_every_document(client, make_user, zone, urls):
    for username, role in (("leader", Role.LEADER), ("jixiao", Role.ASSESSOR)):
        assert set(answers(client, make_user(username, zone, "党政办", role), urls).values()) == {200}


def test_a_department_gets_its_own_sheets_and_never_another_s(client, guijian_head, liaison, shuiwu, urls):
    own = {"guijian_notice": 200, "guijian_reminder": 200, "shuiwu_notice": 403, "shuiwu_reminder": 403,
           "progress": 403, "circular": 403}
    assert answers(client, guijian_head, urls) == own
    assert answers(client, liaison, urls) == own  # 规建局's liaison
    assert answers(client, shuiwu, urls) == {"guijian_notice": 403, "guijian_reminder": 403, "shuiwu_notice": 200,
                                             "shuiwu_reminder": 200, "progress": 403, "circular": 403}


def test_another_zone_gets_404(client, make_user, other_zone, urls):
    outsider = make_user("outsider", other_zone, "经发局", *Role.values)
    assert set(answers(client, outsider, urls).values()) == {404}


def test_the_progress_report_defaults_to_the_last_month_ended(client, office, urls):
    client.force_login(office)
    response = client.get(urls["progress"])
    assert unquote(response["Content-Disposition"]).endswith("2020年6月工作进展情况报告.docx")
    quarter = client.get(urls["progress"], {"period": "2020-Q2"})
    assert open_docx(quarter.content).paragraphs[0].text.endswith("2020年第二季度进展情况报告")
    assert client.get(urls["progress"], {"period": "2020-Q4"}).status_code == 404  # not begun
    assert client.get(urls["progress"], {"period": "本月"}).status_code == 404
    assert client.post(urls["progress"]).status_code == 405


def test_the_pages_offer_the_downloads_their_readers_may_take(client, office, guijian_head, small_plan, urls):
    guijian, shuiwu = (small_plan.zone.departments.get(name=n) for n in ("规建局", "水务局"))
    plan_page, overview = reverse("plans:detail", args=[small_plan.pk]), reverse("ledger:overview")
    client.force_login(office)
    for page in (plan_page, overview):
        text = client.get(page).text
        assert urls["progress"] in text and urls["circular"] in text
        assert '<option value="2020-06" selected>2020年6月</option>' in text
    assert urls["shuiwu_reminder"] in client.get(reverse("plans:department", args=[shuiwu.pk])).text

    client.force_login(guijian_head)
    assert urls["progress"] not in client.get(plan_page).text
    assert urls["guijian_reminder"] in client.get(reverse("plans:department", args=[guijian.pk])).text
    assert urls["shuiwu_reminder"] not in client.get(reverse("plans:department", args=[shuiwu.pk])).text
    notice = Notice.objects.get(department=guijian)
    assert urls["guijian_notice"] in client.get(reverse("supervision:detail", args=[notice.pk])).text


def test_a_document_converts_to_pdf_where_libreoffice_is_installed(client, office, urls, tmp_path):
    """Optional: LibreOffice is not a dependency; where it is installed, the file must open in it."""
    from tests.libreoffice import pdf_pages

    client.force_login(office)
    pages = pdf_pages(client.get(urls["progress"]).content, "progress.docx", tmp_path)
    assert len(pages) >= 2 and "进展情况报告" in pages[0]
