from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与审计")

    def ready(self):
        # signin connects the login receivers; tasks registers the Celery tasks by name (accounts/dispatch.py);
        # checks registers the audit-log role check; kept_pages watches every new connection's writes.
        from . import checks, kept_pages, signin, tasks  # noqa: F401, PLC0415 — the app registry is ready only now
