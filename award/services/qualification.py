"""Art. 19(一)(二): the recommender endorses or declines, and the office rules on qualification."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from accounts.selectors import office_users

from .. import emails
from ..models import (
    ApplicationState,
    CorrectionRequest,
    Endorsement,
    QualificationReview,
)
from .application import application_endorsement, application_link
from .transition import WorkflowError, application_transition


def endorsement_record(*, application, decision, opinion, signed_name, by, ip=None):
    """Art. 19(一): the recommender endorses or declines with a signed opinion."""
    if by.role != Role.RECOMMENDER or by.recommender_id != application.recommender_id:
        raise WorkflowError(_("只有申报人选择的推荐单位可以签署推荐意见。"))
    if not opinion.strip() or not signed_name.strip():
        raise WorkflowError(_("请填写推荐意见并署名。"))
    if decision not in Endorsement.Decision.values:
        raise WorkflowError(_("请选择推荐结论。"))
    with transaction.atomic():
        endorsement = Endorsement.objects.create(
            application=application, recommender_id=application.recommender_id, decision=decision,
            opinion=opinion.strip(), signed_name=signed_name.strip(), signed_by=by,
        )
        endorsed = decision == Endorsement.Decision.ENDORSE
        to_state = ApplicationState.ENDORSED if endorsed else ApplicationState.DECLINED
        application_transition(
            application=application, to_state=to_state, by=by, ip=ip, reason=opinion,
            detail={"endorsement": endorsement.pk},
        )
        link = application_link(application)
        notify(
            recipient=application.applicant, event=f"application.{to_state}", link=link,
            key=f"endorsement:{endorsement.pk}",
            **emails.endorsement_recorded(application=application, endorsement=endorsement, endorsed=endorsed),
        )
        if endorsed:
            for user in office_users():
                notify(
                    recipient=user, event="application.endorsed", link=link,
                    key=f"endorsement:{endorsement.pk}:{user.pk}",
                    **emails.endorsed_for_qualification(application=application),
                )
    return endorsement


def qualification_decide(*, application, decision, criteria, reasons, by, deadline=None, ip=None):
    """Art. 19(二): the office rules criterion by criterion; pass, fail, or return for correction."""
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以进行资格审查。"))
    if application_endorsement(application) is None:
        # Art. 19(一): only an application its current recommender endorsed reaches qualification review.
        raise WorkflowError(_("当前推荐单位尚未签署同意推荐的意见,不能进行资格审查。"))
    if not reasons.strip():
        raise WorkflowError(_("请填写审查理由。"))
    if decision == QualificationReview.Decision.RETURN:
        if deadline is None:
            raise WorkflowError(_("退回补正须设定补正截止日期。"))
        if deadline < timezone.localdate():
            raise WorkflowError(_("补正截止日期不能早于今天。"))
    if decision == QualificationReview.Decision.PASS and any(not c.get("passed") for c in criteria):
        raise WorkflowError(_("有审查项目未通过,不能作出“符合申报条件”的结论。"))
    to_state = {
        QualificationReview.Decision.PASS: ApplicationState.QUALIFIED,
        QualificationReview.Decision.FAIL: ApplicationState.NOT_QUALIFIED,
        QualificationReview.Decision.RETURN: ApplicationState.RETURNED,
    }[decision]
    with transaction.atomic():
        review = QualificationReview.objects.create(
            application=application, decision=decision, criteria=criteria, reasons=reasons.strip(), decided_by=by
        )
        if decision == QualificationReview.Decision.RETURN:
            CorrectionRequest.objects.create(
                application=application, reasons=reasons.strip(), deadline=deadline, created_by=by
            )
        application_transition(
            application=application, to_state=to_state, by=by, ip=ip, reason=reasons,
            detail={"qualification_review": review.pk},
        )
        notify(
            recipient=application.applicant, event=f"application.{to_state}",
            link=application_link(application), key=f"qualification:{review.pk}",
            **emails.qualification_decided(to_state=to_state, review=review, deadline=deadline),
        )
    return review
