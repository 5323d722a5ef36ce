"""SPEC §7: experts state preferences (bids) on the applications of their panel before assignment, when the cycle
takes them; the proposal weighs them (review.services.proposal) and a bid never overrides a conflict (Art. 12)."""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from award.models import ApplicationState

from ..models import Assignment, AssignmentState, Bid, BidPreference, PanelMember, Pledge
from ..selectors import is_conflicted
from .common import ReviewError, refuse_barred_expert, refuse_closed


def bid_set(*, application, expert, preference, by) -> Bid | None:
    """Record (or, with an empty `preference`, withdraw) the expert's own bid on an application of their sector's
    panel, before they are assigned to it; refused on a conflicted application (Art. 12) and before the pledge
    (Art. 26). Audited."""
    refuse_closed(application.cycle)
    if by.pk != expert.pk or expert.role != Role.EXPERT:
        raise ReviewError(_("评审意愿只能由专家本人填写。"))
    refuse_barred_expert(expert)  # Art. 27
    if not application.cycle.bids_enabled:
        raise ReviewError(_("本届未开放专家填写评审意愿。"))
    if application.state != ApplicationState.QUALIFIED:
        raise ReviewError(_("该申报不在资料评审中。"))
    if not Pledge.objects.filter(cycle=application.cycle_id, expert=expert).exists():
        raise ReviewError(_("请先签署本届保密与回避承诺。"))
    if not PanelMember.objects.filter(panel__cycle=application.cycle_id, panel__sector=application.sector,
                                      expert=expert).exists():
        raise ReviewError(_("只能对本产业专项评审组的申报填写评审意愿。"))
    if is_conflicted(user=expert, application=application):
        raise ReviewError(_("您与该申报存在利害关系,依第十二条须回避,不能填写评审意愿。"))
    if Assignment.objects.filter(application=application, expert=expert,
                                 state__in=(AssignmentState.PROPOSED, AssignmentState.ACTIVE)).exists():
        raise ReviewError(_("您已被分配评审该申报,评审意愿只在分配前填写。"))
    if preference and preference not in BidPreference.values:
        raise ReviewError(_("请选择评审意愿。"))
    with transaction.atomic():
        if not preference:
            Bid.objects.filter(application=application, expert=expert).delete()
            bid = None
        else:
            bid, _created = Bid.objects.update_or_create(application=application, expert=expert,
                                                         defaults={"preference": preference})
        audit_record(action="review.bid_set", actor=by, obj=application, cycle_id=application.cycle_id,
                     application_id=application.pk, detail={"preference": preference or ""})
    return bid
