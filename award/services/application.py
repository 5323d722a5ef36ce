"""Services for an application's life from draft to submission and withdrawal (Art. 19(一)).

Evidence files are in evidence.py, the recommender's and the office's rulings in qualification.py, and
`application_transition` (the one function that moves `Application.state`) in transition.py.
"""
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import GroupObjectPermission
from guardian.shortcuts import assign_perm

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.models import Role
from accounts.notifications import notify_many
from accounts.selectors import office_users

from .. import emails
from ..dossier import related_rows, submission_prefetch
from ..eligibility import eligibility_checks, eligibility_failures
from ..models import (
    Application,
    ApplicationKind,
    ApplicationState,
    Endorsement,
    SelfAssessment,
    YearFigure,
)
from ..workflows import WITHDRAWABLE
from .dossier import dossier_snapshot
from .transition import WorkflowError, application_transition


def application_link(application):
    return reverse("award:application_detail", kwargs={"pk": application.pk})


# What a recommender's accounts may do with an application submitted to it (Art. 19(一)).
RECOMMENDER_GRANTS = ("view_application", "endorse_application", "view_evidence")


def recommender_group(recommender):
    """The guardian group holding a recommender's object grants; its users are the recommender's accounts.
    One statement whether or not it exists yet (INSERT … ON CONFLICT)."""
    (group,) = Group.objects.bulk_create(
        [Group(name=f"recommender:{recommender.pk}")], update_conflicts=True, unique_fields=["name"],
        update_fields=["name"],
    )
    return group


