"""No request waits on the broker more than once (issue 11, "What must hold"): after the first broker error the
rest of the request's hand-offs are left to the outbox relay, which delivers them later, each once."""
import datetime
import socket
import time

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.broker import broker_scope
from accounts.models import Notification, User
from accounts.notifications import NOTIFICATIONS, notify
from accounts.outbox import outbox_relay
from accounts.tasks import task_send_notification
from tests.accounts import celery_broker


class FailingBroker:
    """Stands in for `apply_async` with Redis down: counts the attempts, raises like a refused connection."""

    def __init__(self):
        self.attempts = 0

    def __call__(self, *args, **kwargs):
        self.attempts += 1
        raise ConnectionRefusedError(111, "Connection refused")


def _recipients(n):
    return [User.objects.create_user(username=f"office{i}", full_name=f"办公室{i}", email=f"o{i}@example.com",
                                     role="office") for i in range(n)]


def _notify_all(users, tag="x"):
    for user in users:
        notify(recipient=user, event="test.event", subject="有新事项", body="请查看。", key=f"{tag}-{user.pk}")


@pytest.mark.django_db
def test_notifying_many_in_one_scope_tries_the_broker_once(monkeypatch, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    broker = FailingBroker()
    monkeypatch.setattr(task_send_notification, "apply_async", broker)
    users = _recipients(6)

    with broker_scope(), django_capture_on_commit_callbacks(execute=True):
        _notify_all(users)

    assert broker.attempts == 1
    assert Notification.objects.filter(relayed_at__isnull=True).count() == 6
    # The broker is back: the relay hands every one over, and each e-mail goes out once.
    monkeypatch.undo()
    assert outbox_relay(NOTIFICATIONS, min_age=datetime.timedelta(0)) == 6
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)


@pytest.mark.django_db
def test_outside_a_request_every_hand_off_still_tries(monkeypatch, django_capture_on_commit_callbacks):
    broker = FailingBroker()
    monkeypatch.setattr(task_send_notification, "apply_async", broker)

    with django_capture_on_commit_callbacks(execute=True):
        _notify_all(_recipients(3))

    assert broker.attempts == 3  # a worker's task or a command: no scope, nothing skipped


@pytest.mark.django_db
def test_each_scope_tries_the_broker_again(monkeypatch, django_capture_on_commit_callbacks):
    broker = FailingBroker()
    monkeypatch.setattr(task_send_notification, "apply_async", broker)
    users = _recipients(4)

    for tag in ("first", "second"):
        with broker_scope(), django_capture_on_commit_callbacks(execute=True):
            _notify_all(users, tag=tag)

    assert broker.attempts == 2  # the next request finds out for itself whether Redis is back


@pytest.mark.django_db(transaction=True)
def test_a_complaint_notifying_several_people_tries_the_broker_once(client, monkeypatch):
    from tests.factories.award import CycleFactory

    cycle = CycleFactory()
    users = _recipients(5)  # the office: every member is told of a new complaint (Art. 11)
    broker = FailingBroker()
    monkeypatch.setattr(task_send_notification, "apply_async", broker)

    response = client.post(reverse("supervision:complaint_create"), {
        "category": "advertising", "subject": "某公司", "description": "在产品包装上使用市长质量奖称号。",
        "complainant_name": "王先生", "complainant_contact": "13800000000", "cycle": cycle.pk,
    })

    assert response.status_code == 302
    assert Notification.objects.filter(recipient__in=users).count() == 5
    assert broker.attempts == 1


@pytest.fixture
def frozen_broker():
    """A Redis that accepts connections and never answers (hung, or a dropped network)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/13"


@pytest.mark.django_db
def test_a_frozen_broker_costs_one_timeout_for_many_notifications(frozen_broker,
                                                                  django_capture_on_commit_callbacks):
    users = _recipients(5)

    with celery_broker(frozen_broker):
        started = time.monotonic()
        with broker_scope(), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            _notify_all(users)
        elapsed = time.monotonic() - started

    assert elapsed < 4  # one 2 s socket timeout, not five
    assert Notification.objects.filter(relayed_at__isnull=True).count() == 5
