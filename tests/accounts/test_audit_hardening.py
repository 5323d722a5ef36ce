"""The audit log resists its own database account (issue 11; SPEC §14, Art. 26; 等保 2.0 security audit).

The suite connects as the app role (tests/conftest.py); `tests.dbadmin.administrator` is the superuser beside it.
"""
import hashlib
import hmac
import json
from io import StringIO

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.audit import (
    ANCHOR_FILE,
    GENESIS_HASH,
    audit_anchor_write,
    audit_chain_head,
    audit_record,
    audit_seal,
    audit_verify,
)
from accounts.checks import audit_log_role_check
from accounts.dbroles import db_roles_problems
from accounts.models import AuditEntry
from tests.dbadmin import administrator, connected_as_administrator, roles_for

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles and triggers are PostgreSQL's")


def record(n):
    return [audit_record(action=f"step.{i}", detail={"i": i}) for i in range(n)]


@pytest.mark.django_db
def test_suite_runs_as_the_app_role_that_owns_nothing_and_cannot_rewrite_the_log():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        [user] = cursor.fetchone()

    assert user == roles_for(connection.settings_dict["NAME"])[1]
    assert db_roles_problems(app=user) == []


@pytest.mark.django_db
def test_app_role_cannot_truncate_the_audit_log():
    with pytest.raises(ProgrammingError, match="permission denied for table accounts_auditentry"), \
            transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_auditentry")


@pytest.mark.django_db
def test_app_role_cannot_switch_the_triggers_off():
    with pytest.raises(ProgrammingError, match="must be owner"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE accounts_auditentry DISABLE TRIGGER USER")


@pytest.mark.django_db(transaction=True)
def test_truncate_refused_by_the_trigger_even_for_a_superuser():
    record(2)

    with pytest.raises(psycopg2.Error, match="审计日志只可追加,不可清空"), administrator() as cursor:
        cursor.execute("TRUNCATE accounts_auditentry CASCADE")

    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_rewritten_entry_with_chain_recomputed_without_the_key_is_detected():
    entries = record(4)
    # The tamperer changes entry 2 and recomputes every hash from there with a key of their own.
    previous = entries[0].entry_hash
    with administrator(bypass_triggers=True) as cursor:
        for entry in entries[1:]:
            if entry is entries[1]:
                entry.detail = {"i": 99}
            entry.prev_hash = previous
            payload = json.dumps({"detail": entry.detail, "prev": previous}, sort_keys=True)
            previous = hmac.new(b"guessed-key", payload.encode(), hashlib.sha256).hexdigest()
            cursor.execute("UPDATE accounts_auditentry SET detail = %s, prev_hash = %s, entry_hash = %s WHERE id = %s",
                           [json.dumps(entry.detail), entry.prev_hash, previous, entry.pk])

    result = audit_verify()

    assert (result.ok, result.checked, result.first_broken_id) == (False, 1, entries[1].pk)
    assert result.reason == "记录内容与其哈希不符:该条记录被改动过"


@pytest.mark.django_db(transaction=True)
def test_loss_of_the_newest_entries_is_detected_against_the_anchor():
    entries = record(3)
    audit_anchor_write()

    with administrator(bypass_triggers=True) as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entries[-1].pk])
    result = audit_verify()

    assert (result.ok, result.checked, result.first_broken_id) == (False, 2, entries[-1].pk)
    assert "日志末尾的记录丢失或日志被清空" in result.reason


@pytest.mark.django_db(transaction=True)
def test_truncated_log_is_detected_against_the_anchor():
    record(3)
    audit_anchor_write()

    with administrator(bypass_triggers=True) as cursor:
        cursor.execute("TRUNCATE accounts_auditentry")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", stdout=out, stderr=err)

    assert exit_info.value.code == 1
    assert "日志末尾的记录丢失或日志被清空" in err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_anchored_entry_rewritten_in_place_is_detected():
    entries = record(2)
    audit_anchor_write()
    forged = list(entries)

    with administrator(bypass_triggers=True) as cursor:  # the whole log replaced by one written with the key
        cursor.execute("DELETE FROM accounts_auditentry")
    with transaction.atomic():
        prev = audit_chain_head()
        for entry in forged:
            entry.pk = None
            entry.detail = {"i": "forged"}
            prev = audit_seal(entry, prev_hash=prev)
            entry.save(force_insert=True)
    result = audit_verify()

    assert result.ok is False


