"""Values that used to crash (a 500 or a traceback) are reported, in Chinese, and change nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from duban.cases.models import ApiToken, Case
from tests.cases.conftest import water  # noqa: F401  (the 用水报装 service type)
from tests.cases.test_import import HEADER, ROWS, csv_bytes

CASE = {"number": "API-001", "service": "用水报装", "applicant_kind": "个人", "applicant_name": "王建国",
        "phone": "13812341234", "received_at": "2020-06-01 09:30", "completed_at": "2020-06-10 16:00"}

#: Beyond what the columns hold: an integer past PostgreSQL's int4, an amount past 14 digits
#: (999999999999.999 rounds up to 13 digits before the point), and absurd but storable values.
BAD_STEPS = [2**31, 10**20, 101, -1]
BAD_COSTS = ["999999999999.999", "1e15", "-5", "NaN", "Infinity"]


def post(client, token, payload):
    return client.post("/api/cases", json.dumps(payload), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(("field", "value", "label"),
                         [("steps", v, "环节数") for v in BAD_STEPS] + [("cost", v, "费用（元）") for v in BAD_COSTS])
def test_the_api_refuses_a_value_beyond_its_column_with_422(client, zone, water, field, value, label):  # noqa: F811
    _, raw = ApiToken.issue(zone, "政务服务平台")
    response = post(client, raw, [CASE | {field: value}])
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == label and "应为 0–" in error["message"]
    assert not Case.objects.exists()


def test_the_largest_amount_the_column_holds_is_accepted(client, zone, water):  # noqa: F811
    _, raw = ApiToken.issue(zone, "政务服务平台")
    assert post(client, raw, [CASE | {"cost": "999999999999.99", "steps": 100}]).status_code == 200
    case = Case.objects.get()
    assert (str(case.cost), case.steps) == ("999999999999.99", 100)


@pytest.mark.parametrize(("column", "value"), [(7, "99999999999"), (8, "999999999999.999")])
def test_import_cases_names_the_row_and_column_of_a_value_beyond_range(zone, water, tmp_path, column, value):  # noqa: F811
    rows = [list(ROWS[0])]
    rows[0][column] = value
    path = tmp_path / "办件.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(path), "--zone", zone.name)
    assert error.value.returncode == 2
    assert f"第 2 行“{HEADER[column]}”列" in str(error.value)
    assert not Case.objects.exists()


@pytest.mark.parametrize("year", ["0", "-1", "10000", "9999", "abc", ""])
def test_a_year_that_is_no_year_of_the_cases_shows_this_year(client, office, water, pinned, year):  # noqa: F811
    pinned(__import__("datetime").date(2020, 7, 10))
    client.force_login(office)
    for url in ("/cases/", f"/cases/services/{water.pk}/"):
        response = client.get(url, {"year": year})
        assert response.status_code == 200, url
        assert response.context["year"] == 2020


def test_an_api_body_over_the_limit_is_answered_413_in_json(client, zone, water, settings):  # noqa: F811
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    _, raw = ApiToken.issue(zone, "政务服务平台")
    response = post(client, raw, [CASE | {"applicant_name": "王" * 100, "number": f"API-{n}"} for n in range(20)])
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "超过上限" in response.json()["detail"]
    assert not Case.objects.exists()


#: Text the columns cannot keep as sent: a control character (BEL, ESC, DEL, a C1 one), a name or
#: number or phone longer than its column (it used to be cut silently to 200 / 40 characters).
BAD_TEXTS = [
    ("applicant_name", "王建\x07国", 3, "含有不可见的控制字符 U+0007"),
    ("number", "SW\x1b-001", 0, "含有不可见的控制字符 U+001B"),
    ("phone", "138\x7f12341234", 4, "含有不可见的控制字符 U+007F"),
    ("applicant_name", "准东" + "\x85" + "铝业", 3, "含有不可见的控制字符 U+0085"),
    ("applicant_name", "王" * 201, 3, "不能超过 200 个字符（现有 201 个）"),
    ("phone", "1" * 41, 4, "不能超过 40 个字符（现有 41 个）"),
    ("number", "N" * 65, 0, "不能超过 64 个字符（现有 65 个）"),
]


@pytest.mark.parametrize(("field", "value", "column", "message"), BAD_TEXTS)
def test_import_cases_refuses_a_control_character_or_an_overlong_text_naming_row_and_column(
        zone, water, tmp_path, field, value, column, message):  # noqa: F811
    rows = [list(ROWS[0]), list(ROWS[0])]
    rows[1][0] = "SW-002"
    rows[1][column] = value
    path = tmp_path / "办件.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(path), "--zone", zone.name)
    assert f"第 3 行“{HEADER[column]}”列：{message}" in str(error.value)
    assert not Case.objects.exists()


@pytest.mark.parametrize(("field", "value", "column", "message"), BAD_TEXTS)
def test_the_api_refuses_a_control_character_or_an_overlong_text_naming_the_field(
        client, zone, water, field, value, column, message):  # noqa: F811
    _, raw = ApiToken.issue(zone, "政务服务平台")
    response = post(client, raw, [CASE | {"number": "API-000"}, CASE | {field: value}])
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [(2, HEADER[column])]
    # The schema holds the number's length too (maxLength in /api/openapi.json): it says the limit.
    assert errors[0]["message"].startswith(message.split("（")[0] if field == "number" else message)
    assert not Case.objects.exists()


def test_a_tab_or_a_line_break_in_a_name_is_kept(client, zone, water):  # noqa: F811
    _, raw = ApiToken.issue(zone, "政务服务平台")
    assert post(client, raw, [CASE | {"applicant_name": "准东铝业\t股份\n有限公司"}]).status_code == 200
    assert Case.objects.get().applicant_name == "准东铝业\t股份\n有限公司"


@pytest.mark.parametrize("value", ["²", "¹²"])
def test_a_plan_number_python_calls_digits_but_cannot_read_is_no_error(client, office, plan, value):  # noqa: F811
    """“²” passes str.isdigit() yet int() refuses it: the Excel 台账 page and the new-meeting form
    answered 500.  Now the first shows the newest plan and the second says there is no such plan."""
    client.force_login(office)
    client.raise_request_exception = False
    sheets = client.get("/ledger/excel/", {"plan": value})
    assert sheets.status_code == 200 and sheets.context["plan"] == plan
    assert client.get("/meetings/new/", {"plan": value}).status_code == 404
