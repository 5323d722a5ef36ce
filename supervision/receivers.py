"""What supervision does when review announces a fact (review cannot import supervision, STYLE §4)."""
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.notifications import notify
from review.signals import correction_changed

from .models import SupervisionMember


def _correction_changed(sender, *, correction, event, **kwargs):
    """Issue 8: the supervision group of the correction's cycle hears of every correction opened, applied or
    cancelled, and finds it in the cycle's process record."""
    what = {"opened": _("启动"), "applied": _("完成"), "cancelled": _("撤销")}[event]
    subject = _("评审结果更正已%(what)s:%(name)s") % {"what": what, "name": correction.application.applicant_name}
    body = _("领导小组办公室%(what)s了“%(name)s”的%(layer)s结果更正。依据:%(article)s;理由:%(reason)s。") % {
        "what": what, "name": correction.application.applicant_name, "layer": correction.get_layer_display(),
        "article": correction.article, "reason": correction.reason}
    link = reverse("supervision:cycle_record", kwargs={"pk": correction.cycle_id})
    members = SupervisionMember.objects.filter(
        group__cycle=correction.cycle_id, group__appointed_at__isnull=False, group__dissolved_at__isnull=True,
        user__is_active=True,
    ).select_related("user")
    for member in members:
        notify(recipient=member.user, event=f"review.correction_{event}", subject=subject, body=body, link=link,
               key=f"correction-{event}:{correction.pk}:{member.user_id}")


def connect():
    correction_changed.connect(_correction_changed, dispatch_uid="supervision.correction_notice")
