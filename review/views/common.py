"""Helpers every review view uses: refuse with a 403 that is audited when a recusal denied (Art. 12)."""
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import require
from award.models import Application, Cycle
from award.views.common import refusal_audit

from ..selectors import cycle_under_review


def forbid(request, verdict, application=None):
    """Raise the 403 stating the verdict's reason (and its way out, e.g. the pledge to sign), audited after the
    rollback as `access.denied_recusal` when a recusal caused it (Art. 12), `access.denied` otherwise."""
    if not verdict:
        require(verdict, audit=None if application is None else refusal_audit(request, verdict, application))


def application_checked(request, pk, predicate):
    application = get_object_or_404(Application.objects.select_related("cycle"), pk=pk)
    forbid(request, predicate(request.user, application), application)
    return application


def current_cycle_or_404(request=None):
    """The cycle a review page is about: the one named by `?cycle=<届次>` (or a POSTed `cycle`) when given — so
    an earlier cycle's results, exports and reports stay reachable after a later cycle moves (SPEC §14) — else
    the cycle under review. A value that names no cycle is a 404, never a 500."""
    wanted = None
    if request is not None:
        wanted = request.POST.get("cycle") or request.GET.get("cycle")
    if wanted:
        if not str(wanted).isdigit():
            raise Http404("bad cycle")
        cycle = Cycle.objects.filter(number=int(wanted)).first()
    else:
        cycle = cycle_under_review()
    if cycle is None:
        raise Http404("no cycle")
    return cycle
