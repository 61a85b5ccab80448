from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("plans/<int:plan_id>/progress.docx", views.progress_report, name="progress"),
    path("plans/<int:plan_id>/circular.docx", views.circular_download, name="circular"),
    path("notices/<int:notice_id>/notice-sheet.docx", views.notice_sheet_download, name="notice_sheet"),
    # addressee_id: the department the 催办单 is addressed to (its own users, and the zone readers).
    path("departments/<int:addressee_id>/reminder-sheet.docx", views.reminder_sheet_download, name="reminder_sheet"),
]
