"""Scoring an application against its standard (Art. 19(三), 20; SPEC §7), for document and site review.

A scorecard is saved as a draft any number of times; submitting checks that every item is scored and every
category has strengths and improvements, then locks it. Concurrency: the scorecard row is locked first, the
application row second (in result_recompute), so two experts submitting at once both count, and a double
submit finds the card already submitted.
"""
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.refusals import require_role
from accounts.workflows import transition

from .. import emails
from ..access import expert_standing
from ..aggregation import item_points
from ..models import (
    PERCENT_STEPS,
    Assignment,
    AssignmentState,
    CategoryComment,
    ItemScore,
    Scorecard,
    ScorecardState,
    ScoreLayer,
)
from ..selectors import standard_layout
from ..workflows import SCORECARD_WORKFLOW
from .common import ReviewError, refuse_barred_expert, refuse_before_visit, refuse_closed
from .freeze import refuse_frozen
from .recompute import results_recompute
from .results import result_recompute, site_score_recompute


def scorecard_open(*, assignment, by) -> Scorecard:
    """The expert's document scorecard for an active assignment, created empty on first opening."""
    if by.pk != assignment.expert_id:
        raise ReviewError(_("只能填写本人的评分表。"))
    _check_may_score(expert=by, application=assignment.application)
    if assignment.state != AssignmentState.ACTIVE:
        raise ReviewError(_("该评审任务不在评审中。"))
    card, _created = Scorecard.objects.get_or_create(
        assignment=assignment,
        defaults={"application": assignment.application, "expert": by, "layer": ScoreLayer.DOCUMENT},
    )
    return card


def _check_may_score(*, expert, application):
    facts = expert_standing(expert, application)
    if facts["expert_barred"]:
        refuse_barred_expert(expert)  # Art. 27: raises with the bar's date
    if facts["conflicted"]:  # Art. 12
        raise ReviewError(_("您与该申报存在利害关系,依第十二条须回避。"))
    if not facts["pledged"]:  # Art. 26
        raise ReviewError(_("请先签署本届保密与回避承诺。"))


def scorecard_save(*, scorecard=None, assignment=None, percentages, comments=None, findings=None, submit=False, by,
                   ip=None, layout=None) -> Scorecard:
    """Save the expert's percentages (item id → 0..100 in 5 % steps) and per-category comments (category id →
    (strengths, improvements)); with `submit`, check completeness and lock. Points are computed here, never
    taken from the form. The card is `scorecard`, or the document card of `assignment` (opened on first use);
    `layout` is the application's (items, categories) when the caller has read them already. Set-based: one
    upsert for the item scores and one for the comments, whatever the size of the standard (issue 12: a save or
    a submit in at most 15 queries)."""
    with transaction.atomic():
        cards = Scorecard.objects.select_for_update(of=("self",)).select_related("application__cycle", "assignment")
        if scorecard is not None:
            card = cards.get(pk=scorecard.pk)
        else:
            card = cards.filter(assignment=assignment).first() or cards.get(
                pk=scorecard_open(assignment=assignment, by=by).pk)
        if card.expert_id != by.pk:
            raise ReviewError(_("只能填写本人的评分表。"))
        refuse_closed(card.application.cycle)  # Art. 11: a closed cycle is archived read-only
        refuse_frozen(card.application, card.layer, loaded=True)  # issue 8: confirmed scores are frozen
        if card.state == ScorecardState.SUBMITTED:
            raise ReviewError(_("评分表已提交并锁定;如需修改,请联系评审机构退回。"))
        if card.state == ScorecardState.VOID:
            raise ReviewError(_("该评分表已作废:%(reason)s") % {"reason": card.void_reason})
        application = card.application
        _check_may_score(expert=by, application=application)
        if card.layer == ScoreLayer.DOCUMENT and (
            card.assignment is None or card.assignment.state != AssignmentState.ACTIVE
        ):
            raise ReviewError(_("该评审任务不在评审中。"))
        if card.layer == ScoreLayer.SITE and card.site_visit_id:
            refuse_before_visit(card.site_visit)  # Art. 19(四): scored on or after the visit date
        items_list, categories = layout or standard_layout(application)
        items = {i.pk: i for i in items_list}
        scores, cleared = [], []
        for item_id, value in (percentages or {}).items():
            item = items.get(int(item_id))
            if item is None:
                raise ReviewError(_("评分条款不属于该申报适用的评审标准。"))
            if value in (None, ""):
                cleared.append(item.pk)
                continue
            pct = int(value)
            if pct not in PERCENT_STEPS:
                raise ReviewError(_("得分比例须为0%—100%之间5%的整数倍。"))
            scores.append(ItemScore(scorecard=card, item=item, percentage=pct, points=item_points(item.points, pct)))
        if cleared:
            ItemScore.objects.filter(scorecard=card, item_id__in=cleared).delete()
        if scores:
            ItemScore.objects.bulk_create(scores, update_conflicts=True, unique_fields=["scorecard", "item"],
                                          update_fields=["percentage", "points"])
        category_ids = {c.pk for c in categories}
        notes = []
        for category_id, (strengths, improvements) in (comments or {}).items():
            if int(category_id) not in category_ids:
                raise ReviewError(_("类目不属于该申报适用的评审标准。"))
            notes.append(CategoryComment(scorecard=card, category_id=int(category_id), strengths=strengths.strip(),
                                         improvements=improvements.strip()))
        if notes:
            CategoryComment.objects.bulk_create(notes, update_conflicts=True, unique_fields=["scorecard", "category"],
                                                update_fields=["strengths", "improvements"])
        if findings is not None:
            card.findings = findings.strip()
        if percentages is not None and set(map(int, percentages)) >= set(items):
            scored = {s.item_id: s.points for s in scores}  # every item was in this save
        else:
            scored = dict(card.items.values_list("item_id", "points"))
        card.total = sum(scored.values(), Decimal(0))
        fields = ["total", "findings", "updated_at"]
        detail = {"layer": card.layer, "total": str(card.total)}
        if submit:
            complete = {n.category_id for n in notes if n.strengths and n.improvements}
            missing = _missing(card, items_list, categories, scored,
                               commented=complete if complete >= category_ids else None)
            if missing:
                raise ReviewError(_("尚不能提交:") + ";".join(missing))
            transition(SCORECARD_WORKFLOW, card, ScorecardState.SUBMITTED, by=by, ip=ip, locked=True,
                       fields={"submitted_at": timezone.now()}, update_fields=fields,
                       action="review.score_submitted", detail=detail)
        else:
            card.save(update_fields=fields)
            audit_record(action="review.score_saved", actor=by, obj=card, cycle_id=application.cycle_id,
                         application_id=application.pk, ip=ip, detail=detail)
        if submit and card.layer == ScoreLayer.DOCUMENT:
            results_recompute(applications=[application.pk])
        elif submit:
            site_score_recompute(application=application)
    return card


