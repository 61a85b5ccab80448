"""The REST API other systems write cases through (django-ninja; schema at /api/openapi.json).

Authentication is ``Authorization: Bearer <token>`` only: a token is bound to one zone and every
request goes through ``permissions.api_token`` / ``api_cases``.  No session authentication is
accepted, so a logged-in browser (and thus a cross-site form) cannot use the API: CSRF does not
apply to it.  Writes are idempotent by case number (upsert); the docs page (which would load
Swagger UI from a CDN) is switched off — only the schema JSON is served.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import Field

from . import permissions
from .importing import HEADERS, CaseRecord, validate_values
from .importing import write as write_records
from .models import ApiToken, ClockStop
from .stops import first_overlap


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str) -> ApiToken | None:
        found = permissions.api_token(token)
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


api = NinjaAPI(
    title="督办 办件接口", version="1", urls_namespace="cases_api", docs_url=None,
    openapi_url="/openapi.json", auth=TokenAuth(),
    description="政务服务平台等外部系统按办件编号推送办件（新增或更新）。认证：Authorization: Bearer <令牌>，令牌只能写入其所属开发区。",
)


class ClockStopIn(Schema):
    kind: str = Field(description="补正 / 现场勘查 / 公示")
    start: date
    end: date


class CaseIn(Schema):
    number: str = Field(description="办件编号（开发区内唯一）", max_length=64)
    service: str = Field(description="事项名称，须在开发区事项目录中")
    applicant_kind: str = Field(description="企业 / 个人")
    applicant_name: str
    phone: str = ""
    received_at: str = Field(description="受理时间，如 2025-06-03 09:30")
    completed_at: str | None = Field(None, description="办结时间；未办结时为空")
    steps: int | None = None
    cost: str | None = Field(None, description="费用（元）")
    rating: str | None = Field(None, description="非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意")
    clock_stops: list[ClockStopIn] | None = Field(None, description="停止计时时段；给出时替换原有时段")


class CaseOut(Schema):
    number: str
    service: str
    applicant_kind: str
    received_at: datetime
    completed_at: datetime | None
    steps: int | None
    cost: str | None
    rating: str | None
    clock_stops: list[ClockStopIn]


class WriteResult(Schema):
    created: int
    updated: int


class ErrorOut(Schema):
    detail: str
    errors: list[dict] = []


def _records(token: ApiToken, items: list[CaseIn]) -> list[CaseRecord]:
    types = {t.name: t for t in permissions.api_service_types(token)}
    records, errors = [], []
    seen = set()
    for n, item in enumerate(items, start=1):
        record, row_errors = validate_values(item.dict(), types, n)
        for e in row_errors:
            errors.append({"index": n, "field": e.column, "message": e.message})
        if record is None:
            continue
        if record.number in seen:
            errors.append({"index": n, "field": "办件编号", "message": f"办件编号 {record.number} 在本次请求中重复"})
            continue
        seen.add(record.number)
        if item.clock_stops is not None:
            stops = []
            for s in item.clock_stops:
                if s.kind not in ClockStop.Kind.values or s.end < s.start:
                    errors.append({"index": n, "field": "clock_stops", "message": "停止计时类型应为补正/现场勘查/公示，且结束不早于开始"})
                stops.append((s.kind, s.start, s.end))
            overlap = first_overlap(stops)
            if overlap:
                errors.append({"index": n, "field": "clock_stops", "message": overlap})
            record.clock_stops = stops
        records.append(record)
    if errors:
        raise _Invalid(errors)
    return records


class _Invalid(Exception):
    def __init__(self, errors):
        self.errors = errors


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc: RequestDataTooBig):
    # A client of the API reads JSON, never Django's HTML error page: say how much is allowed.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(
        request, {"detail": f"请求体超过上限 {limit / 1048576:.1f} MB，请分批提交，未写入任何办件"}, status=413
    )


INVALID = "数据有误，未写入任何办件"


@api.exception_handler(_Invalid)
def _invalid(request, exc: _Invalid):
    return api.create_response(request, {"detail": INVALID, "errors": exc.errors}, status=422)


@api.exception_handler(ValidationError)
def _schema_invalid(request, exc: ValidationError):
    # What the schema refuses (a missing field, text for a number, a number too long) in the same
    # Chinese shape as the values' own errors, never pydantic's English.
    return api.create_response(request, {"detail": INVALID, "errors": [schema_error(e) for e in exc.errors]},
                               status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # Ours are Chinese already; ninja's own (a body that is no JSON, a missing token) are English.
    message = str(exc)
    if message.isascii():
        message = _HTTP_ERRORS.get(exc.status_code, f"请求有误（HTTP {exc.status_code}）")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    # A client reads JSON, never Django's HTML 500 page; the traceback goes to the log as
    # Django's own 500s do (django.request, standard error).
    logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exc,
                                              extra={"status_code": 500, "request": request})
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = api.create_response(request, {"detail": "数据库暂时无法访问，本次请求没有完成，请稍后重试"}, status=503)
        response["Retry-After"] = "60"
    else:
        response = api.create_response(request, {"detail": "服务器内部错误，本次请求没有完成。请稍后重试；"
                                                            "如果一再发生，请联系系统管理员"}, status=500)
    response._has_been_logged = True  # Django would log it again, without the traceback
    return response


_HTTP_ERRORS = {
    400: "请求体不是有效的 JSON，未写入任何办件",
    401: "未认证：请在 Authorization 头中提供有效的接口令牌（Bearer <令牌>）",
    403: "无权访问",
    404: "不存在",
    405: "不支持此请求方法",
}

#: Schema fields by the Chinese names the errors give them (the import's column headers).
_LABELS = HEADERS | {"clock_stops": "停止计时", "kind": "停止计时类型", "start": "开始日期", "end": "结束日期"}

_SCHEMA_MESSAGES = {
    "missing": "缺少此项",
    "string_type": "应为文本",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数",
    "date_type": "应为日期，如 2025-06-03", "date_parsing": "应为日期，如 2025-06-03",
    "date_from_datetime_parsing": "应为日期，如 2025-06-03", "date_from_datetime_inexact": "应为日期，如 2025-06-03",
    "list_type": "应为数组（[...]）", "model_type": "应为对象（{...}）", "model_attributes_type": "应为对象（{...}）",
    "dict_type": "应为对象（{...}）", "json_invalid": "不是有效的 JSON",
}


def schema_error(error: dict) -> dict:
    """One pydantic error as {"index", "field", "message"}: the case's place in the batch (from 1),
    the field by its Chinese name, and what is wrong in Chinese."""
    loc = [part for part in error.get("loc", ()) if part not in ("body", "items", "item")]
    index = None
    if loc and isinstance(loc[0], int):
        index = loc.pop(0) + 1
    names = []
    for part in loc:
        names.append(f"第 {part + 1} 段" if isinstance(part, int) else _LABELS.get(part, str(part)))
    kind = error.get("type", "")
    if kind == "string_too_long":
        message = f"不能超过 {error.get('ctx', {}).get('max_length')} 个字符（现有 {len(str(error.get('input', '')))} 个）"
    else:
        message = _SCHEMA_MESSAGES.get(kind, "格式不正确")
    return {"index": index, "field": "·".join(names), "message": message}


def _write(token: ApiToken, items: list[CaseIn]) -> dict:
    from django.db import transaction

    records = _records(token, items)
    with transaction.atomic():
        created, updated = write_records(token.zone, records)
    return {"created": created, "updated": updated}


@api.post("/cases", response={200: WriteResult, 422: ErrorOut}, summary="批量新增或更新办件（按办件编号，幂等）")
def post_cases(request, items: list[CaseIn]):
    return _write(request.auth, items)


@api.put("/cases/{number}", response={200: WriteResult, 422: ErrorOut}, summary="新增或更新一个办件")
def put_case(request, number: str, item: CaseIn):
    if item.number != number:
        raise HttpError(422, "路径中的办件编号与数据不一致")
    return _write(request.auth, [item])


@api.get("/cases/{number}", response=CaseOut, summary="查询一个办件")
def get_case(request, number: str):
    case = permissions.api_cases(request.auth).select_related("service_type").filter(number=number).first()
    if case is None:
        raise HttpError(404, "办件不存在")
    return {
        "number": case.number, "service": case.service_type.name, "applicant_kind": case.applicant_kind,
        "received_at": case.received_at, "completed_at": case.completed_at, "steps": case.steps,
        "cost": None if case.cost is None else str(case.cost),
        "rating": case.get_rating_display() if case.rating else None,
        "clock_stops": [{"kind": s.kind, "start": s.start, "end": s.end} for s in case.clock_stops.all()],
    }
