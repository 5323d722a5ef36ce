from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("专家评审")

    def ready(self):
        # Art. 12: conflicts are re-checked whenever the data they run on changes, wherever it changed.
        from accounts.signals import conflict_facts_changed

        from .services.conflicts import on_conflict_facts_changed

        conflict_facts_changed.connect(on_conflict_facts_changed, dispatch_uid="review.conflicts_recheck")
