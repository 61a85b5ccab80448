from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="list"),
    path("plans/import/", views.import_upload, name="import"),
    path("plans/import/confirm/", views.import_confirm, name="import_confirm"),
    path("plans/<int:plan_id>/", views.plan_detail, name="detail"),
    path("departments/", views.department_list, name="departments"),
    path("departments/<int:department_id>/", views.department_detail, name="department"),
]
