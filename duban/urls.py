from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "督办系统管理"
admin.site.site_title = "督办系统管理"
admin.site.index_title = "数据管理"


def _system_administrator(request) -> bool:
    # The admin sees every zone: it is the system administrator's (a superuser's), never a zone
    # user's, whatever staff flag or model permission someone gives them.  Zone users work
    # through the pages, which check their zone and role (docs/architecture.md, Security).
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _system_administrator

# A Chinese page for errors, and its own page for a database that cannot be reached.
handler500 = "duban.operations.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("duban.accounts.urls")),
    path("notifications/", include("duban.notifications.urls")),
    path("audit/", include("duban.audit.urls")),
    path("meetings/", include("duban.meetings.urls")),
    path("notices/", include("duban.supervision.urls")),
    path("closing/", include("duban.closing.urls")),
    path("documents/", include("duban.reports.urls")),
    path("exports/", include("duban.exports.urls")),
    path("cases/", include("duban.cases.urls")),
    path("api/", include("duban.cases.api_urls")),
    path("calendar/", include("duban.workdays.urls")),
    path("assessment/", include("duban.assessment.urls")),
    path("dashboard/", include("duban.dashboard.urls")),
    path("", include("duban.ledger.urls")),
    path("", include("duban.plans.urls")),
]
