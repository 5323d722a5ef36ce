"""Whole public pages for anonymous visitors (issue 12, award/public_responses.py): kept between the events that
change them, never for a signed-in visitor, never with a cookie or a CSRF token in them."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award.public_cache import notices_changed
from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import CycleFactory

pytestmark = pytest.mark.django_db


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return response, len(captured)


@pytest.mark.parametrize("url", ["/", "/notices/", "/winners/", "/verify/"])
def test_an_anonymous_visitor_is_served_the_kept_page_without_a_query(client, url):
    first, _ = _get(client, url)
    second, queries = _get(client, url)

    assert first.status_code == second.status_code == 200
    assert queries == 0
    assert second.content == first.content
    # The outer middleware still runs on a kept page: its security headers are there.
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"
    assert not second.cookies  # no CSRF or session cookie handed out from the cache
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_a_signed_in_visitor_always_reaches_the_view(client):
    _get(client, "/")  # kept for the anonymous
    client.force_login(OfficeUserFactory(full_name="办公室王"))

    response, queries = _get(client, "/")

    assert queries > 0 and "办公室王" in response.content.decode()


def test_a_change_shows_at_once(client):
    cycle = CycleFactory()
    _get(client, "/")
    cycle.save()  # a cycle saved (its call published, its window moved) moves the home page's family on
    _response, queries = _get(client, "/")
    assert queries > 0

    _get(client, "/notices/")
    notices_changed()  # what the notice services call when a notice is published
    _response, queries = _get(client, "/notices/")
    assert queries > 0


def test_each_language_is_kept_apart(client):
    chinese = client.get("/")
    client.cookies["django_language"] = "en"
    english = client.get("/")

    assert chinese["Content-Language"] == "zh-hans" and english["Content-Language"] == "en"
    assert chinese.content != english.content


def test_a_query_string_reaches_the_view(client):
    _get(client, "/verify/?number=BZ-NOPE")
    _response, queries = _get(client, "/verify/?number=BZ-NOPE")
    assert queries > 0


def test_the_language_link_sets_the_cookie_and_goes_back(client):
    response = client.get(reverse("accounts:language"), {"language": "en", "next": "/winners/"})

    assert response.status_code == 302 and response["Location"] == "/winners/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/winners/")["Content-Language"] == "en"


def test_the_language_link_refuses_another_site_and_an_unknown_language(client):
    response = client.get(reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"})

    assert response["Location"] == "/" and "django_language" not in response.cookies


def test_the_header_offers_a_link_not_a_form_to_the_anonymous(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("accounts:language")}?language=en&amp;next=/"' in html
    assert client.post(reverse("accounts:language"), {"language": "en"}).status_code == 405


def test_a_kept_page_comes_from_this_process_and_still_follows_a_change(client, monkeypatch):
    from award import public_responses

    first, _ = _get(client, "/notices/")
    trips = []
    real_get = public_responses.cache.get
    monkeypatch.setattr(public_responses.cache, "get", lambda *a, **k: trips.append(a[0]) or real_get(*a, **k))

    second, _ = _get(client, "/notices/")
    from_shared = [key for key in trips if key.startswith("public:response:")]
    notices_changed()  # a notice published on another node: the family's version in the shared cache moves on
    _third, queries = _get(client, "/notices/")

    assert second.content == first.content
    assert from_shared == []  # the body did not travel from the shared cache again
    assert queries > 0
