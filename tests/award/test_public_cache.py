"""Issue 12: the public notice, winners and verification pages come from the cache between the events that change
them, and a service's change shows at once (Art. 19(二)(八), 24; SPEC §10)."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from award.services.revocation import award_revoke
from tests.factories.decision import awarded_cycle
from tests.query_walk import real_queries

pytestmark = pytest.mark.django_db


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def granted():
    cycle, office, certificates = awarded_cycle(organizations=1, individuals=0)
    return cycle, office, certificates[0]


def _pages(cycle, certificate):
    notice = cycle.notices.get()
    return {
        "notice": (reverse("award:notice_detail", kwargs={"pk": notice.pk}), {}),
        "winners": (reverse("award:winners"), {}),
        "verify": (reverse("award:verify"), {"number": certificate.number}),
    }


@pytest.mark.parametrize("page", ["notice", "winners", "verify"])
def test_unchanged_public_page_is_served_without_queries(client, granted, page):
    cycle, _office, certificate = granted
    url, params = _pages(cycle, certificate)[page]
    first = client.get(url, params)

    with CaptureQueriesContext(connection) as captured:
        second = client.get(url, params)

    assert (first.status_code, second.status_code) == (200, 200)
    assert CSRF.sub(b"", second.content) == CSRF.sub(b"", first.content)  # the frame's token is the visitor's
    assert [q["sql"] for q in real_queries(captured)] == []  # ATOMIC_REQUESTS' savepoints aside


def test_revocation_shows_at_once_on_verification_and_winners(client, granted):
    # Art. 24: once the government's revocation is recorded, the public pages say so on the next request.
    _cycle, office, certificate = granted
    verify_url = reverse("award:verify")
    before = client.get(verify_url, {"number": certificate.number}).content.decode()
    winners_before = client.get(reverse("award:winners")).content.decode()

    award_revoke(award=certificate.award, revoked_on=timezone.localdate(), reference="滨政字〔2026〕99号",
                 by=office)
    after = client.get(verify_url, {"number": certificate.number}).content.decode()
    winners_after = client.get(reverse("award:winners")).content.decode()

    assert 'data-status="valid"' in before and "撤销" not in winners_before
    assert 'data-status="revoked"' in after and "滨政字〔2026〕99号" in after
    assert "撤销" in winners_after


def test_logged_in_visitor_keeps_their_own_frame_around_a_cached_page(client, granted):
    # Only the body is cached: the office's navigation is not shown to the public, nor the reverse.
    cycle, office, certificate = granted
    url, params = _pages(cycle, certificate)["winners"]
    public = client.get(url, params).content.decode()
    client.force_login(office)

    own = client.get(url, params).content.decode()

    assert reverse("accounts:logout") in own and reverse("accounts:logout") not in public


def test_unknown_certificate_number_is_not_kept_in_the_cache(client, granted):
    # Anyone may type any number: only real certificates' pages are kept, so guesses cannot fill the cache.
    params = {"number": "BZQA-99-O-999"}
    client.get(reverse("award:verify"), params)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("award:verify"), params)

    assert 'data-status="unknown"' in response.content.decode()
    assert len(real_queries(captured)) == 1  # looked up again
