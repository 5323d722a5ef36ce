"""The in-app inbox (SPEC §11): one's own notifications only, newest first, unread marked, paginated."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from tests.factories.accounts import (
    IndividualFactory,
    NotificationFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderUserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return OrganizationFactory().user


def test_inbox_lists_own_notifications_newest_first(client, owner):
    now = timezone.now()
    NotificationFactory(recipient=owner, subject="较早的通知", created_at=now - datetime.timedelta(days=2))
    NotificationFactory(recipient=owner, subject="最新的通知", created_at=now)
    NotificationFactory(recipient=IndividualFactory().user, subject="别人的通知")
    client.force_login(owner)

    response = client.get(reverse("accounts:inbox"))

    assert [n.subject for n in response.context["page_obj"]] == ["最新的通知", "较早的通知"]
    assert "别人的通知" not in response.content.decode()


def test_inbox_marks_unread_and_counts_them(client, owner):
    NotificationFactory(recipient=owner, subject="未读的")
    NotificationFactory(recipient=owner, subject="读过的", read_at=timezone.now())
    client.force_login(owner)

    response = client.get(reverse("accounts:inbox"))

    content = response.content.decode()
    assert response.context["unread_count"] == 1
    assert "您有 1 条未读消息" in content
    assert "<strong>未读的</strong>" in content
    assert "<strong>读过的</strong>" not in content


def test_inbox_paginates_twenty_per_page(client, owner):
    for _ in range(25):
        NotificationFactory(recipient=owner)
    client.force_login(owner)

    first = client.get(reverse("accounts:inbox"))
    second = client.get(reverse("accounts:inbox"), {"page": 2})

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5


@pytest.mark.parametrize("count", [1, 15], ids=["one", "fifteen"])
def test_inbox_query_count_does_not_grow_with_notifications(
    client, owner, django_assert_max_num_queries, count
):
    for _ in range(count):
        NotificationFactory(recipient=owner)
    client.force_login(owner)

    # session, user, unread badge, unread count, page count, page rows (+ savepoint noise)
    with django_assert_max_num_queries(10):
        client.get(reverse("accounts:inbox"))


def test_inbox_empty_says_so(client, owner):
    client.force_login(owner)

    assert "暂无消息" in client.get(reverse("accounts:inbox")).content.decode()


def test_inbox_read_marks_read_and_goes_to_link(client, owner):
    notification = NotificationFactory(recipient=owner, link="/applications/42/")
    client.force_login(owner)

    response = client.post(reverse("accounts:inbox_read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/applications/42/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_inbox_read_external_link_goes_back_to_inbox(client, owner):
    notification = NotificationFactory(recipient=owner, link="https://evil.example.com/")
    client.force_login(owner)

    response = client.post(reverse("accounts:inbox_read", args=[notification.pk]))

    assert response["Location"] == reverse("accounts:inbox")


def test_inbox_read_someone_elses_notification_is_404_and_stays_unread(client, owner):
    theirs = NotificationFactory(recipient=IndividualFactory().user)
    client.force_login(owner)

    response = client.post(reverse("accounts:inbox_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_read_office_cannot_mark_another_users_notification(client):
    theirs = NotificationFactory(recipient=IndividualFactory().user)
    client.force_login(OfficeUserFactory())

    assert client.post(reverse("accounts:inbox_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_inbox_read_get_is_not_allowed(client, owner):
    notification = NotificationFactory(recipient=owner)
    client.force_login(owner)

    assert client.get(reverse("accounts:inbox_read", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_inbox_read_all_marks_only_own_notifications(client, owner):
    mine = [NotificationFactory(recipient=owner) for _ in range(3)]
    theirs = NotificationFactory(recipient=RecommenderUserFactory())
    client.force_login(owner)

    response = client.post(reverse("accounts:inbox_read_all"))

    assert response["Location"] == reverse("accounts:inbox")
    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    ("method", "url_name", "args"),
    [
        ("get", "accounts:inbox", []),
        ("post", "accounts:inbox_read", [1]),
        ("post", "accounts:inbox_read_all", []),
    ],
    ids=["inbox", "read", "read-all"],
)
def test_inbox_pages_anonymous_is_sent_to_login(client, method, url_name, args):
    response = getattr(client, method)(reverse(url_name, args=args))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "user_factory", [OfficeUserFactory, RecommenderUserFactory], ids=["office", "recommender"]
)
def test_inbox_every_logged_in_role_sees_its_own_inbox(client, user_factory):
    user = user_factory()
    NotificationFactory(recipient=user, subject="给你的通知")
    client.force_login(user)

    response = client.get(reverse("accounts:inbox"))

    assert response.status_code == 200
    assert [n.subject for n in response.context["page_obj"]] == ["给你的通知"]
