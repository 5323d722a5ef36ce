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


MATERIAL = sorted(name for name, rule in RULES.items() if rule.material)


def _without_pledge(world):
    from review.models import Pledge

    Pledge.objects.filter(cycle=world["cycle"], expert=world["expert"]).delete()


def _cycle_in(stage):
    def change(world):
        type(world["cycle"]).objects.filter(pk=world["cycle"].pk).update(stage=stage)

    return change


# Art. 12, 26: the same expert, the same seats and (on purpose) the same guardian grants — only the pledge or the
# stage differs, so the access rule itself must refuse.
PLEDGE_VARIANTS = {
    "without_pledge": _without_pledge,
    "after_document_and_site_review": _cycle_in("comprehensive_review"),
    "after_awards": _cycle_in("awarded"),
}


def test_material_urls_are_marked():
    # The pledge walk must cover the pages that show application material (a rule that loses its mark fails).
    assert {"award:application_detail", "award:evidence_download", "review:scorecard_edit",
            "review:site_visit", "review:site_scorecard_edit", "review:site_report_pdf"} <= set(MATERIAL)


@pytest.mark.django_db
@pytest.mark.parametrize("variant", sorted(PLEDGE_VARIANTS), ids=str)
@pytest.mark.parametrize("name", MATERIAL, ids=str)
def test_pledge_walk(name, variant, client, world):
    # Art. 26: with the pledge and while the stage runs the expert is allowed (test_permission_walk); without the
    # pledge, or once the stage that needed the material ended, the same URL is refused.
    rule = RULES[name]
    assert "expert" in rule.allowed, f"{name}: a material URL the walk's expert may open"
    url = reverse(name, kwargs=rule.kwargs(world))
    PLEDGE_VARIANTS[variant](world)
    client.force_login(world["expert"])

    response = client.get(url) if rule.method == "GET" else client.post(url, {})

    assert _denied(response), f"{name} {url} ({variant}): expected denied, got {response.status_code}"
