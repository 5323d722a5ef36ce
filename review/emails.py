"""What review tells people, one function per notification event (subject and body, translatable; SPEC §11).

Each returns the keyword arguments `accounts.notifications.notify` takes besides the recipient and the key.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import ConflictSource, ConflictType

# Art. 12: the kinds of conflict that can be named to the expert without revealing who raised it or about whom.
_NAMEABLE_TYPES = (ConflictType.EMPLOYER, ConflictType.PAST_EMPLOYER, ConflictType.CONSULTING,
                   ConflictType.INDIVIDUAL_EMPLOYER, ConflictType.SHAREHOLDING, ConflictType.KINSHIP)


def conflict_reason_for_expert(conflict) -> str:
    """Art. 12, 26: why the expert's work was voided, as the expert may be told it: their own declaration in
    their own words; otherwise the kind of conflict only — never the recorded reason (it may name a relative, a
    client or the applicant's request) nor who raised it, and an applicant's avoid-list is not revealed."""
    if conflict.source == ConflictSource.DECLARED:
        return _("您本人申报的利害关系:%(reason)s") % {"reason": conflict.reason}
    kind = conflict.get_type_display() if conflict.type in _NAMEABLE_TYPES else _("其他利害关系")
    return _("经核查,您与该申报存在利害关系(%(kind)s)") % {"kind": kind}


def assignment_voided_for_conflict(*, application, conflict, scores_voided) -> dict:
    """Art. 12: the expert's assignment (and scores, if any) on an application were voided for a conflict."""
    body = _("您对“%(name)s”(%(ref)s)的评审任务已依《滨州市市长质量奖管理办法》第十二条回避作废。原因:%(why)s。") % {
        "name": application.applicant_name, "ref": application.reference,
        "why": conflict_reason_for_expert(conflict)}
    if scores_voided:
        body += _("您已提交的评分同时作废,不计入评审结果。")
    return {"event": "assignment_voided", "subject": _("评审任务因回避作废:%(ref)s") % {"ref": application.reference},
            "body": body, "link": reverse("review:expert_record")}


def score_returned(*, card, reason) -> dict:
    """SPEC §7: the agency sent a submitted scorecard back for revision, with its reason."""
    application = card.application
    if card.assignment_id:
        link = reverse("review:scorecard_edit", kwargs={"pk": card.assignment_id})
    else:
        link = reverse("review:site_scorecard_edit", kwargs={"pk": card.site_visit_id})
    return {
        "event": "score_returned",
        "subject": _("评分表退回修改:%(name)s") % {"name": application.applicant_name},
        "body": _("您对“%(name)s”(%(ref)s)提交的%(layer)s评分表已被评审机构退回修改。退回理由:%(reason)s。"
                  "请修改后重新提交。") % {"name": application.applicant_name, "ref": application.reference,
                                   "layer": card.get_layer_display(), "reason": reason},
        "link": link,
    }
