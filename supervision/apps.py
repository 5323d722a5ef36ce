from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("评审监督")

    def ready(self):
        from .receivers import connect

        connect()
