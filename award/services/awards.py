"""The government's approval and the awards (Art. 4, 6, 19(六)(七)(八)); what the decision stage needs before
the cycle moves on is read in award.selectors (`decision_stage_blockers`)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.notifications import notify
from accounts.outbox import outbox_queue

from .. import emails
from ..dates import award_valid_until
from ..models import (
    ApplicationState,
    Approval,
    Award,
    AwardKind,
    Certificate,
    CycleStage,
    Proposal,
    award_kind_order,
)
from ..public_cache import awards_changed
from ..selectors import approval_blockers, open_objections, proposed_notice
from ..uploads import inspect_evidence_file
from .certificate import CERTIFICATES
from .common import locked_cycle, office_only
from .cycle import cycle_advance
from .transition import WorkflowError, application_transition

# Art. 4, 7, 19(八): what each award carries. Organizations: trophy, certificate and prize; individuals: trophy and
# certificate; nomination awards: the certificate only.
AWARD_ITEMS = {
    AwardKind.ORGANIZATION: {"trophy": True, "prize": True},
    AwardKind.INDIVIDUAL: {"trophy": True, "prize": False},
    AwardKind.NOMINATION: {"trophy": False, "prize": False},
}
CERTIFICATE_LETTER = {AwardKind.ORGANIZATION: "O", AwardKind.INDIVIDUAL: "P", AwardKind.NOMINATION: "N"}


def approval_record(*, cycle, body, decided_on, document_number, scan, by, ip=None, today=None):
    """Art. 19(七): record the government's decision on the proposed list — body (常务会议 or the mayor's
    signature), date, document number and the uploaded scan. Refused while an objection is open or before the
    notice window has ended."""
    office_only(by)
    today = today or timezone.localdate()
    if not document_number.strip():
        raise WorkflowError(_("请填写文号。"))
    try:
        checked = inspect_evidence_file(scan, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        cycle = locked_cycle(cycle, CycleStage.APPROVAL)
        if Approval.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("本届的批准决定已经记录。"))
        blockers = approval_blockers(cycle, today=today)
        if blockers:
            raise WorkflowError(_("暂不能记录批准决定。"), reasons=blockers)
        notice = proposed_notice(cycle)
        if decided_on <= notice.ends_on or decided_on > today:
            raise WorkflowError(
                _("批准日期应在公示期结束(%(end)s)之后,且不晚于今天。") % {"end": date_text(notice.ends_on)}
            )
        approval = Approval(
            cycle=cycle, body=body, decided_on=decided_on, document_number=document_number.strip(),
            scan_name=scan.name[-255:], scan_content_type=checked.content_type, scan_sha256=checked.sha256,
            recorded_by=by,
        )
        approval.scan.save(scan.name, scan, save=False)
        approval.save()
        audit_record(
            action="approval.recorded", actor=by, obj=approval, cycle_id=cycle.pk, ip=ip,
            detail={"body": body, "decided_on": decided_on.isoformat(), "document_number": approval.document_number,
                    "sha256": approval.scan_sha256},
        )
    return approval


def awards_grant(*, cycle, by, ip=None, today=None):
    """Art. 4, 6, 19(八): after the approval, every application still on the proposed list wins its award.

    Creates the Award (kind, validity of `cycle.validity_years`, prize `cycle.organization_prize_yuan` for
    organizations, none otherwise) and its numbered Certificate, marks the application awarded, tells the winner,
    queues the certificate's rendering after the commit, and moves the cycle to "awarded".
    """
    office_only(by)
    with transaction.atomic():
        cycle = locked_cycle(cycle, CycleStage.APPROVAL)
        approval = Approval.objects.filter(cycle=cycle).first()
        if approval is None:
            raise WorkflowError(_("请先记录市政府的批准决定(第十九条第七项)。"))
        if open_objections(cycle).exists():
            raise WorkflowError(_("还有异议未处理,不能颁奖。"))
        proposals = (
            Proposal.objects.filter(cycle=cycle, application__state=ApplicationState.PROPOSED)
            .select_related("application", "application__organization", "application__individual")
            .order_by(award_kind_order("award_kind"), "slot")
        )
        numbers = {kind: 0 for kind in AwardKind.values}
        certificates = []
        for proposal in proposals:
            application = proposal.application
            kind = proposal.award_kind
            numbers[kind] += 1
            award = Award.objects.create(
                cycle=cycle, application=application, kind=kind, recipient_name=application.applicant_name,
                credit_code=application.organization.credit_code if application.organization else "",
                id_number=application.individual.id_number if application.individual else "",
                awarded_on=approval.decided_on,
                valid_until=award_valid_until(approval.decided_on, cycle.validity_years),
                prize_yuan=cycle.organization_prize_yuan if AWARD_ITEMS[kind]["prize"] else 0,
            )
            certificate = Certificate.objects.create(
                award=award, number=f"BZQA-{cycle.number}-{CERTIFICATE_LETTER[kind]}-{numbers[kind]:03d}"
            )
            certificates.append(certificate)
            application_transition(
                application=application, to_state=ApplicationState.AWARDED, by=by, ip=ip,
                reason=approval.document_number, detail={"award": award.pk, "certificate": certificate.number},
            )
            audit_record(
                action="award.granted", actor=by, obj=award, cycle_id=cycle.pk, application_id=application.pk,
                ip=ip, detail={"kind": kind, "certificate": certificate.number, "prize_yuan": award.prize_yuan,
                               "valid_until": date_text(award.valid_until)},
            )
            notify(
                recipient=application.applicant, event="award.granted", key=f"award-granted:{award.pk}",
                link=reverse("award:application_detail", kwargs={"pk": application.pk}),
                **emails.award_granted(award=award, approval=approval, cycle=cycle, certificate=certificate),
            )
        for certificate in certificates:
            # After the first broker error the rest wait for the beat (the outbox relay), not the broker.
            outbox_queue(CERTIFICATES, pk=certificate.pk)
        cycle_advance(cycle=cycle, by=by, today=today)
        awards_changed()  # the winners list and the verification page show the new awards
    return certificates
