from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("items/<int:item_id>/new/", views.issue, name="issue"),
    path("<int:notice_id>/", views.notice_detail, name="detail"),
    path("<int:notice_id>/reply/", views.notice_reply, name="reply"),
]
