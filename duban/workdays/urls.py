from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("entries/", views.add_entry, name="add_entry"),
    path("entries/<int:entry_id>/delete/", views.delete_entry, name="delete_entry"),
    path("years/", views.cover_year, name="cover_year"),
    path("years/<int:covered_year_id>/withdraw/", views.withdraw_year, name="withdraw_year"),
]
