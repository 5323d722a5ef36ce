"""Celery tasks of the accounts app: thin, keyed by id, idempotent (SPEC §11)."""
from celery import shared_task

from accounts.audit import audit_anchor_write
from accounts.notifications import SEND_ERRORS, notification_email_send
from accounts.outbox import outboxes_relay


@shared_task(
    bind=True,
    name="accounts.tasks.task_send_notification",
    autoretry_for=SEND_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def task_send_notification(self, *, notification_id):
    """Send one notification's e-mail; quietly does nothing if the row is gone or the e-mail already went."""
    notification_email_send(notification_id=notification_id)


@shared_task(name="accounts.tasks.task_relay_outbox")
def task_relay_outbox():
    """Beat, every 30 s: hand what every outbox (notifications, survey invitations, certificates) still has to
    deliver to the queue again, after a broker outage or restart; returns how many rows were handed over."""
    return sum(outboxes_relay().values())


@shared_task(name="accounts.tasks.task_audit_anchor")
def task_audit_anchor():
    """Beat, every hour: append the audit chain's signed head to the anchor file outside the database."""
    anchor = audit_anchor_write()
    return anchor["id"] if anchor else None
