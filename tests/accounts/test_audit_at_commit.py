"""Audit entries written right before COMMIT (accounts.dbbackend, issue 12): the chain's lock is held for the
insert and the commit only, never for the rest of a request; an entry still exists exactly when its change does.

These tests commit for real (transactional), with AUDIT_WRITE_AT_COMMIT on as in production.
"""
import threading

import psycopg2
import pytest
from django.db import connection, transaction
from django.urls import reverse

from accounts.audit import AUDIT_LOCK_KEY, audit_entry, audit_record, audit_record_many, audit_verify
from accounts.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def at_commit(settings):
    settings.AUDIT_WRITE_AT_COMMIT = True
    assert connection.writes_audit_at_commit  # the suite's PostgreSQL goes through accounts.dbbackend


def _lock_free_from_another_connection():
    """Whether another session could take the chain's lock right now (it releases it at once)."""
    params = connection.get_connection_params()
    other = psycopg2.connect(**params)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [AUDIT_LOCK_KEY])
            free = cursor.fetchone()[0]
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [AUDIT_LOCK_KEY])
        return free
    finally:
        other.close()


def test_entry_is_written_at_commit_and_chained():
    before = AuditEntry.objects.count()
    with transaction.atomic():
        first = audit_record(action="test.first")
        audit_record(action="test.second")
        assert AuditEntry.objects.count() == before  # nothing inserted yet
    assert AuditEntry.objects.count() == before + 2
    assert list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:2]) == ["test.second",
                                                                                           "test.first"]
    assert first.pk is not None and first.entry_hash
    assert audit_verify(anchors=False).ok


def test_the_chain_lock_is_free_while_the_request_goes_on():
    """Before: the lock was taken by the first audit_record and held until the request's COMMIT, so every
    upload and submission of a deadline rush waited behind the others' work."""
    with transaction.atomic():
        audit_record(action="test.working")
        assert _lock_free_from_another_connection()
    assert AuditEntry.objects.filter(action="test.working").count() == 1


def test_a_rolled_back_savepoint_drops_its_entry():
    with transaction.atomic():
        audit_record(action="test.kept")
        try:
            with transaction.atomic():
                audit_record(action="test.dropped")
                raise ValueError("the change is refused")
        except ValueError:
            pass
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert "test.kept" in actions and "test.dropped" not in actions


def test_a_rolled_back_transaction_writes_nothing():
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(action="test.never")
        raise ValueError("rolled back")
    assert AuditEntry.objects.count() == before


def test_outside_a_transaction_the_entry_is_written_at_once():
    entry = audit_record(action="test.autocommit")
    assert entry.pk is not None
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_concurrent_transactions_keep_one_valid_chain():
    errors = []

    def writer(n):
        try:
            for i in range(5):
                with transaction.atomic():
                    audit_record(action="test.concurrent", detail={"writer": n, "i": i})
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert AuditEntry.objects.filter(action="test.concurrent").count() == 30
    assert audit_verify(anchors=False).ok


def test_a_view_request_writes_its_entries_at_commit(client):
    """ATOMIC_REQUESTS: a wrong password on the sign-in page is recorded (issue 11) through the same path."""
    before = AuditEntry.objects.filter(action="signin.failed").count()
    client.post(reverse("accounts:login"), {"username": "nobody-here", "password": "wrong"})
    assert AuditEntry.objects.filter(action="signin.failed").count() == before + 1
    assert audit_verify(anchors=False).ok


def test_many_entries_of_a_set_based_service_are_written_at_commit_too():
    with transaction.atomic():
        audit_record(action="test.before")
        audit_record_many([audit_entry(action="test.bulk", detail={"i": i}) for i in range(3)])
        assert _lock_free_from_another_connection()
        assert not AuditEntry.objects.filter(action="test.bulk").exists()
    assert list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:4]) == [
        "test.bulk", "test.bulk", "test.bulk", "test.before"]
    assert audit_verify(anchors=False).ok
