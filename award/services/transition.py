"""The one function that moves `Application.state` (Art. 19): `accounts.workflows.transition` with award's table
(award/workflows.py), in the caller's transaction. Notifications are queued by the services that know who must
hear of a change (they reach Celery after commit through the outbox).
"""
from django.db import transaction
from django.utils import timezone

from accounts.refusals import WorkflowError
from accounts.signals import announce_conflict_facts
from accounts.workflows import transition, transition_many

from ..workflows import APPLICATION_WORKFLOW, CORRECTION_TRANSITIONS

__all__ = ["WorkflowError", "application_transition", "applications_transition"]


def application_transition(*, application, to_state, by, reason="", ip=None, detail=None, correction=None,
                           locked=False, fields=None):
    """Move `application` to `to_state` if the workflow table allows it (or, given the review correction being
    applied, CORRECTION_TRANSITIONS); save and audit in one transaction. `locked`: the caller has locked and
    loaded the row already (select_for_update); `fields` are saved with the state in the same UPDATE."""
    extra = None
    if correction is not None:
        extra = CORRECTION_TRANSITIONS
        detail = {**(detail or {}), "correction": correction.pk}
    with transaction.atomic():
        locked = transition(
            APPLICATION_WORKFLOW, application, to_state, by=by, ip=ip, extra=extra, update_fields=["updated_at"],
            locked=locked, fields=fields, detail={"reason": str(reason), **(detail or {})},
        )
        # Art. 12: an application entering review is checked against the expert pool at once.
        announce_conflict_facts(application=locked, by=by)
    return application


def applications_transition(*, moves, by, reason, ip=None) -> list:
    """`application_transition` for many applications at once (a confirmed shortlist), in a fixed number of
    queries: `moves` maps each target state to the applications that go there, `reason(application)` gives each
    audit entry's reason (it may read the application's id and cycle). Returns the moved applications."""
    rows = []
    with transaction.atomic():
        for to_state, applications in moves.items():
            rows += transition_many(APPLICATION_WORKFLOW, applications, to_state, by=by, ip=ip,
                                    fields={"updated_at": timezone.now()}, only=("cycle",),
                                    detail=lambda row: {"reason": str(reason(row))})
        if rows:
            # Art. 12: applications entering review are checked against the expert pool at once, in one pass.
            announce_conflict_facts(applications=rows, by=by)
    return rows
