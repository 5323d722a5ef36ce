"""Helpers every review view uses: refuse with a 403 that is audited when a recusal denied (Art. 12)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.defaults import permission_denied

from accounts.audit import audit_record
from accounts.http import client_ip
from award.models import Application

from ..permissions import is_recused
from ..selectors import cycle_under_review


class Refused(Exception):
    """Raised by the lookups below; `refusing` turns it into the 403 page (committed, so the audit stays)."""

    def __init__(self, response):
        self.response = response


def forbid(request, verdict, application=None):
    """A 403 response; a denial caused by a recusal is written to the audit log first. Returned, not raised:
    with ATOMIC_REQUESTS a raised PermissionDenied would roll the audit entry back."""
    if application is not None and is_recused(request.user, application):
        audit_record(action="access.denied_recusal", actor=request.user, obj=application,
                     cycle_id=application.cycle_id, application_id=application.pk, ip=client_ip(request),
                     detail={"path": request.path})
    return permission_denied(request, PermissionError(verdict.reason))


def application_checked(request, pk, predicate):
    application = get_object_or_404(Application.objects.select_related("cycle"), pk=pk)
    verdict = predicate(request.user, application)
    if not verdict:
        raise Refused(forbid(request, verdict, application))
    return application


def refusing(view):
    """Lets a view raise Refused and returns its 403 response."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            return refused.response

    return wrapper


def current_cycle_or_404(request=None):
    """The cycle a review page is about: the one named by `?cycle=<届次>` (or a POSTed `cycle`) when given — so
    an earlier cycle's results, exports and reports stay reachable after a later cycle moves (SPEC §14) — else
    the cycle under review. A value that names no cycle is a 404, never a 500."""
    from django.http import Http404

    from award.models import Cycle

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


def show_error(request, error):
    messages.error(request, str(error))
