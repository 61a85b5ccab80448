"""A NUL character (U+0000) anywhere in a request is refused with a 400 in Chinese, and nothing is
stored: SQLite kept it silently, PostgreSQL crashed the view ("A string literal cannot contain NUL").
Run on both databases (DATABASE_URL=postgres://…)."""

import json

import pytest

from duban.cases.models import ApiToken, Case
from duban.ledger.models import Report, ReportTransition
from duban.nulbytes import MESSAGE
from tests.cases.conftest import water  # noqa: F401  (the 用水报装 service type)

CASE = {"number": "API-001", "service": "用水报装", "applicant_kind": "个人", "applicant_name": "王建国",
        "received_at": "2020-06-01 09:30"}


def test_a_form_field_with_a_nul_is_refused_and_nothing_is_saved(client, head_b, b_submitted_report):
    client.force_login(head_b)
    transitions = ReportTransition.objects.count()
    # The head returns the report with a comment read straight from request.POST (no form field
    # refuses NUL there): on PostgreSQL this was a 500, on SQLite the comment was kept with its NUL.
    response = client.post(f"/reports/{b_submitted_report.pk}/return/", {"comment": "请补充\x00佐证材料"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert MESSAGE in response.content.decode()
    assert Report.objects.get(pk=b_submitted_report.pk).state == Report.State.SUBMITTED
    assert ReportTransition.objects.count() == transitions
    # The same comment without the NUL goes through.
    assert client.post(f"/reports/{b_submitted_report.pk}/return/", {"comment": "请补充佐证材料"}).status_code == 302
    assert Report.objects.get(pk=b_submitted_report.pk).state == Report.State.RETURNED


@pytest.mark.parametrize("query", ["q=%00", "q=%E7%8E%8B%00", "%00=1"])
def test_a_query_string_with_a_nul_is_refused(client, office, query):
    client.force_login(office)
    response = client.get(f"/audit/?{query}")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize("body", [
    json.dumps([CASE | {"applicant_name": "王\x00建国"}]),  # escaped, as every JSON library writes it
    json.dumps([CASE | {"number": "A\x00"}], ensure_ascii=False),
    '[{"number": "A' + "\x00" + '"}]',  # a raw NUL byte in the body
])
def test_an_api_body_with_a_nul_is_refused_in_json(client, zone, water, body):  # noqa: F811
    _, raw = ApiToken.issue(zone, "政务服务平台")
    response = client.post("/api/cases", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": MESSAGE}
    assert not Case.objects.exists()


def test_an_escaped_backslash_before_u0000_is_no_nul(client, zone, water):  # noqa: F811
    _, raw = ApiToken.issue(zone, "政务服务平台")
    body = json.dumps([CASE | {"applicant_name": "王\\u0000"}])  # a backslash, then the text u0000
    response = client.post("/api/cases", body, content_type="application/json",
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert Case.objects.get().applicant_name == "王\\u0000"


def test_an_uploaded_file_may_hold_nul_bytes(client, office):
    """File contents are no text: a workbook or a PDF holds NUL bytes by nature."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office)
    upload = SimpleUploadedFile("办件.xlsx", b"PK\x03\x04\x00\x00\x00", content_type="application/octet-stream")
    response = client.post("/cases/import/", {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE not in page and "办件.xlsx：文件已损坏" in page
