"""Public notices (公示), Art. 19(二)(六): a list published with a window counted in PRC working days."""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role

from .. import emails
from ..models import ApplicationState, CycleStage, Notice, NoticeEntry, NoticeKind, award_kind_order
from ..public_cache import notices_changed
from ..workdays import CalendarUnknown, notice_end_date
from .transition import WorkflowError

NOTICE_RULES = {
    # kind: (stage the cycle must be in, state every listed application must be in)
    NoticeKind.QUALIFICATION: (CycleStage.QUALIFICATION, ApplicationState.QUALIFIED),
    # Art. 19(六): the proposed award list (拟奖励名单) after the leading group's deliberation.
    NoticeKind.PROPOSED_AWARDS: (CycleStage.PUBLIC_NOTICE, ApplicationState.PROPOSED),
}


def _entry_label(application):
    """The line shown on the notice: the name and the award it is proposed for (组织奖 / 个人奖 / 提名奖)."""
    proposal = getattr(application, "proposal", None) if application.state == ApplicationState.PROPOSED else None
    kind = proposal.get_award_kind_display() if proposal else application.get_kind_display()
    return f"{application.applicant_name}({kind})"


def notice_publish(*, cycle, kind, title, body, starts_on, by, applications=None, today=None):
    """Publish a notice; the end date is computed from the cycle's working days and stored (SPEC §9).

    For the qualified list the entries are every qualified application of the cycle, unless given.
    Refuses, and says why, when the calendar of a year in the window is unknown.
    """
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以发布公示。"))
    stage, state = NOTICE_RULES.get(kind, (None, None))
    if stage and cycle.stage != stage:
        raise WorkflowError(
            _("“%(kind)s”只能在“%(stage)s”阶段发布。") % {"kind": NoticeKind(kind).label, "stage": CycleStage(stage).label}
        )
    if kind == NoticeKind.PROPOSED_AWARDS and cycle.notices.filter(kind=kind).exists():
        raise WorkflowError(_("本届拟奖励名单已经公示。"))
    if starts_on < (today or timezone.localdate()):
        raise WorkflowError(_("公示开始日期不能早于今天。"))
    if applications is None:
        applications = cycle.applications.filter(state=state)
        if kind == NoticeKind.PROPOSED_AWARDS:
            # Art. 6, 7: by the award proposed (a nomination is an organization's application), in the
            # regulation's order, each kind by its place on the candidate list.
            applications = applications.select_related("proposal", "recommender").order_by(
                award_kind_order("proposal__award_kind"), "proposal__slot"
            )
        else:
            applications = applications.select_related("recommender").order_by(award_kind_order("kind"), "reference")
    applications = list(applications)
    if not applications:
        raise WorkflowError(_("没有可公示的名单。"))
    if state and any(a.state != state for a in applications):
        raise WorkflowError(_("名单中有申报不处于“%(state)s”状态。") % {"state": ApplicationState(state).label})
    try:
        ends_on = notice_end_date(start=starts_on, working_days=cycle.notice_working_days)
    except CalendarUnknown as exc:
        raise WorkflowError(str(exc)) from exc
    with transaction.atomic():
        notice = Notice.objects.create(
            cycle=cycle, kind=kind, title=title.strip(), body=body.strip(), starts_on=starts_on,
            working_days=cycle.notice_working_days, ends_on=ends_on, published_at=timezone.now(), published_by=by,
        )
        NoticeEntry.objects.bulk_create(
            NoticeEntry(
                notice=notice, application=a, position=i,
                label=_entry_label(a),
                note=str(a.recommender or ""),
            )
            for i, a in enumerate(applications)
        )
        notices_changed()  # its public page, and any cached notice page, render afresh
        audit_record(
            action="notice.published", actor=by, obj=notice, cycle_id=cycle.pk,
            detail={"kind": kind, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                    "entries": [a.pk for a in applications]},
        )
        link = reverse("award:notice_detail", kwargs={"pk": notice.pk})
        # A revocation announcement follows the decision the holder was already told of (award_revoke).
        listed = [] if kind == NoticeKind.REVOCATION else applications
        for a in listed:
            notify(
                recipient=a.applicant, event="notice.published", link=link, key=f"notice:{notice.pk}:{a.pk}",
                **emails.notice_published(notice=notice, starts_on=starts_on, ends_on=ends_on),
            )
    return notice
