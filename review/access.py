"""Art. 12, 26: the one rule that decides whether an expert sees an application's material.

Both doors ask it: review's predicates (`review.permissions.can_open_application`) and, through the rule review
registers with award, award's application and evidence views; the guardian grants are written from it
(`review.services.common.grants_sync`). So a grant without the rule, or the rule without a grant, is refused.
"""
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import ALLOW, deny
from award.models import ApplicationState, CycleStage, Recusal

from .models import AssignmentState, Conflict, Panel, Pledge, ReviewerBar, SiteTeamMember

# Art. 26: access ends with the work. A document expert (and the panel leader holding a consensus round) works
# while the application's document review is unconfirmed and the cycle has not moved past document review; a
# site-team member while the application is in site review and the cycle has not moved on to comprehensive
# review. Nobody keeps access once the cycle is past its review (at the latest when its awards are granted).
_AFTER_SITE_REVIEW = (CycleStage.COMPREHENSIVE_REVIEW, CycleStage.PUBLIC_NOTICE, CycleStage.APPROVAL,
                      CycleStage.AWARDED, CycleStage.CLOSED)
DOCUMENT_SEAT_ENDED = (CycleStage.SITE_REVIEW, *_AFTER_SITE_REVIEW)
SITE_SEAT_ENDED = _AFTER_SITE_REVIEW


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _conflicted(user, application):
    return (Conflict.objects.filter(expert=user, application=application).exists()
            or Recusal.objects.filter(user=user, application=application).exists())


def _document_seat_open(application):
    return (application.state == ApplicationState.QUALIFIED
            and application.cycle.stage not in DOCUMENT_SEAT_ENDED)


def _site_seat_open(application):
    return application.state == ApplicationState.SITE_REVIEW and application.cycle.stage not in SITE_SEAT_ENDED


def expert_material_access(user, application):
    """Art. 12, 26: the one rule that decides whether an expert sees an application's material (its form,
    evidence, scores and reports): no conflict, no Art. 27 bar, the cycle's pledge signed, and a seat whose stage
    is still running — an active document assignment (or the panel's lead) while the document review of the
    application is unconfirmed, a site-team seat while its site review runs. The guardian grant that award's
    views check is written from this same rule (`review.services.common.grants_sync`), and award's predicate
    asks this rule too, so revoking either one denies."""
    if not _active(user) or user.role != Role.EXPERT:
        return deny(_("您无权查看该申报的评审信息。"))
    if _conflicted(user, application):
        return deny(_("您与该申报存在利害关系,依第十二条须回避。"))
    if ReviewerBar.objects.filter(user=user).exists():
        return deny(_("您已依第二十七条被取消评审工作资格。"))
    if not Pledge.objects.filter(cycle_id=application.cycle_id, expert=user).exists():
        return deny(_("您尚未签署本届评审的保密与回避承诺(第十二条、第二十六条),签署前不能查看任何申报材料。"),
                    link=reverse("review:pledge_sign"), link_label=_("签署保密与回避承诺"))
    seated = False
    if application.assignments.filter(expert=user, state=AssignmentState.ACTIVE).exists() or Panel.objects.filter(
        cycle=application.cycle_id, sector=application.sector, leader=user
    ).exists():
        seated = True
        if _document_seat_open(application):
            return ALLOW
    if SiteTeamMember.objects.filter(visit__application=application, expert=user).exists():
        seated = True
        if _site_seat_open(application):
            return ALLOW
    if seated:
        return deny(_("您承担的评审环节已经结束,依第二十六条不再保留申报材料的查看权限;"
                      "您本人提交的评分表可在“我的评审记录”中查看。"))
    return deny(_("您未被分配评审该申报。"))
