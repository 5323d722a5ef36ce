"""What every review service shares: the error it raises, the guardian grants that follow an expert's work, and
the Art. 27 bar every service checks before it lets an expert or an agency work."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from accounts.dates import date_text
from accounts.models import Role
from accounts.permissions import is_active_user
from accounts.refusals import WorkflowError
from award.models import Application, CycleStage

from ..access import access_verdict, expert_material_access, expert_standings
from ..models import (
    Assignment,
    BarSubject,
    ExpertProfile,
    ReviewerBar,
    SiteTeamMember,
)

GRANTED_PERMS = ("award.view_application", "award.view_evidence")


# The one refusal type (accounts.refusals); review's services and views keep calling it by this name.
ReviewError = WorkflowError


def refuse_closed(cycle):
    """Art. 11 (SPEC §12): a closed cycle is archived read-only, so no review record of it may change any more
    (an Art. 27 disqualification is the exception and does not call this)."""
    if cycle.stage == CycleStage.CLOSED:
        raise ReviewError(_("本届评审工作已结束并归档,不能再修改。"))


def grants_sync(*, expert, application):
    """Art. 12, 26: grant the expert the application and its evidence exactly while the access rule
    (`review.access.expert_material_access`: pledge signed, a seat whose stage still runs, no conflict) allows
    it, and take the grant back otherwise; an Art. 27 bar on the ID number always takes it back."""
    application = Application.objects.select_related("cycle").get(pk=application.pk)
    needed = expert_bar(expert=expert) is None and bool(expert_material_access(expert, application))
    for perm in GRANTED_PERMS:
        if needed:
            assign_perm(perm, expert, application)
        else:
            remove_perm(perm, expert, application)
    return needed


def grants_sync_cycle(*, cycle, expert=None):
    """Art. 26: bring every expert grant of the cycle (or of one expert in it) in line with the access rule —
    after a pledge, a confirmed shortlist, or a stage change ends a seat's work. Set-based (issue 12): the rule's
    facts for every expert × application pair in one query, the grants held in one, then the missing ones
    inserted and the surplus deleted together, as grants_sync would have done pair by pair."""
    mine = {} if expert is None else {"expert": expert}
    pairs = set(Assignment.objects.filter(application__cycle=cycle, **mine).values_list("expert_id", "application_id"))
    pairs |= set(SiteTeamMember.objects.filter(visit__application__cycle=cycle, **mine)
                 .values_list("expert_id", "visit__application_id"))
    if not pairs:
        return
    users = get_user_model().objects.only("is_active", "role").in_bulk({e for e, _a in pairs})
    applications = Application.objects.select_related("cycle").only("state", "cycle__stage").in_bulk(
        {a for _e, a in pairs})
    standings = expert_standings(pairs)
    needed = {
        (e, a) for (e, a) in pairs
        if (e, a) in standings and is_active_user(users[e]) and users[e].role == Role.EXPERT
        and access_verdict(standings[(e, a)], applications[a]) is None
    }
    content_type = ContentType.objects.get_for_model(Application)
    perms = list(Permission.objects.filter(content_type=content_type,
                                           codename__in=[p.split(".")[1] for p in GRANTED_PERMS]))
    held = {(row[1], int(row[2]), row[3]): row[0] for row in UserObjectPermission.objects.filter(
        content_type=content_type, permission__in=perms, user_id__in={e for e, _a in pairs},
        object_pk__in=[str(a) for a in applications]).values_list("pk", "user_id", "object_pk", "permission_id")}
    wanted = {(e, a, p.pk) for e, a in needed for p in perms}
    surplus = [pk for (e, a, perm), pk in held.items() if (e, a) in pairs and (e, a, perm) not in wanted]
    UserObjectPermission.objects.bulk_create(
        UserObjectPermission(user_id=e, object_pk=str(a), content_type=content_type, permission_id=perm)
        for e, a, perm in sorted(wanted - set(held)))
    if surplus:
        UserObjectPermission.objects.filter(pk__in=surplus).delete()


def expert_bar(*, expert) -> ReviewerBar | None:
    """Art. 27: the earliest bar on the expert, recorded on the account or on the ID number of its profile (so a
    new account of the same person is barred too); None when the expert may work."""
    id_numbers = ExpertProfile.objects.filter(user=expert).exclude(id_number="").values(upper=Upper("id_number"))
    return (ReviewerBar.objects.filter(Q(user=expert) | Q(id_number__in=id_numbers), subject=BarSubject.EXPERT)
            .order_by("decided_at", "id").first())


def agency_bar(*, credit_code) -> ReviewerBar | None:
    """Art. 27: the earliest bar on an agency's unified social credit code; None when it may be entrusted."""
    if not credit_code:
        return None
    return (ReviewerBar.objects.filter(subject=BarSubject.AGENCY, credit_code=credit_code.strip().upper())
            .order_by("decided_at", "id").first())


def barred_experts_q(prefix="") -> Q:
    """Art. 27: a filter matching barred expert users (by account or ID number), for `.exclude()` on a query of
    users, or of rows pointing at them through `prefix` (e.g. "expert__")."""
    barred_ids = ReviewerBar.objects.filter(subject=BarSubject.EXPERT).exclude(id_number="").values("id_number")
    return (Q(**{f"{prefix}reviewer_bars__subject": BarSubject.EXPERT})
            | Q(**{f"{prefix}expert_profile__id_number__in": barred_ids}))


def refuse_barred_expert(expert):
    """Art. 27: raise with the date and the article when the expert has been disqualified."""
    bar = expert_bar(expert=expert)
    if bar is not None:
        raise ReviewError(
            _("%(name)s已于%(day)s依《滨州市市长质量奖管理办法》第二十七条被取消评审工作资格,不得再参与评审工作。")
            % {"name": bar.name, "day": date_text(timezone.localtime(bar.decided_at).date())}
        )


def refuse_barred_agency(credit_code):
    """Art. 27: raise with the date and the article when the agency's credit code has been disqualified."""
    bar = agency_bar(credit_code=credit_code)
    if bar is not None:
        raise ReviewError(
            _("%(name)s(统一社会信用代码 %(code)s)已于%(day)s依《滨州市市长质量奖管理办法》第二十七条被取消评审"
              "工作资格,不得再受委托承担评审工作。")
            % {"name": bar.name, "code": bar.credit_code,
               "day": date_text(timezone.localtime(bar.decided_at).date())}
        )


def visit_not_yet(visit, today=None) -> str:
    """Art. 19(四): what is verified on site is recorded on or after the scheduled visit date; before it, the
    reason a site score or report is refused ('' once the day has come, Asia/Shanghai)."""
    today = today or timezone.localdate()
    if today < visit.scheduled_for:
        return _("现场评审安排在%(day)s,现场核实评分和现场评审报告须在现场评审当日或之后填报(第十九条第四项)。") % {
            "day": date_text(visit.scheduled_for)}
    return ""


def refuse_before_visit(visit, today=None):
    why = visit_not_yet(visit, today)
    if why:
        raise ReviewError(why)
