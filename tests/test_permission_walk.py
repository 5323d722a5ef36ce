"""Walk every URL of the app as every actor and anonymously; assert allowed or denied (issue 2, SPEC §1).

A URL without a rule fails `test_every_url_has_a_rule` until its owner decides the rule.
"""
import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from tests.permission_walk import ACTORS, all_rules, build_world, url_names

RULES = all_rules()


def test_every_url_has_a_rule():
    missing = sorted(url_names() - set(RULES))
    stale = sorted(set(RULES) - url_names())

    assert missing == [], f"URLs without a permission rule: {missing}"
    assert stale == [], f"rules for URLs that no longer exist: {stale}"


def _denied(response):
    if response.status_code in (403, 404):
        return True
    login = reverse(settings.LOGIN_URL)
    return response.status_code == 302 and response["Location"].startswith(login)


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("walk-private-media")


@pytest.fixture
def private_media_root(settings, walk_media):
    """The world's files live as long as the world (overrides the per-test folder of tests/conftest.py)."""
    settings.PRIVATE_MEDIA_ROOT = walk_media
    return walk_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, walk_media):
    """One world for the whole walk (building it takes seconds), rolled back at the end; each test runs in a
    savepoint inside it, so a request that writes is undone before the next URL."""
    with override_settings(PRIVATE_MEDIA_ROOT=walk_media), django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES), ids=str)
def test_permission_walk(name, client, world):
    rule = RULES[name]
    url = reverse(name, kwargs=rule.kwargs(world))
    wrong = []
    for actor in ACTORS:
        client.logout()
        if world[actor] is not None:
            client.force_login(world[actor])
        allowed = actor in rule.allowed
        if rule.method == "POST":
            if allowed:
                continue
            response = client.post(url, {})
        else:
            response = client.get(url)
        if allowed and (response.status_code >= 400 or _denied(response)):
            wrong.append(f"{actor}: expected allowed, got {response.status_code}")
        if not allowed and not _denied(response):
            wrong.append(f"{actor}: expected denied, got {response.status_code}")
    assert wrong == [], f"{name} {url}: " + "; ".join(wrong)


@pytest.mark.django_db
def test_admin_refuses_non_staff(client, world):
    client.force_login(world["office"])

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
