"""Art. 19(三), 20: the document-review result, the consensus round, the site-review shortlist and feedback.

The results are written onto the application (document_score, site_score) so award's comprehensive review
ranks without importing review (STYLE §4).
"""
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify_many
from accounts.refusals import require_role
from award.models import Application, ApplicationState
from award.services import applications_transition

from .. import emails
from ..aggregation import item_points, truncate
from ..models import (
    PERCENT_STEPS,
    ConsensusScore,
    DocumentResult,
    Panel,
    Scorecard,
    ScorecardState,
    ScoreLayer,
)
from ..selectors import is_conflicted, standard_items
from .common import ReviewError, grants_sync_cycle, refuse_closed
from .freeze import AFTER_DOCUMENT_REVIEW, confirmed, is_frozen
from .recompute import results_preview, results_recompute


def document_values(app) -> dict:
    """Art. 20: the document-review result as the submitted scorecards (or the complete consensus) give it now,
    compared with the bar exactly; nothing is written (result_recompute writes, a correction previews). The same
    statement as results_recompute (review.services.recompute)."""
    return results_preview(ids=[app.pk])[app.pk]


def result_recompute(*, application, correcting=False) -> DocumentResult:
    """Art. 20: recompute the application's result from its submitted document scorecards (or the consensus,
    once the panel leader recorded every item), compare it with the bar exactly, and write document_score — the
    set-based results_recompute for one application. Once the office confirmed the result it stays as confirmed
    (issue 8), even while a correction is open: only applying the correction (`correcting`) writes the new
    result, together with the state and the feedback."""
    with transaction.atomic():
        results_recompute(applications=[application.pk], correcting=correcting)
        doc = DocumentResult.objects.get(application_id=application.pk)
    application.document_score = doc.result
    return doc


def consensus_record(*, application, scores, by) -> DocumentResult:
    """SPEC §7: after a large spread the panel leader records a consensus percentage and reason per item
    (`scores`: item id → (percentage, reason)); the consensus total becomes the result once complete."""
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    panel = Panel.objects.filter(cycle=application.cycle_id, sector=application.sector).first()
    if panel is None or panel.leader_id != by.pk:
        raise ReviewError(_("只有本产业专项评审组组长可以组织共识评分。"))
    if is_conflicted(user=by, application=application):
        raise ReviewError(_("您与该申报存在利害关系,依第十二条须回避。"))
    doc = DocumentResult.objects.filter(application=application).first()
    if doc is None or not doc.consensus_open:  # flagged by the spread, or opened by the agency or the office
        raise ReviewError(_("该申报专家分差未超过规定比例,也未发起共识评分,无需共识评分。"))
    if is_frozen(application, ScoreLayer.DOCUMENT) or application.state not in (
            ApplicationState.QUALIFIED, *AFTER_DOCUMENT_REVIEW):
        raise ReviewError(_("资料评审结果已确认,不能再修改共识评分。"))
    items = {i.pk: i for i in standard_items(application)}
    with transaction.atomic():
        for item_id, (percentage, reason) in scores.items():
            item = items.get(int(item_id))
            if item is None:
                raise ReviewError(_("评分条款不属于该申报适用的评审标准。"))
            if percentage in (None, ""):
                continue
            pct = int(percentage)
            if pct not in PERCENT_STEPS:
                raise ReviewError(_("得分比例须为0%—100%之间5%的整数倍。"))
            if not (reason or "").strip():
                raise ReviewError(_("条款 %(code)s 请填写共识理由。") % {"code": item.code})
            ConsensusScore.objects.update_or_create(
                application=application, item=item,
                defaults={"percentage": pct, "points": item_points(item.points, pct), "reason": reason.strip(),
                          "recorded_by": by},
            )
        audit_record(action="review.consensus_recorded", actor=by, obj=application, cycle_id=application.cycle_id,
                     application_id=application.pk, detail={"items": sorted(int(k) for k in scores)})
        return result_recompute(application=application)


