from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("ledger/", views.inbox, name="inbox"),
    path("overview/", views.overview, name="overview"),
    path("plans/<int:plan_id>/schedule/", views.schedule, name="schedule"),
    path("items/<int:item_id>/", views.item_detail, name="item"),
    path("items/<int:item_id>/report/", views.report_start, name="report_start"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/save/", views.report_save, name="report_save"),
    path("reports/<int:report_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("reports/<int:report_id>/<str:action>/", views.report_act, name="report_act"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence_delete"),
    path("ledger/excel/", views.sheets, name="sheets"),
    path("ledger/excel/upload/", views.sheet_upload, name="sheet_upload"),
    path("ledger/excel/confirm/", views.sheet_confirm, name="sheet_confirm"),
    path("plans/<int:plan_id>/ledger.xlsx", views.ledger_export, name="export"),
    path("plans/<int:plan_id>/fill-in.xlsx", views.fill_in_sheet, name="fill_in"),
]
