"""The applicant's pages: start, fill in, upload evidence, check eligibility, sign and submit, withdraw."""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import audit_record
from accounts.http import client_ip
from accounts.kept_pages import kept_page
from accounts.models import Role
from accounts.permissions import applicant_required, require, role_required
from accounts.refusals import refusal_show
from accounts.selectors import individual_profile_of, organization_profile_of
from accounts.signals import announce_conflict_facts

from .. import services
from ..eligibility import eligibility_failures
from ..eligibility_preview import eligibility_preview, eligibility_preview_payload
from ..forms import (
    ApplicationForm,
    AvoidanceFormSet,
    EvidenceForm,
    SelfAssessmentFormSet,
    SubmitForm,
    year_figure_formset,
)
from ..models import Application, ApplicationKind, Evidence, has_dossier
from ..permissions import (
    DOSSIER_ROLES,
    can_edit_application,
    can_view_application,
    can_view_evidence,
    can_withdraw_application,
)
from ..selectors import application_editable_for, cycle_open_for_applications, evidence_duplicate_of
from ..services.application import application_checks, application_completeness
from .common import application_or_403

ANY_ROLE = [choice for choice, _label in Role.choices]
UPLOAD_PLACE = "evidence"  # messages about an upload, shown beside the upload field


@require_POST
@applicant_required
def application_start(request):
    cycle = cycle_open_for_applications()
    if cycle is None:
        messages.error(request, _("当前没有处于申报期内的届次。"))
        return redirect("award:dashboard")
    try:
        application = services.application_create(cycle=cycle, applicant=request.user, ip=client_ip(request))
    except services.WorkflowError as error:
        refusal_show(request, error)
        return redirect("award:dashboard")
    messages.success(request, _("已创建申报草稿,请填写申报表。"))
    return redirect("award:application_edit", pk=application.pk)


@role_required(*ANY_ROLE)
@kept_page  # the verdict below reads only rows: any change to them moves the generation on
def application_detail(request, pk):
    application = application_or_403(request, pk, can_view_application, queryset=Application.objects.select_related(
        "cycle", "organization", "individual", "recommender"))
    show_identity = request.user.role == Role.OFFICE
    context = {
        "application": application,
        "figures": application.year_figures.all(),
        "assessments": application.self_assessments.select_related("category"),
        "evidence": application.evidence.all(),
        "endorsements": application.endorsements.select_related("recommender"),
        "reviews": application.qualification_reviews.all(),
        "corrections": application.corrections.all(),
        "avoidances": application.avoidance_requests.all() if request.user.role in (
            Role.OFFICE, Role.ORGANIZATION, Role.INDIVIDUAL) else [],
        "show_identity": show_identity,
        # The view has already allowed the application; the dossier adds only the role and the state (issue 10).
        "can_download_dossier": request.user.role in DOSSIER_ROLES and has_dossier(application),
        "can_edit": can_edit_application(request.user, application),
        "can_withdraw": can_withdraw_application(request.user, application),
        "open_correction": application.corrections.filter(resolved_at__isnull=True).first(),
    }
    return render(request, "award/application/detail.html", context)


@applicant_required
def application_edit(request, pk):
    application = application_or_403(request, pk, can_edit_application)
    FigureFormSet = year_figure_formset(application.kind)
    figures_qs = application.year_figures.all()
    assessments_qs = application.self_assessments.select_related("category")
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=application)
    figures = FigureFormSet(data, queryset=figures_qs, prefix="fig")
    assessments = SelfAssessmentFormSet(data, queryset=assessments_qs, prefix="sa")
    avoidances = AvoidanceFormSet(data, instance=application, prefix="av")
    if request.method == "POST":
        forms_valid = all([form.is_valid(), figures.is_valid(), assessments.is_valid(), avoidances.is_valid()])
        if forms_valid:
            with transaction.atomic():
                form.save()
                figures.save()
                assessments.save()
                avoidances.save()
                announce_conflict_facts(application=application, by=request.user)  # Art. 12
                audit_record(
                    action="application.draft_saved", actor=request.user, obj=application,
                    cycle_id=application.cycle_id, application_id=application.pk, ip=client_ip(request),
                )
            messages.success(request, _("草稿已保存。"))
            if "to_submit" in request.POST:
                return redirect("award:application_submit", pk=application.pk)
            return redirect("award:application_edit", pk=application.pk)
        messages.error(request, _("请更正下面标出的错误,草稿尚未保存。"))
    for subform, assessment in zip(assessments.forms, assessments_qs, strict=False):
        subform.category = assessment.category
    self_max = sum(subform.category.points for subform in assessments.forms)
    self_total = sum((subform.instance.claimed_points or 0) for subform in assessments.forms)
    checks = application_checks(application)
    return render(
        request,
        "award/application/edit.html",
        {
            "application": application,
            "form": form,
            "figures": figures,
            "assessments": assessments,
            "avoidances": avoidances,
            "evidence_form": EvidenceForm(application_kind=application.kind),
            "evidence": application.evidence.all(),
            "open_correction": application.corrections.filter(resolved_at__isnull=True).first(),
            "max_mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
            "self_total": self_total,
            "self_max": self_max,
            "checks": checks,
            "failing": eligibility_failures(checks),
        },
    )


