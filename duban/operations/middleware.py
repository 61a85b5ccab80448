"""The health endpoint, answered before sessions, login and the audit context are touched.

Those read the database on every request; a monitor asking "is the database there?" must get
its JSON answer, 200 or 503, even when it is not.  No login, no cookie, nothing secret.
"""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from . import health

HEALTH_PATH = "/health/"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "error", "detail": "只接受 GET"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        healthy, body = health.report()
        response = JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
        add_never_cache_headers(response)
        return response
