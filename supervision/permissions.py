"""Who may see and do what in supervision (Art. 11, 27), as predicates that say why not.

Supervisors read their own cycle's record and write only complaint handling, opinions, reports and misconduct
proposals; the office runs the group, the cycle's close and everything after the award; the leading group reads
what is put before it. A superuser without one of these roles is none of them.
"""
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import ALLOW, deny, has_role

from .models import SupervisionMember


def is_member_of(user, cycle) -> bool:
    """Art. 11: an active supervisor sitting in the cycle's appointed, not yet dissolved group."""
    if cycle is None or not has_role(user, Role.SUPERVISOR):
        return False
    return SupervisionMember.objects.filter(
        user=user, group__cycle=cycle, group__appointed_at__isnull=False, group__dissolved_at__isnull=True
    ).exists()


def can_read_record(user, cycle):
    """The cycle's process record and audit log: the office, and the cycle's supervisors (SPEC §14)."""
    if has_role(user, Role.OFFICE) or is_member_of(user, cycle):
        return ALLOW
    return deny(_("只有本届评审监督小组成员和领导小组办公室可以查看本届评审记录。"))


def can_supervise(user, cycle):
    """Writing opinions, reports and misconduct proposals: the cycle's supervisors, while the cycle is live."""
    if not is_member_of(user, cycle):
        return deny(_("只有本届评审监督小组成员可以办理。"))
    if cycle.stage == "closed":
        return deny(_("本届已结束并归档,只能查看。"))
    return ALLOW


def can_handle_complaint(user, complaint):
    """The supervisors of the complaint's cycle handle it; the office may too (Art. 25 is the office's)."""
    if has_role(user, Role.OFFICE) or is_member_of(user, complaint.cycle):
        return ALLOW
    return deny(_("只有本届评审监督小组成员和领导小组办公室可以办理投诉举报。"))


def can_file_fund_report(user, award):
    """Art. 21: the winning organization itself reports on its prize."""
    if has_role(user, Role.ORGANIZATION, Role.INDIVIDUAL) and award.application.applicant_id == user.pk:
        return ALLOW
    return deny(_("只有获奖组织本身可以填报奖金使用报告。"))


def can_read_decisions(user):
    """Reports and revocation proposals put before the leading group; the office sees them too."""
    if has_role(user, Role.LEADING_GROUP, Role.OFFICE):
        return ALLOW
    return deny(_("只有质量强市工作领导小组和办公室可以查看。"))


# Art. 8(三), 19(五): the stages in which the leading group has the cycle's results before it (the deliberation
# and what follows from it); before comprehensive review the results are still the agency's work in progress.
DELIBERATION_STAGES = ("comprehensive_review", "public_notice", "approval", "awarded")


def can_read_comprehensive_review(user, cycle):
    """Art. 8(三), 19(五): the leading group (and the office that prepares it) reads the comprehensive review of a
    cycle before and during its deliberation — read-only, and only once the cycle has reached it."""
    if not has_role(user, Role.LEADING_GROUP, Role.OFFICE):
        return deny(_("只有质量强市工作领导小组和办公室可以查看综合评审情况。"))
    if cycle.stage not in DELIBERATION_STAGES:
        return deny(_("%(cycle)s尚未进入综合评审阶段,评审结果尚未提交领导小组审议(第十九条第五项)。") % {"cycle": cycle})
    return ALLOW
