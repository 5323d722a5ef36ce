"""The live eligibility endpoint (issue 10 point 4): the form's current data, checked without saving."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Certification
from tests.factories.accounts import CertificationFactory, IndividualFactory, OrganizationFactory
from tests.factories.award import CycleFactory, application_in_state

pytestmark = pytest.mark.django_db

URL = reverse("award:eligibility_check")


def _years_ago(years, days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def _checks(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return {check["code"]: check for check in response.json()["checks"]}


def _profile_post(profile, **fields):
    """What the organization's profile page posts: its fields and the certificate formset."""
    certification = profile.certifications.get()
    data = {
        "name": profile.name, "registration_date": profile.registration_date.isoformat(),
        "district": profile.district, "sector": profile.sector, "industry": profile.industry,
        "size": profile.size, "address": profile.address, "contact_name": profile.contact_name,
        "contact_phone": profile.contact_phone,
        "certifications-TOTAL_FORMS": "1", "certifications-INITIAL_FORMS": "1",
        "certifications-MIN_NUM_FORMS": "1", "certifications-MAX_NUM_FORMS": "1000",
        "certifications-0-id": str(certification.pk), "certifications-0-organization": str(profile.pk),
        "certifications-0-kind": certification.kind, "certifications-0-standard": certification.standard,
        "certifications-0-number": certification.number, "certifications-0-issuer": certification.issuer,
        "certifications-0-valid_from": certification.valid_from.isoformat(),
        "certifications-0-valid_until": certification.valid_until.isoformat(),
    }
    data.update(fields)
    return data


def test_eligibility_check_typed_registration_date_fails_art15_without_saving(client):
    # Art. 15(一): five years of operation, on the date the applicant is typing, not the stored one.
    application = application_in_state("draft")
    profile = application.organization
    stored = profile.registration_date
    client.force_login(application.applicant)

    response = client.post(URL, _profile_post(profile, registration_date=_years_ago(5, days=-1).isoformat()))

    checks = _checks(response)
    assert checks["operating_years"]["passed"] is False
    assert response.json()["ok"] is False
    assert response.json()["failing"] == [f"{checks['operating_years']['label']}({checks['operating_years']['article']})"]
    profile.refresh_from_db()
    assert profile.registration_date == stored


def test_eligibility_check_five_full_years_pass_art15(client):
    # Art. 15(一): complete on the anniversary.
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = client.post(URL, _profile_post(application.organization, registration_date=_years_ago(5).isoformat()))

    assert _checks(response)["operating_years"]["passed"] is True
    assert response.json()["ok"] is True


def test_eligibility_check_expired_certificate_typed_fails_art15(client):
    # Art. 15(三): the certificate's typed end date lies before today.
    application = application_in_state("draft")
    client.force_login(application.applicant)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    response = client.post(URL, _profile_post(application.organization, **{"certifications-0-valid_until": yesterday}))

    assert _checks(response)["certification"]["passed"] is False
    assert Certification.objects.get(organization=application.organization).valid_until > timezone.localdate()


def test_eligibility_check_deleted_certificate_fails_art15(client):
    # Art. 15(三): ticking the only certificate's delete box leaves none.
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = client.post(URL, _profile_post(application.organization, **{"certifications-0-DELETE": "on"}))

    assert _checks(response)["certification"]["passed"] is False


def test_eligibility_check_invalid_date_keeps_stored_value(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = client.post(URL, _profile_post(application.organization, registration_date="2026-13-45"))

    assert _checks(response)["operating_years"]["passed"] is True


def test_eligibility_check_application_form_data_uses_stored_profile(client):
    # The application form carries no profile fields: the stored profile is checked (Art. 6, 15, 18, 24).
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = client.post(URL, {"application": str(application.pk), "summary": "概述"})

    checks = _checks(response)
    assert sorted(checks) == sorted(
        ["application_window", "credit_code", "operating_years", "certification", "repeat_award", "revocation_ban"]
    )
    assert response.json()["ok"] is True


def test_eligibility_check_individual_quality_years_and_employer_code_art17(client):
    # Art. 17(二): five years of quality work; 17(五): the employer's credit code checksum, as typed.
    application = application_in_state("draft", kind="individual")
    client.force_login(application.applicant)

    response = client.post(URL, {
        "quality_work_since": _years_ago(4).isoformat(), "employer_credit_code": "91371600MA3C4T5X0Y",
    })

    checks = _checks(response)
    assert checks["quality_work_years"]["passed"] is False
    assert checks["employer_credit_code"]["passed"] is False


def test_eligibility_check_other_applicants_application_refused(client):
    application = application_in_state("draft")
    client.force_login(OrganizationFactory(with_certification=True).user)

    response = client.post(URL, {"application": str(application.pk)})

    assert response.status_code == 403


def test_eligibility_check_without_application_uses_open_cycle(client):
    CycleFactory()
    profile = OrganizationFactory(with_certification=True)
    client.force_login(profile.user)

    response = client.post(URL, _profile_post(profile))

    assert _checks(response)["application_window"]["passed"] is True


def test_eligibility_check_get_refused(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)

    assert client.get(URL).status_code == 405


def test_eligibility_check_queries_do_not_grow_with_certificates(client):
    # The query walk covers GET pages; this POST is measured here at two sizes.
    application = application_in_state("draft")
    profile = application.organization
    client.force_login(application.applicant)

    def measure():
        with CaptureQueriesContext(connection) as captured:
            assert client.post(URL, {"application": str(application.pk)}).status_code == 200
        return len(captured)

    small = measure()
    CertificationFactory.create_batch(5, organization=profile)
    IndividualFactory.create_batch(3)
    assert measure() == small


def test_edit_page_disables_submit_with_failing_rules_without_js(client):
    # Art. 15(一): without JavaScript the saved data's checks are on the page and the submit button is disabled.
    application = application_in_state("draft")
    profile = application.organization
    profile.registration_date = _years_ago(2)
    profile.save()
    client.force_login(application.applicant)

    page = client.get(reverse("award:application_edit", kwargs={"pk": application.pk})).content.decode()

    assert 'data-eligibility-submit disabled aria-describedby="eligibility-blocked"' in page
    assert "data-eligibility-failing" in page


def test_submit_page_disables_button_when_a_check_fails(client):
    application = application_in_state("draft")
    profile = application.organization
    profile.registration_date = _years_ago(2)
    profile.save()
    client.force_login(application.applicant)

    page = client.get(reverse("award:application_submit", kwargs={"pk": application.pk})).content.decode()

    assert 'disabled aria-describedby="submit-blocked"' in page
