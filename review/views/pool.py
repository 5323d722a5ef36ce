"""The expert pool's pages (SPEC §6): the agency and the office list, create and import experts; the expert
completes the profile the conflict rules read; the office and the agency see the cycle's conflict matrix."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role, Sector
from accounts.permissions import role_required
from accounts.refusals import refusal_show

from ..models import ExpertProfile, Panel
from ..permissions import can_manage_pool, can_see_conflict_matrix
from ..pool_forms import (
    ClientRowForm,
    EmploymentRowForm,
    ExpertCreateForm,
    ExpertImportForm,
    ExpertProfileForm,
    HoldingRowForm,
    RelativeRowForm,
    formset_rows,
    profile_row_formset,
)
from ..selectors import (
    conflict_matrix,
    cycle_for_agency,
    cycle_under_review,
    expert_pool,
    matrix_applications,
)
from ..services import pool as pool_services
from ..services.common import ReviewError
from ..spreadsheets import import_rows_read, import_template_xlsx
from .common import forbid

POOL_PAGE_SIZE = 50
MATRIX_PAGE_SIZE = 30
pool_roles = role_required(Role.AGENCY, Role.OFFICE)


@pool_roles
def pool_list(request):
    verdict = can_manage_pool(request.user)
    if not verdict:
        return forbid(request, verdict)
    q, sector = request.GET.get("q", "").strip()[:50], request.GET.get("sector", "")
    sector = sector if sector in Sector.values else ""
    page_obj = Paginator(expert_pool(q=q, sector=sector), POOL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/pool/list.html", {
        "page_obj": page_obj, "q": q, "sector": sector, "sectors": Sector.choices,
    })


@pool_roles
def pool_expert_create(request):
    verdict = can_manage_pool(request.user)
    if not verdict:
        return forbid(request, verdict)
    form = ExpertCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = pool_services.expert_create(data=form.row, by=request.user)
        except ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("已将%(name)s加入专家库,并向 %(email)s 发送了设置密码的链接。")
                             % {"name": user.full_name, "email": user.email})
            return redirect("review:pool_list")
    return render(request, "review/pool/create.html", {"form": form})


@pool_roles
def pool_import(request):
    verdict = can_manage_pool(request.user)
    if not verdict:
        return forbid(request, verdict)
    form = ExpertImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = import_rows_read(form.cleaned_data["file"])
            report = pool_services.experts_import(rows=rows, by=request.user)
        except ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            if report.saved:
                messages.success(request, _("导入完成:新建 %(c)s 名,更新 %(u)s 名。")
                                 % {"c": report.count("created"), "u": report.count("updated")})
            else:
                messages.error(request, _("有 %(n)s 行有误,整批未导入。请按下表修改后重新上传。")
                               % {"n": len(report.refused)})
    return render(request, "review/pool/import.html", {"form": form, "report": report})


@pool_roles
def pool_import_template(request):
    verdict = can_manage_pool(request.user)
    if not verdict:
        return forbid(request, verdict)
    response = HttpResponse(
        import_template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="expert-pool-template.xlsx"'
    return response


PROFILE_SETS = (
    ("employments", EmploymentRowForm, "past_employments", ("employer", "credit_code", "from_year", "to_year")),
    ("clients", ClientRowForm, "clients", ("kind", "client", "credit_code", "year")),
    ("holdings", HoldingRowForm, "shareholdings", ("company", "credit_code", "since_year", "until_year")),
    ("relatives", RelativeRowForm, "relative_employments", ("relation", "employer", "credit_code")),
)


@role_required(Role.EXPERT)
def expert_profile(request):
    """SPEC §6: the expert's own profile, confirmed before the pledge; every save re-checks conflicts (Art. 12)."""
    profile = ExpertProfile.objects.filter(user=request.user).prefetch_related(
        "past_employments", "clients", "shareholdings", "relative_employments").first()
    data = request.POST if request.method == "POST" else None
    initial = {}
    if profile:
        initial = {"affiliation": profile.affiliation, "affiliation_credit_code": profile.affiliation_credit_code,
                   "title": profile.title, "sectors": profile.sectors, "keywords": "、".join(profile.keywords)}
    form = ExpertProfileForm(data, initial=initial)
    formsets = {}
    for key, form_class, related, fields in PROFILE_SETS:
        rows = [{f: getattr(r, f) for f in fields} for r in getattr(profile, related).all()] if profile else []
        formsets[key] = profile_row_formset(form_class, prefix=key, data=data, initial=rows)
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        try:
            pool_services.expert_profile_update(
                user=request.user, profile_data=form.cleaned_data, by=request.user,
                **{key: formset_rows(fs) for key, fs in formsets.items()})
        except (ReviewError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("个人资料已确认。系统已按新资料重新比对利害关系。"))
            return redirect("review:expert_dashboard")
    elif request.method == "POST":
        messages.error(request, _("请更正下面标出的错误,资料尚未保存。"))
    return render(request, "review/pool/profile.html", {
        "form": form, "profile": profile,
        "sections": [(_("曾任职单位"), formsets["employments"]), (_("咨询、培训服务对象"), formsets["clients"]),
                     (_("持股情况"), formsets["holdings"]), (_("亲属任职单位"), formsets["relatives"])],
    })


@pool_roles
def conflict_matrix_view(request):
    """Art. 12: experts × applications of one panel, each conflicted cell saying why."""
    cycle = cycle_for_agency(user=request.user) if request.user.role == Role.AGENCY else cycle_under_review()
    if cycle is None:
        return render(request, "review/conflict/matrix.html", {"cycle": None})
    verdict = can_see_conflict_matrix(request.user, cycle)
    if not verdict:
        return forbid(request, verdict)
    panels = list(Panel.objects.filter(cycle=cycle).order_by("sector"))
    sector = request.GET.get("sector") or (panels[0].sector if panels else Sector.SECONDARY)
    sector = sector if sector in Sector.values else Sector.SECONDARY
    page_obj = Paginator(matrix_applications(cycle=cycle, sector=sector), MATRIX_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "review/conflict/matrix.html", {
        "cycle": cycle, "panels": panels, "sector": sector, "page_obj": page_obj,
        "matrix": conflict_matrix(cycle=cycle, sector=sector, applications_page=page_obj.object_list),
    })
