"""The append-only, hash-chained audit log (SPEC §14, Art. 11, 26)."""
import datetime
import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction

from accounts.audit import GENESIS_HASH, VerifyResult, audit_hash, audit_record, audit_verify
from accounts.models import AuditEntry, User
from tests.dbadmin import administrator

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger and advisory lock exist on PostgreSQL only"
)


@pytest.fixture
def office_user(db):
    return User.objects.create_user(username="office", full_name="市质量办 王敏", role="office")


def tamper(statement, params=()):
    """A database administrator rewriting the committed log with the triggers bypassed, as a tamperer would."""
    with administrator(bypass_triggers=True) as cursor:
        cursor.execute(statement, params)


def record_three(actor):
    return [audit_record(action=f"step.{n}", actor=actor, detail={"n": n}) for n in range(3)]


def test_audit_record_first_entry_links_to_genesis(office_user):
    entry = audit_record(action="application.submit", actor=office_user)

    assert entry.prev_hash == GENESIS_HASH


def test_audit_record_chains_each_entry_to_the_one_before(office_user):
    first, second, third = record_three(office_user)

    assert (second.prev_hash, third.prev_hash) == (first.entry_hash, second.entry_hash)


def test_audit_record_takes_object_type_and_id_from_the_object(office_user):
    other = User.objects.create_user(username="expert1", full_name="李专家")

    entry = audit_record(action="expert.assign", actor=office_user, obj=other, cycle_id=3, application_id=42)

    assert (entry.object_type, entry.object_id, entry.cycle_id, entry.application_id) == (
        "accounts.User",
        str(other.pk),
        3,
        42,
    )
    assert (entry.actor_id, entry.actor_label) == (office_user.pk, "市质量办 王敏")


@pytest.mark.parametrize(
    ("actor", "label"), [(None, "系统"), (AnonymousUser(), "公众")], ids=["system", "public"]
)
@pytest.mark.django_db
def test_audit_record_labels_actor_without_account(actor, label):
    entry = audit_record(action="complaint.receive", actor=actor)

    assert (entry.actor_id, entry.actor_label) == (None, label)


@pytest.mark.parametrize(
    ("ip", "stored"),
    [
        ("10.1.2.3", "10.1.2.3"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("::ffff:10.1.2.3", "::ffff:10.1.2.3"),
        ("not-an-ip", None),
        (None, None),
    ],
    ids=["ipv4", "ipv6-uncompressed", "ipv4-mapped", "garbage", "none"],
)
def test_audit_entry_hash_matches_after_database_round_trip(office_user, ip, stored):
    detail = {"分数": Decimal("87.5"), "day": datetime.date(2026, 5, 1), "nested": {"b": 1, "a": [1.0, "二"]}}
    entry = audit_record(action="score.submit", actor=office_user, ip=ip, detail=detail)

    reread = AuditEntry.objects.get(pk=entry.pk)

    assert reread.ip_address == stored
    assert reread.at == entry.at
    assert audit_hash(reread) == entry.entry_hash


@pytest.mark.django_db
def test_audit_verify_empty_log_is_intact():
    assert audit_verify() == VerifyResult(ok=True, checked=0)
    assert audit_verify().notes == ["没有库外锚点:无法证明日志末尾的记录未被删除,也无法证明日志未被整体清空"]


def test_audit_verify_intact_log_counts_every_entry(office_user):
    record_three(office_user)

    result = audit_verify()

    assert (result.ok, result.checked, result.first_broken_id) == (True, 3, None)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_audit_verify_altered_entry_breaks_at_that_entry(office_user):
    first, second, third = record_three(office_user)

    tamper("UPDATE accounts_auditentry SET action = 'score.void', actor_label = '某人' WHERE id = %s", [second.pk])
    result = audit_verify()

    assert (result.ok, result.checked, result.first_broken_id) == (False, 1, second.pk)
    assert result.reason == "记录内容与其哈希不符:该条记录被改动过"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_audit_verify_altered_and_rehashed_entry_breaks_at_the_next(office_user):
    first, second, third = record_three(office_user)
    second.detail = {"n": 99}
    forged_hash = audit_hash(second)  # with the key: only the successor's link gives it away

    tamper("""UPDATE accounts_auditentry SET detail = '{"n": 99}', entry_hash = %s WHERE id = %s""",
           [forged_hash, second.pk])
    result = audit_verify()

    assert (result.ok, result.first_broken_id) == (False, third.pk)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_audit_verify_deleted_entry_breaks_at_its_successor(office_user):
    first, second, third = record_three(office_user)

    tamper("DELETE FROM accounts_auditentry WHERE id = %s", [second.pk])
    result = audit_verify()

    assert (result.ok, result.checked, result.first_broken_id) == (False, 1, third.pk)
    assert result.reason == "与前一条记录的链接断开:其前的记录被删除或改动过"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_audit_verify_deleted_first_entry_is_caught(office_user):
    first, second, third = record_three(office_user)

    tamper("DELETE FROM accounts_auditentry WHERE id = %s", [first.pk])
    result = audit_verify()

    assert (result.ok, result.first_broken_id) == (False, second.pk)


@postgres_only
def test_audit_entry_update_refused_to_the_app_role(office_user):
    entry = audit_record(action="decision.approve", actor=office_user)
    entry.action = "decision.reject"

    with pytest.raises(ProgrammingError, match="permission denied for table accounts_auditentry"), transaction.atomic():
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).action == "decision.approve"


