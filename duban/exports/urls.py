from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.export_list, name="list"),
    path("<int:export_id>/", views.detail, name="detail"),
    path("<int:export_id>/progress/", views.progress, name="progress"),
    path("<int:export_id>/download/", views.download, name="download"),
]
