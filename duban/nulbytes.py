"""Requests carrying a NUL character (U+0000) are refused, for the whole site, before any view runs.

No user types a NUL: it comes from a probe or a broken client.  SQLite stores it silently (a name
that prints cut short, a value no one can find again), PostgreSQL refuses it mid-transaction ("A
string literal cannot contain NUL (0x00) characters"), which made a 500 of any view that saves
what it was sent.  Django's form fields refuse it, but not every view reads its input through a
form (the ledger's comments, the API's JSON), so the check is made once, here: the path, the query
string, a form's fields and uploaded files' names, and a JSON or text body (``\\u0000`` escaped in
it as well as a raw byte).  The answer is a 400 with one Chinese sentence, JSON under /api/.

File contents are not looked at (a PDF or a workbook holds NUL bytes by nature), nor a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE``: reading it here would raise what the view answers (the API's
JSON 413).
"""

from __future__ import annotations

import re

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.html import format_html

MESSAGE = "请求中含有空字符（U+0000），已拒绝，未保存任何内容。请检查填写或提交的内容后重试"

#: A JSON escape of NUL not itself escaped (``\\u0000`` is a backslash and "u0000", no NUL).
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_PAGE = ('<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><title>请求无效 · 督办</title>'
         '<h1>请求无效</h1><p>{}</p><p><a href="/">返回首页</a></p></html>')


def carries_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
        return True
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return False
    try:
        if request.method == "POST" and request.content_type in ("multipart/form-data",
                                                                 "application/x-www-form-urlencoded"):
            fields = request.POST.lists()
            names = [upload.name or "" for upload in request.FILES.values()]
            return any("\x00" in key or any("\x00" in value for value in values) for key, values in fields) or any(
                "\x00" in name for name in names)
        body = request.body
    except RequestDataTooBig:
        return False  # the view refuses the size, in its own words
    return b"\x00" in body or _ESCAPED_NUL.search(body) is not None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(format_html(_PAGE, MESSAGE))
        return self.get_response(request)
