"""Issue 8: results freeze when the office confirms them (Art. 19(三)(四), 20).

Once the office confirms the shortlist, an application's document-review scores, assignments and result are frozen;
once comprehensive review starts, its site scores and satisfaction index are too. Every service that could change
them asks `refuse_frozen` first, and the recomputations ask `is_frozen` and leave a frozen result as it is. The only
way past the freeze is a correction the office opens for that application and layer (review.services.corrections),
which is applied in one transaction that brings state, result, feedback and reports into agreement.
"""
from django.utils.translation import gettext as _

from award.models import Application, ApplicationState, CycleStage

from ..models import Correction, CorrectionLayer, CorrectionState
from .common import ReviewError

# Art. 19(三): states an application reaches only after the office confirmed its document-review result.
AFTER_DOCUMENT_REVIEW = (
    ApplicationState.SITE_REVIEW, ApplicationState.NOT_SHORTLISTED, ApplicationState.CANDIDATE,
    ApplicationState.PROPOSED, ApplicationState.AWARDED, ApplicationState.NOT_AWARDED,
)
# Art. 19(四): from comprehensive review on, the site scores and the satisfaction index are the ranking's input.
SITE_FROZEN_STAGES = (
    CycleStage.COMPREHENSIVE_REVIEW, CycleStage.PUBLIC_NOTICE, CycleStage.APPROVAL, CycleStage.AWARDED,
    CycleStage.CLOSED,
)


def _layer(layer):
    return CorrectionLayer.DOCUMENT if str(layer) == CorrectionLayer.DOCUMENT else CorrectionLayer.SITE


def open_correction(application, layer):
    return Correction.objects.filter(application=application, layer=_layer(layer), state=CorrectionState.OPEN).first()


def confirmed(application, layer, *, loaded=False) -> bool:
    """The layer's results were confirmed by the office (whether or not a correction is open now). The state and
    stage are read again unless the caller just `loaded` the application with its cycle (a stale object passed in
    by a caller must not slip past the freeze)."""
    if not loaded:
        application = Application.objects.select_related("cycle").get(pk=application.pk)
    if _layer(layer) == CorrectionLayer.DOCUMENT:
        # shortlist_confirm sets DocumentResult.confirmed_at and moves the state in one transaction, so the state
        # alone tells (no query on the scoring hot path).
        return application.state in AFTER_DOCUMENT_REVIEW
    return application.cycle.stage in SITE_FROZEN_STAGES


def is_frozen(application, layer, *, loaded=False) -> bool:
    """Confirmed and no correction open for it: nothing may change the layer's scores or result."""
    return confirmed(application, layer, loaded=loaded) and open_correction(application, layer) is None


def frozen_message(layer):
    if _layer(layer) == CorrectionLayer.DOCUMENT:
        return _("资料评审结果已经领导小组办公室确认,评分、专家分配和结果均已锁定,不能再退回、调整或作废。"
                 "如确需更正,须由领导小组办公室启动更正程序。")
    return _("综合评审已经开始,现场评审得分和社会满意度测评结果均已锁定,不能再修改。"
             "如确需更正,须由领导小组办公室启动更正程序。")


def refuse_frozen(application, layer, *, loaded=False):
    """Raise when the layer of the application is frozen (issue 8: results freeze when the office confirms them)."""
    if is_frozen(application, layer, loaded=loaded):
        raise ReviewError(frozen_message(layer))