def recommender_grant(recommender, application):
    """Give the recommender's group RECOMMENDER_GRANTS on `application` (guardian object permissions), in three
    statements whatever was granted before."""
    group = recommender_group(recommender)
    permissions = Permission.objects.filter(
        content_type__app_label=Application._meta.app_label, content_type__model=Application._meta.model_name,
        codename__in=RECOMMENDER_GRANTS,
    )
    GroupObjectPermission.objects.bulk_create(
        [
            GroupObjectPermission(group=group, permission_id=permission.pk, content_type_id=permission.content_type_id,
                                  object_pk=str(application.pk))
            for permission in permissions
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def application_create(*, cycle, applicant, ip=None):
    """Start a draft for `applicant` in `cycle`, with a row per evaluated year and per standard category."""
    if cycle.stage != "open" or not cycle.is_call_published:
        raise WorkflowError(_("本届尚未开放申报。"))
    if applicant.role == Role.ORGANIZATION:
        profile = getattr(applicant, "organization", None)
        kind, name = ApplicationKind.ORGANIZATION, getattr(profile, "name", "")
    elif applicant.role == Role.INDIVIDUAL:
        profile = getattr(applicant, "individual", None)
        kind, name = ApplicationKind.INDIVIDUAL, getattr(profile, "name", "")
    else:
        raise WorkflowError(_("只有申报组织或申报个人可以申报。"))
    if profile is None:
        raise WorkflowError(_("请先完善申报档案。"))
    live = Application.objects.filter(cycle=cycle, applicant=applicant).exclude(state=ApplicationState.WITHDRAWN)
    if live.exists():
        raise WorkflowError(_("您在本届已有一份申报,不能重复申报。"))
    earlier = (
        Application.objects.filter(applicant=applicant).exclude(cycle=cycle)
        .exclude(state__in=ApplicationState.finished()).select_related("cycle").first()
    )
    if earlier is not None:
        raise WorkflowError(
            _("您在%(cycle)s的申报仍在评审中,评审结束后才能申报新的一届。") % {"cycle": earlier.cycle}
        )
    application = Application.objects.create(
        cycle=cycle,
        kind=kind,
        applicant=applicant,
        organization=profile if kind == ApplicationKind.ORGANIZATION else None,
        individual=profile if kind == ApplicationKind.INDIVIDUAL else None,
        applicant_name=name,
        sector=profile.sector,
    )
    application.reference = f"BZ{cycle.number}-{'O' if kind == ApplicationKind.ORGANIZATION else 'P'}-{application.pk:04d}"
    application.save(update_fields=["reference"])
    YearFigure.objects.bulk_create(
        YearFigure(application=application, year=year) for year in application.evaluation_years()
    )
    SelfAssessment.objects.bulk_create(
        SelfAssessment(application=application, category=category)
        for category in cycle.standard_for(kind).categories.all()
    )
    assign_perm("award.view_application", applicant, application)
    assign_perm("award.change_application", applicant, application)
    assign_perm("award.view_evidence", applicant, application)
    audit_record(
        action="application.created", actor=applicant, obj=application, cycle_id=cycle.pk,
        application_id=application.pk, ip=ip,
    )
    return application


def ensure_editable(application):
    if not application.is_editable:
        raise WorkflowError(
            _("申报当前状态为“%(state)s”,已锁定,不能修改。") % {"state": application.get_state_display()}
        )


def application_checks(application, *, on_date=None):
    """Every data-checkable eligibility rule for this application (Art. 6, 15, 17, 18, 24)."""
    return eligibility_checks(
        cycle=application.cycle,
        kind=application.kind,
        organization=application.organization,
        individual=application.individual,
        on_date=on_date or timezone.localdate(),
    )


def application_completeness(application):
    """What the form still lacks before it can be submitted, as sentences for the applicant."""
    figures = list(related_rows(application, "year_figures"))
    assessments = list(related_rows(application, "self_assessments", "category"))
    missing = []
    if not application.summary.strip():
        missing.append(_("请填写质量工作概述。"))
    if application.kind == ApplicationKind.INDIVIDUAL and not application.achievement.strip():
        missing.append(_("请填写主要质量成果。"))
    for figure in figures:
        if application.kind == ApplicationKind.ORGANIZATION and figure.revenue is None:
            missing.append(_("请填写 %(year)s 年的营业收入。") % {"year": figure.year})
        if not figure.quality_indicators.strip():
            missing.append(_("请填写 %(year)s 年的主要质量、技术指标。") % {"year": figure.year})
    for assessment in assessments:
        if not assessment.text.strip():
            missing.append(_("请填写“%(category)s”的自评说明。") % {"category": assessment.category})
    evidence = related_rows(application, "evidence")
    if not (len(evidence) if "evidence" in getattr(application, "_prefetched_objects_cache", {}) else evidence.exists()):
        missing.append(_("请至少上传一份证实性材料。"))
    if application.recommender_id is None:
        missing.append(_("请选择推荐单位。"))
    return missing + application_range_problems(application, figures=figures, assessments=assessments)


def application_range_problems(application, *, figures=None, assessments=None):
    """Numbers outside their ranges, as sentences: a self-assessment score below 0 or above its category's maximum,
    or a key figure that cannot be negative (revenue, tax, R&D investment, employees) below zero. `figures` and
    `assessments` (with their categories) when the caller has read them already."""
    if assessments is None:
        assessments = application.self_assessments.select_related("category")
    if figures is None:
        figures = application.year_figures.all()
    problems = []
    for assessment in assessments:
        points = assessment.claimed_points
        if points is not None and not (0 <= points <= assessment.category.points):
            problems.append(
                _("“%(category)s”的自评得分 %(points)s 应在 0 至 %(max)s 分之间。")
                % {"category": assessment.category, "points": points, "max": assessment.category.points}
            )
    labels = {name: YearFigure._meta.get_field(name).verbose_name for name in ("revenue", "tax", "rd_investment",
                                                                              "employees")}
    for figure in figures:
        for name, label in labels.items():
            value = getattr(figure, name)
            if value is not None and value < 0:
                problems.append(_("%(year)s 年的%(label)s不能为负数。") % {"year": figure.year, "label": label})
    return problems


def application_endorsement(application):
    """The endorsement that stands for `application`: the latest one signed by its *current* recommender, if that
    was "同意推荐"; None when the current recommender has not (yet) endorsed it (Art. 19(一))."""
    latest = (
        application.endorsements.filter(recommender_id=application.recommender_id)
        .select_related("recommender").order_by("-signed_at", "-pk").first()
    )
    return latest if latest is not None and latest.decision == Endorsement.Decision.ENDORSE else None


def application_submit(*, application, signed_name, declarations, by, ip=None):
    """Art. 19(一): sign the declarations and submit to the chosen recommender; the form locks.

    A returned (corrected) application goes back to the office's qualification review when the recommender that
    endorsed it is still the chosen one: its endorsement stands. If the applicant chose another recommender during
    the correction, it goes to that recommender for endorsement first, as a new submission would.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle", "organization", "individual", "recommender").get(pk=application.pk)
        )
        ensure_editable(application)
        submission_prefetch(application)  # read once for the checks below and the dossier's copy
        problems = list(application_completeness(application))
        if not all(declarations.values()):
            problems.append(_("请逐项阅读并勾选全部承诺。"))
        if not signed_name.strip():
            problems.append(_("请填写签署人姓名。"))
        checks = application_checks(application)
        returned = application.state == ApplicationState.RETURNED
        keeps_endorsement = returned and application_endorsement(application) is not None
        failures = eligibility_failures(checks)
        if returned:
            # A correction the office asked for is bound by its own deadline, not the application window.
            failures = [c for c in failures if c.code != "application_window"]
            correction = application.corrections.filter(resolved_at__isnull=True).first()
            if correction and correction.deadline < timezone.localdate():
                problems.append(
                    _("补正截止日期(%(date)s)已过,不能再提交。") % {"date": date_text(correction.deadline)}
                )
        problems.extend(f"{c.label}:{c.reason}" for c in failures)
        if problems:
            raise WorkflowError(_("申报尚不能提交,请先处理以下问题。"), reasons=problems)
        now = timezone.now()
        signed = {field: bool(value) for field, value in declarations.items()}
        signed.update(
            signed_name=signed_name.strip(), signed_at=now, submitted_at=now,
            eligibility_snapshot=[
                {"code": c.code, "article": c.article, "label": str(c.label), "passed": c.passed,
                 "reason": str(c.reason)}
                for c in checks
            ],
        )
        to_state = ApplicationState.ENDORSED if keeps_endorsement else ApplicationState.SUBMITTED
        application_transition(
            application=application, to_state=to_state, by=by, ip=ip, locked=True, fields=signed,
            detail={"recommender": application.recommender_id, "corrected": returned},
        )
        dossier_snapshot(application=application)  # the printable dossier of this submission (issue 10)
        link = application_link(application)
        if returned:
            application.corrections.filter(resolved_at__isnull=True).update(resolved_at=now)
        if keeps_endorsement:
            told, event, key, message = office_users(), "application.corrected", "corrected", emails.application_corrected
        else:
            recommender_grant(application.recommender, application)
            told = application.recommender.users.filter(is_active=True)
            event, key, message = "application.submitted", "submitted", emails.application_submitted_to_recommender
        notices = [
            {"recipient": user, "event": event, "link": link, "key": f"{key}:{application.pk}:{now.timestamp()}:{user.pk}",
             **message(application=application)}
            for user in told
        ]
        notices.append({
            "recipient": application.applicant_id, "event": "application.submitted", "link": link,
            "key": f"submitted-ack:{application.pk}:{now.timestamp()}",
            **emails.application_submitted_ack(application=application, keeps_endorsement=keeps_endorsement,
                                               returned=returned),
        })
        notify_many(notices)
    return application


def application_withdraw(*, application, by, ip=None):
    """The applicant withdraws before qualification review rules on it (SPEC §4)."""
    if application.state not in WITHDRAWABLE:
        raise WorkflowError(_("资格审查已有结论,申报不能撤回。"))
    with transaction.atomic():
        application_transition(application=application, to_state=ApplicationState.WITHDRAWN, by=by, ip=ip)
        Application.objects.filter(pk=application.pk).update(withdrawn_at=timezone.now())
    return application
