"""Closing a cycle (SPEC §12, Art. 11): every duty of the cycle done, then the stage moves to closed through
award's `cycle_advance`, the supervision group is dissolved and the cycle's record becomes a read-only archive.

The duties after the award (prize-fund reports, visits, revocations, Art. 21–24) run for the awards' validity
and are not part of the cycle's close.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from award.models import CycleStage
from award.selectors import awards_without_certificate, open_objections
from award.services import cycle_advance, cycle_stage_blockers

from ..models import ComplaintState, MisconductState, SupervisionGroup
from .common import WorkflowError, office_only
from .group import group_dissolve


def cycle_close_blockers(cycle) -> list[str]:
    """What keeps the cycle from closing, as sentences for the office (empty when it may close)."""
    if cycle.stage == CycleStage.CLOSED:
        return [_("本届已结束。")]
    blockers = []
    if cycle.stage != CycleStage.AWARDED:
        blockers.append(_("本届尚未完成授奖(当前阶段:%(stage)s)。") % {"stage": cycle.get_stage_display()})
    else:
        blockers += [str(b) for b in cycle_stage_blockers(cycle)]
    missing = awards_without_certificate(cycle).count()
    if missing:
        blockers.append(_("还有 %(n)s 个奖项未签发荣誉证书。") % {"n": missing})
    # Open as award means it (Art. 19(六)): not yet ruled on.
    objections = open_objections(cycle).count()
    if objections:
        blockers.append(_("还有 %(n)s 件异议未处理完毕。") % {"n": objections})
    open_complaints = cycle.complaints.filter(state__in=ComplaintState.open_states()).count()
    if open_complaints:
        blockers.append(_("还有 %(n)s 件投诉举报未办结。") % {"n": open_complaints})
    if cycle.misconduct_cases.filter(state=MisconductState.PROPOSED).exists():
        blockers.append(_("还有评审违规事项待办公室决定(第二十七条)。"))
    group = SupervisionGroup.objects.filter(cycle=cycle).first()
    if group is None or not group.is_appointed:
        blockers.append(_("本届评审监督小组未聘任。"))
    elif not cycle.supervision_reports.exists():
        blockers.append(_("评审监督小组尚未向领导小组报告监督情况(第十一条)。"))
    return blockers


@transaction.atomic
def cycle_close(*, cycle, by, ip=None):
    """Close the cycle when nothing blocks it: stage → closed, supervision group dissolved (Art. 11)."""
    office_only(by)
    blockers = cycle_close_blockers(cycle)
    if blockers:
        raise WorkflowError(_("本届暂不能结束。"), reasons=blockers)
    cycle = cycle_advance(cycle=cycle, by=by)
    group_dissolve(group=SupervisionGroup.objects.get(cycle=cycle), by=by, ip=ip)
    return cycle
