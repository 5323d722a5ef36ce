"""The recommender's pages (Art. 19(一)): the applications that chose it, and the signed endorsement."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import client_ip
from accounts.permissions import recommender_required

from .. import services
from ..forms import EndorsementForm
from ..models import ApplicationState
from ..permissions import can_endorse_application
from ..selectors import applications_for_recommender
from .common import application_or_403, show_workflow_error


@recommender_required
def recommender_queue(request):
    applications = applications_for_recommender(user=request.user)
    return render(
        request,
        "award/recommender/queue.html",
        {
            "pending": [a for a in applications if a.state == ApplicationState.SUBMITTED],
            "decided": [a for a in applications if a.state != ApplicationState.SUBMITTED],
            "recommender": request.user.recommender,
        },
    )


@recommender_required
def endorsement_create(request, pk):
    application = application_or_403(request, pk, can_endorse_application)
    form = EndorsementForm(request.POST or None, initial={"signed_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.endorsement_record(
                application=application, by=request.user, ip=client_ip(request), **form.cleaned_data
            )
        except services.WorkflowError as error:
            show_workflow_error(request, error)
        else:
            messages.success(request, _("推荐意见已签署。"))
            return redirect("award:recommender_queue")
    return render(request, "award/recommender/endorse.html", {"application": application, "form": form})
