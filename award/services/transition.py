"""The one function that moves `Application.state` (Art. 19): it checks the workflow table, saves, and writes
the audit entry in the caller's transaction. Notifications are queued by the services that know who must hear of
a change (they reach Celery after commit through the outbox).
"""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.signals import announce_conflict_facts

from ..models import (
    Application,
    ApplicationState,
)
from ..workflows import APPLICATION_TRANSITIONS, CORRECTION_TRANSITIONS


class WorkflowError(Exception):
    """A request the rules refuse; the message is shown to the user as it is (Chinese)."""

    def __init__(self, message, *, reasons=None):
        super().__init__(str(message))
        self.message = str(message)
        self.reasons = [str(r) for r in (reasons or [])]

    def __str__(self):
        return self.message


def application_transition(*, application, to_state, by, reason="", ip=None, detail=None, correction=None):
    """Move `application` to `to_state` if the workflow table allows it (or, given the review correction being
    applied, CORRECTION_TRANSITIONS); save and audit in one transaction."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        from_state = locked.state
        allowed = set(APPLICATION_TRANSITIONS.get(from_state, set()))
        if correction is not None:
            allowed |= CORRECTION_TRANSITIONS.get(from_state, set())
            detail = {**(detail or {}), "correction": correction.pk}
        if to_state not in allowed:
            raise WorkflowError(
                _("当前状态为“%(from)s”,不能变更为“%(to)s”。")
                % {
                    "from": ApplicationState(from_state).label,
                    "to": ApplicationState(to_state).label,
                }
            )
        locked.state = to_state
        locked.save(update_fields=["state", "updated_at"])
        audit_record(
            action=f"application.{to_state}",
            actor=by,
            obj=locked,
            cycle_id=locked.cycle_id,
            application_id=locked.pk,
            ip=ip,
            detail={"from": from_state, "to": to_state, "reason": str(reason), **(detail or {})},
        )
        # Art. 12: an application entering review is checked against the expert pool at once.
        announce_conflict_facts(application=locked, by=by)
    application.state = to_state
    return application
