"""Small helpers every award view uses: fetch an object the user may act on, or refuse with nothing shown."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.permissions import AuditedPermissionDenied

from ..models import Application
from ..permissions import is_recused


def application_or_403(request, pk, predicate, *, queryset=None):
    """The application `pk` if `predicate(user, application)` allows; otherwise 403, audited when a recusal denied."""
    application = get_object_or_404(queryset or Application.objects.select_related("cycle"), pk=pk)
    verdict = predicate(request.user, application)
    if not verdict:
        if request.user.is_authenticated and is_recused(request.user, application):
            raise AuditedPermissionDenied(
                verdict.reason,
                audit={
                    "action": "access.denied_recusal", "obj": application, "cycle_id": application.cycle_id,
                    "application_id": application.pk, "detail": {"path": request.path},
                },
            )
        raise PermissionDenied(verdict.reason)
    return application


def show_workflow_error(request, error):
    messages.error(request, error.message)
    for reason in error.reasons:
        messages.warning(request, reason)
