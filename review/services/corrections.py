"""Issue 8: the correction procedure, the only way to change a review result after the office confirmed it.

The office opens a correction for one application and one layer (document review; or site review and the
satisfaction index) with its reason and the article it rests on; the supervision group is notified and sees it in
the cycle's process record. While it is open the agency may send that application's scores back and change its
assignments; the confirmed result, state and feedback stay as they were. Applying it shows the figures before and
after and writes, in one transaction, the new result, the state the bar now gives (Art. 19(三), 20), the feedback
and the grants; the reports re-render from the new data. An award already granted changes only through a
revocation case (Art. 24); once the cycle has passed comprehensive review, objections to the public notice
(Art. 21) are the way.
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from accounts.workflows import transition
from award.models import Application, ApplicationState, CycleStage
from award.services import application_transition

from .. import emails
from ..aggregation import truncate
from ..models import (
    AgencyMember,
    Assignment,
    Correction,
    CorrectionLayer,
    CorrectionState,
    DocumentResult,
    Scorecard,
)
from ..signals import correction_changed
from ..workflows import CORRECTION_WORKFLOW
from .common import ReviewError, grants_sync_cycle, refuse_closed
from .freeze import confirmed
from .results import document_values, result_recompute, site_score_recompute, site_score_value
from .survey import satisfaction_recompute, satisfaction_value

# Where a confirmed result may still be corrected: (application states, cycle stages), per layer.
CORRECTABLE = {
    CorrectionLayer.DOCUMENT: (
        (ApplicationState.SITE_REVIEW, ApplicationState.NOT_SHORTLISTED),
        (CycleStage.DOCUMENT_REVIEW, CycleStage.SITE_REVIEW, CycleStage.COMPREHENSIVE_REVIEW),
    ),
    CorrectionLayer.SITE: (
        (ApplicationState.SITE_REVIEW,),
        (CycleStage.COMPREHENSIVE_REVIEW,),
    ),
}


def _office(by):
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以启动或完成评审结果更正。"))


def _text(value):
    return "" if value is None else str(value)


def snapshot(application) -> dict:
    """What a correction may change, as the record keeps it: the state, the results, the bar decision, whether
    the feedback was released, and the scores and assignments the results rest on."""
    app = Application.objects.get(pk=application.pk)
    doc = DocumentResult.objects.filter(application=app).first()
    return {
        "state": app.state,
        "state_label": str(ApplicationState(app.state).label),
        "document_score": _text(doc.result if doc else None),
        "expert_count": doc.expert_count if doc else 0,
        "passes": bool(doc and doc.passes),
        "pass_mark": _text(doc.pass_mark if doc else None),
        "feedback_released": bool(doc and doc.feedback_released_at),
        "site_score": _text(app.site_score),
        "satisfaction_index": _text(app.satisfaction_index),
        "inputs": _inputs(app),
    }


def _inputs(app):
    cards = Scorecard.objects.filter(application=app).order_by("id").values_list("id", "state", "total")
    assignments = Assignment.objects.filter(application=app).order_by("id").values_list("id", "state")
    return {"scorecards": [[i, s, _text(t)] for i, s, t in cards], "assignments": [list(a) for a in assignments]}


def correction_open(*, application, layer, reason, article, by, ip=None) -> Correction:
    """The office opens a correction of one confirmed layer of one application (issue 8)."""
    _office(by)
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    layer = CorrectionLayer(layer)
    if not reason.strip():
        raise ReviewError(_("请填写更正理由。"))
    if not article.strip():
        raise ReviewError(_("请填写更正所依据的条款。"))
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
        if app.state == ApplicationState.AWARDED:
            raise ReviewError(_("该申报已获奖,结果只能通过撤销程序变更(第二十四条)。"))
        if not confirmed(app, layer, loaded=True):
            raise ReviewError(_("该结果尚未确认,无需更正程序,按正常流程调整即可。"))
        states, stages = CORRECTABLE[layer]
        if app.state not in states or app.cycle.stage not in stages:
            raise ReviewError(
                _("该申报当前为“%(state)s”,本届处于“%(stage)s”阶段,不能再更正该项评审结果;公示期内的异议按"
                  "第二十一条处理,已授奖的按第二十四条撤销。")
                % {"state": app.get_state_display(), "stage": app.cycle.get_stage_display()}
            )
        if Correction.objects.filter(application=app, layer=layer, state=CorrectionState.OPEN).exists():
            raise ReviewError(_("该申报已有进行中的同类更正。"))
        correction = Correction.objects.create(
            cycle=app.cycle, application=app, layer=layer, reason=reason.strip(), article=article.strip()[:100],
            before=snapshot(app), opened_by=by,
        )
        audit_record(action="review.correction_opened", actor=by, obj=correction, cycle_id=app.cycle_id,
                     application_id=app.pk, ip=ip,
                     detail={"layer": layer, "reason": correction.reason, "article": correction.article})
        text = emails.correction_opened(application=app, correction=correction)
        for member in AgencyMember.objects.filter(agency__cycle=app.cycle_id).select_related("user"):
            notify(recipient=member.user, event="review.correction_opened", **text,
                   link=reverse("review:agency_dashboard"), key=f"correction-opened:{correction.pk}:{member.user_id}")
        correction_changed.send(sender=Correction, correction=correction, event="opened")
    return correction


def correction_preview(correction) -> dict:
    """The figures before (as confirmed) and after (as the scores stand now), and the state the bar would give."""
    app = Application.objects.select_related("cycle").get(pk=correction.application_id)
    before = snapshot(app) if correction.state == CorrectionState.OPEN else correction.before
    if correction.state != CorrectionState.OPEN:
        return {"before": correction.before, "after": correction.after}
    after = dict(before)
    if correction.layer == CorrectionLayer.DOCUMENT:
        values = document_values(app)
        state = ApplicationState.SITE_REVIEW if values["passes"] else ApplicationState.NOT_SHORTLISTED
        after.update(document_score=_text(values["result"]), expert_count=values["expert_count"],
                     passes=values["passes"], pass_mark=_text(truncate(values["pass_mark"])), state=state,
                     state_label=str(ApplicationState(state).label), feedback_released=not values["passes"])
    else:
        after.update(site_score=_text(site_score_value(app)), satisfaction_index=_text(satisfaction_value(app)))
    return {"before": correction.before, "now": before, "after": after}


def correction_apply(*, correction, note, by, ip=None) -> Correction:
    """Apply an open correction: recompute, then bring the state, the feedback and the grants into agreement with
    the new result, all in one transaction; the before and after stay in the record (issue 8)."""
    _office(by)
    with transaction.atomic():
        correction = Correction.objects.select_for_update().select_related("application__cycle").get(
            pk=correction.pk)
        if correction.state != CorrectionState.OPEN:
            raise ReviewError(_("该更正已经完成或撤销。"))
        app = correction.application
        refuse_closed(app.cycle)
        now = timezone.now()
        if correction.layer == CorrectionLayer.DOCUMENT:
            doc = result_recompute(application=app, correcting=True)
            to_state = ApplicationState.SITE_REVIEW if doc.passes else ApplicationState.NOT_SHORTLISTED
            if app.state != to_state:
                application_transition(
                    application=app, to_state=to_state, by=by, ip=ip, correction=correction,
                    reason=_("评审结果更正:资料评审结果 %(r)s,分数线 %(m)s") % {"r": doc.result, "m": doc.pass_mark})
                _tell_applicant(app, passes=doc.passes, correction=correction)
            doc.confirmed_at, doc.confirmed_by = now, by
            doc.feedback_released_at = None if doc.passes else (doc.feedback_released_at or now)
            doc.save(update_fields=["confirmed_at", "confirmed_by", "feedback_released_at"])
        else:
            site_score_recompute(application=app, correcting=True)
            satisfaction_recompute(application=app, correcting=True)
        closing_note, after = (note or "").strip(), snapshot(app)
        correction = transition(
            CORRECTION_WORKFLOW, correction, CorrectionState.APPLIED, by=by, ip=ip, locked=True, update_fields=(),
            fields={"closed_by": by, "closed_at": now, "closing_note": closing_note, "after": after},
            action="review.correction_applied", detail={"layer": correction.layer, "note": closing_note,
                                                         "before": _summary(correction.before), "after": _summary(after)},
        )
        grants_sync_cycle(cycle=app.cycle)  # Art. 26: access follows the (new) state
        correction_changed.send(sender=Correction, correction=correction, event="applied")
    return correction


def correction_cancel(*, correction, note, by, ip=None) -> Correction:
    """Withdraw an open correction that changed nothing (no score sent back, no assignment changed)."""
    _office(by)
    if not (note or "").strip():
        raise ReviewError(_("请说明撤销更正的理由。"))
    with transaction.atomic():
        correction = Correction.objects.select_for_update().select_related("application").get(pk=correction.pk)
        if correction.state != CorrectionState.OPEN:
            raise ReviewError(_("该更正已经完成或撤销。"))
        if _inputs(correction.application) != correction.before.get("inputs"):
            raise ReviewError(_("更正期间评分或专家分配已有变动,请完成更正,而不是撤销。"))
        correction = transition(
            CORRECTION_WORKFLOW, correction, CorrectionState.CANCELLED, by=by, ip=ip, locked=True, update_fields=(),
            fields={"closed_by": by, "closed_at": timezone.now(), "closing_note": note.strip(),
                    "after": correction.before},
            action="review.correction_cancelled", detail={"note": note.strip()},
        )
        correction_changed.send(sender=Correction, correction=correction, event="cancelled")
    return correction


def _summary(snap):
    return {k: v for k, v in snap.items() if k != "inputs"}


def _tell_applicant(app, *, passes, correction):
    notify(recipient=app.applicant, event="review.correction_applied",
           **emails.correction_applied(application=app, passes=passes),
           link=reverse("review:feedback", kwargs={"pk": app.pk}), key=f"correction-applied:{correction.pk}")
