"""Winners' pages after the award: their awards, visits and prize-fund reports (Art. 21, 22)."""
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import role_required
from accounts.refusals import refusal_show
from award.models import Award

from .. import selectors, services
from ..forms import FundReportForm
from ..permissions import can_file_fund_report
from .common import done, form_page, require


@role_required(Role.ORGANIZATION, Role.INDIVIDUAL)
def winner_awards(request):
    return render(request, "supervision/aftercare/winner_awards.html", {
        "awards": selectors.awards_of_winner(user=request.user), "today": timezone.localdate(),
    })


@role_required(Role.ORGANIZATION, Role.INDIVIDUAL)
def fund_report_create(request, pk):
    award = get_object_or_404(Award.objects.select_related("application"), pk=pk)
    require(can_file_fund_report(request.user, award))
    form = FundReportForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.fund_report_submit(award=award, year=data.pop("year"), narrative=data.pop("narrative"),
                                        by=request.user, **data)
        except services.common.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            done(request, _("奖金使用报告已提交,等待领导小组办公室审核。"))
            return redirect("supervision:winner_awards")
    return form_page(request, form=form, title=_("填报奖金使用报告(第二十一条)"),
                     back_url=reverse("supervision:winner_awards"),
                     lead=_("奖金主要用于质量持续改进、标准制定、质量攻关和人员培训、质量科研机构和实验室的投入等,不得挪作它用。"))
