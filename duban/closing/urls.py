from django.urls import path

from . import views

app_name = "closing"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/open/", views.open_plan, name="open"),
    path("<int:reconciliation_id>/", views.reconciliation_detail, name="reconciliation"),
    path("<int:reconciliation_id>/close/", views.close, name="close"),
    path("sheets/<int:sheet_id>/", views.sheet_detail, name="sheet"),
    path("sheets/<int:sheet_id>/confirm/", views.confirm, name="confirm"),
    path("sheets/<int:sheet_id>/xlsx/", views.sheet_download, {"kind": "xlsx"}, name="sheet_xlsx"),
    path("sheets/<int:sheet_id>/docx/", views.sheet_download, {"kind": "docx"}, name="sheet_docx"),
    path("lines/<int:line_id>/apply/", views.apply, name="apply"),
    path("lines/<int:line_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("lines/<int:line_id>/decide/", views.decide, name="decide"),
    path("lines/<int:line_id>/dispute/", views.dispute, name="dispute"),
    path("lines/<int:line_id>/resolve/", views.resolve, name="resolve"),
    path("files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("files/<int:attachment_id>/delete/", views.attachment_delete, name="attachment_delete"),
]
