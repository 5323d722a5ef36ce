"""Helpers every review view uses: refuse with a 403 that is audited when a recusal denied (Art. 12)."""
from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.audit import audit_record
from accounts.http import client_ip
from accounts.permissions import Refusal
from accounts.views import permission_denied
from award.models import Application, Cycle

from ..permissions import is_recused
from ..selectors import cycle_under_review


class Refused(Exception):
    """Raised by the lookups below; `refusing` turns it into the 403 page (committed, so the audit stays)."""

    def __init__(self, response):
        self.response = response


def forbid(request, verdict, application=None):
    """A 403 response stating the verdict's reason (and its way out, e.g. the pledge to sign), the refusal written
    to the audit log first: `access.denied_recusal` when a recusal caused it (Art. 12), `access.denied` otherwise.
    Returned, not raised: with ATOMIC_REQUESTS a raised PermissionDenied would roll the audit entry back."""
    recused = application is not None and is_recused(request.user, application)
    audit_record(
        action="access.denied_recusal" if recused else "access.denied", actor=request.user, obj=application,
        cycle_id=application.cycle_id if application is not None else None,
        application_id=application.pk if application is not None else None, ip=client_ip(request),
        detail={"path": request.path, "reason": verdict.reason},
    )
    return permission_denied(request, Refusal.of(verdict))


def application_checked(request, pk, predicate):
    application = get_object_or_404(Application.objects.select_related("cycle"), pk=pk)
    verdict = predicate(request.user, application)
    if not verdict:
        raise Refused(forbid(request, verdict, application))
    return application


def refusing(view):
    """Lets a view raise Refused and returns its 403 response."""
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
