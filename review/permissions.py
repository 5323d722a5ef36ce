"""Who may do what in the review, as predicates that say why not (STYLE §3).

Art. 12 first: a recusal or a recorded conflict denies before any role or grant is looked at, superusers
included. Then Art. 26: an expert — and an agency user — sees nothing of a cycle before signing its pledge.
"""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.permissions import ALLOW, deny, is_active_user
from award.permissions import is_recused

from .access import expert_material_access
from .models import Agency, AssignmentState, Panel, Pledge, ScorecardState, SiteTeamMember
from .services.discussion import discussion_access

RECUSAL_REASON = gettext_lazy("您与该申报存在利害关系,依第十二条须回避。")  # lazy: said in the user's language




def has_pledged(user, cycle_id):
    return Pledge.objects.filter(cycle_id=cycle_id, expert=user).exists()


def _agency_of_cycle(user, cycle_id):
    """Art. 10, 12, 26: the user serves the cycle's entrusted agency and has signed the cycle's pledge (the
    agency's staff see the applications' material, scores and survey answers as the experts do)."""
    if not Agency.objects.filter(cycle=cycle_id, members__user=user).exists():
        return deny(_("您不是本届受委托的评审机构人员。"))
    if not has_pledged(user, cycle_id):
        return deny(_("您尚未签署本届评审的保密与回避承诺(第十二条、第二十六条),签署前不能查看任何申报材料。"),
                    link=f'{reverse("review:pledge_sign")}?cycle={cycle_id}', link_label=_("签署保密与回避承诺"))
    return ALLOW

def can_open_application(user, application):
    """Art. 12, 26: may the user open the application's review pages (form, scores, reports)?"""
    if not is_active_user(user):
        return deny(_("请先登录。"))
    if user.role == Role.EXPERT:  # the expert's rule asks about conflicts and recusals first, in its one query
        return expert_material_access(user, application)
    if is_recused(user, application):
        return deny(RECUSAL_REASON)
    if user.role == Role.OFFICE:
        return ALLOW
    if user.role == Role.AGENCY:
        return _agency_of_cycle(user, application.cycle_id)
    return deny(_("您无权查看该申报的评审信息。"))


def can_read_own_scorecard(user, card):
    """Art. 26: after the work, an expert keeps only their own submitted scorecard (their percentages and
    comments) — never the applicant's material; a conflict (Art. 12) hides it too."""
    if not is_active_user(user) or user.role != Role.EXPERT:
        return deny(_("只有评审专家本人可以查看自己的评分表。"))
    if card.expert_id != user.pk:
        return deny(_("只能查看本人的评分表。"))
    if is_recused(user, card.application):
        return deny(RECUSAL_REASON)
    if card.state != ScorecardState.SUBMITTED:
        return deny(_("该评分表未提交或已作废。"))
    return ALLOW


def can_score(user, assignment):
    """The expert's own active assignment, pledge signed, no conflict."""
    verdict = can_open_application(user, assignment.application)
    if not verdict:
        return verdict
    if assignment.expert_id != user.pk:
        return deny(_("只能填写本人的评分表。"))
    if assignment.state != AssignmentState.ACTIVE:
        return deny(_("该评审任务不在评审中。"))
    return ALLOW


def can_lead_consensus(user, application):
    verdict = can_open_application(user, application)
    if not verdict:
        return verdict
    if not Panel.objects.filter(cycle=application.cycle_id, sector=application.sector, leader=user).exists():
        return deny(_("只有本产业专项评审组组长可以组织共识评分。"))
    return ALLOW


def can_read_discussion(user, application):
    """SPEC §7, Art. 12, 26: the panel's discussion and the side-by-side peer scores (review.services.discussion)."""
    return discussion_access(user, application)


def can_open_consensus(user, application):
    """SPEC §7: the cycle's agency or the office opens a consensus round on any application (recusal first)."""
    verdict = can_open_application(user, application)
    if not verdict:
        return verdict
    if user.role not in (Role.AGENCY, Role.OFFICE):
        return deny(_("只有评审机构或领导小组办公室可以发起共识评分。"))
    return ALLOW


def can_see_feedback(user, application):
    """Art. 19(三): the applicant sees its feedback once the office released it; the office always (unless
    recused)."""
    if not is_active_user(user):
        return deny(_("请先登录。"))
    if is_recused(user, application):
        return deny(RECUSAL_REASON)
    if user.role == Role.OFFICE:
        return ALLOW
    if user.role in Role.applicant_roles() and application.applicant_id == user.pk:
        result = getattr(application, "document_result", None)
        if result is not None and result.confirmed_at:
            return ALLOW
        return deny(_("资料评审结果尚未经办公室确认反馈。"))
    return deny(_("您无权查看该反馈。"))


def can_act_as_agency(user, cycle):
    """The cycle's agency at work: a member who signed the cycle's pledge (Art. 26)."""
    if not is_active_user(user):
        return deny(_("请先登录。"))
    if user.role != Role.AGENCY:
        return deny(_("您不是本届受委托的评审机构人员。"))
    return _agency_of_cycle(user, getattr(cycle, "pk", cycle))


def can_see_site_report(user, application):
    """Art. 19(四): the site report goes to the office; the agency and the site team see it too (recusal first)."""
    verdict = can_open_application(user, application)
    if not verdict:
        return verdict
    if user.role == Role.EXPERT and not SiteTeamMember.objects.filter(
        visit__application=application, expert=user
    ).exists():
        return deny(_("您不是该现场评审组成员。"))
    return ALLOW


def can_see_survey_report(user, application):
    """Art. 19(四): the satisfaction report is the agency's, sent to the office; experts do not need it."""
    verdict = can_open_application(user, application)
    if not verdict:
        return verdict
    if user.role not in (Role.OFFICE, Role.AGENCY):
        return deny(_("满意度测评报告仅送领导小组办公室和评审机构。"))
    return ALLOW


def can_manage_pool(user):
    """SPEC §6: the agency (acting for a cycle's agency) and the office build the expert pool."""
    if not is_active_user(user):
        return deny(_("请先登录。"))
    if user.role == Role.OFFICE:
        return ALLOW
    if user.role == Role.AGENCY and Agency.objects.filter(members__user=user).exists():
        return ALLOW
    return deny(_("只有第三方评审机构或领导小组办公室可以管理专家库。"))


def can_see_conflict_matrix(user, cycle):
    """Art. 12: the office and the cycle's agency see every expert × application conflict of the cycle."""
    if not is_active_user(user):
        return deny(_("请先登录。"))
    if user.role == Role.OFFICE:
        return ALLOW
    if user.role == Role.AGENCY and Agency.objects.filter(cycle=cycle, members__user=user).exists():
        return ALLOW
    return deny(_("只有本届评审机构和领导小组办公室可以查看利害关系矩阵。"))
