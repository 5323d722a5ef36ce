"""The leading group's landing page: the decisions put before it — supervision reports to read, revocation
cases to deliberate (Art. 11, 24)."""
from django.shortcuts import get_object_or_404, render

from accounts.models import Role
from accounts.permissions import Refusal, role_required
from award.models import Cycle

from .. import selectors
from ..forms import ProposeForm
from ..models import SupervisionGroup
from ..permissions import DELIBERATION_STAGES, can_read_comprehensive_review

DECIDING_STAGES = DELIBERATION_STAGES


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


@role_required(Role.LEADING_GROUP, Role.OFFICE)
def comprehensive_review(request, pk):
    """Art. 8(三), 19(五): the cycle's comprehensive review as the leading group deliberates on it — the ranking,
    the scores, site findings, satisfaction index and supervision opinions; nothing on the page changes anything."""
    cycle = get_object_or_404(Cycle.objects.select_related("organization_standard", "individual_standard"), pk=pk)
    verdict = can_read_comprehensive_review(request.user, cycle)
    if not verdict:
        raise Refusal.of(verdict)  # audited by AuditDeniedMiddleware
    return render(request, "supervision/leading/comprehensive.html", {
        "cycle": cycle, **selectors.comprehensive_review_for_leading_group(cycle=cycle, user=request.user),
    })
