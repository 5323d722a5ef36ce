"""The office's batch qualification review (Art. 19(二)): tick applications of a cycle on a list, rule on every
criterion once, confirm, and each application is recorded as if it had been decided on its own page
(award/services/qualification_batch.py)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.dates import date_text
from accounts.http import client_ip
from accounts.permissions import office_required
from accounts.refusals import refusal_show

from .. import services
from ..forms import QualificationForm
from ..models import ApplicationState, Cycle, QualificationReview, award_kind_order
from ..qualification import batch_criteria

FIELD = "application"
ACTION = "qualification.batch"


def _selected_ids(request):
    source = request.POST if request.method == "POST" else request.GET
    return sorted({int(value) for value in source.getlist(FIELD) if value.isdigit()})


def _applications(cycle, **filters):
    return list(
        cycle.applications.filter(**filters).select_related("recommender", "cycle")
        .order_by(award_kind_order("kind"), "reference")
    )


def _with_failures(applications):
    """Each application with the labels of its system checks that failed at submission."""
    for application in applications:
        application.failed_checks = [c["label"] for c in application.eligibility_snapshot if not c["passed"]]
    return applications


@office_required
def qualification_batch(request, pk):
    cycle = get_object_or_404(Cycle, pk=pk)
    ids = _selected_ids(request)
    selected = _applications(cycle, pk__in=ids) if ids else []
    if request.method == "GET" and "select" in request.GET:
        try:
            if len(selected) != len(ids):
                raise services.WorkflowError(_("所选申报有的不属于本届,请重新选择。"))
            services.qualification_batch_check(selected)
        except services.WorkflowError as error:
            refusal_show(request, error)
            selected = []
    if not selected or "change" in request.GET:
        candidates = _with_failures(_applications(cycle, state=ApplicationState.ENDORSED))
        return render(request, "award/office/qualification_batch_select.html",
                      {"cycle": cycle, "candidates": candidates, "checked": set(ids)})
    criteria = batch_criteria(selected)
    form = QualificationForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        key = f"{cycle.pk}:{','.join(str(i) for i in ids)}"
        arguments = {"applications": selected, "decision": form.cleaned_data["decision"],
                     "criteria": form.criteria_results()}
        try:
            if len(selected) != len(ids):
                raise services.WorkflowError(_("所选申报有的不属于本届,请重新选择。"))
            services.qualification_batch_plan(**arguments)
            if not confirmation_given(request, action=ACTION, key=key):
                return _confirmation(request, cycle, key, selected, form)
            services.qualification_decide_batch(
                **arguments, reasons=form.cleaned_data["reasons"], deadline=form.cleaned_data.get("deadline"),
                by=request.user, ip=client_ip(request),
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("已对 %(n)s 份申报逐份记录资格审查结论并通知申报人。") % {"n": len(selected)})
            return redirect("award:cycle_manage", pk=cycle.pk)
    rows = [(c, form[f"c_{c['code']}"], form[f"n_{c['code']}"]) for c in criteria]
    return render(request, "award/office/qualification_batch.html",
                  {"cycle": cycle, "selected": _with_failures(selected), "form": form, "rows": rows})


def _batch_url(cycle, selected):
    query = urlencode([("select", "1")] + [(FIELD, a.pk) for a in selected])
    return f"{reverse('award:qualification_batch', kwargs={'pk': cycle.pk})}?{query}"


def _confirmation(request, cycle, key, selected, form):
    decision = form.cleaned_data["decision"]
    consequences = {
        QualificationReview.Decision.PASS: _("以下每份申报进入资格审查合格名单,待公示后进入资料评审。"),
        QualificationReview.Decision.FAIL: _("以下每份申报被认定不符合申报条件,本届评审对其结束。"),
        QualificationReview.Decision.RETURN: _("以下每份申报退回申报人补正,补正截止日期为%(day)s。")
        % {"day": date_text(form.cleaned_data.get("deadline"))},
    }[decision]
    choices = "\n".join(
        f"{c['label']}({c['article']}):{_('符合') if c['passed'] else _('不符合')}"
        + (f" — {c['note']}" if c["note"] else "")
        for c in form.criteria_results()
    )
    summary = [
        (_("申报(%(n)s份)") % {"n": len(selected)},
         "\n".join(f"{a.reference} · {a.applicant_name} · {a.recommender}" for a in selected)),
        (_("审查结论"), QualificationReview.Decision(decision).label),
        (_("审查理由"), form.cleaned_data["reasons"]),
        (_("逐项认定(每份申报分别记录)"), choices),
    ]
    return confirmation_page(
        request, action=ACTION, key=key,
        title=_("确认批量资格审查结论:%(n)s份申报") % {"n": len(selected)},
        consequences=[
            consequences,
            _("每份申报分别记录结论和逐项认定,分别记入审计日志并通知各申报人,与逐份审查相同。"),
        ],
        irreversible=_("结论一经记录不能修改;“符合”或“不符合”的结论作出后,申报人不能再补正。"),
        summary=summary, confirm_label=_("确认并通知各申报人"),
        cancel_url=_batch_url(cycle, selected),
    )
