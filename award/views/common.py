"""Small helpers every award view uses: fetch an object the user may act on, or refuse with nothing shown."""
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import require, role_required

from ..models import Application, Cycle
from ..permissions import can_read_cycle_decisions, is_recused

# The decision stage's pages: the office and the supervisors handle objections; the leading group also reads.
handlers_required = role_required(Role.OFFICE, Role.SUPERVISOR)
readers_required = role_required(Role.OFFICE, Role.SUPERVISOR, Role.LEADING_GROUP)


def refusal_audit(request, verdict, application):
    """The audit entry of a refusal about `application`: `access.denied_recusal` when a recusal denied (Art. 12),
    `access.denied` otherwise, with the application and its cycle."""
    recused = is_recused(request.user, application)
    return {
        "action": "access.denied_recusal" if recused else "access.denied", "obj": application,
        "cycle_id": application.cycle_id, "application_id": application.pk,
        "detail": {"path": request.path, "reason": verdict.reason},
    }


def application_or_403(request, pk, predicate, *, queryset=None):
    """The application `pk` if `predicate(user, application)` allows; otherwise a 403 that states the reason and
    is audited with the application (as `access.denied_recusal` when a recusal denied, Art. 12)."""
    if queryset is None:  # never `queryset or …`: that would load every application to test the queryset
        queryset = Application.objects.select_related("cycle")
    application = get_object_or_404(queryset, pk=pk)
    verdict = predicate(request.user, application)
    if not verdict:
        # Visitors are not recorded (AuditDeniedMiddleware).
        require(verdict, audit=refusal_audit(request, verdict, application) if request.user.is_authenticated else None)
    return application


def cycle_for_reader(request, pk):
    """The cycle if the user may read its decisions; a supervisor only their own group's cycle (Art. 11)."""
    cycle = get_object_or_404(Cycle, pk=pk)
    require(can_read_cycle_decisions(request.user, cycle))
    return cycle