@postgres_only
def test_audit_entry_queryset_update_refused_to_the_app_role(office_user):
    audit_record(action="decision.approve", actor=office_user)

    with pytest.raises(ProgrammingError, match="permission denied for table accounts_auditentry"), transaction.atomic():
        AuditEntry.objects.update(actor_label="别人")


@postgres_only
def test_audit_entry_delete_refused_to_the_app_role(office_user):
    entry = audit_record(action="file.download", actor=office_user)

    with pytest.raises(ProgrammingError, match="permission denied for table accounts_auditentry"), transaction.atomic():
        entry.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_audit_record_concurrent_writers_keep_one_chain():
    writers, per_writer = 4, 10
    start = threading.Barrier(writers)
    errors = []

    def write(n):
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit_record(action="score.submit", detail={"writer": n, "i": i})
        except Exception as exc:  # reported below, the thread must not die silently
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert audit_verify().checked == writers * per_writer
    assert AuditEntry.objects.values("prev_hash").distinct().count() == writers * per_writer


def test_audit_verify_command_reports_intact_log(office_user):
    record_three(office_user)
    out = StringIO()

    call_command("audit_verify", stdout=out)

    assert out.getvalue().splitlines()[0] == "审计日志完整:共 3 条"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_audit_verify_command_exits_1_and_names_broken_entry(office_user):
    first, second, third = record_three(office_user)
    tamper("DELETE FROM accounts_auditentry WHERE id = %s", [second.pk])
    err = StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stderr=err)

    assert exit_info.value.code == 1
    assert f"第 {third.pk} 条" in err.getvalue()


@pytest.mark.django_db
def test_audit_record_many_keeps_the_chain_valid_before_and_after():
    # Art. 26: the bulk path (scale benchmark seeding) chains like audit_record, so the log still verifies.
    from accounts.audit import audit_record_many
    from accounts.models import AuditEntry

    audit_record(action="before.bulk")
    audit_record_many(AuditEntry(action="bulk.entry", actor_label="系统", detail={"n": n}) for n in range(50))
    audit_record(action="after.bulk")

    result = audit_verify()

    assert (result.ok, result.checked) == (True, 52)
    assert AuditEntry.objects.order_by("id")[1].prev_hash == AuditEntry.objects.order_by("id")[0].entry_hash
