from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:plan_id>/", views.results_page, name="results"),
    path("<int:plan_id>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:plan_id>/results.docx", views.results_docx, name="results_docx"),
    path("<int:plan_id>/departments/<int:scored_department_id>/", views.department_page, name="department"),
    path("<int:plan_id>/departments/<int:scored_department_id>/lines.xlsx", views.department_xlsx,
         name="department_xlsx"),
    path("<int:plan_id>/scheme/", views.scheme_page, name="scheme"),
    path("<int:plan_id>/scheme/start/", views.scheme_start, name="scheme_start"),
    path("<int:plan_id>/entries/", views.entries_page, name="entries"),
    path("<int:plan_id>/appeals/", views.appeals_page, name="appeals"),
    path("<int:plan_id>/finalise/", views.finalise_view, name="finalise"),
    path("entries/<int:assessment_entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("appeals/<int:appeal_id>/delete/", views.appeal_delete, name="appeal_delete"),
]
