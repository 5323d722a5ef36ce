"""Notifications: the in-app inbox and, in the same row, the e-mail outbox (SPEC §11).

`notify` writes the row in the caller's transaction and hands it to Celery only after the commit, through the one
outbox hand-off (accounts/outbox.py). If the broker is down the row simply stays unsent; the relay
(`task_relay_outbox`, every 30 s, or `manage.py relay_outbox`) hands it over again later. `delivery_key` and the
row lock in `notification_email_send` make every e-mail go out once, however often it is queued.
"""
import smtplib
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification
from accounts.outbox import RELAY_MAX_ATTEMPTS, Outbox, outbox_queue, outbox_queue_many, outbox_register

# Transient delivery errors a send task retries on.
SEND_ERRORS = (smtplib.SMTPException, OSError)
NO_ADDRESS = "无邮箱"

NOTIFICATIONS = outbox_register(Outbox(
    name="notifications", model=Notification, task="accounts.tasks.task_send_notification",
    id_argument="notification_id", label="通知", counted="{n} 条通知",
    undelivered=lambda rows: rows.filter(email_sent_at__isnull=True, attempts__lt=RELAY_MAX_ATTEMPTS),
))


def notify(*, recipient, event: str, subject: str, body: str, link: str = "", key: str) -> Notification:
    """SPEC §11: put an event in the recipient's inbox and queue its e-mail for after the commit.

    Call it inside the transaction that makes the change: a rollback takes the notification with it. The same
    `key` twice gives one row and one e-mail (choose keys like "application-42-submitted").
    """
    notification, created = Notification.objects.get_or_create(
        delivery_key=key,
        defaults={"recipient": recipient, "event": event, "subject": subject, "body": body, "link": link},
    )
    if created:
        outbox_queue(NOTIFICATIONS, pk=notification.pk)
    return notification


def notify_many(notices) -> list[int]:
    """`notify` for many recipients in one INSERT whatever their number (a submission tells the recommender's
    accounts and the applicant at once; a confirmed shortlist tells every applicant). Each notice takes notify()'s
    keywords; `recipient` may be a user or a user id (or give `recipient_id`). A key already stored (or repeated)
    keeps its one row and one e-mail; the new rows are handed over after the commit in one callback. Returns the
    new rows' ids."""
    rows, keys = [], set()
    now = timezone.now()
    for notice in notices:
        if notice["key"] in keys:
            continue
        keys.add(notice["key"])
        recipient = notice["recipient"] if "recipient" in notice else notice["recipient_id"]
        rows.append([getattr(recipient, "pk", recipient), notice["event"], notice["subject"], notice["body"],
                     notice.get("link", ""), notice["key"], now])
    if not rows:
        return []
    quote = connection.ops.quote_name
    columns = ("recipient_id", "event", "subject", "body", "link", "delivery_key", "created_at", "attempts",
               "last_error")
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, 0, '')"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES {values} "
            f"ON CONFLICT ({quote('delivery_key')}) DO NOTHING RETURNING {quote('id')}",
            [value for row in rows for value in row],
        )
        created = [pk for (pk,) in cursor.fetchall()]
    outbox_queue_many(NOTIFICATIONS, pks=created)
    return created


def notification_email_send(*, notification_id: int) -> bool:
    """Send a notification's e-mail once; returns whether this call sent it.

    Locks the row, so a duplicated or retried task waits and then finds `email_sent_at` set. A recipient without
    an address is recorded as done ("无邮箱"): the inbox still has the notification. A transient SMTP error
    is recorded in `last_error` and raised for the task to retry.
    """
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update()
                .select_related("recipient")
                .filter(pk=notification_id)
                .first()
            )
            if notification is None or notification.email_sent_at is not None:
                return False
            address = notification.recipient.email
            if address:
                _email_message(notification, address).send()
            notification.email_sent_at = timezone.now()
            notification.attempts = F("attempts") + 1
            notification.last_error = "" if address else NO_ADDRESS
            notification.save(update_fields=["email_sent_at", "attempts", "last_error"])
            return bool(address)
    except SEND_ERRORS as exc:
        Notification.objects.filter(pk=notification_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
        )
        raise


def notifications_for(*, user) -> QuerySet[Notification]:
    """The user's inbox, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def notification_mark_read(*, notification: Notification, by) -> Notification:
    """Mark a notification read; only its recipient may."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied(_("只能标记自己的通知。"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def _email_message(notification, address):
    subject = _("【滨州市市长质量奖】") + " ".join(notification.subject.split())
    link = urljoin(settings.SITE_URL.rstrip("/") + "/", notification.link) if notification.link else ""
    body = render_to_string(
        "emails/notification.txt",
        {"notification": notification, "recipient": notification.recipient, "link": link},
    )
    return EmailMessage(subject=subject, body=body, to=[address])