def shortlist_blockers(*, cycle) -> list[str]:
    """Why the office cannot confirm the shortlist yet: an application with fewer than K submitted scores, or a
    large spread without its consensus."""
    blockers = []
    k = cycle.experts_per_application
    rows = (Application.objects.filter(cycle=cycle, state=ApplicationState.QUALIFIED).order_by("id").values_list(
        "applicant_name", "document_result__id", "document_result__expert_count", "document_result__spread_flagged",
        "document_result__consensus_requested_at", "document_result__consensus_total"))
    for name, doc, count, flagged, requested_at, consensus in rows:
        needs_consensus = (flagged or requested_at is not None) and consensus is None
        if doc is None or count < k:
            blockers.append(_("%(name)s:有效评分不足%(k)s份") % {"name": name, "k": k})
        elif needs_consensus and flagged:
            blockers.append(_("%(name)s:专家分差过大,待组长组织共识评分") % {"name": name})
        elif needs_consensus:
            blockers.append(_("%(name)s:已发起共识评分,待组长记录共识评分") % {"name": name})
    return blockers


def shortlist_confirm(*, cycle, by, ip=None) -> dict:
    """Art. 19(三), 20: the office confirms the site-review list. Applications at or above the bar move to
    SITE_REVIEW, the others to NOT_SHORTLISTED and receive their feedback through the office. Set-based (issue
    12): the results recomputed in one statement, each group of applications moved, confirmed, told and audited
    together, the moved applications checked for conflicts in one pass and the grants brought in line in bulk —
    a fixed number of queries whatever the number of applications."""
    refuse_closed(cycle)  # Art. 11: a closed cycle is archived read-only
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以确认进入现场评审名单。"))
    blockers = shortlist_blockers(cycle=cycle)
    if blockers:
        raise ReviewError(_("尚不能确认:") + ";".join(blockers))
    with transaction.atomic():
        now = timezone.now()
        ids = results_recompute(cycle=cycle)
        docs = {doc.application_id: doc for doc in DocumentResult.objects.filter(application_id__in=ids).only(
            "application_id", "passes", "result", "pass_mark")}
        apps = list(Application.objects.filter(pk__in=ids).only("applicant_id", "applicant_name", "cycle_id", "state")
                    .order_by("id"))
        passing = [app for app in apps if docs[app.pk].passes]
        failing = [app for app in apps if not docs[app.pk].passes]
        applications_transition(
            moves={ApplicationState.SITE_REVIEW: passing, ApplicationState.NOT_SHORTLISTED: failing}, by=by, ip=ip,
            reason=lambda app: _("资料评审结果 %(r)s,分数线 %(m)s") % {"r": docs[app.pk].result,
                                                                   "m": docs[app.pk].pass_mark})
        DocumentResult.objects.filter(application_id__in=[a.pk for a in passing]).update(
            confirmed_at=now, confirmed_by=by)
        DocumentResult.objects.filter(application_id__in=[a.pk for a in failing]).update(
            confirmed_at=now, confirmed_by=by, feedback_released_at=now)
        notify_many(
            {"recipient_id": app.applicant_id, "event": "shortlisted" if docs[app.pk].passes else "feedback_ready",
             **emails.shortlist_result(application=app, passes=docs[app.pk].passes),
             "link": reverse("review:feedback", kwargs={"pk": app.pk}), "key": f"shortlist:{app.pk}"}
            for app in apps)
        moved = {"site_review": [a.pk for a in passing], "not_shortlisted": [a.pk for a in failing]}
        audit_record(action="review.shortlist_confirmed", actor=by, cycle_id=cycle.pk, ip=ip, detail=moved)
        grants_sync_cycle(cycle=cycle)  # Art. 26: the document experts' work is done
    return moved


def site_score_value(app):
    """Art. 19(四): the mean of the site team's submitted verified scores, as they stand now (nothing written)."""
    totals = list(
        Scorecard.objects.filter(application=app, layer=ScoreLayer.SITE, state=ScorecardState.SUBMITTED)
        .values_list("total", flat=True)
    )
    return truncate(sum(totals, Decimal(0)) / len(totals)) if totals else None


def site_score_recompute(*, application, correcting=False):
    """Art. 19(四): write the site score; from comprehensive review on it stays as it was (issue 8) unless a
    correction is being applied (`correcting`)."""
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("cycle").get(pk=application.pk)
        if not correcting and confirmed(app, ScoreLayer.SITE, loaded=True):
            application.site_score = app.site_score
            return app.site_score
        score = site_score_value(app)
        Application.objects.filter(pk=app.pk).update(site_score=score)
    application.site_score = score
    return score
