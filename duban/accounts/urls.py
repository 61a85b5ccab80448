from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    # Django's LogoutView accepts POST only: logging out is a state change.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Every user changes his own password with Django's views (old password, new one twice, the
    # validators of settings.AUTH_PASSWORD_VALIDATORS); the session stays signed in.
    path("password_change/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("users/", views.users, name="users"),
    path("users/<int:user_id>/password/", views.reset_password, name="reset_password"),
]
