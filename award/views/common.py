"""Small helpers every award view uses: fetch an object the user may act on, or refuse with nothing shown."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import AuditedPermissionDenied, Refusal, role_required

from ..models import Application, Cycle
from ..permissions import can_read_cycle_decisions, is_recused

# The decision stage's pages: the office and the supervisors handle objections; the leading group also reads.
handlers_required = role_required(Role.OFFICE, Role.SUPERVISOR)
readers_required = role_required(Role.OFFICE, Role.SUPERVISOR, Role.LEADING_GROUP)


def application_or_403(request, pk, predicate, *, queryset=None):
    """The application `pk` if `predicate(user, application)` allows; otherwise a 403 that states the reason and
    is audited with the application (as `access.denied_recusal` when a recusal denied, Art. 12)."""
    application = get_object_or_404(queryset or Application.objects.select_related("cycle"), pk=pk)
    verdict = predicate(request.user, application)
    if not verdict:
        if not request.user.is_authenticated:
            raise Refusal.of(verdict)  # visitors are not recorded (AuditDeniedMiddleware)
        recused = is_recused(request.user, application)
        raise AuditedPermissionDenied(
            verdict.reason, link=verdict.link, link_label=verdict.link_label,
            audit={
                "action": "access.denied_recusal" if recused else "access.denied", "obj": application,
                "cycle_id": application.cycle_id, "application_id": application.pk,
                "detail": {"path": request.path, "reason": verdict.reason},
            },
        )
    return application


def show_workflow_error(request, error):
    messages.error(request, error.message)
    for reason in error.reasons:
        messages.warning(request, reason)


def cycle_for_reader(request, pk):
    """The cycle if the user may read its decisions; a supervisor only their own group's cycle (Art. 11)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    verdict = can_read_cycle_decisions(request.user, cycle)
    if not verdict:
        raise PermissionDenied(verdict.reason)
    return cycle
