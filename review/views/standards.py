"""The office's pages for scoring standards (SPEC §7): the versions, a draft's edit form, a new version of a
frozen one, and the record of the leading group's approval."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import office_required
from accounts.refusals import refusal_show
from award.models import ScoringStandard

from ..forms import StandardApproveForm, StandardEditForm
from ..services import ReviewError
from ..services.standards import (
    standard_approve,
    standard_cycles_in_use,
    standard_edit,
    standard_frozen_reason,
    standard_new_version,
)


@office_required
def standard_list(request):
    standards = list(ScoringStandard.objects.order_by("kind", "-version"))
    for standard in standards:
        standard.in_use = list(standard_cycles_in_use(standard))
        standard.frozen = bool(standard_frozen_reason(standard))
    return render(request, "review/standard/list.html", {"standards": standards})


@office_required
def standard_detail(request, pk):
    """A draft shows its edit form; a frozen standard says why and offers a new version."""
    standard = get_object_or_404(ScoringStandard, pk=pk)
    frozen = standard_frozen_reason(standard)
    form = None if frozen else StandardEditForm(request.POST or None, standard=standard)
    if request.method == "POST":
        if form is None:
            messages.error(request, frozen)
            return redirect("review:standard_detail", pk=standard.pk)
        if form.is_valid():
            try:
                standard_edit(standard=standard, name=form.cleaned_data["name"], categories=form.categories(),
                              items=form.items(), by=request.user)
            except ReviewError as error:
                refusal_show(request, error, form=form)
            else:
                messages.success(request, _("评审标准已保存。"))
                return redirect("review:standard_detail", pk=standard.pk)
    categories = standard.categories.prefetch_related("items").order_by("position", "id")
    return render(request, "review/standard/detail.html", {
        "standard": standard, "frozen": frozen, "form": form, "categories": categories,
        "in_use": standard_cycles_in_use(standard),
    })


@office_required
@require_POST
def standard_version_create(request, pk):
    standard = get_object_or_404(ScoringStandard, pk=pk)
    try:
        copy = standard_new_version(standard=standard, by=request.user)
    except ReviewError as error:
        refusal_show(request, error)
        return redirect("review:standard_detail", pk=standard.pk)
    messages.success(request, _("已创建第%(v)s版草稿,修改后请报领导小组批准。") % {"v": copy.version})
    return redirect("review:standard_detail", pk=copy.pk)


@office_required
def standard_approval_record(request, pk):
    standard = get_object_or_404(ScoringStandard, pk=pk)
    form = StandardApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard_approve(standard=standard, by=request.user, **form.cleaned_data)
        except ReviewError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("已记录领导小组批准。"))
            return redirect("review:standard_detail", pk=standard.pk)
    return render(request, "review/standard/approve.html", {"standard": standard, "form": form})
