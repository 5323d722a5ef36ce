from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardConfig(AppConfig):
    name = "award"
    verbose_name = _("评选届次与申报")

    def ready(self):
        from . import public_responses, tasks  # noqa: F401, PLC0415 — registers the Celery tasks by name (accounts/dispatch.py) and connects the receivers that bump the public cache
