from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("专家评审")

    def ready(self):
        from accounts.models import Role  # noqa: PLC0415 — the app registry is ready only now
        from award.permissions import register_grant_rule  # noqa: PLC0415 — the app registry is ready only now

        from . import tasks  # noqa: F401, PLC0415 — registers the Celery tasks by name (accounts/dispatch.py)
        from .permissions import expert_material_access  # noqa: PLC0415 — the app registry is ready only now
        from .receivers import connect  # noqa: PLC0415 — the app registry is ready only now

        # Art. 26: an expert's grant on an application holds only while review's rule says so.
        register_grant_rule(Role.EXPERT, expert_material_access)
        connect()
