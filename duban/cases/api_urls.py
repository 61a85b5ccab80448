"""The API's URLconf, included under /api/ by duban/urls.py (namespace "cases_api").

Any other path under /api/ is answered in the API's own terms (JSON, in Chinese) rather than with
the site's HTML 404 page, which a calling system cannot read.
"""

from django.http import JsonResponse
from django.urls import re_path

from .api import api

urlpatterns, _app_name, app_name = api.urls  # the namespace ninja reverses its own views under


def no_such_endpoint(request, path):
    return JsonResponse({"detail": f"没有这个接口：/api/{path}（接口说明见 /api/openapi.json）"}, status=404,
                        json_dumps_params={"ensure_ascii": False})


# /api/ itself too: ninja's root view ("api-root", which ninja reverses to find the API's prefix,
# so it stays below) only links the docs page duban does not serve.
urlpatterns = [re_path(r"^(?P<path>)$", no_such_endpoint), *urlpatterns,
               re_path(r"^(?P<path>.*)$", no_such_endpoint)]
