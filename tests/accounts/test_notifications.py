"""Notifications: inbox row and e-mail outbox in one, sent once after the commit, not lost (SPEC §11)."""
import smtplib
import socket
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Notification, User
from accounts.notifications import notification_mark_read, notifications_for, notify, notify_many
from accounts.tasks import task_relay_outbox, task_send_notification
from tests.accounts import celery_broker

UNREACHABLE_BROKER = "redis://127.0.0.1:6390/13"


class FlakyEmailBackend(EmailBackend):
    """An SMTP server that drops the first connection, then delivers (into mail.outbox)."""

    failures_left = 0

    def send_messages(self, messages):
        if FlakyEmailBackend.failures_left:
            FlakyEmailBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("连接被服务器关闭")
        return super().send_messages(messages)


@pytest.fixture
def applicant(db):
    return User.objects.create_user(
        username="org1", full_name="滨州某某化工有限公司", email="org1@example.com", role="organization"
    )


def notify_submitted(recipient, key="application-1-submitted"):
    return notify(
        recipient=recipient,
        event="application.submitted",
        subject="申报已提交",
        body="您的申报材料已提交,等待推荐单位推荐。",
        link="/award/applications/1/",
        key=key,
    )


def test_notify_same_key_twice_creates_one_row_and_one_email(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify_submitted(applicant)
        second = notify_submitted(applicant)

    assert (first.pk, Notification.objects.count(), len(mailoutbox)) == (second.pk, 1, 1)


def test_notify_many_writes_each_key_once_and_mails_only_the_new_rows(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    other = User.objects.create_user(username="rec1", full_name="滨城区市场监管局", email="rec1@example.com",
                                     role="recommender")
    notice = {"event": "application.submitted", "subject": "待推荐", "body": "请签署推荐意见。", "link": "/a/1/"}
    with django_capture_on_commit_callbacks(execute=True):
        notify_submitted(applicant, key="ack-1")
        created = notify_many([
            {**notice, "recipient": other, "key": "to-rec-1"},
            {**notice, "recipient": other, "key": "to-rec-1"},
            {**notice, "recipient": applicant.pk, "key": "ack-1"},
        ])

    assert (len(created), Notification.objects.count()) == (1, 2)
    assert sorted(message.to[0] for message in mailoutbox) == ["org1@example.com", "rec1@example.com"]
    assert Notification.objects.get(delivery_key="ack-1").subject == "申报已提交"


def test_notify_email_has_chinese_subject_and_absolute_link(
    applicant, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://zlj.binzhou.example"

    with django_capture_on_commit_callbacks(execute=True):
        notify_submitted(applicant)

    (message,) = mailoutbox
    assert message.subject == "【滨州市市长质量奖】申报已提交"
    assert message.to == ["org1@example.com"]
    assert "您的申报材料已提交,等待推荐单位推荐。" in message.body
    assert "https://zlj.binzhou.example/award/applications/1/" in message.body


def test_notify_many_sends_each_once_in_one_query_after_commit(
    applicant, mailoutbox, django_capture_on_commit_callbacks, django_assert_num_queries
):
    # Issue 12: many notices at once (a confirmed shortlist) in a fixed number of queries; a key already used
    # is not sent again
    other = User.objects.create_user(username="org2", email="org2@example.com", role="organization")
    notice = {"event": "shortlisted", "subject": "进入现场评审", "body": "资料评审达到分数线。", "link": "/x/"}
    with django_capture_on_commit_callbacks(execute=True):
        notify_submitted(applicant, key="shortlist:1")
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(1):
            created = notify_many([{**notice, "recipient": applicant, "key": "shortlist:1"},
                                   {**notice, "recipient_id": other.pk, "key": "shortlist:2"}])

    assert list(Notification.objects.filter(pk__in=created).values_list("delivery_key", flat=True)) == ["shortlist:2"]
    assert [m.to for m in mailoutbox] == [["org1@example.com"], ["org2@example.com"]]
    assert Notification.objects.get(delivery_key="shortlist:2").relayed_at is not None


def test_notify_marks_row_sent_and_relayed_after_commit(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify_submitted(applicant)

    notification.refresh_from_db()
    assert notification.email_sent_at is not None
    assert notification.relayed_at is not None
    assert notification.attempts == 1


def test_notify_rolled_back_leaves_no_row_and_sends_nothing(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify_submitted(applicant)
            raise RuntimeError("申报保存失败")

    assert (Notification.objects.count(), len(mailoutbox), len(callbacks)) == (0, 0, 0)


def test_task_send_notification_run_twice_sends_one_email(applicant, mailoutbox):
    notification = notify_submitted(applicant)  # not committed: no hand-off runs in this test

    task_send_notification.delay(notification_id=notification.pk)
    task_send_notification.delay(notification_id=notification.pk)

    assert len(mailoutbox) == 1


def test_task_send_notification_missing_row_is_a_no_op(db, mailoutbox):
    task_send_notification.delay(notification_id=987654)

    assert len(mailoutbox) == 0


def test_task_send_notification_without_address_records_nothing_to_send(db, mailoutbox):
    recipient = User.objects.create_user(username="expert9", full_name="赵专家", email="")
    notification = notify_submitted(recipient)

    task_send_notification.delay(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (len(mailoutbox), notification.last_error) == (0, "无邮箱")
    assert notification.email_sent_at is not None


def test_task_send_notification_smtp_error_is_retried_and_sent_once(applicant, mailoutbox, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyEmailBackend"
    FlakyEmailBackend.failures_left = 1
    notification = notify_submitted(applicant)

    # throw=False: the retry runs as a worker would run it, instead of propagating out of the eager call.
    task_send_notification.apply(kwargs={"notification_id": notification.pk}, throw=False)

    notification.refresh_from_db()
    assert (len(mailoutbox), notification.attempts) == (1, 2)
    assert notification.email_sent_at is not None


@pytest.fixture
def frozen_broker():
    """A Redis that accepts connections and never answers (hung, or a dropped network)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/13"


@pytest.mark.parametrize("outage", ["refused", "frozen"])
def test_notify_broker_down_keeps_row_unsent_without_hanging(
    request, applicant, mailoutbox, caplog, django_capture_on_commit_callbacks, outage
):
    broker = UNREACHABLE_BROKER if outage == "refused" else request.getfixturevalue("frozen_broker")

    with celery_broker(broker):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            notification = notify_submitted(applicant)
        elapsed = time.monotonic() - started

    notification.refresh_from_db()
    assert elapsed < 4  # the settings' 2 s socket timeouts, not a hung request
    assert f"通知 {notification.pk} 未能交给消息队列" in caplog.text
    assert (notification.email_sent_at, notification.relayed_at, len(mailoutbox)) == (None, None, 0)


def test_relay_outbox_after_broker_back_sends_exactly_one_email(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with celery_broker(UNREACHABLE_BROKER), django_capture_on_commit_callbacks(execute=True):
        notification = notify_submitted(applicant)
    out = StringIO()

    # The broker is back (tasks run in-process again): the operator relays, then beat relays once more.
    call_command("relay_outbox", "--all", stdout=out)
    task_relay_outbox.delay()

    notification.refresh_from_db()
    assert out.getvalue().strip() == "已交给消息队列:1 条通知、0 份申报书、0 张证书、0 份测评邀请"
    assert len(mailoutbox) == 1
    assert notification.email_sent_at is not None


def test_relay_outbox_while_broker_down_keeps_row(applicant, mailoutbox):
    notification = notify_submitted(applicant)
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - timedelta(minutes=1))

    with celery_broker(UNREACHABLE_BROKER):
        relayed = task_relay_outbox.apply().get()

    notification.refresh_from_db()
    assert (relayed, notification.relayed_at, len(mailoutbox)) == (0, None, 0)


@pytest.mark.parametrize(
    ("created_ago", "relayed_ago", "sent"),
    [
        (timedelta(seconds=1), None, 0),
        (timedelta(minutes=1), None, 1),
        (timedelta(minutes=10), timedelta(minutes=1), 0),
        (timedelta(minutes=10), timedelta(minutes=9), 1),
    ],
    ids=["fresh-awaits-own-hand-off", "never-handed-over", "recently-queued", "lost-by-broker"],
)
def test_task_relay_outbox_picks_unsent_rows_by_age(applicant, mailoutbox, created_ago, relayed_ago, sent):
    notification = notify_submitted(applicant)
    now = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        created_at=now - created_ago, relayed_at=now - relayed_ago if relayed_ago else None
    )

    task_relay_outbox.delay()

    assert len(mailoutbox) == sent


def test_notifications_for_lists_only_own_newest_first(applicant):
    other = User.objects.create_user(username="org2", full_name="另一家公司")
    older = notify_submitted(applicant, key="a")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=1))
    newer = notify_submitted(applicant, key="b")
    notify_submitted(other, key="c")

    assert list(notifications_for(user=applicant)) == [newer, older]


def test_notification_mark_read_sets_read_at_for_recipient(applicant):
    notification = notify_submitted(applicant)

    notification_mark_read(notification=notification, by=applicant)

    notification.refresh_from_db()
    assert notification.read_at is not None


def test_notification_mark_read_by_someone_else_is_refused(applicant):
    other = User.objects.create_user(username="org2", full_name="另一家公司")
    notification = notify_submitted(applicant)

    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=notification, by=other)
