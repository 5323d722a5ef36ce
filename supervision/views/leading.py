"""The leading group's landing page: the decisions put before it — supervision reports to read, revocation
cases to deliberate (Art. 11, 24)."""
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from award.models import Cycle

from .. import selectors
from ..forms import ProposeForm
from ..models import SupervisionGroup

DECIDING_STAGES = ("comprehensive_review", "public_notice", "approval", "awarded")


@role_required(Role.LEADING_GROUP)
def leading_group_dashboard(request):
    return render(request, "supervision/dashboard/leading_group.html", {
        "reports": selectors.reports_for_leading_group()[:30],
        "cases": selectors.revocations_for_deliberation(),
        "groups": SupervisionGroup.objects.select_related("cycle").order_by("-cycle__number")[:5],
        # Art. 8(三): the leading group deliberates the results and proposes the award list.
        "deciding_cycles": Cycle.objects.filter(stage__in=DECIDING_STAGES).order_by("-number"),
        "propose_form": ProposeForm(),
    })
