"""The Django admin is a read-only window on accounts and on every model a service owns (issue 11): the superuser
cannot make anyone office or superuser, or change an ID number, behind the services' and the audit log's back."""
import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import AuditEntry, Role
from tests.factories.accounts import IndividualFactory, LeadingGroupUserFactory, OfficeUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(OfficeUserFactory(is_superuser=True, is_staff=True))
    return client


def test_admin_cannot_change_a_users_role_or_superuser_flag(superuser_client):
    leader = LeadingGroupUserFactory()
    audit_before = AuditEntry.objects.count()

    response = superuser_client.post(f"/admin/accounts/user/{leader.pk}/change/", {
        "username": leader.username, "role": Role.OFFICE, "is_superuser": "on", "is_staff": "on", "is_active": "on",
        "full_name": leader.full_name, "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
    })

    leader.refresh_from_db()
    assert response.status_code == 403
    assert (leader.role, leader.is_superuser, leader.is_staff) == (Role.LEADING_GROUP, False, False)
    # nothing changed, so nothing but the refusal itself is recorded
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)[audit_before:]) == ["access.denied"]


def test_admin_cannot_set_a_users_password(superuser_client):
    leader = LeadingGroupUserFactory()
    old_hash = leader.password

    response = superuser_client.post(f"/admin/accounts/user/{leader.pk}/password/",
                                     {"password1": "Another#Pass2026", "password2": "Another#Pass2026"})

    leader.refresh_from_db()
    assert (response.status_code, leader.password) == (403, old_hash)


def test_admin_cannot_change_an_individuals_id_number(superuser_client):
    person = IndividualFactory()
    original = person.id_number

    response = superuser_client.post(f"/admin/accounts/individualprofile/{person.pk}/change/",
                                     {"name": person.name, "id_number": "110101199003070000"})

    person.refresh_from_db()
    assert (response.status_code, person.id_number) == (403, original)


def test_admin_cannot_add_or_delete_users(superuser_client):
    leader = LeadingGroupUserFactory()

    added = superuser_client.post("/admin/accounts/user/add/", {"username": "intruder", "password1": "Xx#123456789a",
                                                               "password2": "Xx#123456789a", "role": Role.OFFICE})
    deleted = superuser_client.post(f"/admin/accounts/user/{leader.pk}/delete/", {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert leader.__class__.objects.filter(username="intruder").exists() is False
    assert leader.__class__.objects.filter(pk=leader.pk).exists() is True


def test_admin_still_reads_accounts(superuser_client):
    person = IndividualFactory()

    listing = superuser_client.get("/admin/accounts/individualprofile/")
    detail = superuser_client.get(f"/admin/accounts/individualprofile/{person.pk}/change/")

    assert (listing.status_code, detail.status_code) == (200, 200)
    assert person.name in listing.content.decode()


@pytest.mark.parametrize("model_admin", list(admin.site._registry.values()), ids=lambda a: a.model._meta.label)
def test_every_admin_model_is_read_only_even_for_a_superuser(model_admin):
    request = RequestFactory().post("/admin/")
    request.user = OfficeUserFactory(is_superuser=True, is_staff=True)

    allowed = (model_admin.has_add_permission(request), model_admin.has_change_permission(request),
               model_admin.has_delete_permission(request))

    assert allowed == (False, False, False)
