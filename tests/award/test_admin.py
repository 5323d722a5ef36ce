"""The admin is a read-only window for the office's superuser; changes go through the workflow services."""
import pytest

from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import application_in_state

pytestmark = pytest.mark.django_db


def test_superuser_reads_applications_in_the_admin_but_cannot_change_them(client):
    application = application_in_state("submitted")
    client.force_login(OfficeUserFactory(is_superuser=True, is_staff=True))

    listing = client.get("/admin/award/application/")
    change = client.post(f"/admin/award/application/{application.pk}/change/", {"state": "qualified"})

    assert listing.status_code == 200
    assert application.applicant_name in listing.content.decode()
    assert change.status_code in (200, 403)
    application.refresh_from_db()
    assert application.state == "submitted"
