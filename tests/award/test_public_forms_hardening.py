"""The objection form against a visitor with a browser (issue 11, "What was found" 1 and 2): forged
X-Forwarded-For headers share the sender's bucket, a header that is not an address does not skip the limit, and a
cache outage does not give a 500."""
import pytest
from django.core.cache import cache
from django.urls import reverse

from award.models import Objection
from tests.factories.decision import proposed_cycle, publish_proposed_notice

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture
def objection_url():
    cycle, office, applications = proposed_cycle(organizations=1, individuals=0)
    notice = publish_proposed_notice(cycle, office)
    return reverse("award:objection_create", kwargs={"pk": notice.pk}), applications[0]


def _form(application):
    return {"application": application.pk, "name": "王五", "contact": "13800000000",
            "content": "该单位近三年发生过质量事故,请核查。"}


def test_forged_forwarded_for_headers_share_the_senders_bucket(client, settings, objection_url):
    settings.TRUSTED_PROXIES = [PROXY]
    url, application = objection_url
    statuses = [
        # nginx appends the address it saw (198.51.100.9); the hop before it is the visitor's own invention.
        client.post(url, _form(application), REMOTE_ADDR=PROXY,
                    HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 198.51.100.9").status_code
        for n in range(8)
    ]

    assert statuses[:5] == [302] * 5 and statuses[5:] == [429] * 3
    assert set(Objection.objects.values_list("ip_address", flat=True)) == {"198.51.100.9"}


def test_a_forwarded_header_that_is_not_an_address_does_not_skip_the_limit(client, objection_url):
    url, application = objection_url
    statuses = [client.post(url, _form(application), HTTP_X_FORWARDED_FOR="not-an-ip").status_code for _ in range(6)]

    assert statuses[-1] == 429
    assert Objection.objects.count() == 5
    assert set(Objection.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_objection_is_accepted_when_the_cache_fails(client, monkeypatch, objection_url):
    url, application = objection_url

    def frozen(*args, **kwargs):
        raise TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(cache, "add", frozen)
    response = client.post(url, _form(application))

    assert response.status_code == 302
    assert Objection.objects.count() == 1
