"""Throttle trips (issue 11): what the project throttles today, tried past its limit. The public forms' per-address
limit is counted here; login throttling (track t11a) adds its own trips when it lands."""
import pytest
from django.core.exceptions import ValidationError

from supervision import services
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
