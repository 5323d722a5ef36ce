from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("专家评审")

    def ready(self):
        from accounts.models import Role
        from award.permissions import register_grant_rule

        from .permissions import expert_material_access
        from .receivers import connect

        # Art. 26: an expert's grant on an application holds only while review's rule says so.
        register_grant_rule(Role.EXPERT, expert_material_access)
        connect()
