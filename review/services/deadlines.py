"""SPEC §7, §8: the experts' scoring deadlines of a cycle, set by the office (audited); experts with work left are
reminded three days before (review.reminders) and shown as overdue after."""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.refusals import require_role
from award.models import Cycle

from .common import refuse_closed


def scoring_deadlines_set(*, cycle, document, site, by, ip=None) -> Cycle:
    """Set or move the document- and site-scoring deadlines (None clears one)."""
    refuse_closed(cycle)  # Art. 11
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以设置评分截止日期。"))
    with transaction.atomic():
        Cycle.objects.filter(pk=cycle.pk).update(document_scoring_deadline=document, site_scoring_deadline=site)
        cycle.document_scoring_deadline, cycle.site_scoring_deadline = document, site
        audit_record(action="review.deadlines_set", actor=by, obj=cycle, cycle_id=cycle.pk, ip=ip,
                     detail={"document_scoring_deadline": str(document or ""),
                             "site_scoring_deadline": str(site or "")})
    return cycle
