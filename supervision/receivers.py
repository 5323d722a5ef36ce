"""What supervision does when review announces a fact (review cannot import supervision, STYLE §4)."""
from django.urls import reverse

from accounts.notifications import notify
from review.signals import correction_changed

from . import emails
from .models import SupervisionMember


def _correction_changed(sender, *, correction, event, **kwargs):
    """Issue 8: the supervision group of the correction's cycle hears of every correction opened, applied or
    cancelled, and finds it in the cycle's process record."""
    text = emails.correction_changed(correction=correction, event=event)
    link = reverse("supervision:cycle_record", kwargs={"pk": correction.cycle_id})
    members = SupervisionMember.objects.filter(
        group__cycle=correction.cycle_id, group__appointed_at__isnull=False, group__dissolved_at__isnull=True,
        user__is_active=True,
    ).select_related("user")
    for member in members:
        notify(recipient=member.user, event=f"review.correction_{event}", **text, link=link,
               key=f"correction-{event}:{correction.pk}:{member.user_id}")


def connect():
    correction_changed.connect(_correction_changed, dispatch_uid="supervision.correction_notice")
