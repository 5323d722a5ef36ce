"""Objections to a public notice (Art. 11(一), 19(六)): anyone files one within the window; the supervision
group (or the office) rules on it, and an upheld objection disqualifies the application."""
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.models import Role, User
from accounts.notifications import notify
from accounts.selectors import office_users
from accounts.workflows import transition

from .. import emails
from ..dates import objection_window_state
from ..models import ApplicationState, Objection, ObjectionState
from ..selectors import OBJECTION_NOTICE_KINDS
from ..uploads import inspect_evidence_file
from ..workflows import APPLICATION_WORKFLOW, OBJECTION_WORKFLOW
from .common import require_role
from .transition import WorkflowError, application_transition


def _tracking_number(notice, now):
    return f"YY{notice.cycle.number}-{timezone.localtime(now):%Y%m%d}-{secrets.token_hex(3).upper()}"


def objection_file(*, notice, application, name, contact, content, evidence=None, ip=None, now=None):
    """Art. 19(六): anyone files an objection to an entry of a notice, with real name and contact, within the
    window. Evidence is checked by content and stored privately. The office and the supervisors hear of it.
    Returns the objection; its `tracking_number` is the filer's receipt."""
    now = now or timezone.now()
    if notice.kind not in OBJECTION_NOTICE_KINDS:
        raise WorkflowError(_("该公告不受理异议。"))
    window = objection_window_state(notice, now=now)
    if window == "before":
        raise WorkflowError(_("公示尚未开始,暂不受理异议。"))
    if window == "closed":
        raise WorkflowError(
            _("公示期已于 %(date)s 24 时结束,不再受理异议。") % {"date": date_text(notice.ends_on)}
        )
    if not notice.entries.filter(application=application).exists():
        raise WorkflowError(_("所选对象不在本次公示名单中。"))
    if not name.strip() or not contact.strip() or not content.strip():
        raise WorkflowError(_("请填写真实姓名、联系方式和异议内容。"))
    checked = None
    if evidence:
        try:
            checked = inspect_evidence_file(evidence, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except ValidationError as exc:
            raise WorkflowError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        objection = Objection(
            notice=notice, application=application, tracking_number=_tracking_number(notice, now),
            name=name.strip(), contact=contact.strip(), content=content.strip(), ip_address=ip, filed_at=now,
        )
        if checked is not None:
            objection.evidence_name = evidence.name[-255:]
            objection.evidence_content_type = checked.content_type
            objection.evidence_sha256 = checked.sha256
            objection.evidence.save(evidence.name, evidence, save=False)
        objection.save()
        audit_record(
            action="objection.filed", actor=AnonymousUser(), obj=objection, cycle_id=notice.cycle_id,
            application_id=application.pk, ip=ip,
            detail={"notice": notice.pk, "tracking_number": objection.tracking_number,
                    "evidence_sha256": objection.evidence_sha256},
        )
        link = reverse("award:objection_detail", kwargs={"pk": objection.pk})
        handlers = User.objects.filter(role__in=(Role.OFFICE, Role.SUPERVISOR), is_active=True)
        for user in handlers:
            notify(
                recipient=user, event="objection.filed", link=link, key=f"objection:{objection.pk}:{user.pk}",
                **emails.objection_filed(application=application, notice=notice, objection=objection),
            )
    return objection


def objection_resolve(*, objection, upheld: bool, reasons, by, ip=None):
    """Art. 11(一), 19(六): the supervision group (or the office) rules on an objection, with reasons.

    Upheld (查实有违法违规情形): the application is disqualified (取消资格) with the reasons recorded.
    Dismissed: the objection is closed. Either way the applicant concerned and the office are told.
    """
    require_role(by, Role.SUPERVISOR, Role.OFFICE, message=_("只有评审监督小组或领导小组办公室可以处理异议。"))
    if not (reasons or "").strip():
        raise WorkflowError(_("请写明处理意见。"))
    with transaction.atomic():
        objection = Objection.objects.select_for_update().select_related("application", "notice").get(
            pk=objection.pk
        )
        application = objection.application
        resolution = reasons.strip()
        disqualified = upheld and APPLICATION_WORKFLOW.allows(application.state, ApplicationState.DISQUALIFIED)
        objection = transition(
            OBJECTION_WORKFLOW, objection, ObjectionState.UPHELD if upheld else ObjectionState.DISMISSED, by=by,
            ip=ip, locked=True, fields={"resolution": resolution, "resolved_by": by, "resolved_at": timezone.now()},
            update_fields=(), detail={"reasons": resolution, "disqualified": disqualified},
        )
        if disqualified:
            application_transition(
                application=application, to_state=ApplicationState.DISQUALIFIED, by=by, ip=ip,
                reason=_("异议查实,取消资格:%(reasons)s") % {"reasons": objection.resolution},
                detail={"objection": objection.pk},
            )
        text = emails.objection_resolved(application=application, objection=objection, upheld=upheld)
        recipients = {application.applicant, *office_users()}
        for user in recipients:
            notify(
                recipient=user, event="objection.resolved", key=f"objection-resolved:{objection.pk}:{user.pk}",
                link=reverse("award:application_detail", kwargs={"pk": application.pk}),
                **text,
            )
    return objection
