"""Issue 11: the audit chain becomes keyed (HMAC-SHA256, key in the settings) and TRUNCATE is refused.

Existing entries were hashed with plain SHA-256. The migration first checks that old chain (and refuses to go
on if it is broken: re-keying would launder a tampering), then re-hashes every entry, in order, under the current
key with `accounts.audit.audit_hash` — the append-only trigger is switched off for that one transaction by the
table's owner, which runs migrations. Going back leaves the keyed hashes (old code cannot verify them).
"""
import hashlib
import json

from django.db import migrations, models

TRUNCATE_TRIGGER = """
CREATE OR REPLACE FUNCTION accounts_auditentry_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '审计日志只可追加,不可清空 (TRUNCATE on accounts_auditentry)'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS accounts_auditentry_no_truncate ON accounts_auditentry;
CREATE TRIGGER accounts_auditentry_no_truncate
    BEFORE TRUNCATE ON accounts_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditentry_no_truncate();
"""

DROP_TRUNCATE_TRIGGER = """
DROP TRIGGER IF EXISTS accounts_auditentry_no_truncate ON accounts_auditentry;
DROP FUNCTION IF EXISTS accounts_auditentry_no_truncate();
"""


def _legacy_hash(entry):
    payload = json.dumps(
        {
            "at": entry.at.isoformat(), "actor": entry.actor_id, "actor_label": entry.actor_label,
            "action": entry.action, "object_type": entry.object_type, "object_id": entry.object_id,
            "cycle_id": entry.cycle_id, "application_id": entry.application_id, "ip": entry.ip_address,
            "detail": entry.detail, "prev": entry.prev_hash,
        },
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def rekey(apps, schema_editor):
    from accounts.audit import GENESIS_HASH, audit_seal

    AuditEntry = apps.get_model("accounts", "AuditEntry")
    entries = list(AuditEntry.objects.order_by("id"))
    if not entries:
        return
    expected = GENESIS_HASH
    for entry in entries:
        if entry.prev_hash != expected or _legacy_hash(entry) != entry.entry_hash:
            raise RuntimeError(
                f"审计日志在第 {entry.pk} 条处已断开,拒绝重新加密钥;请先用 audit_verify 调查(issue 11)"
            )
        expected = entry.entry_hash
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("ALTER TABLE accounts_auditentry DISABLE TRIGGER accounts_auditentry_append_only")
    previous = GENESIS_HASH
    for entry in entries:
        previous = audit_seal(entry, prev_hash=previous)
        entry.save(update_fields=["prev_hash", "entry_hash", "key_id"])
    if postgres:
        schema_editor.execute("ALTER TABLE accounts_auditentry ENABLE TRIGGER accounts_auditentry_append_only")


def create_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRUNCATE_TRIGGER, params=None)


def drop_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRUNCATE_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_seed_recommenders")]

    operations = [
        migrations.AddField(model_name="auditentry", name="key_id", field=models.CharField(default="", max_length=16)),
        migrations.RunPython(rekey, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(create_truncate_trigger, drop_truncate_trigger, elidable=False),
    ]
