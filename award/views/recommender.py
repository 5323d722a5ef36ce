"""The recommender's pages (Art. 19(一)): the applications that chose it, and the signed endorsement."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.confirmation import confirmation_given, confirmation_page
from accounts.http import client_ip
from accounts.kept_pages import kept_page
from accounts.permissions import recommender_required
from accounts.refusals import refusal_show

from .. import services
from ..forms import EndorsementForm
from ..models import ApplicationState, Endorsement
from ..permissions import can_endorse_application
from ..selectors import applications_for_recommender
from .common import application_or_403

DECIDED_PAGE_SIZE = 50


@recommender_required
@kept_page
def recommender_queue(request):
    """What waits for the recommender's signature, whole; what it handled, newest first and a page at a time —
    twenty cycles of history would otherwise make the page grow every year (issue 12)."""
    applications = applications_for_recommender(user=request.user)
    decided = Paginator(applications.exclude(state=ApplicationState.SUBMITTED), DECIDED_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(
        request,
        "award/recommender/queue.html",
        {
            "pending": applications.filter(state=ApplicationState.SUBMITTED),
            "decided": decided.object_list, "page_obj": decided,
            "recommender": request.user.recommender,
        },
    )


@recommender_required
def endorsement_create(request, pk):
    application = application_or_403(request, pk, can_endorse_application)
    form = EndorsementForm(request.POST or None, initial={"signed_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        if not confirmation_given(request, action="endorsement", key=application.pk):
            endorse = form.cleaned_data["decision"] == Endorsement.Decision.ENDORSE
            return confirmation_page(
                request, action="endorsement", key=application.pk,
                title=_("确认签署推荐意见:%(name)s") % {"name": application.applicant_name},
                consequences=[
                    _("以%(recommender)s的名义签署“%(decision)s”,签署人%(name)s。")
                    % {"recommender": application.recommender,
                       "decision": Endorsement.Decision(form.cleaned_data["decision"]).label,
                       "name": form.cleaned_data["signed_name"]},
                    _("申报转领导小组办公室进行资格审查(第十九条第一项)。") if endorse
                    else _("申报退回申报人,申报人可以另选推荐单位。"),
                    _("申报人收到通知和推荐意见全文。"),
                ],
                summary=[(_("推荐意见"), form.cleaned_data["opinion"])],
                irreversible=_("推荐意见签署后不能修改或撤回。"),
                confirm_label=_("确认签署"), cancel_url=request.path,
            )
        try:
            services.endorsement_record(
                application=application, by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except services.WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("推荐意见已签署。"))
            return redirect("award:recommender_queue")
    return render(request, "award/recommender/endorse.html", {"application": application, "form": form})
