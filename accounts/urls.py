"""URLs of the accounts app. The names are a contract other apps' pages and templates use."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import signin_views, views

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_switch, name="language"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password/change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password/change_done.html"),
        name="password_change_done",
    ),
    # One-time link in an invitation (an expert the agency put in the pool sets a password; SPEC §6).
    path(
        "password/set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password/set.html", success_url=reverse_lazy("accounts:password_set_done"),
        ),
        name="password_set",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password/set_done.html"),
        name="password_set_done",
    ),
    # Second sign-in factor and account security (issue 11; accounts/signin.py, accounts/twofactor.py).
    path("security/", signin_views.account_security, name="account_security"),
    path("two-factor/verify/", signin_views.otp_verify, name="otp_verify"),
    path("two-factor/enrol/", signin_views.otp_enrol, name="otp_enrol"),
    path("two-factor/enrol/qr.svg", signin_views.otp_qr, name="otp_qr"),
    path("two-factor/recovery-codes/", signin_views.otp_recovery_regenerate, name="otp_recovery_regenerate"),
    path("staff/<int:pk>/two-factor/", signin_views.otp_reset, name="otp_reset"),
    path("register/", views.register, name="register"),
    path("register/organization/", views.register_organization, name="register_organization"),
    path("register/individual/", views.register_individual, name="register_individual"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profile/", views.profile, name="profile"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.inbox_read, name="inbox_read"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("staff/", views.staff_list, name="staff_list"),
    path("recommenders/", views.recommender_list, name="recommender_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/toggle-active/", views.staff_toggle_active, name="staff_toggle_active"),
]
