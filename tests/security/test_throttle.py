"""Throttle trips (issue 11): what the project throttles today, tried past its limit. The public forms' per-address
limit and the login's per-(username, address) lock (django-axes, accounts/signin.py) are counted here."""
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from supervision import services
from tests.factories.accounts import PASSWORD, OfficeUserFactory
from tests.factories.supervision import complaint

from .figures import record


@pytest.mark.django_db
def test_public_form_throttle_trips_past_its_limit():
    limit = services.complaints.RATE_LIMIT
    trips = 0
    for _ in range(limit + 3):
        try:
            complaint(ip="10.9.9.9")
        except ValidationError as error:
            trips += error.code == "rate_limited"
    record(throttle_tried=limit + 3, throttle_trips=trips)

    assert trips == 3


@pytest.mark.django_db
def test_login_throttle_trips_past_its_limit(client):
    """Wrong passwords past the limit, then the right one: every attempt from the limit on is refused (429)."""
    user = OfficeUserFactory()
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [
        client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"},
                    REMOTE_ADDR="10.9.9.10").status_code
        for _ in range(limit + 2)
    ]
    statuses.append(client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD},
                                REMOTE_ADDR="10.9.9.10").status_code)
    trips = statuses.count(429)
    record(login_throttle_tried=len(statuses), login_throttle_trips=trips)

    assert trips == 4