def scorecard_missing(card) -> list[str]:
    """What still stops a submit: unscored items, categories without strengths or improvements."""
    items, categories = standard_layout(card.application)
    return _missing(card, items, categories, set(card.items.values_list("item_id", flat=True)))


def _missing(card, items, categories, scored, *, commented=None) -> list[str]:
    """`commented`: the categories known to have both texts (this save wrote them all), else read."""
    missing = []
    unscored = [i.code for i in items if i.pk not in scored]
    if unscored:
        missing.append(_("未评分条款 %(codes)s") % {"codes": "、".join(unscored)})
    if card.layer == ScoreLayer.DOCUMENT:
        done = commented if commented is not None else {
            c.category_id for c in card.comments.all() if c.strengths.strip() and c.improvements.strip()
        }
        lacking = [c.code for c in categories if c.pk not in done]
        if lacking:
            missing.append(_("类目 %(codes)s 未填写优势或改进机会") % {"codes": "、".join(lacking)})
    elif not card.findings.strip():
        missing.append(_("未填写现场评审发现"))
    return missing


def scorecard_reopen(*, scorecard, reason, by) -> Scorecard:
    """SPEC §7: the agency reopens a submitted scorecard with a reason (logged); the result is recomputed."""
    refuse_closed(scorecard.application.cycle)  # Art. 11: a closed cycle is archived read-only
    require_role(by, Role.AGENCY, Role.OFFICE, message=_("只有第三方评审机构可以退回评分。"))
    if not reason.strip():
        raise ReviewError(_("请填写退回理由。"))
    with transaction.atomic():
        card = Scorecard.objects.select_for_update().select_related("application__cycle").get(pk=scorecard.pk)
        refuse_frozen(card.application, card.layer, loaded=True)  # issue 8: no sending back once the office confirmed
        transition(
            SCORECARD_WORKFLOW, card, ScorecardState.DRAFT, by=by, locked=True, update_fields=["updated_at"],
            fields={"reopen_reason": reason[:300], "submitted_at": None}, action="review.score_reopened",
            detail={"reason": reason}, refusal=_("只有已提交的评分表可以退回。"),
            notices=lambda card: [{
                "recipient": card.expert, "key": f"score-returned:{card.pk}:{card.updated_at.timestamp()}",
                **emails.score_returned(card=card, reason=reason.strip()),
            }],
        )
        if card.layer == ScoreLayer.DOCUMENT:
            result_recompute(application=card.application)
        else:
            site_score_recompute(application=card.application)
    return card


def assignment_for(*, expert, application):
    return Assignment.objects.filter(expert=expert, application=application, state=AssignmentState.ACTIVE).first()