@require_POST
@applicant_required
def evidence_upload(request, pk):
    application = application_or_403(request, pk, can_edit_application)
    form = EvidenceForm(request.POST, request.FILES, application_kind=application.kind)
    # Errors and warnings are shown beside the upload field (the page returns to it), not at the top.
    if form.is_valid():
        try:
            evidence = services.evidence_add(
                application=application,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
                ip=client_ip(request),
                max_bytes=settings.EVIDENCE_MAX_BYTES,
            )
        except ValidationError as error:
            messages.error(request, _("文件未上传:%(reason)s") % {"reason": " ".join(error.messages)},
                           extra_tags=UPLOAD_PLACE)
        except services.WorkflowError as error:
            refusal_show(request, error)
        else:
            messages.success(request, _("材料已上传。"), extra_tags=UPLOAD_PLACE)
            duplicate = evidence_duplicate_of(evidence=evidence)
            if duplicate is not None:
                messages.warning(request, _(
                    "“%(name)s”与已上传的“%(other)s”内容完全相同(SHA-256 相同)。如非有意重复上传,请删除其中一份。"
                ) % {"name": evidence.original_name, "other": duplicate.original_name}, extra_tags=UPLOAD_PLACE)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("文件未上传:%(reason)s") % {"reason": error}, extra_tags=UPLOAD_PLACE)
    return redirect(f"{_edit_url(application)}#evidence")


def _edit_url(application):
    return reverse("award:application_edit", kwargs={"pk": application.pk})


@require_POST
@applicant_required
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("application"), pk=pk)
    application_or_403(request, evidence.application_id, can_edit_application)
    try:
        services.evidence_delete(evidence=evidence, by=request.user, ip=client_ip(request))
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("材料已删除。"))
    return redirect(f"{_edit_url(evidence.application)}#evidence")


@role_required(*ANY_ROLE)
def evidence_download(request, pk):
    """Serve a file only through this check; every view is audited (SPEC §6, §14)."""
    evidence = get_object_or_404(Evidence.objects.select_related("application"), pk=pk)
    application = application_or_403(request, evidence.application_id, can_view_evidence)
    audit_record(
        action="evidence.viewed", actor=request.user, obj=evidence, cycle_id=application.cycle_id,
        application_id=application.pk, ip=client_ip(request), detail={"name": evidence.original_name},
    )
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=request.GET.get("inline") != "1",
        filename=evidence.original_name, content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@applicant_required
def application_submit(request, pk):
    application = application_or_403(request, pk, can_edit_application)
    # A callable: read only when the form is shown unbound (a POST does not need the organization's profile).
    form = SubmitForm(request.POST or None,
                      initial={"signed_name": lambda: _signer_default(application, request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(
                application=application,
                signed_name=form.cleaned_data["signed_name"],
                declarations=form.declarations(),
                by=request.user,
                ip=client_ip(request),
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("申报已提交,表单已锁定。"))
            return redirect("award:application_detail", pk=application.pk)
    checks = application_checks(application)
    return render(
        request,
        "award/application/submit.html",
        {
            "application": application,
            "checks": checks,
            "failing": eligibility_failures(checks),
            "missing": application_completeness(application),
            "form": form,
        },
    )


def _signer_default(application, user):
    """The person who signs: an organization's contact person (not the organization's name), else the user."""
    organization = application.organization
    if organization is not None and organization.contact_name.strip():
        return organization.contact_name.strip()
    return user.full_name


@require_POST
@applicant_required
def application_withdraw(request, pk):
    application = application_or_403(request, pk, can_withdraw_application)
    try:
        services.application_withdraw(application=application, by=request.user, ip=client_ip(request))
    except services.WorkflowError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("申报已撤回。"))
    return redirect("award:dashboard")


@require_POST
@applicant_required
def eligibility_check(request):
    """The data-checkable rules (Art. 6, 15, 17, 18, 24) on the posted form data, unsaved, as JSON.

    The application form and the profile form post here while the applicant types
    (static/js/eligibility-live.js). `application` names the application being edited; without it, the applicant's
    newest editable application, else the cycle open for applications. Nothing is saved or audited.
    """
    application = None
    if request.POST.get("application", "").isdigit():
        application = get_object_or_404(
            Application.objects.select_related("cycle", "organization", "individual"), pk=request.POST["application"]
        )
        require(can_edit_application(request.user, application))
    else:
        application = application_editable_for(user=request.user)
    cycle = application.cycle if application is not None else cycle_open_for_applications()
    if cycle is None:
        return JsonResponse({"ok": False, "checks": [], "failing": [_("当前没有处于申报期内的届次。")]})
    if application is not None:
        kind, profile = application.kind, application.profile
    elif request.user.role == Role.ORGANIZATION:
        kind, profile = ApplicationKind.ORGANIZATION, organization_profile_of(user=request.user)
    else:
        kind, profile = ApplicationKind.INDIVIDUAL, individual_profile_of(user=request.user)
    if profile is None:
        return JsonResponse({"ok": False, "checks": [], "failing": [_("尚未建立档案。")]})
    checks = eligibility_preview(application=application, cycle=cycle, kind=kind, profile=profile,
                                 data=request.POST)
    return JsonResponse(eligibility_preview_payload(checks))
