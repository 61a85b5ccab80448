"""The REST API: bearer tokens bound to a zone, idempotent writes, no session access."""

import json
import logging


from duban.cases.models import ApiToken, Case, ServiceType

CASE = {"number": "API-001", "service": "用水报装", "applicant_kind": "个人", "applicant_name": "王建国",
        "phone": "13812341234", "received_at": "2020-06-01 09:30", "completed_at": None,
        "clock_stops": [{"kind": "补正", "start": "2020-06-03", "end": "2020-06-05"}]}


def post(client, token, payload, path="/api/cases"):
    return client.post(path, json.dumps(payload), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"} if token else {})


def test_posting_cases_is_idempotent_by_number(client, zone, water):
    _, raw = ApiToken.issue(zone, "政务服务平台")
    first = post(client, raw, [CASE])
    assert first.status_code == 200 and first.json() == {"created": 1, "updated": 0}
    again = post(client, raw, [CASE | {"completed_at": "2020-06-20 10:00"}])
    assert again.json() == {"created": 0, "updated": 1}
    case = Case.objects.get(zone=zone, number="API-001")
    assert case.completed_on.isoformat() == "2020-06-20"
    assert list(case.clock_stops.values_list("kind", flat=True)) == ["补正"]
    got = client.get("/api/cases/API-001", headers={"Authorization": f"Bearer {raw}"}).json()
    assert got["service"] == "用水报装" and got["clock_stops"][0]["start"] == "2020-06-03"


def test_put_one_case(client, zone, water):
    _, raw = ApiToken.issue(zone, "平台")
    response = client.put("/api/cases/API-001", json.dumps(CASE), content_type="application/json",
                          headers={"Authorization": f"Bearer {raw}"})
    assert response.json() == {"created": 1, "updated": 0}


def test_a_token_of_zone_a_cannot_write_or_read_zone_b(client, zone, water, other_zone):
    ServiceType.objects.create(zone=other_zone, name="用水报装", limit_value=20)
    _, raw_b = ApiToken.issue(other_zone, "B 的平台")
    _, raw_a = ApiToken.issue(zone, "A 的平台")
    post(client, raw_a, [CASE])
    # B's token writes into B only, even with the same number; A's case is untouched.
    assert post(client, raw_b, [CASE | {"applicant_name": "冒名"}]).json() == {"created": 1, "updated": 0}
    assert Case.objects.get(zone=zone, number="API-001").applicant_name == "王建国"
    assert Case.objects.get(zone=other_zone, number="API-001").applicant_name == "冒名"
    # B cannot read A's cases: B's own case is what it sees; a number only A has is 404.
    post(client, raw_a, [CASE | {"number": "API-A-ONLY"}])
    assert client.get("/api/cases/API-A-ONLY", headers={"Authorization": f"Bearer {raw_b}"}).status_code == 404


def test_a_service_type_of_another_zone_is_unknown(client, zone, other_zone):
    ServiceType.objects.create(zone=other_zone, name="只在B", limit_value=20)
    _, raw = ApiToken.issue(zone, "平台")
    response = post(client, raw, [CASE | {"service": "只在B"}])
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "事项“只在B”不在本开发区的事项目录中"
    assert Case.objects.count() == 0


def test_without_a_valid_token_nothing_is_written_even_with_a_session(client, zone, water, office):

    token, raw = ApiToken.issue(zone, "平台")
    token.active = False
    token.save()
    assert post(client, raw, [CASE]).status_code == 401
    assert post(client, "dbn_guessed", [CASE]).status_code == 401
    client.force_login(office)
    assert post(client, None, [CASE]).status_code == 401  # a logged-in browser cannot use the API
    assert Case.objects.count() == 0


def test_the_openapi_schema_is_served_and_the_cdn_docs_page_is_not(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/cases" in schema["paths"] and "post" in schema["paths"]["/api/cases"]
    docs = client.get("/api/docs")
    assert docs.status_code == 404 and docs["Content-Type"].startswith("application/json")


def test_an_unknown_path_under_the_api_is_a_json_404_in_chinese(client):
    for path in ("/api/case", "/api/v2/cases", "/api/"):
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json"), path
        assert response.json()["detail"].startswith("没有这个接口") and "/api/openapi.json" in response.json()["detail"]


def test_overlapping_clock_stops_are_refused_and_nothing_is_written(client, zone, water):
    _, raw = ApiToken.issue(zone, "平台")
    overlapping = dict(CASE, clock_stops=[{"kind": "补正", "start": "2020-06-03", "end": "2020-06-08"},
                                          {"kind": "公示", "start": "2020-06-05", "end": "2020-06-10"}])
    response = post(client, raw, [overlapping])
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"].startswith("停止计时时段重叠：补正 2020-06-03—2020-06-08 与 公示")
    assert not Case.objects.exists()
    # Back to back is not an overlap: a stop's days are (start, end].
    adjacent = dict(CASE, clock_stops=[{"kind": "补正", "start": "2020-06-03", "end": "2020-06-05"},
                                       {"kind": "公示", "start": "2020-06-05", "end": "2020-06-10"}])
    assert post(client, raw, [adjacent]).json() == {"created": 1, "updated": 0}


def test_what_the_schema_refuses_is_said_in_chinese_naming_the_case_and_field(client, zone, water):
    _, raw = ApiToken.issue(zone, "政务服务平台")
    missing = {k: v for k, v in CASE.items() if k != "received_at"}
    body = [CASE, missing, CASE | {"steps": "三"}, CASE | {"clock_stops": [{"kind": "补正", "start": "六月", "end": "2020-06-05"}]}]
    response = post(client, raw, body)
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "数据有误，未写入任何办件", "errors": [
        {"index": 2, "field": "受理时间", "message": "缺少此项"},
        {"index": 3, "field": "环节数", "message": "应为整数"},
        {"index": 4, "field": "停止计时·第 1 段·开始日期", "message": "应为日期，如 2025-06-03"},
    ]}
    assert not Case.objects.exists()


def test_a_body_that_is_no_json_or_no_token_is_answered_in_chinese_json(client, zone, water):
    _, raw = ApiToken.issue(zone, "政务服务平台")
    broken = client.post("/api/cases", "[{", content_type="application/json", headers={"Authorization": f"Bearer {raw}"})
    assert broken.status_code == 400 and broken.json() == {"detail": "请求体不是有效的 JSON，未写入任何办件"}
    anonymous = post(client, None, [CASE])
    assert anonymous.status_code == 401 and "接口令牌" in anonymous.json()["detail"]
    assert not Case.objects.exists()


def test_an_unexpected_error_is_a_json_500_and_its_traceback_is_logged(client, zone, water, monkeypatch, caplog):
    from duban.cases import api

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(api, "write_records", broken)
    _, raw = ApiToken.issue(zone, "政务服务平台")
    client.raise_request_exception = False
    logger = logging.getLogger("django.request")  # it does not propagate: catch it where it goes
    logger.addHandler(caplog.handler)
    try:
        response = post(client, raw, [CASE])
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "服务器内部错误" in response.json()["detail"]
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info[1].args == ("磁盘已满",)
    assert not Case.objects.exists()
