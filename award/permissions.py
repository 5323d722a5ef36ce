"""Who may see and do what on an application, as predicates that say why not.

Order matters: an explicit deny (a recusal, Art. 12) wins over every grant; then the role's own rule; then the
object grants recorded with django-guardian (experts, the agency, supervisors get them from the higher apps).
A superuser passes guardian's checks, so every predicate gates on the role first.
"""
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission, UserObjectPermission

from accounts.models import Role
from accounts.permissions import ALLOW, deny, is_active_user

from .models import ApplicationState, Recusal, has_dossier
from .workflows import WITHDRAWABLE

GRANTED_ROLES = (Role.EXPERT, Role.AGENCY, Role.SUPERVISOR, Role.LEADING_GROUP)

# Rules a higher app adds for a role's grant (Art. 26: an expert's grant holds only while review's own rule — the
# pledge, a seat whose stage still runs — says so). Registered by `review.apps.ReviewConfig.ready`, so award never
# imports review (STYLE §4); a grant without the rule, or the rule without a grant, is refused.
_GRANT_RULES: dict[str, list] = {}


def has_object_grant(user, codename, obj) -> bool:
    """guardian's object check — a grant to the user or to one of their groups; an active superuser passes — in
    one query rather than guardian's two (issue 12: pages stay within their query ceiling)."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    grant = {"permission__codename": codename, "permission__content_type": ContentType.objects.get_for_model(obj),
             "object_pk": str(obj.pk)}
    return (UserObjectPermission.objects.filter(user=user, **grant).values("pk")
            .union(GroupObjectPermission.objects.filter(group__user=user, **grant).values("pk")).exists())


def register_grant_rule(role, rule):
    """Add `rule(user, application) -> Verdict` to what a `role` user's object grant must also satisfy."""
    rules = _GRANT_RULES.setdefault(role, [])
    if rule not in rules:
        rules.append(rule)


def _grant_rules_verdict(user, application):
    for rule in _GRANT_RULES.get(user.role, ()):
        verdict = rule(user, application)
        if not verdict:
            return verdict
    return ALLOW


def is_recused(user, application):
    return Recusal.objects.filter(application=application, user=user).exists()


def can_view_application(user, application):
    if not is_active_user(user):
        return deny(_("请先登录。"))
    if is_recused(user, application):
        return deny(_("您与该申报存在利害关系,依第十二条须回避。"))
    if user.role == Role.OFFICE:
        return ALLOW
    if user.role in Role.applicant_roles():
        if application.applicant_id == user.pk:
            return ALLOW
        return deny(_("这不是您的申报。"))
    if user.role == Role.RECOMMENDER:
        if application.recommender_id and application.recommender_id == user.recommender_id and (
            application.state != ApplicationState.DRAFT
        ):
            return ALLOW
        return deny(_("该申报未选择贵单位作为推荐单位。"))
    if user.role in GRANTED_ROLES:
        verdict = _grant_rules_verdict(user, application)
        if not verdict:
            return verdict
        if has_object_grant(user, "view_application", application):
            return ALLOW
    return deny(_("您无权查看该申报。"))


def can_view_evidence(user, application):
    """Evidence follows the application; a granted role also needs the evidence grant (review writes both from
    the same rule, Art. 26)."""
    verdict = can_view_application(user, application)
    if not verdict or user.role not in GRANTED_ROLES:
        return verdict
    if has_object_grant(user, "view_evidence", application):
        return ALLOW
    return deny(_("您无权查看该申报的证实性材料。"))


DOSSIER_ROLES = (Role.OFFICE, Role.RECOMMENDER, Role.EXPERT, *Role.applicant_roles())


def can_view_dossier(user, application):
    """The printable dossier (申报书): the applicant (own), its recommender and the office; an expert only as the
    application's own rule allows (the grant, the pledge and the stage, Art. 12, 26). Only once submitted."""
    verdict = can_view_application(user, application)
    if not verdict:
        return verdict
    if user.role not in DOSSIER_ROLES:
        return deny(_("只有申报人、推荐单位、领导小组办公室和评审专家可以下载申报书。"))
    if not has_dossier(application):
        return deny(_("申报书只在申报提交后、且不在补正或重新选择推荐单位期间提供。"))
    return ALLOW


def can_edit_application(user, application):
    if not is_active_user(user) or user.role not in Role.applicant_roles() or application.applicant_id != user.pk:
        return deny(_("只有申报人本人可以修改申报。"))
    if not application.is_editable:
        return deny(_("申报当前状态为“%(state)s”,已锁定。") % {"state": application.get_state_display()})
    return ALLOW


def can_withdraw_application(user, application):
    if not is_active_user(user) or application.applicant_id != user.pk or user.role not in Role.applicant_roles():
        return deny(_("只有申报人本人可以撤回申报。"))
    if application.state not in WITHDRAWABLE:
        return deny(_("资格审查已有结论,申报不能撤回。"))
    return ALLOW


def can_endorse_application(user, application):
    verdict = can_view_application(user, application)
    if not verdict:
        return verdict
    if user.role != Role.RECOMMENDER:
        return deny(_("只有推荐单位可以签署推荐意见。"))
    if application.state != ApplicationState.SUBMITTED:
        return deny(_("该申报当前不需要推荐意见。"))
    return ALLOW


def can_review_qualification(user, application):
    verdict = can_view_application(user, application)
    if not verdict:
        return verdict
    if user.role != Role.OFFICE:
        return deny(_("只有领导小组办公室可以进行资格审查。"))
    if application.state != ApplicationState.ENDORSED:
        return deny(_("该申报当前不在资格审查环节。"))
    return ALLOW


def can_supervise_cycle(user, cycle):
    """Art. 11: a supervisor reads the record of the cycle whose group they sit in — the grant the supervision app
    records on the cycle when it appoints the group (guardian "award.view_cycle")."""
    if not is_active_user(user) or user.role != Role.SUPERVISOR:
        return deny(_("只有评审监督小组成员可以查看。"))
    if has_object_grant(user, "view_cycle", cycle):
        return ALLOW
    return deny(_("您不是本届评审监督小组成员。"))


def can_read_cycle_decisions(user, cycle):
    """The office, the leading group, and the cycle's own supervisors."""
    if is_active_user(user) and user.role in (Role.OFFICE, Role.LEADING_GROUP):
        return ALLOW
    return can_supervise_cycle(user, cycle)
