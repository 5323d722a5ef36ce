"""Failed sign-ins and lockouts in the audit log (issue 11): a wrong password, the lockout and a sign-in after
failures each write one entry (the username tried, the client address by the trusted-proxy rule, never the
password); attempts refused during a lockout write nothing; the entries are written after the request's
transaction, so the chain's lock is never held while a password is checked; the audit-log page filters them."""
import json

import pytest
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from accounts.audit import PUBLIC_LABEL, audit_record, audit_verify
from accounts.models import AuditEntry
from tests.factories.accounts import PASSWORD, OfficeUserFactory, SupervisorUserFactory
from tests.factories.award import CycleFactory
from tests.factories.supervision import appointed_group

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
CLIENT = "198.51.100.9"
WRONG = "Wrong-Secret-Typed-77"


def login_post(client, username, password, **meta):
    """One sign-in request, with its after-commit work run as the real request's commit would run it."""
    meta = meta or {"REMOTE_ADDR": CLIENT}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("accounts:login"), {"username": username, "password": password}, **meta)


def signin_entries(action=None):
    entries = AuditEntry.objects.filter(action__startswith="signin.").order_by("id")
    return list(entries.filter(action=action) if action else entries)


def test_a_wrong_password_is_recorded_with_the_username_and_address_but_never_the_password(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    user = SupervisorUserFactory(username="zhang.jian")

    response = login_post(client, "Zhang.Jian", WRONG, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {CLIENT}")

    assert response.status_code == 200
    [entry] = signin_entries()
    assert entry.action == "signin.failed"
    assert entry.detail["username"] == "Zhang.Jian"
    assert entry.ip_address == CLIENT  # the proxy's hop, not the forged one to its left
    assert (entry.actor_id, entry.actor_label) == (None, PUBLIC_LABEL)
    assert (entry.object_type, entry.object_id) == ("accounts.User", str(user.pk))
    assert WRONG not in json.dumps(entry.detail) and "password" not in json.dumps(entry.detail)
    assert audit_verify(anchors=False).ok


def test_an_unknown_username_is_recorded_without_an_account(client):
    login_post(client, "nobody-here", WRONG)

    [entry] = signin_entries("signin.failed")
    assert entry.detail["username"] == "nobody-here" and entry.object_id == ""


def test_the_lockout_is_recorded_once_and_the_refused_flood_writes_nothing(client):
    user = SupervisorUserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, user.username, WRONG)
    written = len(signin_entries())

    for _ in range(30):
        assert login_post(client, user.username, WRONG).status_code == 429
    assert login_post(client, user.username, PASSWORD).status_code == 429

    assert len(signin_entries("signin.failed")) == settings.AXES_FAILURE_LIMIT
    [locked] = signin_entries("signin.locked_out")
    assert locked.detail["username"] == user.username and locked.ip_address == CLIENT
    assert locked.detail["failures"] == settings.AXES_FAILURE_LIMIT and "until" in locked.detail
    assert len(signin_entries()) == written == settings.AXES_FAILURE_LIMIT + 1


def test_a_sign_in_after_failures_is_recorded_and_a_plain_one_is_not(client):
    user, other = SupervisorUserFactory(), SupervisorUserFactory()
    login_post(client, user.username, WRONG)
    login_post(client, user.username, WRONG)

    login_post(client, user.username, PASSWORD)
    client.logout()
    login_post(client, other.username, PASSWORD)

    [entry] = signin_entries("signin.succeeded_after_failures")
    assert entry.actor_id == user.pk and entry.detail == {"username": user.username, "failures": 2}
    assert entry.ip_address == CLIENT


def test_the_entry_is_written_after_the_request_so_the_chain_lock_is_not_held_during_it(
        client, django_capture_on_commit_callbacks):
    user = SupervisorUserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("accounts:login"), {"username": user.username, "password": WRONG}, REMOTE_ADDR=CLIENT)
        during = len(signin_entries())
    for callback in callbacks:
        callback()

    assert during == 0  # nothing taken the chain's lock while the password was checked and the page rendered
    assert len(signin_entries("signin.failed")) == 1


def test_supervisors_filter_the_audit_log_for_failed_sign_ins_and_lockouts(client):
    cycle = CycleFactory()
    office, member = OfficeUserFactory(), SupervisorUserFactory()
    appointed_group(cycle=cycle, office=office, users=[member])
    audit_record(action="test.cycle_entry", actor=office, obj=cycle, cycle_id=cycle.pk)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, "attacked-account", WRONG)
    client.force_login(member)
    url = reverse("supervision:audit_log", kwargs={"pk": cycle.pk})

    unfiltered = client.get(url).content.decode()
    failed = client.get(url, {"action": "signin.failed"}).content.decode()
    locked = client.get(url, {"action": "signin.locked_out"}).content.decode()
    every_signin = client.get(url, {"action": "signin."}).content.decode()

    assert '<option value="signin.failed"' in unfiltered and '<option value="signin.locked_out"' in unfiltered
    assert "<td>signin.failed</td>" not in unfiltered  # the cycle's own log is not drowned by them
    rows = failed.split("<tbody>")[1]
    assert rows.count("<td>signin.failed</td>") == settings.AXES_FAILURE_LIMIT and CLIENT in rows
    assert rows.count("attacked-account") == settings.AXES_FAILURE_LIMIT  # the username tried is shown
    assert "test.cycle_entry" not in rows
    assert locked.split("<tbody>")[1].count("<td>signin.locked_out</td>") == 1
    assert every_signin.split("<tbody>")[1].count("<td>signin.") == settings.AXES_FAILURE_LIMIT + 1
