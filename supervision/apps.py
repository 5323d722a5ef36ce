from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("评审监督")

    def ready(self):
        from . import tasks  # noqa: F401, PLC0415 — registers the Celery tasks by name (accounts/dispatch.py)
        from .receivers import connect  # noqa: PLC0415 — the app registry is ready only now

        connect()
