"""The 500 handler: a Chinese page, and for a database that cannot be reached a page that says so.

Django calls it inside the ``except`` that caught the error, so ``sys.exception()`` is that
error.  Both pages render without a request context: the database may be what failed, and
context processors read it.  django.request has already logged the traceback (settings.LOGGING).
Should the template itself fail (static files not collected, say) a bare page in the same words
is sent instead: the handler of errors must not be one.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.utils.html import format_html

log = logging.getLogger("duban.operations")

_BARE = '<!DOCTYPE html><html lang="zh-Hans"><meta charset="utf-8"><title>{} · 督办</title><h1>{}</h1><p>{}</p></html>'


def _page(template: str, title: str, text: str) -> str:
    try:
        return loader.get_template(template).render()
    except Exception:  # noqa: BLE001 - see the module's docstring
        log.exception("错误页 %s 无法显示", template)
        return format_html(_BARE, title, title, text)


def server_error(request):
    error = sys.exception()
    if isinstance(error, (OperationalError, InterfaceError)):
        log.error("数据库无法访问：%s %s：%s", request.method, request.path, error)
        response = HttpResponseServerError(_page("operations/database_unavailable.html", "数据库暂时无法访问",
                                                 "督办系统暂时连接不上数据库，您的操作没有保存。请稍后刷新页面重试。"))
        response.status_code = 503
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(_page("500.html", "系统出错", "处理您的请求时出现了错误，请稍后再试。"))