@pytest.mark.django_db
def test_entries_after_the_newest_anchor_are_reported_as_unprovable():
    record(2)
    anchor = audit_anchor_write()
    record(1)
    out = StringIO()

    result = audit_verify()
    call_command("audit_verify", stdout=out)

    assert (result.ok, result.anchored_id, result.unanchored) == (True, anchor["id"], 1)
    assert out.getvalue().splitlines()[-1].startswith("无法证明:最近一次锚定")


@pytest.mark.django_db
def test_anchor_file_edited_is_detected(audit_anchor_dir):
    record(2)
    audit_anchor_write()
    path = audit_anchor_dir / ANCHOR_FILE
    anchor = json.loads(path.read_text())
    path.write_text(json.dumps({**anchor, "count": 1}) + "\n")

    result = audit_verify()

    assert (result.ok, result.reason) == (False, "锚点文件第 1 行的签名无效:锚点文件被改动过")


@pytest.mark.django_db
def test_anchor_file_is_private_and_anchoring_twice_adds_nothing(audit_anchor_dir):
    record(1)

    first, second = audit_anchor_write(), audit_anchor_write()

    assert (first is not None, second) == (True, None)
    assert (audit_anchor_dir / ANCHOR_FILE).stat().st_mode & 0o777 == 0o600
    assert settings.CELERY_BEAT_SCHEDULE["audit-anchor"]["task"] == "accounts.tasks.task_audit_anchor"


@pytest.mark.django_db
def test_rotated_key_keeps_earlier_entries_verifiable(settings):
    record(2)
    settings.AUDIT_HMAC_RETIRED_KEYS = {settings.AUDIT_HMAC_KEY_ID: settings.AUDIT_HMAC_KEY}
    settings.AUDIT_HMAC_KEY_ID, settings.AUDIT_HMAC_KEY = "k2", "a-new-key"
    record(1)

    assert audit_verify().ok is True
    settings.AUDIT_HMAC_RETIRED_KEYS = {}
    assert audit_verify().reason == "记录使用了未知的密钥标识,无法校验:该条记录可能被伪造"


@pytest.mark.django_db
def test_bulk_writer_keeps_the_chain_valid_through_audit_seal():
    record(1)
    entries = [AuditEntry(action="seed.entry", actor_label="系统", detail={"n": n}) for n in range(5)]

    with transaction.atomic():
        prev = audit_chain_head()
        for entry in entries:
            entry.at = timezone.now()
            prev = audit_seal(entry, prev_hash=prev)
        AuditEntry.objects.bulk_create(entries)

    assert (audit_verify().ok, audit_verify().checked) == (True, 6)


@pytest.mark.django_db(transaction=True)
def test_migration_rekeys_an_existing_plain_sha256_chain():
    with connected_as_administrator() as admin_connection:
        executor = MigrationExecutor(admin_connection)
        executor.migrate([("accounts", "0003_seed_recommenders")])
        old_apps = executor.loader.project_state([("accounts", "0003_seed_recommenders")]).apps
        OldEntry = old_apps.get_model("accounts", "AuditEntry")
        prev = GENESIS_HASH
        for n in range(3):
            entry = OldEntry(at=timezone.now(), actor_label="系统", action=f"old.{n}", detail={"n": n}, prev_hash=prev)
            payload = json.dumps({
                "at": entry.at.isoformat(), "actor": None, "actor_label": "系统", "action": entry.action,
                "object_type": "", "object_id": "", "cycle_id": None, "application_id": None, "ip": None,
                "detail": entry.detail, "prev": prev,
            }, sort_keys=True, ensure_ascii=False, default=str)
            entry.entry_hash = prev = hashlib.sha256(payload.encode()).hexdigest()
            entry.save()
        executor = MigrationExecutor(admin_connection)
        executor.migrate(executor.loader.graph.leaf_nodes("accounts"))

    result = audit_verify()

    assert (result.ok, result.checked) == (True, 3)
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {settings.AUDIT_HMAC_KEY_ID}


@pytest.mark.django_db
def test_deploy_check_is_quiet_for_the_app_role():
    assert audit_log_role_check(databases=["default"]) == []
    assert audit_log_role_check(databases=None) == []  # `check --deploy` without --database does not connect


@pytest.mark.django_db(transaction=True)
def test_deploy_check_warns_when_the_app_connects_as_a_superuser():
    with connected_as_administrator():
        warnings = audit_log_role_check(databases=["default"])

    assert warnings and {w.id for w in warnings} == {"accounts.W001"}
    assert any("superuser" in w.msg for w in warnings) and any("may TRUNCATE" in w.msg for w in warnings)
    assert "db_roles" in warnings[0].hint
