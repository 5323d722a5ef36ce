"""Art. 24: revoking an award. The one function that sets `Award.revoked_on`, so eligibility's ban
(award.eligibility, `cycle.ban_years` from that day) and the certificate's verification page read it.

Supervision runs the case (investigation, proposal, decision, announcement, recovery) and calls this once the
municipal government's decision is recorded; award does not import supervision (STYLE §4).
"""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role

from .. import emails
from ..models import Award
from ..public_cache import awards_changed
from .transition import WorkflowError


def award_revoke(*, award, revoked_on, reference, by) -> Award:
    """Art. 24: record the government's revocation of `award` on `revoked_on` under document `reference`.

    Office only; refuses an award already revoked, a date before the award or in the future, and an empty
    reference. Audits and tells the holder. The ban on new applications then runs from `revoked_on`.
    """
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以登记撤销决定。"))
    reference = (reference or "").strip()
    if not reference:
        raise WorkflowError(_("请填写市政府撤销决定的文号。"))
    if revoked_on > timezone.localdate():
        raise WorkflowError(_("撤销日期不能晚于今天。"))
    with transaction.atomic():
        award = Award.objects.select_for_update().select_related("cycle", "application").get(pk=award.pk)
        if award.revoked_on is not None:
            raise WorkflowError(_("该奖项已于%(date)s被撤销。") % {"date": date_text(award.revoked_on)})
        if revoked_on < award.awarded_on:
            raise WorkflowError(_("撤销日期不能早于授奖日期。"))
        award.revoked_on = revoked_on
        award.revocation_reference = reference
        award.save(update_fields=["revoked_on", "revocation_reference"])
        awards_changed()  # Art. 24: the verification page and the winners list show the revocation at once
        audit_record(
            action="award.revoked", actor=by, obj=award, cycle_id=award.cycle_id,
            application_id=award.application_id,
            detail={"revoked_on": revoked_on.isoformat(), "reference": reference, "kind": award.kind},
        )
        notify(
            recipient=award.application.applicant, event="award.revoked", key=f"award-revoked:{award.pk}",
            **emails.award_revoked(award=award, revoked_on=revoked_on, reference=reference),
        )
    return award
