from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "督办系统管理"
admin.site.site_title = "督办系统管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("duban.accounts.urls")),
    path("notifications/", include("duban.notifications.urls")),
    path("audit/", include("duban.audit.urls")),
    path("meetings/", include("duban.meetings.urls")),
    path("notices/", include("duban.supervision.urls")),
    path("cases/", include("duban.cases.urls")),
    path("api/", include("duban.cases.api_urls")),
    path("calendar/", include("duban.workdays.urls")),
    path("", include("duban.ledger.urls")),
    path("", include("duban.plans.urls")),
]
