"""Issue 8: the office's correction procedure pages — open a correction of a confirmed result, see the figures
before and after, apply it or withdraw it; every step confirmed first and audited (Art. 19(三)(四), 20, 24)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.http import client_ip
from accounts.permissions import office_required
from accounts.refusals import refusal_show

from .. import services
from ..forms import CorrectionCloseForm, CorrectionOpenForm
from ..models import Correction, CorrectionLayer, CorrectionState
from ..permissions import can_open_application
from ..selectors import corrections_for_cycle, cycle_choices
from ..services.corrections import correction_preview
from .common import application_checked, current_cycle_or_404

# Labels of the figures a correction shows before and after, in the order shown.
FIGURES = (
    ("state_label", _("申报状态")),
    ("document_score", _("资料评审结果")),
    ("expert_count", _("有效评分专家数")),
    ("pass_mark", _("分数线")),
    ("passes", _("达到分数线")),
    ("feedback_released", _("已反馈申报方")),
    ("site_score", _("现场评审得分")),
    ("satisfaction_index", _("社会满意度指数")),
)


@office_required
def correction_list(request):
    cycle = current_cycle_or_404(request)
    return render(request, "review/correction/list.html", {
        "cycle": cycle, "corrections": corrections_for_cycle(cycle=cycle), "cycles": cycle_choices(),
    })


@office_required
def correction_open(request, pk):
    application = application_checked(request, pk, can_open_application)
    form = CorrectionOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not confirmation_given(request, action="correction.open", key=application.pk):
            return confirmation_page(
                request, action="correction.open", key=application.pk,
                title=_("确认启动评审结果更正:%(name)s") % {"name": application.applicant_name},
                consequences=[
                    _("该申报的%(layer)s结果解除锁定:评审机构可以退回其评分、调整其专家分配;"
                      "已确认的结果、申报状态和反馈在更正完成前保持不变。") % {"layer": CorrectionLayer(data["layer"]).label},
                    _("本届评审监督小组收到通知,并在过程记录中看到本次更正。"),
                    _("启动、理由和依据条款记入审计日志。"),
                ],
                irreversible=_("更正记录不能删除;未作任何变动时可以撤销更正。"),
                summary=[(_("更正范围"), CorrectionLayer(data["layer"]).label), (_("依据条款"), data["article"]),
                         (_("更正理由"), data["reason"])],
                confirm_label=_("确认启动更正"), cancel_url=request.path,
            )
        try:
            correction = services.correction_open(application=application, layer=data["layer"], reason=data["reason"],
                                                  article=data["article"], by=request.user, ip=client_ip(request))
        except services.ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("更正程序已启动,监督小组已收到通知。"))
            return redirect("review:correction_detail", pk=correction.pk)
    return render(request, "review/correction/open.html", {"application": application, "form": form})


@office_required
def correction_detail(request, pk):
    correction = get_object_or_404(Correction.objects.select_related("application__cycle", "opened_by", "closed_by"),
                                   pk=pk)
    preview = correction_preview(correction)
    columns = [("before", _("确认时"))]
    if "now" in preview:
        columns += [("after", _("应用更正后"))]
    else:
        columns += [("after", _("更正后"))]
    rows = [(label, [_figure(preview[col].get(key)) for col, _label in columns],
             preview["before"].get(key) != preview["after"].get(key)) for key, label in FIGURES]
    return render(request, "review/correction/detail.html", {
        "correction": correction, "application": correction.application, "columns": columns, "rows": rows,
        "is_open": correction.state == CorrectionState.OPEN, "close_form": CorrectionCloseForm(),
    })


def _figure(value):
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    return value if value not in (None, "") else "—"


@office_required
@require_POST
def correction_apply(request, pk):
    correction = get_object_or_404(Correction.objects.select_related("application"), pk=pk)
    form = CorrectionCloseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    if not confirmation_given(request, action="correction.apply", key=correction.pk):
        preview = correction_preview(correction)
        changes = [f"{label}:{_figure(preview['before'].get(key))} → {_figure(preview['after'].get(key))}"
                   for key, label in FIGURES if preview["before"].get(key) != preview["after"].get(key)]
        return confirmation_page(
            request, action="correction.apply", key=correction.pk,
            title=_("确认完成更正:%(name)s") % {"name": correction.application.applicant_name},
            consequences=[
                _("按当前有效评分重新计算结果,并在同一操作中使申报状态、反馈和评审报告与新结果一致。"),
                _("更正前后的数据记入更正记录和审计日志,监督小组收到通知;状态变化时通知申报方。"),
            ],
            irreversible=_("更正完成后结果重新锁定;如需再改,须另行启动更正。"),
            summary=[(_("变化"), "\n".join(changes) or _("无变化"))] + ([(_("说明"), note)] if note else []),
            confirm_label=_("确认完成更正"), cancel_url=reverse("review:correction_detail", kwargs={"pk": pk}),
        )
    try:
        services.correction_apply(correction=correction, note=note, by=request.user, ip=client_ip(request))
    except services.ReviewError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("更正已完成,结果、状态和反馈已一致。"))
    return redirect("review:correction_detail", pk=pk)


@office_required
@require_POST
def correction_cancel(request, pk):
    correction = get_object_or_404(Correction, pk=pk)
    form = CorrectionCloseForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.correction_cancel(correction=correction, note=note, by=request.user, ip=client_ip(request))
    except services.ReviewError as error:
        refusal_show(request, error)
    else:
        messages.success(request, _("更正已撤销。"))
    return redirect("review:correction_detail", pk=pk)
