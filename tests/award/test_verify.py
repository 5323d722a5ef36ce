"""Public certificate verification (SPEC §10): valid, expired (Art. 6) and revoked (Art. 24) numbers."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from award.models import Award
from award.selectors import certificate_lookup
from tests.factories.decision import awarded_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    return certificates[0]


def _verify(client, number):
    response = client.get(reverse("award:verify"), {"number": number})
    return response, response.content.decode()


def test_verify_valid_number_shows_valid_with_the_winner(client, certificate):
    response, text = _verify(client, certificate.number)

    assert response.status_code == 200
    assert 'data-status="valid"' in text
    assert certificate.award.recipient_name in text


def test_verify_accepts_lower_case_and_spaces(client, certificate):
    _response, text = _verify(client, f"  {certificate.number.lower()} ")

    assert 'data-status="valid"' in text


def test_verify_expired_number_shows_expired(client, certificate):
    # Art. 6: valid 5 years; the day after the last valid day it is expired.
    Award.objects.filter(pk=certificate.award_id).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))

    _response, text = _verify(client, certificate.number)

    assert 'data-status="expired"' in text
    assert "有效期已满" in text


def test_verify_revoked_number_shows_the_revocation_date_and_reference(client, certificate):
    # Art. 24: revoked awards show as revoked, with the decision's date and document number.
    Award.objects.filter(pk=certificate.award_id).update(
        revoked_on=datetime.date(2026, 11, 20), revocation_reference="滨政字〔2026〕88号"
    )

    _response, text = _verify(client, certificate.number)

    assert 'data-status="revoked"' in text
    assert "2026年11月20日" in text
    assert "滨政字〔2026〕88号" in text


def test_verify_unknown_number_says_not_found(client, certificate):
    _response, text = _verify(client, "BZQA-99-O-999")

    assert 'data-status="unknown"' in text


@pytest.mark.parametrize(
    ("days_after_last_valid_day", "status"), [(0, "valid"), (1, "expired")], ids=["last-day", "day-after"]
)
def test_certificate_lookup_expiry_boundary(certificate, days_after_last_valid_day, status):
    last_day = certificate.award.valid_until

    result = certificate_lookup(
        number=certificate.number, today=last_day + datetime.timedelta(days=days_after_last_valid_day)
    )

    assert result["status"] == status
