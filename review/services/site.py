"""Art. 19(四): the site review. A conflict-free team from the sector's panel visits on a scheduled date, each
member scores the same standard (verified scores) with findings, and the team leader submits the report."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.refusals import require_role
from award.models import ApplicationState

from .. import emails
from ..models import PanelMember, Scorecard, ScorecardState, ScoreLayer, SiteTeamMember, SiteVisit
from ..selectors import is_conflicted
from .common import (  # noqa: F401,E501 — visit_not_yet re-exported
    ReviewError,
    grants_sync,
    refuse_barred_expert,
    refuse_before_visit,
    refuse_closed,
    visit_not_yet,
)
from .freeze import refuse_frozen
from .results import site_score_recompute
from .scoring import _check_may_score


def site_visit_schedule(*, application, leader, members, scheduled_for, by) -> SiteVisit:
    """Schedule the visit and its team (leader included); refuses a conflicted member or one outside the panel."""
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    require_role(by, Role.AGENCY, Role.OFFICE, message=_("只有第三方评审机构可以安排现场评审。"))
    refuse_frozen(application, ScoreLayer.SITE)  # issue 8
    if application.state != ApplicationState.SITE_REVIEW:
        raise ReviewError(_("该申报未进入现场评审。"))
    team = {m.pk: m for m in list(members) + [leader]}
    minimum = application.cycle.site_team_min_size
    if len(team) < minimum:  # a cycle rule: a site team of at least this many experts, the leader included
        raise ReviewError(_("现场评审组至少须有 %(n)s 名专家(含组长,本届规定),当前只选了 %(have)s 名。")
                          % {"n": minimum, "have": len(team)})
    for expert in team.values():
        refuse_barred_expert(expert)  # Art. 27
        if is_conflicted(user=expert, application=application):
            raise ReviewError(_("%(name)s与申报方存在利害关系,依第十二条须回避。") % {"name": expert})
        if not PanelMember.objects.filter(panel__cycle=application.cycle_id, panel__sector=application.sector,
                                          expert=expert).exists():
            raise ReviewError(_("%(name)s不在本产业的专项评审组中。") % {"name": expert})
    with transaction.atomic():
        visit, _created = SiteVisit.objects.update_or_create(
            application=application,
            defaults={"leader": leader, "scheduled_for": scheduled_for, "created_by": by},
        )
        if visit.report_submitted_at:
            raise ReviewError(_("现场评审报告已提交,不能再调整。"))
        old = set(visit.members.values_list("expert_id", flat=True))
        SiteTeamMember.objects.filter(visit=visit).exclude(expert_id__in=team).delete()
        for expert in team.values():
            SiteTeamMember.objects.get_or_create(visit=visit, expert=expert)
        for expert_id in old - set(team):
            grants_sync(expert=get_user_model().objects.get(pk=expert_id), application=application)
        for expert in team.values():
            grants_sync(expert=expert, application=application)
            notify(recipient=expert, event="visit_scheduled",
                   **emails.visit_scheduled(application=application, scheduled_for=scheduled_for, for_expert=True),
                   link=reverse("review:site_visit", kwargs={"pk": visit.pk}),
                   key=f"visit:{visit.pk}:{expert.pk}:{scheduled_for}")
        notify(recipient=application.applicant, event="visit_scheduled",
               **emails.visit_scheduled(application=application, scheduled_for=scheduled_for, for_expert=False),
               key=f"visit:{visit.pk}:applicant:{scheduled_for}")
        audit_record(action="review.site_visit_scheduled", actor=by, obj=visit, cycle_id=application.cycle_id,
                     application_id=application.pk,
                     detail={"date": str(scheduled_for), "team": sorted(e.username for e in team.values()),
                             "leader": leader.username})
    return visit


def site_scorecard_open(*, visit, by) -> Scorecard:
    if not SiteTeamMember.objects.filter(visit=visit, expert=by).exists():
        raise ReviewError(_("您不是该现场评审组成员。"))
    _check_may_score(expert=by, application=visit.application)
    card, _created = Scorecard.objects.get_or_create(
        application=visit.application, expert=by, layer=ScoreLayer.SITE, defaults={"site_visit": visit}
    )
    return card


def site_report_submit(*, visit, findings, report, by) -> SiteVisit:
    """The team leader submits the site-review report once every member's verified score is in."""
    refuse_closed(visit.application.cycle)  # Art. 11: a closed cycle is archived read-only
    if visit.leader_id != by.pk:
        raise ReviewError(_("只有现场评审组组长可以提交现场评审报告。"))
    refuse_barred_expert(by)  # Art. 27: a disqualified leader waits to be replaced
    if not report.strip():
        raise ReviewError(_("请填写现场评审报告。"))
    with transaction.atomic():
        visit = SiteVisit.objects.select_for_update().select_related("application__cycle").get(pk=visit.pk)
        refuse_frozen(visit.application, ScoreLayer.SITE, loaded=True)  # issue 8
        if visit.report_submitted_at:
            raise ReviewError(_("现场评审报告已提交。"))
        refuse_before_visit(visit)  # Art. 19(四)
        members = set(visit.members.values_list("expert_id", flat=True))
        done = set(Scorecard.objects.filter(site_visit=visit, state=ScorecardState.SUBMITTED)
                   .values_list("expert_id", flat=True))
        voided = set(Scorecard.objects.filter(site_visit=visit, state=ScorecardState.VOID)
                     .values_list("expert_id", flat=True))
        if members - done - voided:
            raise ReviewError(_("尚有组员未提交现场评分。"))
        visit.findings, visit.report, visit.report_submitted_at = findings.strip(), report.strip(), timezone.now()
        visit.save(update_fields=["findings", "report", "report_submitted_at"])
        score = site_score_recompute(application=visit.application)
        audit_record(action="review.site_report_submitted", actor=by, obj=visit,
                     cycle_id=visit.application.cycle_id, application_id=visit.application_id,
                     detail={"site_score": str(score)})
    return visit
