from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("services/new/", views.service_type_edit, name="service_type_new"),
    path("services/<int:service_type_id>/", views.measures_page, name="measures"),
    path("services/<int:service_type_id>/edit/", views.service_type_edit, name="service_type_edit"),
    path("list/", views.case_list, name="list"),
    path("export.csv", views.export, name="export"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/stops/", views.stop_add, name="stop_add"),
    path("<int:case_id>/stops/<int:stop_id>/delete/", views.stop_delete, name="stop_delete"),
    path("targets/<int:target_id>/", views.target_detail, name="target"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:job_id>/", views.import_job, name="import_job"),
    path("import/<int:job_id>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:job_id>/errors/", views.import_errors, name="import_errors"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
