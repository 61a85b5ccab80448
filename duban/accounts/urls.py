from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    # Django's LogoutView accepts POST only: logging out is a state change.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
