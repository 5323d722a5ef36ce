"""The applicant's own profile (Art. 15, 17), masked ID numbers, the dashboard redirect and password change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, Certification
from accounts.selectors import id_number_for_viewer
from accounts.services import individual_profile_update
from tests.factories.accounts import (
    PASSWORD,
    AgencyUserFactory,
    CertificationFactory,
    ExpertUserFactory,
    IndividualFactory,
    LeadingGroupUserFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderUserFactory,
    SupervisorUserFactory,
    credit_code_sequence,
)

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"


def organization_profile_post(profile, certifications, **overrides):
    """The profile page's POST: the profile fields plus one formset row per (certificate or None for a new row)."""
    data = {
        "name": profile.name,
        "registration_date": profile.registration_date.isoformat(),
        "district": profile.district,
        "sector": profile.sector,
        "industry": profile.industry,
        "size": profile.size,
        "address": profile.address,
        "contact_name": profile.contact_name,
        "contact_phone": profile.contact_phone,
        "certifications-TOTAL_FORMS": str(len(certifications)),
        "certifications-INITIAL_FORMS": str(sum(1 for row in certifications if row.get("id"))),
        "certifications-MIN_NUM_FORMS": "1",
        "certifications-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(certifications):
        for name, value in row.items():
            data[f"certifications-{index}-{name}"] = value
    data.update(overrides)
    return data


def certificate_row(cert=None, **overrides):
    today = timezone.localdate()
    row = {
        "kind": "gbt19001",
        "standard": "GB/T 19001-2016",
        "number": "NEW-0001",
        "issuer": "中国质量认证中心",
        "valid_from": (today - datetime.timedelta(days=10)).isoformat(),
        "valid_until": (today + datetime.timedelta(days=700)).isoformat(),
    }
    if cert is not None:
        row.update(
            id=str(cert.pk),
            kind=cert.kind,
            standard=cert.standard,
            number=cert.number,
            issuer=cert.issuer,
            valid_from=cert.valid_from.isoformat(),
            valid_until=cert.valid_until.isoformat(),
        )
    row.update(overrides)
    return row


# --- organization ----------------------------------------------------------------------------------------------


def test_profile_organization_get_shows_profile_and_certificates(client):
    cert = CertificationFactory(number="CQC-2024-001")
    client.force_login(cert.organization.user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    content = response.content.decode()
    assert cert.organization.credit_code in content
    assert "CQC-2024-001" in content
    # The existing certificate plus one blank row to add another.
    assert len(response.context["formset"].forms) == 2


def test_profile_organization_edit_changes_fields_adds_and_removes_certificates(client):
    profile = OrganizationFactory()
    kept = CertificationFactory(organization=profile, number="KEEP-1")
    removed = CertificationFactory(organization=profile, number="DROP-1")
    client.force_login(profile.user)
    rows = [certificate_row(kept), certificate_row(removed, DELETE="on"), certificate_row(number="ADD-1")]

    response = client.post(
        reverse("accounts:profile"),
        organization_profile_post(profile, rows, name="滨州新名称有限公司", is_new_service="on"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    profile.refresh_from_db()
    assert (profile.name, profile.is_new_service) == ("滨州新名称有限公司", True)
    assert profile.user.full_name == "滨州新名称有限公司"
    assert sorted(profile.certifications.values_list("number", flat=True)) == ["ADD-1", "KEEP-1"]
    assert AuditEntry.objects.filter(action="profile.updated", actor=profile.user).count() == 1


def test_profile_organization_credit_code_cannot_be_changed_by_the_applicant(client):
    cert = CertificationFactory()
    profile = cert.organization
    original = profile.credit_code
    client.force_login(profile.user)

    client.post(
        reverse("accounts:profile"),
        organization_profile_post(profile, [certificate_row(cert)], credit_code=credit_code_sequence(999)),
    )

    profile.refresh_from_db()
    assert profile.credit_code == original


def test_profile_organization_removing_every_certificate_is_refused(client):
    cert = CertificationFactory()
    client.force_login(cert.organization.user)

    response = client.post(
        reverse("accounts:profile"),
        organization_profile_post(cert.organization, [certificate_row(cert, DELETE="on")]),
    )

    assert response.status_code == 200
    # Art. 15(三): an applicant keeps at least one management-system certificate.
    assert "请至少填写一项管理体系认证" in response.content.decode()
    assert Certification.objects.filter(pk=cert.pk).exists()


def test_profile_organization_future_registration_date_is_refused(client):
    cert = CertificationFactory()
    profile = cert.organization
    client.force_login(profile.user)

    response = client.post(
        reverse("accounts:profile"),
        organization_profile_post(profile, [certificate_row(cert)], registration_date="2999-12-31"),
    )

    assert response.context["profile_form"].errors["registration_date"] == ["注册登记日期不能晚于今天。"]
    profile.refresh_from_db()
    assert profile.registration_date.year < 2999


def test_profile_organization_add_row_shows_one_more_blank_row_and_saves_nothing(client):
    cert = CertificationFactory()
    profile = cert.organization
    client.force_login(profile.user)
    data = organization_profile_post(profile, [certificate_row(cert)], name="不应保存", add_row="1")

    response = client.post(reverse("accounts:profile"), data)

    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    profile.refresh_from_db()
    assert profile.name != "不应保存"


# --- individual and the masked ID number ---------------------------------------------------------------------


def test_profile_individual_shows_id_number_masked_never_in_full(client):
    profile = IndividualFactory()
    client.force_login(profile.user)

    content = client.get(reverse("accounts:profile")).content.decode()

    assert profile.masked_id_number in content
    assert profile.id_number not in content


def test_profile_individual_edit_changes_position_but_not_id_number(client):
    profile = IndividualFactory()
    original = profile.id_number
    client.force_login(profile.user)
    data = {
        "name": profile.name,
        "id_number": "11010519491231002X",
        "employer": "新单位",
        "employer_credit_code": "",
        "position": "首席质量官",
        "district": profile.district,
        "sector": profile.sector,
        "quality_work_since": profile.quality_work_since.isoformat(),
        "contact_phone": profile.contact_phone,
    }

    response = client.post(reverse("accounts:profile"), data)

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.position, profile.employer, profile.id_number) == ("首席质量官", "新单位", original)


def test_individual_profile_update_by_someone_else_is_refused():
    profile = IndividualFactory(position="质量总监")
    other = IndividualFactory()

    with pytest.raises(PermissionDenied):
        individual_profile_update(profile=profile, profile_data={"position": "改掉"}, by=other.user)

    profile.refresh_from_db()
    assert profile.position == "质量总监"


@pytest.mark.parametrize(
    "viewer_factory",
    [
        IndividualFactory,
        OrganizationFactory,
        RecommenderUserFactory,
        AgencyUserFactory,
        ExpertUserFactory,
        SupervisorUserFactory,
        LeadingGroupUserFactory,
    ],
    ids=["the-holder", "organization", "recommender", "agency", "expert", "supervisor", "leading-group"],
)
def test_id_number_for_viewer_non_office_sees_masked(viewer_factory):
    profile = IndividualFactory()
    viewer = viewer_factory()
    viewer = getattr(viewer, "user", viewer)
    if viewer_factory is IndividualFactory:
        viewer = profile.user

    shown = id_number_for_viewer(profile=profile, viewer=viewer)

    assert shown == profile.id_number[:6] + "********" + profile.id_number[-4:]


def test_id_number_for_viewer_office_sees_full_number():
    profile = IndividualFactory()

    assert id_number_for_viewer(profile=profile, viewer=OfficeUserFactory()) == profile.id_number


def test_id_number_for_viewer_inactive_office_account_sees_masked():
    profile = IndividualFactory()

    assert (
        id_number_for_viewer(profile=profile, viewer=OfficeUserFactory(is_active=False)) != profile.id_number
    )


# --- who may open the profile, the dashboard and password change ------------------------------------------------


def test_profile_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={PROFILE_URL}"


@pytest.mark.parametrize(
    "user_factory",
    [OfficeUserFactory, RecommenderUserFactory, AgencyUserFactory, ExpertUserFactory, SupervisorUserFactory],
    ids=["office", "recommender", "agency", "expert", "supervisor"],
)
def test_profile_non_applicant_is_forbidden(client, user_factory):
    client.force_login(user_factory())

    assert client.get(reverse("accounts:profile")).status_code == 403


def test_dashboard_logged_in_redirects_to_role_dashboard(client):
    client.force_login(OfficeUserFactory())

    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("award:dashboard")


def test_dashboard_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_changes_password_of_logged_in_user(client):
    user = IndividualFactory().user
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Yellow-River-Delta-9",
            "new_password2": "Yellow-River-Delta-9",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("Yellow-River-Delta-9")


def test_password_change_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_get_is_not_allowed_and_post_logs_out(client):
    client.force_login(OfficeUserFactory())

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session
